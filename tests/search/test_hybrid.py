"""Hybrid ranking (issue 13): texts found by meaning with none of the query's words, never past the reader's
visibility, through /api/search on SQLite and PostgreSQL (run with DATABASE_URL set)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.catalogue.models import Convention
from liaison.decisions.models import Decision, DecisionRevision, Paragraph
from liaison.engine.search import query_parse
from liaison.frameworks.models import Framework
from liaison.search.models import SearchDocument, SearchVector
from liaison.search.services import search_index_decision

from ..frameworks.plans import KENYA_PLAN_CSV
from .conftest import ADMIN, CMS_REVIEWER, KENYA_NFP, PARTNER, UGANDA_NFP

pytestmark = pytest.mark.django_db

QUERY = "killing of birds in nets"
TRAPPING = "Urges Range States to end the illegal taking and trapping of migratory songbirds along their flyways"
PLAN = "KE-NBSAP-2030"
# Target A2 of the plan is "Migratory birds and their flyways are protected from bycatch, poisoning and collisions
# with power lines"; this query shares no word with it (nor with any bundled text: full text finds nothing).
BY_MEANING = "flying animals killed by electricity grids"


@pytest.fixture
def trapping_paragraph():
    """A CMS resolution whose one paragraph is on illegal taking and trapping, indexed by the write path."""
    decision = Decision.objects.create(convention=Convention.objects.get(acronym="CMS"), kind="resolution",
                                       number="99.1", title="Songbird protection", year=2026)
    revision = DecisionRevision.objects.create(decision=decision, label="", content_hash="h" * 64,
                                               source_name="r.txt", source_format="txt", parsed={})
    paragraph = Paragraph.objects.create(revision=revision, kind=Paragraph.OPERATIVE, order=1, number="1",
                                         text=TRAPPING)
    search_index_decision(decision_id=decision.pk)
    return paragraph


@pytest.fixture
def hidden_plan(client_for):
    upload = client_for(KENYA_NFP).post("/api/frameworks/import", {
        "file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode()), "country": "KEN", "published": "false"})
    assert upload.status_code == 201
    return Framework.objects.get(code=PLAN)


def ids(found: dict, kind: str) -> list[int]:
    return [item["id"] for item in found["items"] if item["kind"] == kind]


def test_the_query_and_the_paragraph_share_no_word():
    assert not set(query_parse(QUERY).words) & set(query_parse(TRAPPING.lower()).words)


def test_a_meaning_only_query_finds_the_paragraph_on_illegal_taking_and_trapping(api, trapping_paragraph):
    assert trapping_paragraph.pk not in ids(api(q=QUERY), "paragraph")  # full text: none of its words
    found = api(q=QUERY, mode="hybrid", limit=10)
    assert trapping_paragraph.pk in ids(found, "paragraph")[:3]
    hit = next(i for i in found["items"] if i["kind"] == "paragraph" and i["id"] == trapping_paragraph.pk)
    assert hit["title"] == "CMS Resolution 99.1 ¶1" and "trapping" in hit["snippet"] and hit["score"] > 0


def test_hybrid_keeps_the_full_text_matches_first_for_a_word_query(api):
    text = api(q="wetland habitats")["items"]
    hybrid = api(q="wetland habitats", mode="hybrid")["items"]
    assert text and hybrid[0]["title"] == text[0]["title"]
    assert {i["title"] for i in text[:3]} <= {i["title"] for i in hybrid[:6]}


def test_hybrid_counts_and_facets_its_matches_and_applies_the_filters(api, trapping_paragraph):
    found = api(q=QUERY, mode="hybrid")
    kinds = {f["value"]: f["count"] for f in found["facets"]["kind"]}
    assert found["count"] == sum(kinds.values()) > 0 and kinds["paragraph"] >= 1
    only = api(q=QUERY, mode="hybrid", kind="paragraph", limit=100)
    assert only["count"] == kinds["paragraph"] == len(only["items"])
    assert {i["kind"] for i in only["items"]} == {"paragraph"}
    assert trapping_paragraph.pk not in ids(api(q=QUERY, mode="hybrid", convention="WHC", limit=100), "paragraph")


def test_hybrid_pages_do_not_overlap(api):
    first = api(q="migratory species", mode="hybrid", limit=5)["items"]
    second = api(q="migratory species", mode="hybrid", limit=5, offset=5)["items"]
    assert len(first) == len(second) == 5
    assert not {(i["kind"], i["id"]) for i in first} & {(i["kind"], i["id"]) for i in second}


@pytest.mark.parametrize("roles", [None, UGANDA_NFP, PARTNER, CMS_REVIEWER])
def test_a_hidden_plans_target_is_not_found_by_meaning_either(as_role, hidden_plan, roles):
    reader = as_role(roles)
    found = reader.get("/api/search", {"q": BY_MEANING, "mode": "hybrid", "limit": 100}).json()
    assert not [i for i in found["items"] if i["title"].startswith(PLAN)]
    assert PLAN not in {f["value"] for f in found["facets"].get("framework", [])}
    shown = reader.get("/api/search", {"q": BY_MEANING, "mode": "hybrid", "kind": "target", "limit": 100}).json()
    assert shown["count"] == len(shown["items"]) and not [i for i in shown["items"] if i["title"].startswith(PLAN)]


@pytest.mark.parametrize("roles", [KENYA_NFP, ADMIN])
def test_a_hidden_plans_target_is_found_by_meaning_by_its_editors(as_role, hidden_plan, roles):
    reader = as_role(roles)
    assert not [i for i in reader.get("/api/search", {"q": BY_MEANING}).json()["items"]
                if i["title"].startswith(PLAN)]  # no word in common: full text does not find it
    found = reader.get("/api/search", {"q": BY_MEANING, "mode": "hybrid", "kind": "target"}).json()
    assert [i["title"][:len(PLAN) + 3] for i in found["items"]][:5].count(f"{PLAN} A2") == 1


def test_every_document_has_a_vector_and_a_deleted_one_takes_its_vector_along(api, trapping_paragraph):
    assert SearchVector.objects.count() == SearchDocument.objects.count()
    Decision.objects.filter(pk=trapping_paragraph.revision.decision_id).delete()
    assert SearchVector.objects.count() == SearchDocument.objects.count()
    assert trapping_paragraph.pk not in ids(api(q=QUERY, mode="hybrid", limit=100), "paragraph")


@pytest.mark.parametrize("params", [{"q": QUERY, "mode": "semantic"}, {"q": QUERY, "mode": ""},
                                    {"q": "x" * 501, "mode": "hybrid"}, {"q": QUERY, "mode": "hybrid", "limit": 0},
                                    {"q": QUERY, "mode": "hybrid", "offset": -1},
                                    {"q": QUERY, "mode": "hybrid", "kind": "nothing"}])
def test_bad_parameters_are_refused_with_a_422_and_change_nothing(client, params):
    before = SearchDocument.objects.count(), SearchVector.objects.count()
    response = client.get("/api/search", params)
    assert response.status_code == 422
    assert (SearchDocument.objects.count(), SearchVector.objects.count()) == before


def test_a_query_of_stop_words_or_unknown_words_finds_nothing_in_hybrid_mode_either(api):
    assert api(q="of the and", mode="hybrid") == api(q="of the and")
    assert api(q="qzxvjw", mode="hybrid")["count"] == 0


def test_hybrid_groups_the_best_of_each_kind_as_the_page_does(trapping_paragraph):
    from django.contrib.auth.models import AnonymousUser

    from liaison.search.selectors import search_run

    results = search_run(user=AnonymousUser(), q=QUERY, mode="hybrid", per_kind=3)
    groups = {kind: [hit.object_id for hit in hits] for kind, _, hits in results.by_kind()}
    assert trapping_paragraph.pk in groups["paragraph"] and all(len(ids) <= 3 for ids in groups.values())
    assert results.count >= sum(len(ids) for ids in groups.values())


def test_without_the_model_documents_are_stored_without_vectors_and_hybrid_ranks_by_text(api, settings, tmp_path):
    settings.MODELS_DIR = tmp_path  # a folder without the static model
    decision = Decision.objects.create(convention=Convention.objects.get(acronym="CMS"), kind="resolution",
                                       number="99.2", title="Quokka corridors", year=2026)
    assert SearchDocument.objects.filter(kind="decision", object_id=decision.pk).exists()
    assert SearchVector.objects.count() == SearchDocument.objects.count() - 1
    hybrid = api(q="quokka corridors", mode="hybrid")
    assert [i["id"] for i in hybrid["items"] if i["kind"] == "decision"] == [decision.pk]
    assert hybrid["count"] == api(q="quokka corridors")["count"]  # no neighbours by meaning without the model
