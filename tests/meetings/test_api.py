"""Meetings through the API: who reads an unpublished meeting, who enters and changes meetings, bad input."""

from __future__ import annotations

import pytest

from liaison.core.models import AuditEvent
from liaison.decisions.models import Decision
from liaison.meetings.models import Meeting

from .conftest import ADMIN, CBD_STAFF, CMS_STAFF, KEN_FP

pytestmark = pytest.mark.django_db

BODY = {"convention": "CMS", "kind": "cop", "number": 15, "symbol": "COP15", "title": "CMS COP15",
        "start": "2026-03-23", "end": "2026-03-29", "city": "Campo Grande", "country": "BR",
        "documents": [{"title": "Agenda", "url": "https://www.cms.int/cop15/agenda"}], "published": True}


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def put(client, url, body):
    return client.put(url, body, content_type="application/json")


def slugs(answer) -> list[str]:
    return [m["id"] for m in answer.json()["items"]]


def test_bundled_meetings_with_their_decisions(client):
    answer = client.get("/api/meetings?convention=CMS&sort=start").json()
    assert ["cms-cop11", "cms-cop12", "cms-cop14"] == [m["id"] for m in answer["items"]]
    cop12 = client.get("/api/meetings/cms-cop12").json()
    assert cop12["kind"] == "cop" and cop12["symbol"] == "COP12" and cop12["precision"] == "year"
    assert [d["number"] for d in cop12["decisions"]] == ["11.10"] and cop12["decisions"][0]["status"] == "in_effect"
    whc = client.get("/api/meetings/whc-31-com").json()
    assert whc["city"] == "Christchurch" and whc["decisions_count"] == 280
    cbd = client.get("/api/meetings/cbd-cop14").json()
    assert (cbd["start"], cbd["end"], cbd["country"]) == ("2018-11-17", "2018-11-29", "EGY")
    assert "UNEP-WCMC" in cbd["source"]


def test_an_unpublished_meeting_is_read_by_its_conventions_staff_only(client, client_for, hidden):
    assert "cms-stc99" not in slugs(client.get("/api/meetings?convention=CMS&limit=500"))
    assert client.get("/api/meetings/cms-stc99").status_code == 404
    for role in (KEN_FP, CBD_STAFF):
        reader = client_for(role)
        assert reader.get("/api/meetings/cms-stc99").status_code == 404
        assert "cms-stc99" not in slugs(reader.get("/api/meetings?convention=CMS"))
    for role in (CMS_STAFF, ADMIN):
        reader = client_for(role)
        assert reader.get("/api/meetings/cms-stc99").json()["editable"] is True
        assert "cms-stc99" in slugs(reader.get("/api/meetings?convention=CMS"))


def test_staff_enter_and_change_their_conventions_meetings(client, client_for, user_factory, as_user):
    assert post(client, "/api/meetings", BODY).status_code == 401
    assert post(client_for(KEN_FP), "/api/meetings", BODY).status_code == 403
    assert post(client_for(CBD_STAFF), "/api/meetings", BODY).status_code == 403
    assert not Meeting.objects.filter(symbol="COP15", convention__acronym="CMS").exists()
    staff = client_for(CMS_STAFF)
    answer = post(staff, "/api/meetings", BODY)
    assert answer.status_code == 201, answer.content
    made = answer.json()
    assert made["id"] == "cms-cop15" and made["country"] == "BRA" and made["documents"][0]["title"] == "Agenda"
    assert made["source"] == "entered in Liaison" and made["published"] is True
    assert client.get("/api/meetings/cms-cop15").status_code == 200
    assert post(staff, "/api/meetings", BODY).status_code == 409  # the symbol is taken
    changed = put(staff, "/api/meetings/cms-cop15", {**BODY, "city": "Samarkand", "country": "UZB"})
    assert changed.status_code == 200 and changed.json()["city"] == "Samarkand"
    assert put(client_for(CBD_STAFF), "/api/meetings/cms-cop15", BODY).status_code == 403
    assert put(staff, "/api/meetings/cms-cop15", {**BODY, "convention": "CBD"}).status_code == 403
    assert AuditEvent.objects.filter(object_type="meetings.meeting", action="meeting.update").count() == 1


@pytest.mark.parametrize("change, field", [
    ({"start": "2026-02-30"}, "start"),
    ({"start": "29/03/2026"}, "start"),
    ({"end": "2026-03-01"}, "end"),
    ({"start": None, "end": "2026-03-29"}, "start"),
    ({"start": "1066-10-14", "end": "1066-10-14"}, "start"),
    ({"convention": "NOPE"}, "convention"),
    ({"kind": "party"}, "kind"),
    ({"country": "XX"}, "country"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"documents": [{"title": "x", "url": "ftp://a"}]}, "documents"),
    ({"title": ""}, "title"),
])
def test_bad_values_are_refused_with_the_field_and_nothing_is_stored(client_for, change, field):
    before = Meeting.objects.count()
    answer = post(client_for(ADMIN), "/api/meetings", {**BODY, **change})
    assert answer.status_code == 422, answer.content
    assert field in {e["field"] for e in answer.json()["errors"]}
    assert Meeting.objects.count() == before


@pytest.mark.parametrize("query", ["convention=NOPE", "kind=party", "year=20x6", "year=1200", "sort=secret",
                                   "limit=0", "limit=501", "offset=-1"])
def test_bad_list_filters_answer_4xx(client, query):
    answer = client.get(f"/api/meetings?{query}")
    assert answer.status_code in (400, 422) and answer.json()["detail"]


def test_filters_by_kind_and_year(client):
    assert slugs(client.get("/api/meetings?kind=mop&year=2018")) == ["cartagena-cop-mop9", "nagoya-cop-mop3",
                                                                     "aewa-mop7"]
    by_decisions = client.get("/api/meetings?sort=-decisions&limit=1").json()["items"]
    assert by_decisions[0]["id"] == "whc-31-com"


def test_a_decision_published_with_a_meeting_label_links_to_that_meeting(db):
    from liaison.catalogue.models import Convention

    decision = Decision.objects.create(convention=Convention.objects.get(acronym="CMS"), number="12.99",
                                       meeting="COP12", year=2017)
    decision.refresh_from_db()
    assert decision.adopting_meeting.slug == "cms-cop12"
    odd = Decision.objects.create(convention=Convention.objects.get(acronym="CMS"), number="12.98",
                                  meeting="an informal gathering", year=2017)
    odd.refresh_from_db()
    assert odd.adopting_meeting is None and odd.meeting == "an informal gathering"
