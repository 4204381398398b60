"""Meetings in the search (issue 13): found by symbol and venue, counted in the facets, linked to their page, kept
current as they are entered, changed, published and unpublished, and found only by those who may read them."""

from __future__ import annotations

import pytest

from liaison.meetings.models import Meeting

from .conftest import ADMIN, CMS_STAFF, KENYA_NFP

pytestmark = pytest.mark.django_db

CBD_STAFF = (CMS_STAFF[0], "CBD")
BODY = {"convention": "CMS", "kind": "standing-committee", "number": 98, "symbol": "StC98",
        "title": "98th meeting of the Standing Committee", "start": "2031-11-04", "end": "2031-11-06",
        "city": "Quixadá", "country": "BR", "published": False}


def meetings_found(client, q: str, **params) -> list[str]:
    response = client.get("/api/search", {"q": q, **params})
    assert response.status_code == 200, response.content
    return [i["url"] for i in response.json()["items"] if i["kind"] == "meeting"]


def test_cop14_finds_every_cop14_the_cbds_among_them(client):
    urls = meetings_found(client, "COP14")
    assert {"/meetings/cbd-cop14/", "/meetings/cms-cop14/"} <= set(urls)  # which is first is the engine's choice
    assert all(url.endswith("-cop14/") for url in urls)


@pytest.mark.parametrize("q", ["Sharm El-Sheikh", "CBD COP14", "CBD COP 14"])
def test_the_cbd_cop14_is_found_first_by_its_venue_or_convention_and_symbol(client, q):
    answer = client.get("/api/search", {"q": q}).json()
    meetings = [i for i in answer["items"] if i["kind"] == "meeting"]
    assert meetings[0]["url"] == "/meetings/cbd-cop14/" and meetings[0]["title"] == "CBD COP14"
    assert (meetings[0]["convention"], meetings[0]["year"]) == ("CBD", 2018)


def test_the_facets_count_meetings(client):
    facets = client.get("/api/search", {"q": "Sharm El-Sheikh"}).json()["facets"]
    kinds = dict((f["value"], f["count"]) for f in facets["kind"])
    expected = Meeting.objects.filter(city="Sharm El-Sheikh").count()  # CBD COP14 and its protocols' meetings
    assert expected >= 1 and kinds["meeting"] == expected
    only = client.get("/api/search", {"q": "Sharm El-Sheikh", "kind": "meeting", "convention": "CBD",
                                      "year": 2018}).json()
    assert only["count"] == 1 and [i["url"] for i in only["items"]] == ["/meetings/cbd-cop14/"]
    assert client.get("/api/search", {"q": "COP14", "kind": "meeting", "year": 1999}).json()["count"] == 0


def test_the_page_groups_meetings_with_a_link_to_the_meeting(client):
    html = client.get("/search/", {"q": "Sharm El-Sheikh"}).content.decode()
    assert 'id="kind-meeting"' in html and 'href="/meetings/cbd-cop14/"' in html


def test_a_bad_kind_is_refused(client):
    assert client.get("/api/search", {"q": "COP14", "kind": "meetings"}).status_code == 422


@pytest.fixture
def unpublished(client_for):
    """An unpublished CMS meeting entered through the API by CMS staff (the index follows the write)."""
    response = client_for(CMS_STAFF).post("/api/meetings", BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    return Meeting.objects.get(slug="cms-stc98")


@pytest.mark.parametrize("roles, found", [(None, False), (KENYA_NFP, False), (CBD_STAFF, False), (CMS_STAFF, True),
                                          (ADMIN, True)])
def test_an_unpublished_meeting_is_found_only_by_its_conventions_staff(as_role, unpublished, roles, found):
    reader = as_role(roles)
    assert (meetings_found(reader, "Quixadá") == ["/meetings/cms-stc98/"]) is found
    answer = reader.get("/api/search", {"q": "Quixadá"}).json()
    assert (answer["count"] > 0) is found and bool(answer["facets"]["kind"]) is found  # not even counted
    assert ("/meetings/cms-stc98/" in reader.get("/search/", {"q": "Quixadá"}).content.decode()) is found


def test_a_meeting_is_kept_current_when_edited_published_unpublished_and_deleted(client, client_for, unpublished):
    staff = client_for(CMS_STAFF)

    def put(**change):
        response = staff.put("/api/meetings/cms-stc98", {**BODY, **change}, content_type="application/json")
        assert response.status_code == 200, response.content

    put(city="Petrolina")
    assert meetings_found(staff, "Petrolina") == ["/meetings/cms-stc98/"]
    assert meetings_found(staff, "Quixadá") == []
    assert meetings_found(client, "Petrolina") == []
    put(city="Petrolina", published=True)
    assert meetings_found(client, "Petrolina") == ["/meetings/cms-stc98/"]
    assert meetings_found(client, "StC98", kind="meeting", convention="CMS", year=2031) == ["/meetings/cms-stc98/"]
    put(city="Petrolina", published=False)
    assert meetings_found(client, "Petrolina") == []
    unpublished.delete()
    assert meetings_found(staff, "Petrolina") == []


def test_a_rebuild_indexes_every_meeting():
    from liaison.search.services import search_rebuild

    report = search_rebuild()
    assert report.counts["meeting"] == Meeting.objects.count() > 10
