"""Who may download and upload offline files, and files refused with a 4xx that change nothing."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.test import Client

from liaison.core.actors import system_actor
from liaison.reporting.questionnaires import questionnaire_import
from tests.offline.conftest import OFFLINE_TEST, answers, upload, xlsx_fill

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_download_refused_role_by_role(kenya, client_for, fmt):
    _c, report = kenya
    assert Client().get(f"/api/reports/{report}/offline.{fmt}").status_code == 401
    assert client_for(("focal_point", "CMS", "UGA")).get(f"/api/reports/{report}/offline.{fmt}").status_code == 404
    assert client_for(("partner", "CMS")).get(f"/api/reports/{report}/offline.{fmt}").status_code == 404


def test_upload_refused_to_others_and_a_preview_is_its_uploaders(kenya, client_for):
    c, report = kenya
    filled = xlsx_fill(c.get(f"/api/reports/{report}/offline.xlsx").content, {"plan": "Yes"})
    uganda = client_for(("focal_point", "CMS", "UGA"))
    assert upload(uganda, report, filled, "r.xlsx").status_code == 404
    assert upload(Client(), report, filled, "r.xlsx").status_code == 401
    body = upload(c, report, filled, "r.xlsx").json()
    assert uganda.get(f"/api/offline/uploads/{body['id']}").status_code == 404
    assert uganda.post(f"/api/offline/uploads/{body['id']}/confirm", {},
                       content_type="application/json").status_code == 404
    assert answers(c, report)["plan"][0] is None


def test_a_delegate_gets_and_writes_only_the_delegated_section(kenya, client_for, user_factory):
    c, report = kenya
    colleague = user_factory(("contributor", "CMS", "KEN"))
    assert c.post(f"/api/reporting/reports/{report}/delegations", {"section": "species",
                                                                    "username": colleague.username},
                  content_type="application/json").status_code == 201
    d = Client()
    d.force_login(colleague)
    data = d.get(f"/api/reports/{report}/offline.xlsx").content
    ids = [r[0] for r in openpyxl.load_workbook(io.BytesIO(data))["Report"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["notes", "counts"]
    assert d.get(f"/api/reports/{report}/offline.docx?section=general").status_code == 404
    own = c.get(f"/api/reports/{report}/offline.xlsx").content  # the focal point's file holds every section
    theirs = upload(d, report, xlsx_fill(own, {"plan": "Yes"}), "r.xlsx").json()  # a file of the whole report
    assert [(r["id"], r["status"]) for r in theirs["rows"]] == [("plan", "invalid")]
    assert d.post(f"/api/offline/uploads/{theirs['id']}/confirm", {},
                  content_type="application/json").json()["applied"] == 0
    body = upload(d, report, xlsx_fill(data, {"notes": "From the ministry"}), "r.xlsx").json()
    assert d.post(f"/api/offline/uploads/{body['id']}/confirm", {},
                  content_type="application/json").json()["applied"] == 1
    assert answers(c, report)["notes"][0] == "From the ministry"
    section = c.get(f"/api/reports/{report}/offline.docx?section=species")
    assert section.status_code == 200 and b"offline-KEN-species" in section["Content-Disposition"].encode()


def refused(c, report, data: bytes, name: str, status: int, words: str) -> None:
    before = answers(c, report)
    response = upload(c, report, data, name)
    assert response.status_code == status, response.content
    assert words in response.json()["detail"]
    assert answers(c, report) == before


def test_bad_files_are_refused_and_change_nothing(kenya, client_for, settings):
    c, report = kenya
    data = c.get(f"/api/reports/{report}/offline.xlsx").content
    refused(c, report, b"plain text, not a zip", "r.xlsx", 415, "not a .xlsx file")
    refused(c, report, b"PK\x03\x04broken", "r.docx", 415, ".docx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_fill(data, {"plan": "Yes"})))
    book["Report"]["A3"] = "plan_renamed"
    out = io.BytesIO()
    book.save(out)
    refused(c, report, out.getvalue(), "r.xlsx", 422, "plan_renamed")
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["About"]["B10"] = "forged-token"
    out = io.BytesIO()
    book.save(out)
    refused(c, report, out.getvalue(), "r.xlsx", 422, "beyond recognition")
    uganda = client_for(("focal_point", "CMS", "UGA"))
    other = uganda.post("/api/reporting/reports", {"questionnaire": "cms-offline", "country": "UGA"},
                        content_type="application/json").json()["id"]
    refused(c, report, xlsx_fill(uganda.get(f"/api/reports/{other}/offline.xlsx").content, {"plan": "No"}),
            "r.xlsx", 422, "Uganda")
    settings.LIAISON_REPORT_FILE_MAX_BYTES = 1000
    refused(c, report, data, "r.xlsx", 413, "larger than")


def test_zip_bomb_is_refused_before_it_is_opened(kenya):
    c, report = kenya
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", b"\0" * (60 * 2**20))
    refused(c, report, out.getvalue(), "r.xlsx", 413, "")


def test_a_file_of_an_older_questionnaire_version_is_refused(kenya):
    c, report = kenya
    data = c.get(f"/api/reports/{report}/offline.docx").content
    newer = {**OFFLINE_TEST, "sections": [dict(s) for s in OFFLINE_TEST["sections"]]}
    newer["sections"][1] = {**newer["sections"][1], "questions": [
        *newer["sections"][1]["questions"], {"key": "added", "kind": "text", "title": "A new question"}]}
    questionnaire_import(data=newer, user=system_actor("test"))
    from tests.offline.conftest import docx_fill

    refused(c, report, docx_fill(data, {"plan": "Yes"}), "r.docx", 409, "older version")


def test_a_submitted_report_takes_no_upload(kenya):
    c, report = kenya
    data = xlsx_fill(c.get(f"/api/reports/{report}/offline.xlsx").content, {"plan": "Yes"})
    assert c.post(f"/api/reporting/reports/{report}/submit").status_code == 200
    refused(c, report, data, "r.xlsx", 403, "locked")
