"""Bounded queries: an offline file's preview and confirm make as many queries for 60 changed answers as for 3."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.core.actors import system_actor
from liaison.reporting.questionnaires import questionnaire_import
from liaison.search.models import SearchDocument
from tests.offline.conftest import answers, upload, xlsx_fill

pytestmark = pytest.mark.django_db

KINDS = [("text", {}), ("number", {}), ("yesno", {"options": [{"value": "yes", "label": "Yes"},
                                                              {"value": "no", "label": "No"}]}),
         ("date", {}), ("multiple", {"options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]})]
TYPED = {"text": "Counted at Lake Nakuru", "number": 7, "yesno": "Yes", "date": "2025-02-03", "multiple": "A; B"}


def questionnaire_of(code: str, n: int) -> dict:
    questions = [{"key": f"q{i}", "kind": KINDS[i % len(KINDS)][0], "title": f"Question {i}",
                  **KINDS[i % len(KINDS)][1]} for i in range(n)]
    return {"format": "liaison-questionnaire/1", "code": code, "convention": "CMS", "title": code, "cycle": "2026",
            "sections": [{"key": "one", "title": "One", "questions": questions[: n // 2]},
                         {"key": "two", "title": "Two", "questions": questions[n // 2:]}]}


def filled_upload(client, n: int) -> tuple[int, dict]:
    """Return Kenya's report of a fresh questionnaire of `n` questions, every answer typed in its Excel file and
    confirmed, and the number of queries of the preview and of the confirm."""
    code = f"cms-offline-queries-{n}"
    questionnaire_import(data=questionnaire_of(code, n), user=system_actor("test"))
    report = client.post("/api/reporting/reports", {"questionnaire": code, "country": "KEN"},
                         content_type="application/json").json()["id"]
    data = client.get(f"/api/reports/{report}/offline.xlsx").content
    filled = xlsx_fill(data, {f"q{i}": TYPED[KINDS[i % len(KINDS)][0]] for i in range(n)})
    with CaptureQueriesContext(connection) as preview:
        response = upload(client, report, filled, "report.xlsx")
    assert response.status_code == 201, response.content
    assert response.json()["changes"] == n
    with CaptureQueriesContext(connection) as confirm:
        applied = client.post(f"/api/offline/uploads/{response.json()['id']}/confirm", {},
                              content_type="application/json")
    assert applied.status_code == 200 and applied.json()["applied"] == n
    return report, {"preview": len(preview.captured_queries), "confirm": len(confirm.captured_queries)}


def test_the_preview_and_the_confirm_queries_do_not_grow_with_the_answers(client_for):
    c = client_for(("focal_point", "CMS", "KEN"))
    filled_upload(c, 2)  # warm: sessions, content types, translations
    _few, few = filled_upload(c, 3)
    report, many = filled_upload(c, 60)
    assert many == few, (few, many)
    now = answers(c, report)
    assert now["q0"][0] == "Counted at Lake Nakuru" and now["q3"][0] == "2025-02-03"
    assert now["q59"][0] == ["a", "b"] and now["q59"][2].startswith("from the offline file of ")


def test_a_preview_leaves_the_search_index_as_it_was_and_the_confirm_refreshes_it(client_for):
    c = client_for(("focal_point", "CMS", "KEN"))
    report, _n = filled_upload(c, 5)
    indexed = {d.body for d in SearchDocument.objects.filter(kind=SearchDocument.ANSWER, title__startswith="Kenya")}
    assert "Counted at Lake Nakuru" in indexed  # the confirm refreshed the report's answers
    before = set(SearchDocument.objects.filter(owner_type__in=["report", "answer"]).values_list("pk", flat=True))
    data = c.get(f"/api/reports/{report}/offline.xlsx").content
    response = upload(c, report, xlsx_fill(data, {"q0": "Counted again at Lake Bogoria"}), "report.xlsx")
    assert response.status_code == 201 and response.json()["changes"] == 1
    after = set(SearchDocument.objects.filter(owner_type__in=["report", "answer"]).values_list("pk", flat=True))
    assert after == before  # the download and the preview changed no answer: no document rewritten
