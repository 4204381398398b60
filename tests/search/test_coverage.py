"""Search covers work-plan activities, questionnaire questions, and what signed-in readers may see of national
reports (drafts included), their answers and partner contributions (issue 13), role by role through /api/search."""

import datetime as dt

import pytest

from liaison.catalogue.models import Organization
from liaison.core.actors import system_actor
from liaison.partnerships.models import Partnership, WorkPlan
from liaison.partnerships.registry.services import workplan_create
from liaison.reporting.questionnaires import questionnaire_import

from .conftest import ADMIN, CMS_REVIEWER, CMS_STAFF, PARTNER, UGANDA_NFP

pytestmark = pytest.mark.django_db

SYSTEM = system_actor("tests")
KENYA_CMS_NFP = ("focal_point", "CMS", "KEN")
KENYA_CMS_CONTRIBUTOR = ("contributor", "CMS", "KEN")
OTHER_PARTNER = ("partner", None, None, "IUCN Environmental Law Centre")
RAMSAR_STAFF = ("secretariat", "Ramsar")
QUESTIONNAIRE = {
    "format": "liaison-questionnaire/1", "code": "cms-search-test", "convention": "CMS", "title": "CMS search test",
    "cycle": "2026", "languages": ["en", "fr"], "sections": [
        {"key": "general", "title": "General", "questions": [
            {"key": "sites", "kind": "text", "title": "Describe the quillwort flyway sites",
             "titles": {"fr": "Décrivez les sites de la voie de migration des isoètes"}},
            {"key": "count", "kind": "number", "title": "How many sites?"}]}]}
SECRET_ANSWER = "Our zorblatt survey counted 40 cranes."


def found(client, q: str, kind: str) -> list[dict]:
    response = client.get("/api/search", {"q": q, "kind": kind})
    assert response.status_code == 200, response.content
    body = response.json()
    items = [i for i in body["items"] if i["kind"] == kind]
    assert body["count"] == len(items)  # a hidden object is not even counted
    return items


# --- work-plan activities -------------------------------------------------------------------------------------

@pytest.fixture
def workplan(client_for):
    """A work plan of the Wild Migration MoU with one activity, added through the API by CMS staff."""
    partnership = Partnership.objects.get(slug="mou-cms-wild-migration")
    plan = workplan_create(user=SYSTEM, partnership=partnership, title="Search test plan",
                           period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31))
    response = client_for(CMS_STAFF).post(f"/api/workplans/{plan.pk}/activities", {
        "title": "Gazetteer of stopover wetlands for shorebirds", "owner": "Wild Migration", "start": "2025-03-01",
        "end": "2025-12-31", "description": "A quillwort atlas"}, content_type="application/json")
    assert response.status_code == 201, response.content
    return plan


def test_a_work_plan_activity_is_found_with_its_convention_and_year(client, workplan):
    items = found(client, "quillwort atlas", "activity")
    assert [i["title"] for i in items] == ["Gazetteer of stopover wetlands for shorebirds"]
    assert items[0]["convention"] == "CMS" and items[0]["year"] == 2025
    assert items[0]["url"] == f"/partnerships/workplans/{workplan.pk}/"


def test_an_edited_activity_is_found_by_its_new_words(client_for, client, workplan):
    activity = workplan.activities.get()
    edited = client_for(CMS_STAFF).patch(f"/api/activities/{activity.pk}", {"title": "Stopover gazetteer (revised)"},
                                         content_type="application/json")
    assert edited.status_code == 200, edited.content
    assert [i["title"] for i in found(client, "revised gazetteer", "activity")] == ["Stopover gazetteer (revised)"]


@pytest.mark.parametrize("roles,seen", [(None, False), (UGANDA_NFP, False), (OTHER_PARTNER, False),
                                        (RAMSAR_STAFF, False), (CMS_STAFF, True), (PARTNER, True), (ADMIN, True)])
def test_an_unpublished_work_plans_activity_is_found_only_by_those_who_may_see_it(as_role, workplan, roles, seen):
    WorkPlan.objects.filter(pk=workplan.pk).update(published=False)  # read live: no re-indexing
    assert bool(found(as_role(roles), "quillwort atlas", "activity")) is seen


# --- questionnaire questions ----------------------------------------------------------------------------------

@pytest.fixture
def questionnaire():
    questionnaire, _ = questionnaire_import(data=QUESTIONNAIRE, user=SYSTEM)
    return questionnaire


def test_a_question_is_found_in_each_language_of_its_text(client, questionnaire):
    english = found(client, "quillwort flyway", "question")
    assert [i["title"] for i in english] == ["CMS 2026: Describe the quillwort flyway sites"]
    assert english[0]["url"] == "/reporting/questionnaires/cms-search-test/"
    french = client.get("/api/search", {"q": "isoètes", "kind": "question", "language": "fr"}).json()
    assert [i["language"] for i in french["items"]] == ["fr"]
    assert french["items"][0]["title"].endswith("Décrivez les sites de la voie de migration des isoètes")


# --- national reports: a draft is read by its country's focal point; once submitted by more -------------------

@pytest.fixture
def draft_report(client_for, questionnaire):
    """Kenya's CMS report, opened by its focal point through the API, with a text answer in it."""
    nfp = client_for(KENYA_CMS_NFP)
    report_id = nfp.post("/api/reporting/reports", {"questionnaire": "cms-search-test", "country": "KEN"},
                         content_type="application/json").json()["id"]
    question = questionnaire.questions.get(key="sites")
    saved = nfp.put(f"/api/reporting/reports/{report_id}/answers/{question.pk}",
                    {"value": SECRET_ANSWER, "version": 0, "block": 0}, content_type="application/json")
    assert saved.status_code == 200, saved.content
    return nfp, report_id


DRAFT_READERS = [(KENYA_CMS_NFP, True), (ADMIN, True), (None, False), (UGANDA_NFP, False), (PARTNER, False),
                 (("focal_point", "CMS", "UGA"), False), (CMS_REVIEWER, False), (KENYA_CMS_CONTRIBUTOR, False),
                 (CMS_STAFF, False)]  # the secretariat never reads a draft's answers (reporting.permissions)


@pytest.mark.parametrize("roles,seen", DRAFT_READERS)
def test_a_draft_reports_answers_are_found_only_by_those_who_may_read_the_draft(as_role, draft_report, roles, seen):
    items = found(as_role(roles), "zorblatt", "answer")
    assert bool(items) is seen
    if seen:
        assert items[0]["title"] == "Kenya 2026: Describe the quillwort flyway sites"
        assert "<mark>zorblatt</mark>" in items[0]["snippet"].lower()
        assert items[0]["url"] == f"/reporting/reports/{draft_report[1]}/"


@pytest.mark.parametrize("roles,seen", DRAFT_READERS)
def test_a_draft_report_is_found_by_country_only_by_those_who_may_read_it(as_role, draft_report, roles, seen):
    titles = [i["title"] for i in found(as_role(roles), "Kenya search test", "report")]
    assert (titles == ["Kenya: CMS search test"]) is seen


def test_a_submitted_report_is_found_by_the_secretariat_and_reviewers_but_not_the_public(as_role, client_for,
                                                                                        draft_report):
    nfp, report_id = draft_report
    submitted = nfp.post(f"/api/reporting/reports/{report_id}/submit")
    assert submitted.status_code == 200, submitted.content
    for roles in (CMS_STAFF, CMS_REVIEWER, KENYA_CMS_CONTRIBUTOR, KENYA_CMS_NFP):
        assert found(as_role(roles), "zorblatt", "answer"), roles
    for roles in (None, UGANDA_NFP, PARTNER, RAMSAR_STAFF):
        assert found(as_role(roles), "zorblatt", "answer") == [], roles


def test_a_delegate_finds_the_answers_of_their_section_only(client_for, user_factory, draft_report, questionnaire):
    from django.test import Client

    nfp, report_id = draft_report
    delegate = user_factory(KENYA_CMS_CONTRIBUTOR)
    other_section = questionnaire_import(data={**QUESTIONNAIRE, "sections": [
        *QUESTIONNAIRE["sections"], {"key": "extra", "title": "Extra", "questions": [
            {"key": "notes", "kind": "text", "title": "Other notes"}]}]}, user=SYSTEM)[0]
    notes = other_section.questions.get(key="notes")
    assert nfp.put(f"/api/reporting/reports/{report_id}/answers/{notes.pk}",
                   {"value": "Plinkett wetlands", "version": 0, "block": 0},
                   content_type="application/json").status_code == 200
    delegated = nfp.post(f"/api/reporting/reports/{report_id}/delegations",
                         {"section": "extra", "username": delegate.username}, content_type="application/json")
    assert delegated.status_code == 201, delegated.content
    reader = Client()
    reader.force_login(delegate)
    assert [i["title"] for i in found(reader, "plinkett", "answer")] == ["Kenya 2026: Other notes"]
    assert found(reader, "zorblatt", "answer") == []


# --- partner contributions: drafts to their organization and the convention's secretariat --------------------

@pytest.fixture
def draft_contribution(client_for):
    response = client_for(PARTNER).post("/api/contributions", {
        "convention": "CMS", "title": "Snarkwood roost census", "period_start": "2025-01-01",
        "period_end": "2025-12-31", "summary": "Counted roosts along the snarkwood corridor.", "targets": ["SPMS 9"]},
        content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.mark.parametrize("roles,seen", [(PARTNER, True), (CMS_STAFF, True), (ADMIN, True), (None, False),
                                        (OTHER_PARTNER, False), (CMS_REVIEWER, False), (UGANDA_NFP, False),
                                        (RAMSAR_STAFF, False)])
def test_a_draft_contribution_is_found_only_by_those_who_may_read_it(as_role, draft_contribution, roles, seen):
    items = found(as_role(roles), "snarkwood", "contribution")
    assert bool(items) is seen
    if seen:
        assert items[0]["id"] == draft_contribution and items[0]["year"] == 2025


def test_an_accepted_contribution_is_found_by_everyone(client, client_for, draft_contribution):
    partner_org = Organization.objects.get(name="Wild Migration")
    assert partner_org.contributions.filter(pk=draft_contribution).exists()
    assert client_for(PARTNER).post(f"/api/contributions/{draft_contribution}/submit").status_code == 200
    assert found(client_for(CMS_REVIEWER), "snarkwood", "contribution")  # reviewers read it once submitted
    assert found(client, "snarkwood", "contribution") == []
    accepted = client_for(CMS_STAFF).post(f"/api/contributions/{draft_contribution}/review", {"decision": "accept"},
                                          content_type="application/json")
    assert accepted.status_code == 200, accepted.content
    assert [i["id"] for i in found(client, "snarkwood", "contribution")] == [draft_contribution]
