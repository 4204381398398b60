"""SQLite: a common word reads its newest matches only (backends.sqlite.WINDOW), says its count is about so many,
and still shows only what the reader may see; rarer words are counted and ranked exactly (issue 13, speed)."""

import pytest
from django.db import connection

from liaison.catalogue.models import Convention
from liaison.engine.search import query_parse
from liaison.partnerships.models import Partnership
from liaison.search.selectors import search_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_window(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the window is SQLite's: PostgreSQL counts every match")
    from liaison.search.backends import sqlite

    monkeypatch.setattr(sqlite, "WINDOW", 20)
    monkeypatch.setattr(sqlite, "COMMON", 40)
    monkeypatch.setattr(sqlite, "SCAN", 200)
    sqlite.PLANS.clear()
    yield sqlite
    sqlite.PLANS.clear()


def test_a_common_word_is_counted_about_and_its_hits_come_from_its_newest_matches(api, small_window):
    found = api(q="Parties", limit=10)
    assert found["approximate"] is True
    exact = sum(f["count"] for f in found["facets"]["kind"])  # counted over the window: at most 20
    assert exact <= 20 < found["count"]
    assert len(found["items"]) == 10 and all(i["status"] not in ("superseded", "repealed") for i in found["items"])


def test_the_page_says_about_for_a_common_word(client, small_window):
    page = client.get("/search/", {"q": "Parties"}).content.decode()
    assert "about " in page and "most recently indexed matches" in page


def test_a_rare_word_is_exact_and_ranked_by_bm25(api, small_window):
    found = api(q="bycatch")
    assert "approximate" not in found and found["count"] == len(found["items"]) > 0
    assert small_window.plan(query_parse("bycatch")).ranked


def test_an_estimate_is_close_to_the_exact_count(small_window, monkeypatch):

    about = search_run(user=None, q="Parties")
    monkeypatch.setattr(small_window, "plan", lambda query: small_window.Plan(match=small_window.fts5_match(query)))
    exact = search_run(user=None, q="Parties")
    assert about.approximate and not exact.approximate
    assert 0.5 * exact.count <= about.count <= 2 * exact.count, (about.count, exact.count)


def test_a_hidden_partnership_is_neither_found_nor_counted_in_the_window(client, client_for, small_window):
    hidden = Partnership.objects.create(slug="window-hidden", title="Parties of the quokka window", instrument="mou",
                                        convention=Convention.objects.get(acronym="CMS"), published=False)
    found = client.get("/api/search", {"q": "Parties", "kind": "partnership", "limit": 100}).json()
    assert found["approximate"] is True  # newest first: the new partnership is inside the window
    assert hidden.pk not in [i["id"] for i in found["items"]]
    staff = client_for(("secretariat", "CMS")).get("/api/search", {"q": "Parties", "kind": "partnership",
                                                                  "limit": 100}).json()
    assert hidden.pk in [i["id"] for i in staff["items"]]
    assert dict((f["value"], f["count"]) for f in staff["facets"]["kind"])["partnership"] == \
        dict((f["value"], f["count"]) for f in found["facets"]["kind"]).get("partnership", 0) + 1


def test_a_write_makes_the_next_search_plan_again(client, small_window):
    before = client.get("/api/search", {"q": "Parties"}).json()["count"]
    plan_before = small_window.plan(query_parse("Parties"))
    Partnership.objects.create(slug="window-new", title="Parties to the wombat memorandum", instrument="mou",
                               convention=Convention.objects.get(acronym="CMS"))
    found = client.get("/api/search", {"q": "wombat"}).json()
    assert [i["title"] for i in found["items"]] == ["Parties to the wombat memorandum"]
    # planned again: the new match is the newest, so the window's floor (its 21st newest match) moved up
    plan_after = small_window.plan(query_parse("Parties"))
    assert plan_after is not plan_before and plan_after.floor > plan_before.floor
    # the count is still an estimate of the same order (it is extrapolated from samples below the window, which
    # a new match shifts: by several per cent with the bundled data, so no closer bound holds)
    after = client.get("/api/search", {"q": "Parties"}).json()
    assert after["approximate"] is True and before / 2 <= after["count"] <= before * 2
