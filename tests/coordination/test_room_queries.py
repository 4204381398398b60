"""The room costs a fixed number of queries: doubling its people, members, contacts, mandates, reports, notes and
plan targets adds none (machine-independent: queries are counted, not timed). And its forms that the speed work
changed: one removal form per group, the latest notes of a long log."""

from __future__ import annotations

import datetime as dt
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention, Country
from liaison.contacts.models import Contact, ContactRole
from liaison.coordination.models import WorkingGroup, WorkingGroupMember, WorkingGroupNote
from liaison.decisions.models import Actor, Decision, DecisionRevision, Mandate, Paragraph
from liaison.frameworks.models import Framework, Goal, Target
from liaison.reporting.models import Questionnaire, Report

pytestmark = pytest.mark.django_db

SERIAL = count(1)


def room_grow(*, group: WorkingGroup, user_factory, n: int) -> None:
    """Add n of everything the room lists to Kenya's room."""
    kenya = Country.objects.get(iso3="KEN")
    conventions = list(Convention.objects.filter(memberships__country=kenya).order_by("acronym")[:5])
    actor, _ = Actor.objects.get_or_create(code="parties", defaults={"label": "Parties", "kind": "party"})
    plan, _ = Framework.objects.get_or_create(code="KE-QUERIES", defaults={"name": "Kenya plan", "kind": "nbsap",
                                                                           "country": kenya})
    goal, _ = Goal.objects.get_or_create(framework=plan, code="A")
    today = dt.date.today()
    for _ in range(n):
        k = next(SERIAL)
        convention = conventions[k % len(conventions)]
        person = user_factory((Role.FOCAL_POINT if k % 2 else Role.CONTRIBUTOR, convention.acronym, "KEN"),
                              username=f"room-q-{k}")
        WorkingGroupMember.objects.create(group=group, user=person, role="member")
        WorkingGroupNote.objects.create(group=group, author=person, text=f"Note {k}", date=today)
        contact = Contact.objects.create(country=kenya, last_name=f"Contact {k}", email=f"c{k}@ke.example")
        ContactRole.objects.create(contact=contact, convention=convention, kind="nfp")
        decision = Decision.objects.create(convention=convention, number=f"Q{k}", title=f"Queries {k}", year=2024)
        revision = DecisionRevision.objects.create(decision=decision, content_hash=f"room-q-{k}", source_name="t",
                                                   source_format="txt")
        paragraph = Paragraph.objects.create(revision=revision, kind="operative", order=1, number="1",
                                             text="Requests Parties")
        Mandate.objects.create(decision=decision, paragraph=paragraph, order=1, actor=actor, verb="requests",
                               action=f"to do thing {k}", deadline=f"by 31 December {today.year + 1}")
        questionnaire = Questionnaire.objects.create(
            convention=convention, code=f"room-q-{k}", title=f"Report {k}", cycle=f"Cycle {k}", cycle_order=500 + k,
            opens=today - dt.timedelta(days=10), deadline=today + dt.timedelta(days=30),
            closes=today + dt.timedelta(days=90))
        Report.objects.create(questionnaire=questionnaire, country=kenya)
        Target.objects.create(framework=plan, goal=goal, code=f"A{k}", title={"en": f"Target {k}"}, order=k)


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_room_costs_the_same_queries_with_twice_as_much_in_it(user_factory, as_user):
    fp = user_factory((Role.FOCAL_POINT, "CMS", "KEN"), username="room-q-fp")
    staff = user_factory((Role.SECRETARIAT, "CMS"), username="room-q-staff")
    group = WorkingGroup.objects.create(country=Country.objects.get(iso3="KEN"), name="Queries", created_by=fp)
    WorkingGroupMember.objects.create(group=group, user=fp, role="convener")
    clients = {"focal point": as_user(fp), "secretariat": as_user(staff)}
    room_grow(group=group, user_factory=user_factory, n=4)
    for c in clients.values():  # a visit's first request notes the visit: not the room's cost
        c.get("/countries/KEN/room/")
    before = {(who, url): queries_of(c, url) for who, c in clients.items()
              for url in ("/countries/KEN/room/", "/api/countries/KEN/room")}
    room_grow(group=group, user_factory=user_factory, n=4)
    after = {key: queries_of(clients[key[0]], key[1]) for key in before}
    assert after == before
    page = clients["focal point"].get("/countries/KEN/room/").content.decode()
    assert page.count('name="user" value="') >= 9  # every member has a Remove button in the one form


def test_one_removal_form_per_group_takes_the_member_its_button_names(user_factory, as_user):
    fp = user_factory((Role.FOCAL_POINT, "CMS", "KEN"), username="room-rm-fp")
    colleague = user_factory((Role.CONTRIBUTOR, "CBD", "KEN"), username="room-rm-colleague")
    group = WorkingGroup.objects.create(country=Country.objects.get(iso3="KEN"), name="Removals", created_by=fp)
    for person in (fp, colleague):
        WorkingGroupMember.objects.create(group=group, user=person, role="member")
    client = as_user(fp)
    page = client.get("/countries/KEN/room/").content.decode()
    url = f"/countries/KEN/room/groups/{group.pk}/members/remove/"
    assert page.count(f'action="{url}"') == 1 and f'name="user" value="{colleague.pk}"' in page
    # the colleague (no focal point) may not remove anyone; bad or absent ids are a 404, nothing removed
    assert as_user(colleague).post(url, {"user": fp.pk}).status_code == 403
    for bad in ("", "abc", "-1", "99999999999", str(colleague.pk + 1000)):
        assert client.post(url, {"user": bad}).status_code == 404
    assert WorkingGroupMember.objects.filter(group=group).count() == 2
    answer = client.post(url, {"user": colleague.pk})
    assert answer.status_code == 302 and answer["Location"].endswith(f"#group-{group.pk}")
    assert list(WorkingGroupMember.objects.filter(group=group).values_list("user_id", flat=True)) == [fp.pk]


def test_the_room_shows_the_latest_notes_of_a_long_log(user_factory, as_user):
    fp = user_factory((Role.FOCAL_POINT, "CMS", "KEN"), username="room-notes-fp")
    group = WorkingGroup.objects.create(country=Country.objects.get(iso3="KEN"), name="Long log", created_by=fp)
    WorkingGroupMember.objects.create(group=group, user=fp, role="member")
    start = dt.date(2026, 1, 1)
    WorkingGroupNote.objects.bulk_create([WorkingGroupNote(group=group, author=fp, text=f"Entry {i}",
                                                           date=start + dt.timedelta(days=i)) for i in range(30)])
    room = as_user(fp).get("/api/countries/KEN/room").json()
    [found] = [g for g in room["working_groups"] if g["id"] == group.pk]
    assert [n["text"] for n in found["notes"]] == [f"Entry {i}" for i in range(29, 9, -1)]


def test_the_owed_view_lists_the_nearest_deadlines_and_links_to_every_mandate(user_factory, as_user):
    fp = as_user(user_factory((Role.FOCAL_POINT, "CMS", "KEN"), username="room-owed-fp"))
    cms = Convention.objects.get(acronym="CMS")
    actor, _ = Actor.objects.get_or_create(code="parties", defaults={"label": "Parties", "kind": "party"})
    year = dt.date.today().year
    for k in range(8):
        decision = Decision.objects.create(convention=cms, number=f"N{k}", title=f"Nearest {k}", year=2024)
        revision = DecisionRevision.objects.create(decision=decision, content_hash=f"room-owed-{k}", source_name="t",
                                                   source_format="txt")
        paragraph = Paragraph.objects.create(revision=revision, kind="operative", order=1, number="1", text="Requests")
        Mandate.objects.create(decision=decision, paragraph=paragraph, order=1, actor=actor, verb="requests",
                               action=f"owed thing {k}", deadline=f"by 31 December {year + 1 + k}")
    room = fp.get("/api/countries/KEN/room").json()
    [owed] = [c for c in room["conventions"] if c["acronym"] == "CMS"]
    shown = [m["action"] for m in owed["mandates"] if m["action"].startswith("owed thing")]
    assert owed["mandates_count"] >= 8 and len(owed["mandates"]) == 5
    assert [m["deadline_end"] for m in owed["mandates"]] == sorted(m["deadline_end"] for m in owed["mandates"])
    assert "owed thing 7" not in shown  # the farthest deadline is not among the nearest five
    page = fp.get("/countries/KEN/room/").content.decode()
    assert 'href="/mandates/?convention=CMS&amp;actor=parties"' in page


def test_linked_notes_cost_the_same_queries_however_many(user_factory, as_user):
    """Notes linked to the mandates, reports' sections and plan targets the room lists: their links on the notes,
    the notes under each linked object and the colleagues' linked notes are read in a fixed number of queries."""
    from liaison.reporting.models import Section

    # a focal point for every convention: every linked note touches their work, from the first state on
    fp = user_factory((Role.FOCAL_POINT, None, "KEN"), username="room-ql-fp")
    group = WorkingGroup.objects.create(country=Country.objects.get(iso3="KEN"), name="Linked", created_by=fp)
    WorkingGroupMember.objects.create(group=group, user=fp, role="convener")
    client = as_user(fp)

    def grow(n: int) -> None:
        room_grow(group=group, user_factory=user_factory, n=n)
        for note in WorkingGroupNote.objects.filter(group=group, mandates__isnull=True, author__isnull=False):
            k = note.text.split()[-1]
            note.mandates.add(Mandate.objects.get(decision__number=f"Q{k}"))
            note.targets.add(Target.objects.get(framework__code="KE-QUERIES", code=f"A{k}"))
            questionnaire = Questionnaire.objects.get(code=f"room-q-{k}")
            note.sections.add(Section.objects.create(questionnaire=questionnaire, number="1", title="S", order=1))

    grow(3)
    client.get("/countries/KEN/room/")
    page = client.get("/countries/KEN/room/").content.decode()
    linked = WorkingGroupNote.objects.filter(group=group, mandates__isnull=False).first()
    assert page.count(f"#note-{linked.pk}") >= 3  # under its report and its plan target, and touching the reader
    before = queries_of(client, "/countries/KEN/room/")
    grow(3)
    assert queries_of(client, "/countries/KEN/room/") == before
