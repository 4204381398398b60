"""/api/informea/Meetings over liaison.meetings: InforMEA's Meeting shape, $expand=decisions, the OData subset,
and an unpublished meeting listed to its convention's staff only."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention
from liaison.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def results(client, query: str) -> list[dict]:
    answer = client.get(f"/api/informea/Meetings?{query}")
    assert answer.status_code == 200, answer.content
    return answer.json()["d"]["results"]


def test_a_meeting_in_informea_shape_with_the_decisions_it_adopted(client):
    [cop12] = results(client, "$filter=treaty eq 'cms' and symbol eq 'COP12'&$expand=decisions")
    assert cop12["__metadata"]["type"] == "Meeting" and cop12["id"] == "cms-cop12"
    assert cop12["type"] == "cop" and cop12["status"] == "tentative" and cop12["access"] == "Public"
    assert [d["number"] for d in cop12["decisions"]] == ["11.10"]
    assert cop12["decisions"][0]["meetingId"] == "cms-cop12" and cop12["decisions"][0]["status"] == "active"
    [cbd] = results(client, "$filter=id eq 'cbd-cop14'")
    assert cbd["start"] == "/Date(1542412800000)/" and cbd["status"] == "confirmed"
    assert (cbd["city"], cbd["country"]) == ("Sharm El-Sheikh", "EG") and "decisions" not in cbd
    decision = client.get("/api/informea/Decisions?$filter=meetingId eq 'cms-cop12'").json()["d"]["results"]
    assert [d["number"] for d in decision] == ["11.10"]


def test_order_and_pages(client):
    first = client.get("/api/informea/Meetings?$orderby=start desc&$top=2").json()["d"]
    assert len(first["results"]) == 2 and "__next" in first
    assert first["results"][0]["start"] >= first["results"][1]["start"]


@pytest.mark.parametrize("query", ["$filter=venue eq 'Bonn'", "$filter=year eq 'x'", "$filter=id ne 'a'",
                                   "$filter=id eq", "$filter=(id eq 'a')", "$expand=paragraphs", "$top=501",
                                   "$orderby=secret", "$skip=-1", "$select=id"])
def test_outside_the_subset_is_400(client, query):
    answer = client.get(f"/api/informea/Meetings?{query}")
    assert answer.status_code == 400 and answer.json()["detail"]


def test_an_unpublished_meeting_is_listed_to_its_staff_only(client, client_for):
    Meeting.objects.create(slug="cms-stc98", convention=Convention.objects.get(acronym="CMS"),
                           kind="standing-committee", symbol="StC98", title="StC98", start=dt.date(2031, 1, 1),
                           end=dt.date(2031, 1, 2), published=False, source="tests")
    query = "$filter=id eq 'cms-stc98'"
    assert results(client, query) == []
    assert results(client_for((Role.FOCAL_POINT, "CMS", "KEN")), query) == []
    assert results(client_for((Role.SECRETARIAT, "Ramsar")), query) == []
    [record] = results(client_for((Role.SECRETARIAT, "CMS")), query)
    assert record["access"] == "Private"
