"""The pages: buttons on the report page, the upload's preview and confirm, the questionnaire form import."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.offline.conftest import answers, put, questions, xlsx_fill
from tests.offline.test_questionnaire_forms import word_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_report_page_offers_the_files_and_the_preview_confirms(kenya, language):
    c, report = kenya
    c.cookies["django_language"] = language
    page = c.get(f"/reporting/reports/{report}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"/api/reports/{report}/offline.docx" in page and f"/api/reports/{report}/offline.xlsx" in page
    ids = questions(c, report)
    data = c.get(f"/api/reports/{report}/offline.xlsx").content
    put(c, report, ids["trend"], "up")
    filled = xlsx_fill(data, {"trend": "Decreasing", "plan": "Yes", "notes": "Kept out"})
    response = c.post(f"/reporting/reports/{report}/offline/upload/",
                      {"file": SimpleUploadedFile("r.xlsx", filled)}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    preview = c.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert 'name="keep-trend"' in text and 'name="apply-plan"' in text
    done = c.post(response["Location"], {"keep-trend": "mine", "apply-plan": "1"}, HTTP_ACCEPT_LANGUAGE=language)
    assert done.status_code == 302
    now = answers(c, report)
    assert now["trend"][0] == "down" and now["plan"][0] == "yes" and now["notes"][0] is None
    if language == "en":  # the report page names the file each imported answer came from, once
        page = c.get(f"/reporting/reports/{report}/").content.decode()
        assert re.search(r'<span class="chip source">From the offline file of \d{4}-\d{2}-\d{2}, uploaded by ', page)
        assert "From the from the" not in page


def test_a_bad_file_on_the_page_is_a_message_and_changes_nothing(kenya):
    c, report = kenya
    response = c.post(f"/reporting/reports/{report}/offline/upload/",
                      {"file": SimpleUploadedFile("r.xlsx", b"not a zip")}, follow=True)
    assert response.status_code == 200 and "not a .xlsx file" in response.content.decode()


def test_staff_read_a_form_on_the_page_then_store_it(client_for):
    from liaison.catalogue.models import Convention

    staff = client_for(("secretariat", "CMS"))
    assert staff.get("/reporting/offline/questionnaire-forms/").status_code == 200
    cms = Convention.objects.get(acronym="CMS")
    response = staff.post("/reporting/offline/questionnaire-forms/", {
        "convention": cms.pk, "code": "cms-page-form", "title": "From the page", "cycle": "2026",
        "file": SimpleUploadedFile("form.docx", word_form())})
    assert response.status_code == 302
    preview = staff.get(response["Location"])
    assert "Has your country designated a national focal point?" in preview.content.decode()
    assert staff.post(response["Location"]).status_code == 302
    assert cms.questionnaires.filter(code="cms-page-form").exists()
    assert client_for(("focal_point", "CMS", "KEN")).get("/reporting/offline/questionnaire-forms/").status_code == 403
