"""The reporting pages render for the people they are for, with sources, delegation and submission."""

import pytest

from liaison.reporting.models import Delegation, Report

from .conftest import CARTAGENA_STAFF, KEN_CONTRIBUTOR, put

pytestmark = pytest.mark.django_db


def test_workspace_lists_reports_to_start_and_deadlines(focal_point):
    page = focal_point.get("/reporting/").content.decode()
    # the fourth report's cycle (deadline 2019-10-01) has closed: history, not an overdue item to start
    history = page.split('<table id="history"', 1)[1].split("</table>", 1)[0]
    assert "4th national report" in history and 'data-cycle-state="closed_not_submitted"' in history
    assert "Not submitted" in history and "Start" not in history
    assert "days overdue" not in page


def test_starting_from_the_page_opens_a_prefilled_report(focal_point, cycles_open):
    response = focal_point.post("/reporting/start/cartagena-nr4/KEN/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "answers prefilled" in page
    assert "From the Cartagena 3rd national report, answered on 2015-10-30" in page
    assert "From the CBD 7th national report, answered on 2026-02-20" in page
    assert 'data-api="/api/reporting/reports/' in page and "autosave.js" in page
    assert focal_point.get("/reporting/start/cartagena-nr4/KEN/").status_code == 405


def test_page_delegation_and_submission_messages(focal_point, kenya_report, user_factory):
    colleague = user_factory(KEN_CONTRIBUTOR)
    page = focal_point.post(f"/reporting/reports/{kenya_report}/delegate/",
                            {"section": Report.objects.get(pk=kenya_report).questionnaire.sections.get(key="Article23").pk,
                             "username": colleague.username}, follow=True).content.decode()
    assert "Section delegated" in page
    assert Delegation.objects.filter(report_id=kenya_report, user=colleague).exists()
    bad = focal_point.post(f"/reporting/reports/{kenya_report}/delegate/", {"section": "", "username": "nobody"},
                           follow=True).content.decode()
    assert "No active account" in bad
    refused = focal_point.post(f"/reporting/reports/{kenya_report}/submit/", follow=True).content.decode()
    assert "Not submitted" in refused and "An answer is required." in refused


def test_print_view_shows_answers_with_their_source(focal_point, kenya_report):
    page = focal_point.get(f"/reporting/reports/{kenya_report}/print/").content.decode()
    assert "Printable report" in page and "From the CBD 7th national report" in page


def test_public_pages(client):
    assert "GBF binary-indicator" in client.get("/reporting/questionnaires/").content.decode()
    detail = client.get("/reporting/questionnaires/cartagena-nr4/").content.decode()
    assert "shown when" in detail and "Q012_party" in detail
    dashboard = client.get("/reporting/dashboard/cartagena-nr4/").content.decode()
    # the Cartagena Protocol has its own party list now (ECOLEX_MEM): the CBD's is no longer borrowed
    assert "parties to CBD are shown" not in dashboard and 'id="c-KEN"' in dashboard
    cbd = client.get("/reporting/dashboard/cbd-nr7-gbf/").content.decode()
    assert 'class="submitted" href="#c-KEN"' in cbd
    assert client.get("/reporting/dashboard/nothing/").status_code == 404


def test_staff_see_links_and_decide_reopen_requests(client_for, focal_point, kenya_report):
    staff = client_for(CARTAGENA_STAFF)
    links = staff.get("/reporting/links/?status=accepted").content.decode()
    assert "identical-text" in links and "curated" in links
    Report.objects.filter(pk=kenya_report).update(status=Report.SUBMITTED)
    focal_point.post(f"/reporting/reports/{kenya_report}/reopen/", {"reason": "New data on LMO imports"})
    workspace = staff.get("/reporting/").content.decode()
    assert "New data on LMO imports" in workspace
    request_id = Report.objects.get(pk=kenya_report).reopen_requests.get().pk
    assert focal_point.post(f"/reporting/reopen-requests/{request_id}/", {"approve": "1"}).status_code == 403
    staff.post(f"/reporting/reopen-requests/{request_id}/", {"approve": "1"})
    assert Report.objects.get(pk=kenya_report).status == Report.REOPENED
    assert put(focal_point, kenya_report, Report.objects.get(pk=kenya_report).questionnaire.questions
               .get(key="Q139").pk, "true").status_code == 200


def test_staff_ask_the_engine_for_suggestions_and_export_submitted_answers(client_for, client):
    from liaison.reporting.models import QuestionLink

    staff = client_for(CARTAGENA_STAFF)
    before = QuestionLink.objects.filter(status="suggested").count()
    page = staff.post("/reporting/links/", {"suggest": "1", "source": "cartagena-nr4", "target": "cbd-nr7-gbf"},
                      follow=True).content.decode()
    assert "new links suggested" in page
    assert QuestionLink.objects.filter(status="suggested").count() > before
    assert client_for(("secretariat", "CMS")).post(
        "/reporting/links/", {"suggest": "1", "source": "cartagena-nr4", "target": "cbd-nr7-gbf"}).status_code == 403
    csv_text = client_for(("secretariat", "CBD")).get("/api/reporting/questionnaires/cbd-nr7-gbf/answers.csv")
    assert csv_text.status_code == 200 and "KEN,cbd-nr7-gbf" in csv_text.content.decode()
    assert client.get("/api/reporting/questionnaires/cbd-nr7-gbf/answers.csv").status_code == 401
    assert client_for(("focal_point", "CBD", "KEN")).get(
        "/api/reporting/questionnaires/cbd-nr7-gbf/answers.csv").status_code == 403


def test_gbf_questions_show_in_french(client_for):
    from liaison.reporting.models import Report

    report = Report.objects.get(country__iso3="KEN", questionnaire__code="cbd-nr7-gbf")
    c = client_for(("focal_point", "CBD", "KEN"))
    page = c.get(f"/reporting/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Votre pays" in page or "votre pays" in page
    assert "Cible 17" in page


def test_pdf_through_chromium_or_a_clear_message_without_it(focal_point, kenya_report, monkeypatch):
    import shutil

    if shutil.which("chromium"):
        response = focal_point.get(f"/reporting/reports/{kenya_report}/pdf/")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    page = focal_point.get(f"/reporting/reports/{kenya_report}/pdf/", follow=True).content.decode()
    assert "PDF needs Chromium" in page and "Printable report" in page


def test_nobody_else_gets_the_pdf(client, client_for, kenya_report):
    assert client.get(f"/reporting/reports/{kenya_report}/pdf/").status_code == 302
    assert client_for(("focal_point", "Cartagena", "UGA")).get(f"/reporting/reports/{kenya_report}/pdf/").status_code == 404


def test_deciding_a_reopen_request_never_redirects_off_site(client_for, focal_point, kenya_report):
    Report.objects.filter(pk=kenya_report).update(status=Report.SUBMITTED)
    focal_point.post(f"/reporting/reports/{kenya_report}/reopen/", {"reason": "Typo in Art. 2"})
    request_id = Report.objects.get(pk=kenya_report).reopen_requests.get().pk
    response = client_for(CARTAGENA_STAFF).post(f"/reporting/reopen-requests/{request_id}/",
                                                {"approve": "0", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/reporting/"
    assert client_for(CARTAGENA_STAFF).post("/reporting/links/", {"link": "x", "status": "accepted"}).status_code == 404


def test_missing_reports_are_404_pages(focal_point):
    for url in ("/reporting/reports/999999/", "/reporting/reports/999999/print/", "/reporting/reports/999999/pdf/"):
        assert focal_point.get(url).status_code == 404
