"""/api/informea/Contacts and /api/informea/Meetings: InforMEA's record shapes, the OData subset, what the
public reads of a contact."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention
from liaison.partnerships.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(user_factory, as_user):
    fp = as_user(user_factory((Role.FOCAL_POINT, "CBD", "KEN")))
    made = []
    for last, convention, kind in (("Alpha", "CBD", "nfp"), ("Beta", "Nagoya", "abs_nfp"), ("Gamma", "CITES", "cites_ma")):
        made.append(fp.post("/api/countries/KEN/contacts", {
            "last_name": last, "email": f"{last.lower()}@kenya.example", "institution": "Ministry",
            "public_fields": ["institution"], "roles": [{"convention": convention, "kind": kind}]},
            content_type="application/json").json()["id"])
    return fp, made


def test_contacts_in_informea_shape_public_fields_only_for_the_public(client, contacts):
    fp, made = contacts
    answer = client.get("/api/informea/Contacts?$filter=country eq 'KE' and treaty eq 'nagoya'")
    assert answer.status_code == 200
    [record] = [r for r in answer.json()["d"]["results"] if r["id"] == f"liaison:{made[1]}"]
    assert record["__metadata"]["type"] == "Contact" and record["roles"][0]["treaty"] == "nagoya"
    assert record["roles"][0]["roles"] == ["ABS national focal point"] and record["institution"] == "Ministry"
    assert "email" not in record
    mine = fp.get(f"/api/informea/Contacts?$filter=id eq 'liaison:{made[1]}'").json()["d"]["results"]
    assert mine[0]["email"] == "beta@kenya.example"
    ordered = client.get("/api/informea/Contacts?$filter=country eq 'KEN'&$orderby=lastName desc&$top=2").json()["d"]
    assert [r["lastName"] for r in ordered["results"]][:1] == ["Gamma"] and "__next" in ordered


@pytest.mark.parametrize("query", ["$filter=email eq 'x'", "$top=501", "$orderby=email", "$filter=country ne 'KE'",
                                   "$expand=roles", "$select=id"])
def test_outside_the_subset_is_400(client, query):
    answer = client.get(f"/api/informea/Contacts?{query}")
    assert answer.status_code == 400 and answer.json()["detail"]


def test_meetings_of_the_calendar(client):
    """A calendar meeting becomes a meeting record (liaison.meetings), served under the record's slug."""
    Event.objects.create(slug="interop-mop", title="AEWA MOP interop", kind="meeting", start=dt.date(2027, 5, 3),
                         end=dt.date(2027, 5, 7), convention=Convention.objects.get(acronym="CMS"))
    Event.objects.create(slug="interop-campaign", title="A campaign", kind="campaign", start=dt.date(2027, 1, 1),
                         end=dt.date(2027, 12, 31))
    results = client.get("/api/informea/Meetings?$filter=year eq 2027&$orderby=start").json()["d"]["results"]
    assert [r["id"] for r in results] == ["cms-aewa-mop-interop"]
    assert results[0]["start"] == "/Date(1809302400000)/" and results[0]["status"] == "confirmed"
    assert client.get("/api/informea/Meetings?$filter=year eq 'x'").status_code == 400
