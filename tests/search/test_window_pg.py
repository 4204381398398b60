"""PostgreSQL: a common word reads its newest matches only (backends.postgresql.WINDOW), as on SQLite
(test_window.py), run here with a window of 20 on the bundled data (run with DATABASE_URL set)."""

import pytest
from django.db import connection

from liaison.catalogue.models import Convention
from liaison.partnerships.models import Partnership
from liaison.search.selectors import search_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_window(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's window; SQLite's is in test_window.py")
    from liaison.search.backends import postgresql

    monkeypatch.setattr(postgresql, "WINDOW", 20)
    monkeypatch.setattr(postgresql, "SAMPLE", 200)
    postgresql.PLANS.clear()
    yield postgresql
    postgresql.PLANS.clear()


def test_a_common_word_is_counted_about_and_its_hits_come_from_its_newest_matches(api, small_window):
    found = api(q="Parties", limit=10)
    assert found["approximate"] is True
    assert sum(f["count"] for f in found["facets"]["kind"]) <= 20 < found["count"]
    assert len(found["items"]) == 10 and all(i["status"] not in ("superseded", "repealed") for i in found["items"])


def test_a_rare_word_is_exact_and_ranked(api, small_window):
    found = api(q="bycatch")
    assert "approximate" not in found and found["count"] == len(found["items"]) > 0
    assert not small_window.plan(search_run(user=None, q="bycatch").query).floor


def test_an_estimate_is_close_to_the_exact_count(small_window, monkeypatch):
    about = search_run(user=None, q="Parties")
    monkeypatch.setattr(small_window, "plan", lambda query: small_window.Plan())
    exact = search_run(user=None, q="Parties")
    assert about.approximate and not exact.approximate
    assert 0.5 * exact.count <= about.count <= 2 * exact.count, (about.count, exact.count)


def test_a_hidden_partnership_is_neither_found_nor_counted_in_the_window(client, client_for, small_window):
    hidden = Partnership.objects.create(slug="window-hidden", title="Parties of the quokka window", instrument="mou",
                                        convention=Convention.objects.get(acronym="CMS"), published=False)
    small_window.PLANS.clear()
    found = client.get("/api/search", {"q": "Parties", "kind": "partnership", "limit": 100}).json()
    assert found["approximate"] is True  # newest first: the new partnership is inside the window
    assert hidden.pk not in [i["id"] for i in found["items"]]
    staff = client_for(("secretariat", "CMS")).get("/api/search", {"q": "Parties", "kind": "partnership",
                                                                  "limit": 100}).json()
    assert hidden.pk in [i["id"] for i in staff["items"]]
    assert dict((f["value"], f["count"]) for f in staff["facets"]["kind"])["partnership"] == \
        dict((f["value"], f["count"]) for f in found["facets"]["kind"]).get("partnership", 0) + 1


def test_a_filter_few_of_the_window_pass_finds_the_newest_that_do(api, small_window, monkeypatch):
    window = set(small_window.plan(search_run(user=None, q="Parties").query).ids)
    found = api(q="Parties", kind="target", limit=5)
    assert found["approximate"] is True
    assert len(found["items"]) == 5 and all(i["kind"] == "target" for i in found["items"])
    # the window of 20 holds fewer targets than a page: some came from further back
    assert any(found_id not in window for found_id in [_document_id(i) for i in found["items"]])
    monkeypatch.setattr(small_window, "plan", lambda query: small_window.Plan())
    exact = api(q="Parties", kind="target", limit=500)
    assert {i["id"] for i in found["items"]} <= {i["id"] for i in exact["items"]}


def _document_id(item):
    from liaison.search.models import SearchDocument

    return SearchDocument.objects.get(kind=item["kind"], object_id=item["id"], language=item["language"]).pk
