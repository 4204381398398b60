"""Notes of a working group linked to mandates addressed to Parties, report sections and targets: each pick among
what its writer may read (422 otherwise, nothing stored), the links shown on the note to who may read them, and
the notes shown under the mandate, the report and the target in the room's owed view, to the notes' readers only."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.catalogue.models import Convention, Country
from liaison.coordination.models import WorkingGroupNote
from liaison.core.models import AuditEvent
from liaison.decisions.models import Actor, Decision, DecisionRevision, Mandate, Paragraph
from liaison.frameworks.models import Framework, Goal, Target
from liaison.reporting.models import Questionnaire, Report, Section

from .conftest import json_call

pytestmark = pytest.mark.django_db


def mandate_due_tomorrow() -> Mandate:
    """A CMS mandate to Parties in effect due tomorrow: the nearest deadline, so the room lists it."""
    decision = Decision.objects.create(convention=Convention.objects.get(acronym="CMS"), number="99.31",
                                       title="Note links", status=Decision.IN_EFFECT, year=dt.date.today().year)
    revision = DecisionRevision.objects.create(decision=decision, content_hash="note-links-99-31",
                                               source_name="99.31.txt", source_format="txt")
    paragraph = Paragraph.objects.create(revision=revision, kind=Paragraph.OPERATIVE, order=1, number="1",
                                         text="Urges Parties to map flyways.")
    parties, _ = Actor.objects.get_or_create(code="parties", defaults={"label": "Parties", "kind": "party"})
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    return Mandate.objects.create(decision=decision, paragraph=paragraph, actor=parties, verb="urges",
                                  action="map flyways", deadline=f"by {tomorrow.day} {tomorrow:%B %Y}")


def kenyan_plan(*, published: bool, code: str) -> Target:
    plan = Framework.objects.create(code=code, name=f"Kenya plan {code}", kind="nbsap",
                                    country=Country.objects.get(iso3="KEN"), is_published=published)
    goal = Goal.objects.create(framework=plan, code="A")
    return Target.objects.create(framework=plan, goal=goal, code="A1", title={"en": f"Wetlands {code}"}, order=1)


def open_report_section() -> Section:
    """A section of a CBD questionnaire whose cycle is open, with Kenya's report started."""
    today = dt.date.today()
    questionnaire = Questionnaire.objects.create(
        convention=Convention.objects.get(acronym="CBD"), code="note-links-q", title="Note links report",
        cycle="Note links cycle", cycle_order=95, opens=today - dt.timedelta(days=10),
        deadline=today + dt.timedelta(days=50), closes=today + dt.timedelta(days=100))
    Report.objects.create(questionnaire=questionnaire, country=Country.objects.get(iso3="KEN"))
    return Section.objects.create(questionnaire=questionnaire, number="1", title="Wetlands", order=1)


def test_a_note_linked_to_a_mandate_a_section_and_a_target_shows_them_and_the_room_shows_it_under_each(
        kenya_group, user_factory, as_user):
    g = kenya_group
    mandate, section, target = mandate_due_tomorrow(), open_report_section(), kenyan_plan(published=True, code="KE-1")
    made = json_call(g.c_cms, "post", f"{g.api}/notes",
                     {"text": "Flyway mapping agreed with the wetlands team.", "date": "2026-11-30",
                      "mandates": [mandate.pk], "sections": [section.pk], "targets": [target.pk]})
    assert made.status_code == 201, made.content
    note = made.json()
    assert [m["id"] for m in note["mandates"]] == [mandate.pk] and note["mandates"][0]["convention"] == "CMS"
    assert [s["id"] for s in note["sections"]] == [section.pk] and [t["id"] for t in note["targets"]] == [target.pk]
    audit = AuditEvent.objects.get(action="working_group_note_create", object_id=str(note["id"]))
    assert audit.changes["mandates"] == [mandate.pk]

    room = g.c_ramsar.get("/api/countries/KEN/room").json()  # a member who is not its author
    [shown] = [n for gr in room["working_groups"] for n in gr["notes"] if n["id"] == note["id"]]
    assert [t["id"] for t in shown["targets"]] == [target.pk]
    cms = next(c for c in room["conventions"] if c["acronym"] == "CMS")
    [row] = [m for m in cms["mandates"] if m["id"] == mandate.pk]
    assert [n["id"] for n in row["notes"]] == [note["id"]] and row["notes"][0]["group_id"] == g.id
    assert row["notes"][0]["url"].endswith(f"/room/groups/{g.id}/#note-{note['id']}")
    cbd = next(c for c in room["conventions"] if c["acronym"] == "CBD")
    [report] = [r for r in cbd["reports"] if r["questionnaire"] == "note-links-q"]
    assert [n["id"] for n in report["notes"]] == [note["id"]]
    [plan] = [p for p in room["plans"] if p["code"] == "KE-1"]
    assert [n["id"] for n in plan["targets"][0]["notes"]] == [note["id"]]
    page = g.c_ramsar.get("/countries/KEN/room/")
    assert page.content.count(f"#note-{note['id']}".encode()) == 3  # under the mandate, the report, the target
    group_page = g.c_ramsar.get(g.page)
    assert f'id="note-{note["id"]}"'.encode() in group_page.content and b"Wetlands KE-1" in group_page.content

    # who does not read the group's notes sees neither the note nor it under what the country owes
    for outsider in (as_user(user_factory(("secretariat", "CMS"))), as_user(user_factory(("contributor", "CBD",
                                                                                               "KEN")))):
        room = outsider.get("/api/countries/KEN/room").json()
        cms = next(c for c in room["conventions"] if c["acronym"] == "CMS")
        assert [m["notes"] for m in cms["mandates"] if m["id"] == mandate.pk] == [[]]
        assert all(not gr["notes"] for gr in room["working_groups"])
        assert f"#note-{note['id']}".encode() not in outsider.get("/countries/KEN/room/").content


def test_a_link_the_reader_may_not_read_is_left_off_the_note(kenya_group):
    g = kenya_group
    hidden = kenyan_plan(published=False, code="KE-DRAFT")  # its country's focal points read it, not contributors
    made = json_call(g.c_cms, "post", f"{g.api}/notes", {"text": "Draft plan discussed", "targets": [hidden.pk]})
    assert made.status_code == 201 and [t["id"] for t in made.json()["targets"]] == [hidden.pk]
    seen_by_contributor = [n for gr in g.c_ramsar.get("/api/countries/KEN/room").json()["working_groups"]
                           for n in gr["notes"]]
    assert [n["targets"] for n in seen_by_contributor] == [[]] and seen_by_contributor[0]["text"] == "Draft plan discussed"
    seen_by_focal_point = g.c_cbd.get(g.api).json()["notes"]
    assert [t["id"] for n in seen_by_focal_point for t in n["targets"]] == [hidden.pk]


@pytest.mark.parametrize("field, value", [("mandates", "not_to_parties"), ("mandates", [2**62]),
                                          ("sections", [2**62]), ("targets", "ugandan_draft"),
                                          ("targets", "kenyan_draft"), ("mandates", list(range(1, 52))),
                                          ("targets", ["abc"]), ("date", "2300-01-01")])
def test_a_note_with_a_pick_its_writer_may_not_read_is_refused_and_nothing_stored(kenya_group, field, value):
    g = kenya_group
    if value == "not_to_parties":
        value = [Mandate.objects.exclude(actor__kind="party").order_by("pk").first().pk]
    if value == "ugandan_draft":
        plan = Framework.objects.create(code="UG-DRAFT", name="Uganda draft", kind="nbsap",
                                        country=Country.objects.get(iso3="UGA"), is_published=False)
        value = [Target.objects.create(framework=plan, goal=Goal.objects.create(framework=plan, code="A"),
                                       code="A1", order=1).pk]
    client = g.c_cms
    if value == "kenyan_draft":  # a Kenyan contributor may not read the unpublished Kenyan plan either
        value, client = [kenyan_plan(published=False, code="KE-D2").pk], g.c_ramsar
    answer = json_call(client, "post", f"{g.api}/notes", {"text": "A note", field: value})
    assert answer.status_code == 422, answer.content
    assert not WorkingGroupNote.objects.filter(group_id=g.id).exists()


def test_the_group_pages_form_links_a_note_and_refuses_a_bad_pick(kenya_group, user_factory, as_user):
    g = kenya_group
    mandate = mandate_due_tomorrow()
    form = g.c_cbd.get(g.page)
    assert b'id="note-create"' in form.content and f'value="{mandate.pk}"'.encode() in form.content
    answer = g.c_cbd.post(f"{g.page}notes/", {"back": "group", "text": "Page note", "date": "2026-12-01",
                                              "mandates": [str(mandate.pk)]})
    note = WorkingGroupNote.objects.get(group_id=g.id, text="Page note")
    assert answer.status_code == 302 and answer["Location"].endswith(f"/room/groups/{g.id}/#note-{note.pk}")
    assert list(note.mandates.values_list("pk", flat=True)) == [mandate.pk]
    refused = g.c_cbd.post(f"{g.page}notes/", {"back": "group", "text": "Bad page note", "mandates": ["x1"]})
    assert refused.status_code == 422 and b'id="work-error"' in refused.content
    refused = g.c_cbd.post(f"{g.page}notes/", {"back": "group", "text": "Bad page note", "targets": [str(2**62)]})
    assert refused.status_code == 422 and not WorkingGroupNote.objects.filter(text="Bad page note").exists()
    # the room's short form still writes a plain note and goes back to the room
    plain = g.c_cbd.post(f"{g.page}notes/", {"text": "Room note"})
    assert plain.status_code == 302 and "/room/#group-" in plain["Location"]
    # who is not a member writes no note, linked or not; staff and outsiders do not get the form
    kenyan_outside = as_user(user_factory(("focal_point", "CBD", "KEN")))
    assert kenyan_outside.post(f"{g.page}notes/", {"back": "group", "text": "x",
                                                   "mandates": [str(mandate.pk)]}).status_code == 403
    assert b'id="note-create"' not in kenyan_outside.get(g.page).content
    staff = as_user(user_factory(("secretariat", "CMS")))
    assert b'id="note-create"' not in staff.get(g.page).content
    assert staff.post(f"{g.page}notes/", {"back": "group", "text": "x"}).status_code == 403
    assert WorkingGroupNote.objects.filter(group_id=g.id).count() == 2


def test_the_mandate_and_target_pages_list_the_notes_linked_to_them_to_the_notes_readers_only(
        kenya_group, user_factory, as_user, client):
    g = kenya_group
    mandate, target = mandate_due_tomorrow(), kenyan_plan(published=True, code="KE-PG")
    note = json_call(g.c_cms, "post", f"{g.api}/notes", {"text": "Flyway maps shared with the plan team.",
                                                         "mandates": [mandate.pk], "targets": [target.pk]}).json()
    anchor = f"/countries/KEN/room/groups/{g.id}/#note-{note['id']}"
    pages = (f"/mandates/{mandate.pk}/", f"/targets/{target.pk}/")
    for url in pages:
        html = g.c_ramsar.get(url).content.decode()  # a member of the group who did not write the note
        assert 'id="linked-notes"' in html and anchor in html and "Flyway maps shared" in html, url
    outsiders = (client, as_user(user_factory(("secretariat", "CMS"))),
                 as_user(user_factory(("contributor", "CBD", "KEN"))))
    for outsider in outsiders:
        for url in pages:
            answer = outsider.get(url)
            assert answer.status_code == 200 and anchor.encode() not in answer.content, url
            assert b"Flyway maps shared" not in answer.content, url


def test_ids_no_database_key_can_hold_are_refused_with_422_and_nothing_stored(kenya_group):
    """Found by the API contract fuzzing: a mandate id above 2**63 - 1 reached the database and answered 500."""
    g = kenya_group
    too_big = 61263691439781708765864333934592
    for url, body in ((f"{g.api}/notes", {"text": "Huge ids", "mandates": [too_big]}),
                      (f"{g.api}/notes", {"text": "Negative ids", "targets": [-179]}),
                      (f"{g.api}/actions", {"title": "Huge ids", "sections": [too_big]})):
        before = (WorkingGroupNote.objects.count(), AuditEvent.objects.count())
        answer = json_call(g.c_cms, "post", url, body)
        assert answer.status_code == 422, (url, answer.content)
        assert (WorkingGroupNote.objects.count(), AuditEvent.objects.count()) == before
