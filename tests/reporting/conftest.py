"""Fixtures of the reporting tests: roles, Kenya's Cartagena fourth report opened by its focal point."""

import pytest

from liaison.accounts.models import Role
from liaison.core.actors import system_actor
from liaison.reporting.models import Questionnaire
from liaison.reporting.questionnaires import questionnaire_import

KEN_CARTAGENA_FP = (Role.FOCAL_POINT, "Cartagena", "KEN")
KEN_CBD_FP = (Role.FOCAL_POINT, "CBD", "KEN")
KEN_CONTRIBUTOR = (Role.CONTRIBUTOR, "CBD", "KEN")
UGA_CARTAGENA_FP = (Role.FOCAL_POINT, "Cartagena", "UGA")
CARTAGENA_STAFF = (Role.SECRETARIAT, "Cartagena")
CBD_STAFF = (Role.SECRETARIAT, "CBD")
CMS_STAFF = (Role.SECRETARIAT, "CMS")


@pytest.fixture
def focal_point(client_for):
    """Kenya's focal point for the Cartagena Protocol and the CBD, as the demo account `kenya-focal-point` is:
    its CBD report is one it may read, so its answers prefill the Cartagena report."""
    return client_for(KEN_CARTAGENA_FP, KEN_CBD_FP)


@pytest.fixture
def kenya_report(focal_point, cycles_open):
    """Return the id of Kenya's Cartagena fourth report, opened through the API (prefilled) in its cycle, open
    again (the bundled one closed in 2020)."""
    response = focal_point.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                                content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def put(client, report_id, question_id, value, version=0, block=0):
    return client.put(f"/api/reporting/reports/{report_id}/answers/{question_id}",
                      {"value": value, "version": version, "block": block}, content_type="application/json")


CMS_TEST = {
    "format": "liaison-questionnaire/1", "code": "cms-test", "convention": "CMS", "title": "CMS test",
    "cycle": "2026", "sections": [
        {"key": "general", "title": "General", "questions": [
            {"key": "evidence", "kind": "file", "title": "Attach the national action plan"},
            {"key": "count", "kind": "number", "title": "How many sites?", "mandatory": True}]},
        {"key": "species", "title": "Species", "repeating": True, "repeat_label": "Species", "questions": [
            {"key": "name", "kind": "text", "title": "Species name"},
            {"key": "trend", "kind": "single", "title": "Trend", "options": [
                {"value": "up", "label": "Increasing"}, {"value": "down", "label": "Decreasing"}]}]}]}


@pytest.fixture
def cms_report(client_for):
    """A small CMS questionnaire with a file question and a repeating section, and Kenya's report for it."""
    questionnaire_import(data=CMS_TEST, user=system_actor("test"))
    c = client_for(("focal_point", "CMS", "KEN"))
    report = c.post("/api/reporting/reports", {"questionnaire": "cms-test", "country": "KEN"},
                    content_type="application/json").json()["id"]
    return c, report, Questionnaire.objects.get(code="cms-test")
