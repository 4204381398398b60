"""The room's focal points (liaison.contacts) and the rest of what the country owes and has done: its national
plan's targets and their alignment, partner activities in the country, the coming meetings."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention, Country, Organization
from liaison.frameworks.models import Framework, Goal, Link, Target
from liaison.partnerships.models import Activity, Event, Partnership, WorkPlan

pytestmark = pytest.mark.django_db

KEN_FP = (Role.FOCAL_POINT, "CMS", "KEN")


def days(n: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=n)


def test_the_room_lists_the_focal_points_with_every_field_for_its_readers(client, user_factory, as_user):
    fp = as_user(user_factory(KEN_FP))
    made = fp.post("/api/countries/KEN/contacts", {"last_name": "Roomtest", "email": "room@kenya.example",
                                                   "roles": [{"convention": "Ramsar", "kind": "ramsar_aa"}]},
                   content_type="application/json").json()
    room = fp.get("/api/countries/KEN/room").json()
    [row] = [c for c in room["contacts"] if c["id"] == made["id"]]
    assert row["email"] == "room@kenya.example" and row["roles"][0]["kind_label"] == "Ramsar Administrative Authority"
    assert room["contacts_can_add"]
    page = fp.get("/countries/KEN/room/").content.decode()
    assert 'id="contacts"' in page and "room@kenya.example" in page
    # Ramsar's secretariat reads it in the room too; the public list shows the name but not the address
    staff = as_user(user_factory((Role.SECRETARIAT, "Ramsar"))).get("/api/countries/KEN/room").json()
    assert next(c for c in staff["contacts"] if c["id"] == made["id"])["email"] == "room@kenya.example"
    public = client.get("/countries/KEN/contacts/").content.decode()
    assert "Roomtest" in public and "room@kenya.example" not in public


def test_national_plan_targets_and_their_alignment(user_factory, as_user):
    kenya = Country.objects.get(iso3="KEN")
    plan = Framework.objects.create(code="KE-ROOM-NBSAP", name="Kenya room NBSAP", kind="nbsap", country=kenya,
                                    is_published=False)
    goal = Goal.objects.create(framework=plan, code="A")
    mine = Target.objects.create(framework=plan, goal=goal, code="A1", title={"en": "Protect 30% of land"}, order=1)
    Target.objects.create(framework=plan, goal=goal, code="A2", title={"en": "Flyways kept"}, order=2)
    gbf3 = Target.objects.get(framework__code="GBF", code="3")
    Link.objects.create(source_type=Link.TARGET, source_id=mine.pk, target=gbf3, review_state=Link.ACCEPTED)
    other = Target.objects.filter(framework__code="GBF").exclude(pk=gbf3.pk).first()
    Link.objects.create(source_type=Link.TARGET, source_id=mine.pk, target=other, review_state=Link.SUGGESTED)
    room = as_user(user_factory(KEN_FP)).get("/api/countries/KEN/room").json()
    [found] = [p for p in room["plans"] if p["code"] == "KE-ROOM-NBSAP"]
    assert found["aligned_count"] == 1 and not found["published"]
    assert [(t["code"], t["aligned"]) for t in found["targets"]] == [("A1", ["GBF 3"]), ("A2", [])]
    # an unpublished plan is its country's: Uganda's focal point does not enter the room, CMS staff read it
    staff = as_user(user_factory((Role.SECRETARIAT, "CMS"))).get("/api/countries/KEN/room").json()
    assert "KE-ROOM-NBSAP" in [p["code"] for p in staff["plans"]]


def test_partner_activities_in_the_country_and_coming_meetings(user_factory, as_user):
    kenya = Country.objects.get(iso3="KEN")
    cms = Convention.objects.get(acronym="CMS")
    org = Organization.objects.create(name="Kenya Room Wildlife Trust", kind="ngo", country=kenya)
    elsewhere = Organization.objects.create(name="Room Elsewhere Trust", kind="ngo")
    partnership = Partnership.objects.create(slug="room-partnership", title="Room partnership", instrument="mou",
                                             convention=cms, status="active")
    plan = WorkPlan.objects.create(partnership=partnership, title="Room plan")
    Activity.objects.create(workplan=plan, title="Count Kenya's vultures", owner=org, start=days(-10))
    Activity.objects.create(workplan=plan, title="Somewhere else", owner=elsewhere)
    Event.objects.create(slug="room-cop", title="CMS COP room test", kind="meeting", start=days(30), end=days(36),
                         convention=cms)
    Event.objects.create(slug="room-past", title="Past meeting", kind="meeting", start=days(-30), end=days(-28),
                         convention=cms)
    Event.objects.create(slug="room-cites", title="CITES meeting Kenya is party to", kind="meeting",
                         start=days(60), end=days(61), convention=Convention.objects.get(acronym="CITES"))
    room = as_user(user_factory(KEN_FP)).get("/api/countries/KEN/room").json()
    assert [a["title"] for a in room["partner_activities"] if a["partnership"] == "Room partnership"] == [
        "Count Kenya's vultures"]
    titles = [m["title"] for m in room["meetings"]]
    assert "CMS COP room test" in titles and "CITES meeting Kenya is party to" in titles
    assert "Past meeting" not in titles
    page = as_user(user_factory(KEN_FP)).get("/countries/KEN/room/").content.decode()
    assert "Count Kenya&#x27;s vultures" in page and "CMS COP room test" in page
    # the InforMEA Meetings collection serves the calendar's meetings, as meeting records (liaison.meetings) under
    # the record's slug since b650590, no longer under the calendar event's
    from django.test import Client

    meetings = Client().get("/api/informea/Meetings?$filter=treaty eq 'cms'&$top=500").json()["d"]["results"]
    ours = [m for m in meetings if m["title"][0]["value"] == "CMS COP room test"]
    assert len(ours) == 1 and ours[0]["treaty"] == "cms"


def test_partner_activities_involve_the_country_as_owner_lead_contributor_or_party(user_factory, as_user):
    kenya = Country.objects.get(iso3="KEN")
    ours = Organization.objects.create(name="Room Kenyan Trust", kind="ngo", country=kenya)
    theirs = Organization.objects.create(name="Room Foreign Trust", kind="ngo")
    cms = Convention.objects.get(acronym="CMS")

    def plan(slug: str, *, published: bool = True) -> WorkPlan:
        partnership = Partnership.objects.create(slug=slug, title=slug, instrument="mou", convention=cms,
                                                 status="active", published=published)
        return WorkPlan.objects.create(partnership=partnership, title=f"{slug} plan")

    Activity.objects.create(workplan=plan("room-led"), title="Led by Kenya", owner=theirs, lead=ours, start=days(1))
    contributed = Activity.objects.create(workplan=plan("room-contributed"), title="Kenya contributes",
                                          owner=theirs, start=days(2))
    contributed.contributors.add(ours)
    party = plan("room-party")
    party.partnership.parties.create(organization=ours)
    Activity.objects.create(workplan=party, title="Kenya is a party", owner=theirs, start=days(3))
    Activity.objects.create(workplan=plan("room-foreign"), title="Nothing Kenyan", owner=theirs, start=days(4))
    Activity.objects.create(workplan=plan("room-hidden", published=False), title="Hidden Kenyan", owner=theirs,
                            lead=ours, start=days(5))
    room = as_user(user_factory(KEN_FP)).get("/api/countries/KEN/room").json()
    titles = [a["title"] for a in room["partner_activities"] if a["partnership"].startswith("room-")]
    assert titles == ["Led by Kenya", "Kenya contributes", "Kenya is a party"]


def test_coming_meetings_are_the_meeting_records_the_reader_may_read(user_factory, as_user):
    """A meeting record made by staff or a harvest (not from the calendar) is among the coming meetings; an
    unpublished one only for its convention's staff, who read it (meetings_visible_to)."""
    from liaison.meetings.models import Meeting

    cites = Convention.objects.get(acronym="CITES")
    Meeting.objects.create(slug="cites-cop21-room", convention=cites, kind="cop", symbol="COP21-room",
                           title="CITES COP21 room test", start=days(90), end=days(100), source="test")
    Meeting.objects.create(slug="cites-sc-draft-room", convention=cites, kind="standing-committee",
                           symbol="SC99-room", title="Unpublished CITES SC room test", start=days(40), end=days(41),
                           source="test", published=False)
    Meeting.objects.create(slug="cites-cop20-room", convention=cites, kind="cop", symbol="COP20-room",
                           title="Past CITES COP room test", start=days(-100), end=days(-90), source="test")
    room = as_user(user_factory(KEN_FP)).get("/api/countries/KEN/room").json()
    titles = [m["title"] for m in room["meetings"]]
    assert "CITES COP21 room test" in titles and "Past CITES COP room test" not in titles
    assert "Unpublished CITES SC room test" not in titles
    [cop] = [m for m in room["meetings"] if m["title"] == "CITES COP21 room test"]
    assert cop["convention"] == "CITES" and cop["url"] == "/meetings/cites-cop21-room/"
    staff = as_user(user_factory((Role.SECRETARIAT, "CITES"))).get("/api/countries/KEN/room")
    assert staff.status_code == 200  # the room's owed view, as the convention's secretariat reads it
    assert "Unpublished CITES SC room test" in [m["title"] for m in staff.json()["meetings"]]
