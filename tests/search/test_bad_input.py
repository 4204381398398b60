"""Bad input answers a clear 4xx or is made harmless, never a 500 (issue 11)."""

import pytest

pytestmark = pytest.mark.django_db

SYNTAX = ['"unbalanced', 'NEAR(wetland habitat)', 'wetland OR "', '* ^ : ( ) - +', "AND OR NOT", "migr*ation",
          "'; DROP TABLE search_fts; --", "title:wetland", "{title body}: x", '"" ""', "a*", "💥🦆", "\\", "%_%"]


@pytest.mark.parametrize("q", SYNTAX)
def test_engine_syntax_in_a_query_is_taken_as_words(client, q):
    response = client.get("/api/search", {"q": q})
    assert response.status_code == 200, response.content
    assert client.get("/search/", {"q": q}).status_code == 200


@pytest.mark.parametrize("params,field", [
    ({"q": "x" * 10_000}, "q"), ({}, "q"), ({"q": ""}, "q"), ({"q": "x", "kind": "bogus"}, "kind"),
    ({"q": "x", "status": "maybe"}, "status"), ({"q": "x", "limit": 501}, "limit"), ({"q": "x", "limit": 0}, "limit"),
    ({"q": "x", "offset": -1}, "offset"), ({"q": "x", "year": 1800}, "year"), ({"q": "x", "year": "soon"}, "year"),
    ({"q": "x", "language": "de"}, "language"), ({"q": "x", "convention": "C" * 33}, "convention"),
])
def test_the_api_refuses_bad_parameters_with_422_naming_the_field(client, params, field):
    response = client.get("/api/search", params)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


def test_the_page_cuts_a_huge_query_and_drops_values_that_name_nothing(client):
    page = client.get("/search/", {"q": "wetlands " * 2000, "kind": "bogus", "year": "x", "offset": "-3",
                                   "status": "maybe", "language": "de"})
    assert page.status_code == 200
    assert len(page.context["q"]) <= 500 and page.context["filters"].kind == ""


def test_only_stop_words_find_nothing_and_say_so(client):
    assert client.get("/api/search", {"q": "the of and"}).json() == {"count": 0, "items": [], "facets": {}}
    page = client.get("/search/", {"q": "the"})
    assert page.status_code == 200 and page.context["results"].count == 0


def test_nul_characters_are_refused(client):
    assert client.get("/search/?q=%00").status_code == 400
    assert client.get("/api/search?q=%00").status_code == 400
