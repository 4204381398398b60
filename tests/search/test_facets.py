"""The addressee (mandates' actor) and framework (targets and indicators) facets: each value with its count, under
the other filters, through /api/search and the page (issue 13)."""

import pytest

pytestmark = pytest.mark.django_db


def facet(found: dict, name: str) -> dict[str, int]:
    return {f["value"]: f["count"] for f in found["facets"][name]}


def test_the_addressee_facet_counts_the_mandates_of_each_actor(api):
    found = api(q="Secretariat", kind="mandate")
    counts = facet(found, "addressee")
    assert counts["Secretariat"] > counts.get("Parties", 0) > 0
    assert sum(counts.values()) == found["count"]  # every mandate has an addressee
    narrowed = api(q="Secretariat", kind="mandate", addressee="Secretariat", limit=100)
    assert narrowed["count"] == counts["Secretariat"]
    assert all(": Secretariat " in i["title"] for i in narrowed["items"])
    assert facet(narrowed, "addressee") == counts  # a facet counts its values under the other filters only


def test_the_framework_facet_counts_the_targets_and_indicators_of_each_framework(api):
    found = api(q="biodiversity")
    counts = facet(found, "framework")
    assert {"GBF", "AICHI"} <= set(counts)
    assert sum(counts.values()) == sum(n for kind, n in facet(found, "kind").items() if kind in ("target", "indicator"))
    narrowed = api(q="biodiversity", framework="GBF", limit=500)
    assert narrowed["count"] == counts["GBF"] == len(narrowed["items"])
    assert {i["kind"] for i in narrowed["items"]} == {"target", "indicator"}
    assert all(i["title"].startswith("GBF ") for i in narrowed["items"])
    assert api(q="biodiversity", framework="NO-SUCH-FRAMEWORK")["count"] == 0


def test_the_page_lists_the_new_facets_and_narrows_by_them(client):
    page = client.get("/search/", {"q": "Secretariat"}).content.decode()
    assert "Addressee" in page and "addressee=Secretariat" in page
    assert "Framework" in client.get("/search/", {"q": "biodiversity"}).content.decode()
    narrowed = client.get("/search/", {"q": "Secretariat", "addressee": "Parties"}).content.decode()
    assert "Clear the filters" in narrowed


def test_a_too_long_facet_value_is_refused(client):
    response = client.get("/api/search", {"q": "Secretariat", "addressee": "x" * 201})
    assert response.status_code == 422
    assert client.get("/api/search", {"q": "Secretariat", "framework": "x" * 65}).status_code == 422
