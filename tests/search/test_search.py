"""Ranked full-text search over the bundled data, through the API and the page (issue 13)."""

import pytest

from liaison.catalogue.models import Convention
from liaison.decisions.models import Decision, Paragraph

pytestmark = pytest.mark.django_db


def titles(found: dict) -> list[str]:
    return [item["title"] for item in found["items"]]


def test_wetlands_finds_wetland_habitats_in_resolution_11_10_paragraph_15(api):
    found = api(q="wetlands", kind="paragraph")
    assert "CMS Resolution 11.10 ¶15" in titles(found)
    hit = next(i for i in found["items"] if i["title"] == "CMS Resolution 11.10 ¶15")
    assert "<mark>wetland</mark>" in hit["snippet"].lower()
    assert hit["url"].endswith("#operative-15") and hit["status"] == "in_effect"


def test_a_phrase_needs_its_words_side_by_side_in_order(api):
    assert "CMS Resolution 11.10 ¶15" in titles(api(q='"wetland habitats"'))
    assert "CMS Resolution 11.10 ¶15" not in titles(api(q='"habitats wetland"'))


def test_a_prefix_finds_every_word_it_starts(api):
    exact = api(q="synergies")["count"]
    prefixed = api(q="synerg*")["count"]
    assert prefixed > exact > 0


def test_a_decision_is_found_first_by_its_symbol(api):
    found = api(q="11.10")
    assert found["items"][0]["kind"] == "decision"
    assert found["items"][0]["title"] == "CMS Resolution 11.10: Synergies and Partnerships"


def test_symbols_of_decisions_written_later_are_found_conf_18_3_and_16_31(api):
    cites = Convention.objects.get(acronym="CITES")
    cbd = Convention.objects.get(acronym="CBD")
    Decision.objects.create(convention=cites, kind="resolution", number="Conf. 18.3", title="CITES Strategic Vision")
    Decision.objects.create(convention=cbd, kind="decision", number="16/31", title="Monitoring framework")
    assert api(q="Conf. 18.3")["items"][0]["title"].startswith("CITES Resolution Conf. 18.3")
    assert api(q="16/31")["items"][0]["title"].startswith("CBD Decision 16/31")


def test_kenya_finds_kenya_and_what_it_is_party_to(api):
    found = api(q="Kenya")
    first = found["items"][0]
    assert first["kind"] == "country" and first["title"] == "Kenya"
    assert "CMS" in first["snippet"] and "CBD" in first["snippet"] and "Party to" in first["snippet"]


def test_a_repealed_decision_leaves_the_default_results_and_is_found_on_request_labelled(api, client):
    decision = Decision.objects.get(convention__acronym="CMS", number="14.3")
    paragraph = Paragraph.objects.filter(revision__decision=decision, kind=Paragraph.OPERATIVE).order_by("pk").first()
    phrase = '"' + " ".join(paragraph.text.split()[2:7]) + '"'
    mine = "CMS Resolution 14.3 ¶"
    assert any(t.startswith(mine) for t in titles(api(q=phrase, kind="paragraph")))
    decision.status = Decision.REPEALED
    decision.save()  # the index follows the write: no rebuild
    assert not any(t.startswith(mine) for t in titles(api(q=phrase, kind="paragraph")))
    asked = api(q=phrase, kind="paragraph", status="repealed")
    hits = [i for i in asked["items"] if i["title"].startswith(mine)]
    assert hits and all(h["status"] == "repealed" for h in hits)
    assert any(t.startswith(mine) for t in titles(api(q=phrase, kind="paragraph", status="all")))
    facets = {f["value"]: f["count"] for f in api(q=phrase)["facets"]["status"]}
    assert facets.get("repealed", 0) >= len(hits)  # the facet counts what the default leaves out
    page = client.get("/search/", {"q": phrase, "kind": "paragraph", "status": "repealed"})
    assert b'class="status repealed"' in page.content


def test_an_older_revision_is_superseded_and_the_current_one_found_once(api):
    from liaison.decisions.models import DecisionRevision
    from liaison.search.services import search_index_decision

    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    old = decision.revisions.order_by("created_at", "id").last()
    newer = DecisionRevision.objects.create(decision=decision, label="Rev.COP14", content_hash="x" * 64,
                                            source_name="rev.txt", source_format="txt", parsed={})
    Paragraph.objects.create(revision=newer, kind=Paragraph.OPERATIVE, order=15, number="15",
                             text="Further requests the Secretariat to strengthen cooperation on wetland habitats")
    search_index_decision(decision_id=decision.pk)
    current = [i for i in api(q='"wetland habitats"', kind="paragraph")["items"]
               if i["title"].startswith("CMS Resolution 11.10 ¶15")]
    assert len(current) == 1 and current[0]["status"] == "in_effect"
    assert old.paragraphs.filter(number="15").exists()
    every = api(q='"wetland habitats"', kind="paragraph", status="superseded")["items"]
    assert any(i["title"].startswith("CMS Resolution 11.10 ¶15") and i["status"] == "superseded" for i in every)


def test_facets_count_kinds_conventions_and_the_count_is_their_sum(api):
    found = api(q="migratory")
    kinds = {f["value"]: f["count"] for f in found["facets"]["kind"]}
    assert sum(kinds.values()) == found["count"]
    assert {"paragraph", "target"} <= set(kinds)
    conventions = {f["value"] for f in found["facets"]["convention"]}
    assert "CMS" in conventions
    only_targets = api(q="migratory", kind="target")
    assert only_targets["count"] == kinds["target"]
    assert {i["kind"] for i in only_targets["items"]} == {"target"}
    # the kind facet still counts every kind under a kind filter, so the reader can switch
    assert {f["value"]: f["count"] for f in only_targets["facets"]["kind"]} == kinds
    cms = api(q="migratory", convention="CMS")
    assert cms["count"] and {i["convention"] for i in cms["items"]} == {"CMS"}


def test_results_are_ranked_and_paginated(api):
    first = api(q="Parties", limit=5)
    second = api(q="Parties", limit=5, offset=5)
    assert first["count"] == second["count"] > 10
    scores = [i["score"] for i in first["items"] + second["items"]]
    assert scores == sorted(scores, reverse=True)
    assert not {(i["kind"], i["id"]) for i in first["items"]} & {(i["kind"], i["id"]) for i in second["items"]}


def test_a_french_reader_finds_french_texts_with_french_stems(client):
    response = client.get("/api/search", {"q": "espèce exotique envahissante", "kind": "target"},
                          HTTP_ACCEPT_LANGUAGE="fr")
    found = response.json()
    assert found["count"] > 0 and {i["language"] for i in found["items"]} == {"fr"}
    # the same target is not listed twice (once per language): an English reader gets the English text
    english = client.get("/api/search", {"q": "invasive alien species", "kind": "target"}).json()
    ids = [i["id"] for i in english["items"]]
    assert len(ids) == len(set(ids)) and {i["language"] for i in english["items"]} == {"en"}


def test_the_page_groups_results_by_kind_with_facets(client):
    page = client.get("/search/", {"q": "migratory"})
    assert page.status_code == 200
    kinds = [kind for kind, _, _ in page.context["groups"]]
    assert kinds[:2] == ["decision", "paragraph"] or "paragraph" in kinds
    assert len(kinds) == len(set(kinds)) >= 3
    body = page.content.decode()
    assert "<mark>" in body and 'role="search"' in body


def test_every_page_has_the_search_box_in_its_header(client):
    body = client.get("/conventions/").content.decode()
    header = body[body.index("<header"):body.index("</header>")]
    assert 'role="search"' in header and 'action="/search/"' in header


@pytest.mark.parametrize("q", ["bycatch", "Parties", "migrat*"])
def test_the_page_makes_a_bounded_number_of_queries_however_many_results(client, django_assert_max_num_queries, q):
    # facets (1), per-kind ranking (1), documents (1), snippets (1), targets, indicators, paragraphs,
    # conventions concerned, and the session and roles of the page
    with django_assert_max_num_queries(10):
        assert client.get("/search/", {"q": q}).status_code == 200


def test_few_candidates_passing_the_filters_fall_back_to_ranking_every_match(api, monkeypatch):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the candidate shortcut is SQLite's")
    from liaison.search.backends import sqlite

    exact = api(q="migratory", kind="target", limit=5)
    monkeypatch.setattr(sqlite, "CANDIDATES", 2)  # the best 2 matches are paragraphs: too few targets pass
    assert api(q="migratory", kind="target", limit=5)["items"] == exact["items"]
    assert api(q="migratory", limit=3)["items"][0]["kind"] in {"paragraph", "decision", "target", "partnership",
                                                               "convention", "organization", "indicator", "mandate"}
