"""Journey 3: Kenya's focal point opens the Cartagena fourth report, prefilled from its earlier reports,
delegates a section, submits; the report locks; the dashboard shows Kenya as submitted."""

import pytest

from liaison.reporting.models import Answer, Question, Report, Snapshot

from .conftest import CARTAGENA_STAFF, KEN_CONTRIBUTOR, put

pytestmark = pytest.mark.django_db


def items_of(body):
    return [item for section in body["sections"] for item in section["items"]]


def test_the_demo_has_kenyas_earlier_reports_submitted_and_marked_as_demo():
    earlier = Report.objects.filter(country__iso3="KEN", questionnaire__code__in=["cartagena-nr3", "cbd-nr7-gbf"])
    assert earlier.count() == 2
    assert all(r.status == Report.SUBMITTED and r.is_demo for r in earlier)


def test_opening_the_fourth_report_prefills_from_the_third_and_from_the_cbd_report(focal_point, kenya_report):
    body = focal_point.get(f"/api/reporting/reports/{kenya_report}").json()
    sources = [item["source"] for item in items_of(body) if item["source"]]
    assert sum("Cartagena 3rd" in s for s in sources) >= 50  # identical questions of the last cycle
    assert any(s.startswith("CBD 7th national report, answered on 2026-02-20") for s in sources)
    q014 = next(item for item in items_of(body) if item["key"] == "Q014")
    cbd = Answer.objects.get(report__country__iso3="KEN", report__questionnaire__code="cbd-nr7-gbf",
                             question__key="Target17.17_1")
    expected = {"fully": "implementation.fullInPlace", "partially": "implementation.partiallyInPlace",
                "underDevelopment": "implementation.draftMeasures", "no": "implementation.none"}[cbd.value]
    assert q014["value"] == expected and "CBD" in q014["source"]
    again = focal_point.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                             content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == kenya_report


def test_a_prefilled_answer_stays_editable(focal_point, kenya_report):
    body = focal_point.get(f"/api/reporting/reports/{kenya_report}").json()
    item = next(i for i in items_of(body) if i["source"] and i["kind"] == "yesno")
    other = "false" if item["value"] == "true" else "true"
    response = put(focal_point, kenya_report, item["question"], other, item["version"])
    assert response.status_code == 200, response.content
    after = next(i for i in items_of(focal_point.get(f"/api/reporting/reports/{kenya_report}").json())
                 if i["question"] == item["question"])
    assert after["value"] == other and after["source"] is None


def test_delegate_then_submit_then_dashboard_then_reopen(focal_point, kenya_report, client_for, user_factory):
    colleague = user_factory(KEN_CONTRIBUTOR, username="ministry-of-agriculture")
    response = focal_point.post(f"/api/reporting/reports/{kenya_report}/delegations",
                                {"section": "Article23", "username": colleague.username},
                                content_type="application/json")
    assert response.status_code == 201, response.content

    from django.test import Client

    contributor = Client()
    contributor.force_login(colleague)
    seen = contributor.get(f"/api/reporting/reports/{kenya_report}").json()
    assert [s["key"] for s in seen["sections"]] == ["Article23"]
    q139 = Question.objects.get(questionnaire__code="cartagena-nr4", key="Q139")
    current = next(i for i in items_of(seen) if i["key"] == "Q139")
    assert put(contributor, kenya_report, q139.pk, "true.some", current["version"]).status_code == 200

    refused = focal_point.post(f"/api/reporting/reports/{kenya_report}/submit")
    assert refused.status_code == 422 and refused.json()["errors"]
    missing = refused.json()["missing"]
    assert missing and all({"key", "title", "section", "reason"} <= set(m) for m in missing)
    assert Report.objects.get(pk=kenya_report).status == Report.DRAFT

    report = Report.objects.get(pk=kenya_report)
    for _round in range(6):  # answering may reveal conditional questions that are mandatory in turn
        for problem in missing:
            question = Question.objects.get(pk=problem["question"])
            answer = Answer.objects.filter(report=report, question=question, block=0).first()
            value = question.options[0]["value"] if question.options else "see the national biosafety portal"
            value = [value] if question.kind == "multiple" else value
            response = put(focal_point, kenya_report, question.pk, value, answer.version if answer else 0)
            assert response.status_code == 200, response.content
        missing = focal_point.get(f"/reporting/reports/{kenya_report}/").context["problems"]
        if not missing:
            break
    submitted = focal_point.post(f"/api/reporting/reports/{kenya_report}/submit")
    assert submitted.status_code == 200, submitted.content
    assert Snapshot.objects.filter(report_id=kenya_report, number=1).exists()
    snapshot = focal_point.get(f"/api/reporting/reports/{kenya_report}/snapshots/1").json()
    assert any(a["question"] == "Q139" and a["value"] == "true.some" for a in snapshot["answers"])
    assert contributor.get(f"/api/reporting/reports/{kenya_report}/snapshots/1").status_code == 403

    locked = put(focal_point, kenya_report, q139.pk, "false", 99)
    assert locked.status_code == 403 and "locked" in locked.json()["detail"]
    status = {row["country"]: row["state"] for row in
              client_for().get("/api/reporting/status/cartagena-nr4?limit=500").json()["items"]}
    assert status["KEN"] == "submitted"
    page = client_for().get("/reporting/dashboard/cartagena-nr4/").content.decode()
    assert 'class="submitted" href="#c-KEN"' in page

    asked = focal_point.post(f"/api/reporting/reports/{kenya_report}/reopen", {"reason": "Figures for Art. 23"},
                             content_type="application/json")
    assert asked.status_code == 201
    assert focal_point.post(f"/api/reporting/reopen-requests/{asked.json()['id']}", {"approve": True},
                            content_type="application/json").status_code == 403
    staff = client_for(CARTAGENA_STAFF)
    decided = staff.post(f"/api/reporting/reopen-requests/{asked.json()['id']}", {"approve": True},
                         content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert Report.objects.get(pk=kenya_report).status == Report.REOPENED


def test_an_answer_flows_into_the_linked_question_of_another_open_report(client_for, user_factory, cycles_open):
    from django.test import Client

    fp = user_factory((("focal_point", "Cartagena", "UGA")), ("focal_point", "CBD", "UGA"))
    c = Client()
    c.force_login(fp)
    cart = c.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "UGA"},
                  content_type="application/json").json()["id"]
    cbd = c.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                 content_type="application/json").json()["id"]
    q063 = Question.objects.get(questionnaire__code="cartagena-nr4", key="Q063")
    assert put(c, cart, q063.pk, "true.some").status_code == 200
    carried = Answer.objects.get(report_id=cbd, question__key="Target17.17_5")
    assert carried.value == "partially" and carried.origin == Answer.PREFILL
    assert carried.source_note.startswith("Cartagena 4th national report")
