"""The leaks of issue 10 in national reporting, each refused role by role through the API and the pages."""

import copy

import pytest
from django.db.models import ProtectedError
from django.test import Client

from liaison.core.actors import system_actor
from liaison.reporting.models import Answer, Question, Questionnaire, Report
from liaison.reporting.questionnaires import questionnaire_import

from .conftest import CARTAGENA_STAFF, CBD_STAFF, CMS_STAFF, CMS_TEST, KEN_CARTAGENA_FP, UGA_CARTAGENA_FP, put

pytestmark = pytest.mark.django_db


def status_of(client, code="cartagena-nr4"):
    body = client.get(f"/api/reporting/status/{code}?limit=500").json()
    return {row["country"]: row for row in body["items"]}


# --- every country's draft progress was public ---

def test_the_public_sees_whether_a_report_is_submitted_not_its_draft_progress(client, kenya_report):
    row = status_of(client)["KEN"]
    assert row["state"] == "not_submitted" and row["progress"] is None
    assert all(r["state"] in ("submitted", "not_submitted") for r in status_of(client).values())
    page = client.get("/reporting/dashboard/cartagena-nr4/").content.decode()
    assert "Underway" not in page and 'class="underway"' not in page


@pytest.mark.parametrize("roles", [UGA_CARTAGENA_FP, CMS_STAFF, (("contributor", "CBD", "KEN"),)])
def test_others_do_not_see_kenyas_draft_progress(client_for, kenya_report, roles):
    other = client_for(*roles) if isinstance(roles[0], tuple) else client_for(roles)
    row = status_of(other)["KEN"]
    assert row["state"] == "not_submitted" and row["progress"] is None


@pytest.mark.parametrize("roles", [CARTAGENA_STAFF, CBD_STAFF])
def test_the_conventions_staff_see_every_partys_progress(client_for, kenya_report, roles):
    rows = status_of(client_for(roles))
    assert rows["KEN"]["state"] == "underway" and rows["KEN"]["progress"] > 0
    assert {r["state"] for r in rows.values()} <= {"submitted", "underway", "not_started"}
    page = client_for(roles).get("/reporting/dashboard/cartagena-nr4/").content.decode()
    assert 'class="underway" href="#c-KEN"' in page


def test_a_focal_point_sees_the_progress_of_their_own_country_only(focal_point, kenya_report):
    rows = status_of(focal_point)
    assert rows["KEN"]["state"] == "underway" and rows["KEN"]["progress"] > 0
    assert rows["UGA"]["state"] == "not_submitted" and rows["UGA"]["progress"] is None


# --- an answer carried into a linked report of a convention the writer has no access to ---

@pytest.fixture
def uganda_reports(user_factory, cycles_open):
    """Uganda's open Cartagena and CBD reports (opened by a focal point of both), linked by Q063 -> 17.17_5."""
    fp = user_factory(UGA_CARTAGENA_FP, ("focal_point", "CBD", "UGA"))
    c = Client()
    c.force_login(fp)
    cart = c.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "UGA"},
                  content_type="application/json").json()["id"]
    cbd = c.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                 content_type="application/json").json()["id"]
    return c, cart, cbd


def test_a_contributors_answer_does_not_reach_a_report_they_may_not_edit(uganda_reports, user_factory):
    fp, cart, cbd = uganda_reports
    q063 = Question.objects.select_related("section").get(questionnaire__code="cartagena-nr4", key="Q063")
    contributor = user_factory(("contributor", "Cartagena", "UGA"))
    assert fp.post(f"/api/reporting/reports/{cart}/delegations",
                   {"section": q063.section.key, "username": contributor.username},
                   content_type="application/json").status_code == 201
    c = Client()
    c.force_login(contributor)
    assert put(c, cart, q063.pk, "true.some").status_code == 200
    # the contributor may not read nor edit Uganda's CBD report: nothing of theirs is written there
    assert c.get(f"/api/reporting/reports/{cbd}").status_code == 404
    assert not Answer.objects.filter(report_id=cbd, question__key="Target17.17_5").exists()


def test_the_focal_point_of_both_still_answers_once(uganda_reports):
    fp, cart, cbd = uganda_reports
    q063 = Question.objects.get(questionnaire__code="cartagena-nr4", key="Q063")
    assert put(fp, cart, q063.pk, "true.some").status_code == 200
    assert Answer.objects.get(report_id=cbd, question__key="Target17.17_5").value == "partially"


def test_linked_values_come_only_from_reports_the_reader_may_see(client_for, cycles_open):
    # A focal point for the Cartagena Protocol only: Kenya's CBD report is not theirs to read.
    fp = client_for(KEN_CARTAGENA_FP)
    report = fp.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                     content_type="application/json").json()["id"]
    body = fp.get(f"/api/reporting/reports/{report}").json()
    sources = [i["source"] or (i["prefill"] or {}).get("label") or "" for s in body["sections"] for i in s["items"]]
    assert any(s.startswith("Cartagena 3rd") for s in sources)  # its own convention's earlier report
    assert not any(s.startswith("CBD") for s in sources)
    cbd_values = Answer.objects.filter(report__questionnaire__code="cartagena-nr4", report_id=report,
                                       source_answer__report__questionnaire__code="cbd-nr7-gbf")
    assert not cbd_values.exists()
    page = fp.get(f"/reporting/reports/{report}/").content.decode()
    assert "From the CBD 7th national report" not in page


# --- who reads a submitted report, and the crosswalk under review ---

@pytest.mark.parametrize("roles, whole", [
    ((("contributor", "CBD", "KEN"),), True),   # the country's people for the convention
    ((("reviewer", "CBD"),), True),             # the convention's reviewers
    ((CBD_STAFF,), True),
    ((("contributor", "Cartagena", "KEN"),), False),  # another convention's
    ((("contributor", "CBD", "UGA"),), False),        # another country's
    ((("reviewer", "CMS"),), False),
    ((CMS_STAFF,), False),
])
def test_a_submitted_report_is_read_by_its_countrys_people_reviewers_and_staff(client_for, roles, whole):
    report = Report.objects.get(country__iso3="KEN", questionnaire__code="cbd-nr7-gbf")
    c = client_for(*roles)
    response = c.get(f"/api/reporting/reports/{report.pk}")
    assert response.status_code == (200 if whole else 404)
    if whole:
        assert len(response.json()["sections"]) == report.questionnaire.sections.count()


def test_the_crosswalk_under_review_is_for_secretariat_staff(client, client_for):
    assert client.get("/api/reporting/links").status_code == 401
    assert client_for(KEN_CARTAGENA_FP).get("/api/reporting/links").status_code == 403
    assert client_for(CARTAGENA_STAFF).get("/api/reporting/links").json()["count"] > 0


def test_only_staff_may_upload_a_questionnaire_whatever_the_file(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = client_for(KEN_CARTAGENA_FP).post("/api/reporting/questionnaires",
                                                {"file": SimpleUploadedFile("q.json", b"not even json")})
    assert refused.status_code == 403


# --- nothing stored is lost ---

def test_reimporting_without_an_answered_question_retires_it_and_keeps_the_answer(cms_report):
    c, report, questionnaire = cms_report
    count = questionnaire.questions.get(key="count")
    assert put(c, report, count.pk, 12).status_code == 200
    new_version = copy.deepcopy(CMS_TEST)
    new_version["sections"][0]["questions"] = [q for q in new_version["sections"][0]["questions"]
                                               if q["key"] != "count"]
    questionnaire_import(data=new_version, user=system_actor("test"))
    answer = Answer.objects.get(report_id=report, question=count)
    assert answer.value == 12
    count.refresh_from_db()
    assert count.retired_at is not None
    body = c.get(f"/api/reporting/reports/{report}").json()
    item = next(i for s in body["sections"] for i in s["items"] if i["key"] == "count")
    assert item["retired"] is True and item["value"] == 12
    response = c.get(f"/reporting/reports/{report}/")
    page = response.content.decode()
    assert "retired" in page and "How many sites?" in page
    assert "count" not in {p["key"] for p in response.context["problems"]}  # no longer asked for
    refused = put(c, report, count.pk, 13, answer.version)
    assert refused.status_code == 403 and "dropped" in refused.json()["detail"]  # kept as it was
    exported = c.get("/api/reporting/questionnaires/cms-test").json()
    assert "count" not in {q["key"] for s in exported["sections"] for q in s["questions"]}
    questionnaire_import(data=CMS_TEST, user=system_actor("test"))  # the question comes back, with its answer
    count.refresh_from_db()
    assert count.retired_at is None and Answer.objects.get(report_id=report, question=count).value == 12


def test_answers_reports_and_snapshots_are_protected_from_cascading_deletes(cms_report):
    c, report, questionnaire = cms_report
    put(c, report, questionnaire.questions.get(key="count").pk, 3)
    with pytest.raises(ProtectedError):
        Questionnaire.objects.get(code="cms-test").delete()
    with pytest.raises(ProtectedError):
        Report.objects.get(pk=report).delete()
    assert Answer.objects.filter(report_id=report).exists()


def test_only_the_conventions_staff_import_and_the_system_actor_is_recorded(user_factory):
    from liaison.core.errors import NotAllowed
    from liaison.core.models import AuditEvent

    data = copy.deepcopy(CMS_TEST)
    data["code"] = "cms-test-2"
    with pytest.raises(NotAllowed):
        questionnaire_import(data=data, user=user_factory(CARTAGENA_STAFF))
    assert not Questionnaire.objects.filter(code="cms-test-2").exists()
    questionnaire_import(data=data, user=system_actor("liaison load"))
    assert AuditEvent.objects.filter(action="import", actor_label__icontains="liaison load").exists()
