"""A national system submits a report through the API with a personal token: the worked example of
docs/reporting-api.md, step by step, with the same checks and locks as the pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from liaison.accounts.tokens import api_token_create
from liaison.indicators.templates_ort import template_bytes, workbook_open
from liaison.reporting.models import Answer, Report

pytestmark = pytest.mark.django_db

SAMPLE = {"yesno": "yes", "yesnopartly": "partly", "number": 12, "text": "Reported by the national system.",
          "date": "2026-01-15", "link": "https://example.org/report"}


def system_for(user_factory, roles, scope="read-write") -> Client:
    """A client with no session: every call carries `Authorization: Bearer <token>` only."""
    user = user_factory(*roles)
    _token, secret = api_token_create(user=user, name="Uganda's national reporting system", scope=scope)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def value_for(item: dict):
    if item["kind"] in ("single",):
        return item["options"][0]["value"]
    if item["kind"] == "multiple":
        return [item["options"][0]["value"]]
    if item["kind"] == "table":
        return [{c["key"]: "1" for c in item.get("columns") or []}]
    return SAMPLE.get(item["kind"], "x")


def b1_series() -> bytes:
    book = workbook_open(template_bytes("GBF-INDICATOR-B1"))
    sheet = book.worksheets[0]
    for column, value in zip("CFGH", ("No", 2022, "km2", 5400.0), strict=True):
        sheet[f"{column}2"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_worked_example_from_start_to_locked_report(user_factory, cycles_open):
    api = system_for(user_factory, [("focal_point", "CBD", "UGA")])
    # 1. start the report (201; 200 when it exists already)
    started = api.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                       content_type="application/json")
    assert started.status_code == 201, started.content
    report_id = started.json()["id"]
    # 2. read its questions: ids, kinds, options, the version of each answer
    body = api.get(f"/api/reporting/reports/{report_id}").json()
    items = {i["question"]: i for s in body["sections"] for i in s["items"] if i["kind"] != "header"}
    number = next(i for i in items.values() if i["kind"] in ("yesno", "yesnopartly", "single") and i["options"])
    first = number["options"][0]["value"]
    # 3. a value that does not fit is kept as typed and answered 422, as the page shows it
    kept = api.put(f"/api/reporting/reports/{report_id}/answers/{number['question']}",
                   {"value": "perhaps, next year", "version": number["version"], "block": 0},
                   content_type="application/json")
    assert kept.status_code == 422 and kept.json()["kept"] is True
    version = kept.json()["version"]
    # 4. the same answer with the version read: saved; with a stale version: 409 with both values
    saved = api.put(f"/api/reporting/reports/{report_id}/answers/{number['question']}",
                    {"value": first, "version": version, "block": 0}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["value"] == first
    stale = api.put(f"/api/reporting/reports/{report_id}/answers/{number['question']}",
                    {"value": first, "version": version, "block": 0}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["theirs"] == first
    # 5. an indicator series in the CBD template
    series = api.post(f"/api/reports/{report_id}/indicators",
                      {"template": "GBF-INDICATOR-B1", "file": SimpleUploadedFile("b1.xlsx", b1_series())})
    assert series.status_code == 201, series.content
    # 6. submit: 422 lists what is still missing; answer each, then submit again
    refused = api.post(f"/api/reporting/reports/{report_id}/submit", {}, content_type="application/json")
    assert refused.status_code == 422
    missing = refused.json()["missing"]
    assert missing
    current = {i["question"]: i for s in api.get(f"/api/reporting/reports/{report_id}").json()["sections"]
               for i in s["items"]}
    for problem in missing:
        item = current[problem["question"]]
        answer = api.put(f"/api/reporting/reports/{report_id}/answers/{item['question']}",
                         {"value": value_for(item), "version": item["version"], "block": 0},
                         content_type="application/json")
        assert answer.status_code == 200, (item["kind"], answer.content)
    submitted = api.post(f"/api/reporting/reports/{report_id}/submit", {}, content_type="application/json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["snapshot"] == 1
    # 7. locked: no answer and no series changes any more
    assert Report.objects.get(pk=report_id).status == Report.SUBMITTED
    locked = api.put(f"/api/reporting/reports/{report_id}/answers/{number['question']}",
                     {"value": "no", "version": saved.json()["version"], "block": 0}, content_type="application/json")
    assert locked.status_code in (403, 409)
    assert Answer.objects.get(report_id=report_id, question_id=number["question"], block=0).value == first
    again = api.post(f"/api/reports/{report_id}/indicators",
                     {"template": "GBF-INDICATOR-B1", "file": SimpleUploadedFile("b1.xlsx", b1_series())})
    assert again.status_code == 403


def test_a_read_token_and_another_countrys_token_are_refused(user_factory):
    owner = system_for(user_factory, [("focal_point", "CBD", "UGA")])
    report_id = owner.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                           content_type="application/json").json()["id"]
    question = next(i for s in owner.get(f"/api/reporting/reports/{report_id}").json()["sections"]
                    for i in s["items"] if i["kind"] != "header")["question"]
    reader = system_for(user_factory, [("focal_point", "CBD", "UGA")], scope="read")
    assert reader.get(f"/api/reporting/reports/{report_id}").status_code == 200
    put = {"value": "yes", "version": 0, "block": 0}
    assert reader.put(f"/api/reporting/reports/{report_id}/answers/{question}", put,
                      content_type="application/json").status_code == 403
    assert reader.post(f"/api/reporting/reports/{report_id}/submit", {},
                       content_type="application/json").status_code == 403
    kenya = system_for(user_factory, [("focal_point", "CBD", "KEN")])
    assert kenya.put(f"/api/reporting/reports/{report_id}/answers/{question}", put,
                     content_type="application/json").status_code == 404
    assert Client(HTTP_AUTHORIZATION="Bearer revoked-or-made-up").get(
        f"/api/reporting/reports/{report_id}").status_code == 401
    assert not Answer.objects.filter(report_id=report_id).exists()
