"""Bad input in national reporting (issue 11): a clear 4xx in the one error shape, stored data unchanged, no 500."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.core.errors import Invalid
from liaison.core.text import text_clean
from liaison.reporting.models import Answer, Question, Questionnaire

from .conftest import CARTAGENA_STAFF, CMS_TEST, put

pytestmark = pytest.mark.django_db


def raw_put(client, report, question, body: str):
    """PUT a JSON body written by hand, so that escapes such as \\ud800 reach the server as sent."""
    return client.put(f"/api/reporting/reports/{report}/answers/{question}", body, content_type="application/json")


def test_text_clean_replaces_lone_surrogates_drops_controls_and_bounds_length():
    assert text_clean("a\ud800b\x00c\x07\td\ne\r") == "a\ufffdbc\td\ne\r"
    assert text_clean("Lesser kestrel") == "Lesser kestrel"
    with pytest.raises(Invalid) as refused:
        text_clean("x" * 11, max_length=10, field="reason")
    assert refused.value.errors[0]["field"] == "reason"


def test_a_lone_surrogate_in_an_answer_never_breaks_the_report_print_page_or_csv(cms_report):
    c, report, questionnaire = cms_report
    name = questionnaire.questions.get(key="name")
    saved = raw_put(c, report, name.pk, '{"value": "Falco \\ud800 naumanni", "version": 0}')
    assert saved.status_code == 200, saved.content
    trend = questionnaire.questions.get(key="trend")  # a choice question: the value is kept as typed (raw)
    kept = raw_put(c, report, trend.pk, '{"value": "up\\udfff", "version": 0}')
    assert kept.status_code == 422 and kept.json()["kept"] is True
    for url in (f"/reporting/reports/{report}/", f"/reporting/reports/{report}/print/",
                f"/api/reporting/reports/{report}/answers.csv", f"/api/reporting/reports/{report}",
                f"/api/reporting/reports/{report}/export.json"):
        response = c.get(url)
        assert response.status_code == 200, url
    assert Answer.objects.get(report_id=report, question=name).value == "Falco \ufffd naumanni"
    assert "Falco \ufffd naumanni" in c.get(f"/api/reporting/reports/{report}/answers.csv").content.decode()


def test_a_reopen_reason_with_a_surrogate_is_refused_and_control_characters_are_cleaned(focal_point,
                                                                                         kenya_report):
    from liaison.reporting.models import Report

    Report.objects.filter(pk=kenya_report).update(status=Report.SUBMITTED)
    url = f"/api/reporting/reports/{kenya_report}/reopen"
    refused = focal_point.post(url, '{"reason": "Typo \\ud800 in Art. 2"}', content_type="application/json")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    response = focal_point.post(url, '{"reason": "Typo in Art. 2\\u0007"}', content_type="application/json")
    assert response.status_code == 201, response.content
    assert Report.objects.get(pk=kenya_report).reopen_requests.get().reason == "Typo in Art. 2"


def upload_questionnaire(client, data: dict):
    return client.post("/api/reporting/questionnaires",
                       {"file": SimpleUploadedFile("q.json", json.dumps(data).encode())})


@pytest.mark.parametrize("deadline", ["2025-13-45", "2025-02-30", "0001-01-01", "9999-12-31", "soon"])
def test_a_questionnaire_with_an_impossible_deadline_is_refused_naming_the_field(client_for, deadline):
    data = dict(CMS_TEST, code="cms-bad-deadline", deadline=deadline)
    response = upload_questionnaire(client_for(CARTAGENA_STAFF, ("secretariat", "CMS")), data)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] and "deadline" in {e["field"] for e in body["errors"]}
    assert not Questionnaire.objects.filter(code="cms-bad-deadline").exists()


def test_the_import_page_lists_an_impossible_deadline_too(client_for):
    data = dict(CMS_TEST, code="cms-bad-deadline", deadline="2025-13-45")
    page = client_for(("secretariat", "CMS")).post(
        "/reporting/questionnaires/import/", {"file": SimpleUploadedFile("q.json", json.dumps(data).encode())})
    assert page.status_code == 200 and "deadline" in page.content.decode()
    assert not Questionnaire.objects.filter(code="cms-bad-deadline").exists()


@pytest.mark.parametrize("field, value", [("cycle_order", "first"), ("title", "x" * 301), ("languages", "en"),
                                          ("previous", 12)])
def test_questionnaire_fields_of_the_wrong_shape_are_refused(client_for, field, value):
    data = dict(CMS_TEST, code="cms-bad-shape", **{field: value})
    response = upload_questionnaire(client_for(("secretariat", "CMS")), data)
    assert response.status_code == 422 and field in {e["field"] for e in response.json()["errors"]}
    assert not Questionnaire.objects.filter(code="cms-bad-shape").exists()


def test_a_surrogate_in_an_imported_title_is_cleaned(client_for):
    text = json.dumps(dict(CMS_TEST, code="cms-surrogate")).replace("CMS test", "CMS \\ud800 test")
    response = client_for(("secretariat", "CMS")).post(
        "/api/reporting/questionnaires", {"file": SimpleUploadedFile("q.json", text.encode())})
    assert response.status_code == 201, response.content
    assert Questionnaire.objects.get(code="cms-surrogate").title == "CMS \ufffd test"


@pytest.mark.parametrize("value", ["1e400", 2**70, 10**400, "NaN", "-inf", "1e16"])
def test_numbers_out_of_range_are_kept_as_typed_and_refused(cms_report, value):
    c, report, questionnaire = cms_report
    count = questionnaire.questions.get(key="count")
    response = put(c, report, count.pk, value)
    assert response.status_code == 422 and response.json()["kept"] is True
    answer = Answer.objects.get(report_id=report, question=count)
    assert answer.value is None and answer.error
    assert c.get(f"/reporting/reports/{report}/").status_code == 200


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_dates_outside_1900_2200_are_refused(client_for, value):
    from liaison.core.actors import system_actor
    from liaison.reporting.questionnaires import questionnaire_import

    data = dict(CMS_TEST, code="cms-dates", sections=[{"key": "s", "title": "S", "questions": [
        {"key": "when", "kind": "date", "title": "Adopted on"}]}])
    questionnaire_import(data=data, user=system_actor("test"))
    c = client_for(("focal_point", "CMS", "KEN"))
    report = c.post("/api/reporting/reports", {"questionnaire": "cms-dates", "country": "KEN"},
                    content_type="application/json").json()["id"]
    question = Question.objects.get(questionnaire__code="cms-dates", key="when")
    assert put(c, report, question.pk, value).status_code == 422
    assert put(c, report, question.pk, "2024-05-01", 1).status_code == 200


def test_csv_exports_neutralise_formulas(cms_report, client_for):
    c, report, questionnaire = cms_report
    name = questionnaire.questions.get(key="name")
    assert put(c, report, name.pk, '=HYPERLINK("http://evil.example","x")').status_code == 200
    text = c.get(f"/api/reporting/reports/{report}/answers.csv").content.decode()
    assert "'=HYPERLINK" in text and ',=HYPERLINK' not in text
    from liaison.reporting.models import Report

    Report.objects.filter(pk=report).update(status=Report.SUBMITTED)
    staff = client_for(("secretariat", "CMS")).get("/api/reporting/questionnaires/cms-test/answers.csv")
    assert staff.status_code == 200 and "'=HYPERLINK" in staff.content.decode()


@pytest.mark.parametrize("url", ["/api/reporting/reports/{big}", "/api/reporting/reports/{big}/answers.csv",
                                 "/reporting/reports/{big}/", "/reporting/attachments/{big}/",
                                 "/api/reporting/reports/{report}/snapshots/{big}"])
def test_ids_too_large_for_the_database_are_not_found(focal_point, kenya_report, url):
    response = focal_point.get(url.format(big=2**70, report=kenya_report))
    assert response.status_code == 404


def test_an_answer_to_a_question_id_too_large_is_not_found(focal_point, kenya_report):
    assert put(focal_point, kenya_report, 2**70, "true").status_code == 404


def test_lists_are_paginated_and_bounded(client, client_for):
    body = client.get("/api/reporting/questionnaires?limit=2").json()
    assert set(body) == {"count", "items"} and len(body["items"]) == 2 and body["count"] >= 4
    staff = client_for(CARTAGENA_STAFF)
    links = staff.get("/api/reporting/links?status=accepted&limit=5&offset=5").json()
    assert len(links["items"]) == 5 and links["count"] > 10
    assert staff.get("/api/reporting/links?limit=501").status_code == 422
    assert staff.get("/api/reporting/links?status=bogus").status_code == 422
    assert client.get("/api/reporting/status/cartagena-nr4?offset=-1").status_code == 422


def test_every_reporting_operation_declares_typed_schemas():
    from liaison.config.api import api

    schema = api.get_openapi_schema()
    operations = [(path, method, op) for path, ops in schema["paths"].items() if "/reporting/" in path
                  for method, op in ops.items()]
    assert len(operations) >= 19
    for path, method, op in operations:
        for status, response in op["responses"].items():
            content = response.get("content") or {}
            if str(status) == "204" or "text/csv" in content:
                continue
            body = content["application/json"]["schema"]
            assert "$ref" in body or body.get("properties") or body.get("type") == "array", (path, method, status)
        if "requestBody" in op:
            assert op["requestBody"]["content"], (path, method)
