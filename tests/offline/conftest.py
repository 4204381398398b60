"""Fixtures of the offline tests: a CMS questionnaire of every answer type, and Kenya's report for it."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from liaison.core.actors import system_actor
from liaison.reporting.questionnaires import questionnaire_import

OFFLINE_TEST = {
    "format": "liaison-questionnaire/1", "code": "cms-offline", "convention": "CMS", "title": "CMS national report",
    "cycle": "2026", "sections": [
        {"key": "general", "number": "1", "title": "General", "questions": [
            {"key": "intro", "kind": "header", "title": "About your country"},
            {"key": "plan", "kind": "yesno", "title": "Has your country adopted a plan?", "options": [
                {"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]},
            {"key": "trend", "kind": "single", "title": "Trend of migratory species", "options": [
                {"value": "up", "label": "Increasing"}, {"value": "down", "label": "Decreasing"}]},
            {"key": "threats", "kind": "multiple", "title": "Main threats", "options": [
                {"value": "bycatch", "label": "Bycatch"}, {"value": "poison", "label": "Poisoning"},
                {"value": "lines", "label": "Power lines"}]},
            {"key": "sites", "kind": "number", "title": "How many protected sites?"},
            {"key": "since", "kind": "date", "title": "Date of the last survey"},
            {"key": "evidence", "kind": "file", "title": "Attach the plan"}]},
        {"key": "species", "number": "2", "title": "Species", "questions": [
            {"key": "notes", "kind": "text", "title": "Comments"},
            {"key": "counts", "kind": "table", "title": "Counts by species", "columns": [
                {"key": "species", "label": "Species", "kind": "text"},
                {"key": "count", "label": "Count", "kind": "text"}]}]}]}


@pytest.fixture
def offline_questionnaire(db):
    questionnaire, _ = questionnaire_import(data=OFFLINE_TEST, user=system_actor("test"))
    return questionnaire


@pytest.fixture
def kenya(client_for, offline_questionnaire):
    """Return (Kenya's CMS focal point's client, the id of Kenya's report)."""
    c = client_for(("focal_point", "CMS", "KEN"))
    response = c.post("/api/reporting/reports", {"questionnaire": "cms-offline", "country": "KEN"},
                      content_type="application/json")
    assert response.status_code == 201, response.content
    return c, response.json()["id"]


def questions(report_client, report_id) -> dict[str, int]:
    body = report_client.get(f"/api/reporting/reports/{report_id}").json()
    return {i["key"]: i["question"] for s in body["sections"] for i in s["items"]}


def answers(report_client, report_id) -> dict[str, object]:
    body = report_client.get(f"/api/reporting/reports/{report_id}").json()
    return {i["key"]: (i["value"], i["version"], i["source"]) for s in body["sections"] for i in s["items"]}


def put(client, report_id, question_id, value, version=0):
    return client.put(f"/api/reporting/reports/{report_id}/answers/{question_id}",
                      {"value": value, "version": version, "block": 0}, content_type="application/json")


def xlsx_fill(data: bytes, values: dict[str, object]) -> bytes:
    """Return the Excel file with the answer cells of the given row ids set (as a person would type them)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Report"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in values:
            row[5].value = values[row[0].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_fill(data: bytes, values: dict[str, str]) -> bytes:
    """Return the Word file with the Answer cells of the given row ids replaced."""
    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text in values and len(row.cells) > 4:
                row.cells[4].text = values[row.cells[0].text]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client, report_id, data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"/api/reports/{report_id}/offline/uploads", {"file": SimpleUploadedFile(name, data)})
