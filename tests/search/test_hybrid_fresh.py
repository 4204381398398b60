"""Hybrid ranking follows the index at once (search.vectors' freshness marker), and never shows a draft the reader
may not read, through /api/search on SQLite and PostgreSQL (run with DATABASE_URL set)."""

import pytest

from liaison.catalogue.models import Convention
from liaison.decisions.models import Decision, DecisionRevision, Paragraph
from liaison.search import vectors
from liaison.search.services import search_index_decision

from .conftest import ADMIN, CMS_REVIEWER, CMS_STAFF, PARTNER, UGANDA_NFP

pytestmark = pytest.mark.django_db

QUERY = "killing of birds in nets"
TRAPPING = "Urges Range States to end the illegal taking and trapping of migratory songbirds along their flyways"


def paragraph_indexed(number: str, text: str) -> Paragraph:
    decision = Decision.objects.create(convention=Convention.objects.get(acronym="CMS"), kind="resolution",
                                       number=number, title="Songbird protection", year=2026)
    revision = DecisionRevision.objects.create(decision=decision, label="", content_hash=number.replace(".", "") * 16,
                                               source_name="r.txt", source_format="txt", parsed={})
    paragraph = Paragraph.objects.create(revision=revision, kind=Paragraph.OPERATIVE, order=1, number="1", text=text)
    search_index_decision(decision_id=decision.pk)
    return paragraph


def by_meaning(api) -> list[int]:
    return [i["id"] for i in api(q=QUERY, mode="hybrid", limit=100)["items"] if i["kind"] == "paragraph"]


def test_a_write_another_process_made_is_found_by_meaning_at_the_next_query(api):
    before = by_meaning(api)  # the cache is filled
    paragraph = paragraph_indexed("98.1", TRAPPING)
    vectors.CACHE.written.clear()  # as in another process: only the table tells this one of the write
    after = by_meaning(api)
    assert paragraph.pk not in before and paragraph.pk in after[:3]
    Decision.objects.filter(pk=paragraph.revision.decision_id).delete()
    vectors.CACHE.written.clear()
    assert paragraph.pk not in by_meaning(api)


def test_a_deleted_documents_vector_leaves_the_cache_at_the_next_write(api):
    gone = paragraph_indexed("98.2", TRAPPING)
    by_meaning(api)
    Decision.objects.filter(pk=gone.revision.decision_id).delete()
    kept = paragraph_indexed("98.3", TRAPPING + " and coasts")
    vectors.CACHE.written.clear()
    found = by_meaning(api)
    assert kept.pk in found and gone.pk not in found
    ids, matrix = vectors.CACHE.current()
    assert len(ids) == len(matrix) == vectors.table_count()


@pytest.fixture
def draft_contribution(client_for):
    response = client_for(PARTNER).post("/api/contributions", {
        "convention": "CMS", "title": "Census of bat roosts in caves", "period_start": "2025-01-01",
        "period_end": "2025-12-31", "summary": "Counted the bats sleeping in caves along the coast.",
        "targets": ["SPMS 9"]}, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.mark.parametrize("roles,seen", [(PARTNER, True), (CMS_STAFF, True), (ADMIN, True), (None, False),
                                        (CMS_REVIEWER, False), (UGANDA_NFP, False)])
def test_a_draft_contribution_is_found_by_meaning_only_by_those_who_may_read_it(as_role, draft_contribution,
                                                                               roles, seen):
    found = as_role(roles).get("/api/search", {"q": "counting flying mammals resting underground",
                                               "mode": "hybrid", "limit": 100}).json()
    items = [i for i in found["items"] if i["kind"] == "contribution"]
    assert bool(items) is seen
    assert ("contribution" in {f["value"] for f in found["facets"]["kind"]}) is seen
