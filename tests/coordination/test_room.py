"""A country's coordination room through the API and the page: who enters, what the country owes, its groups."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.accounts.models import Role
from liaison.alerts.models import Notification
from liaison.catalogue.models import Convention, Country
from liaison.coordination.models import NOTE_MAX, WorkingGroup, WorkingGroupMember, WorkingGroupNote
from liaison.decisions.models import Actor, Decision, DecisionRevision, Mandate, Paragraph
from liaison.reporting.models import Questionnaire, Report

pytestmark = pytest.mark.django_db

KEN_FP = (Role.FOCAL_POINT, "CMS", "KEN")
KEN_CBD_FP = (Role.FOCAL_POINT, "CBD", "KEN")
KEN_CONTRIBUTOR = (Role.CONTRIBUTOR, "Ramsar", "KEN")
UGA_FP = (Role.FOCAL_POINT, "CMS", "UGA")


def json_post(client, url, body):
    return client.post(url, body, content_type="application/json")



def days(n: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=n)


def test_kenyas_focal_point_enters_ugandas_and_the_public_do_not(client, user_factory, as_user):
    kenya = user_factory(KEN_FP, username="kenya-fp")
    kenya.email = "fp@kenya.example"
    kenya.save()
    uganda = user_factory(UGA_FP)
    answer = as_user(kenya).get("/api/countries/KEN/room")
    assert answer.status_code == 200
    room = answer.json()
    assert room["country"]["iso3"] == "KEN"
    assert {"name": "kenya-fp", "conventions": ["CMS"], "email": "fp@kenya.example"}.items() <= \
        next(fp for fp in room["focal_points"] if fp["user_id"] == kenya.pk).items()
    assert as_user(uganda).get("/api/countries/KEN/room").status_code == 403
    assert client.get("/api/countries/KEN/room").status_code == 401
    page = as_user(kenya).get("/countries/KEN/room/")
    assert page.status_code == 200 and b"fp@kenya.example" in page.content
    assert as_user(uganda).get("/countries/KEN/room/").status_code == 403
    assert client.get("/countries/KEN/room/").status_code == 302  # asked to sign in
    # the country page links to the room for who may enter it only
    assert b'id="room-link"' in as_user(kenya).get("/countries/KEN/").content
    assert b'id="room-link"' not in as_user(uganda).get("/countries/KEN/").content
    assert b'id="room-link"' not in client.get("/countries/KEN/").content


def test_a_secretariat_reads_the_room_of_a_party_not_a_partner(user_factory, as_user):
    staff = user_factory((Role.SECRETARIAT, "CMS"))
    partner = user_factory((Role.PARTNER, None, None, "Wild Migration"))
    assert as_user(staff).get("/api/countries/KEN/room").status_code == 200
    assert as_user(partner).get("/api/countries/KEN/room").status_code == 403
    assert as_user(user_factory()).get("/api/countries/XXX/room").status_code == 404


def test_what_kenya_owes_an_open_cycle_with_its_state_a_closed_one_as_history(user_factory, as_user):
    cbd = Convention.objects.get(acronym="CBD")
    kenya = Country.objects.get(iso3="KEN")
    open_q = Questionnaire.objects.create(convention=cbd, code="room-open", title="Room open report",
                                          cycle="Room open cycle", cycle_order=90, opens=days(-30),
                                          deadline=days(30), closes=days(200))
    Report.objects.create(questionnaire=open_q, country=kenya)
    Questionnaire.objects.create(convention=cbd, code="room-closed", title="Room closed report",
                                 cycle="Room closed cycle", cycle_order=91, opens=days(-800), deadline=days(-500),
                                 closes=days(-400))
    room = as_user(user_factory(KEN_CBD_FP)).get("/api/countries/KEN/room").json()
    owed = next(c for c in room["conventions"] if c["acronym"] == "CBD")
    [row] = [r for r in owed["reports"] if r["questionnaire"] == "room-open"]
    assert row["state"] == "open" and row["started"] and row["progress"] == 0
    assert row["deadline"] == days(30).isoformat() and row["url"].startswith("/reporting/reports/")
    assert "room-closed" not in [r["questionnaire"] for r in owed["reports"]]
    [old] = [r for r in owed["history"] if r["questionnaire"] == "room-closed"]
    assert old["state"] == "closed_not_submitted" and not old["started"]


def test_mandates_to_parties_with_a_deadline_ahead_are_counted_and_listed(user_factory, as_user):
    cms = Convention.objects.get(acronym="CMS")
    decision = Decision.objects.create(convention=cms, number="99.19", title="Room test", status=Decision.IN_EFFECT)
    revision = DecisionRevision.objects.create(decision=decision, content_hash="room-test-99-19",
                                               source_name="99.19.txt", source_format="txt")
    paragraph = Paragraph.objects.create(revision=revision, kind=Paragraph.OPERATIVE, order=1, number="1",
                                         text="Urges Parties to act.")
    parties, _ = Actor.objects.get_or_create(code="parties", defaults={"label": "Parties", "kind": "party"})
    secretariat, _ = Actor.objects.get_or_create(code="secretariat",
                                                 defaults={"label": "Secretariat", "kind": "secretariat"})
    year = dt.date.today().year
    ahead = Mandate.objects.create(decision=decision, paragraph=paragraph, actor=parties, verb="urges",
                                   action="map flyways", deadline=f"by 31 December {year + 1}")
    Mandate.objects.create(decision=decision, paragraph=paragraph, actor=parties, order=1, verb="urges",
                           action="an elapsed task", deadline="by 2001")
    Mandate.objects.create(decision=decision, paragraph=paragraph, actor=secretariat, order=2, verb="requests",
                           action="the Secretariat's task", deadline=f"by {year + 3}")
    one_party, _ = Actor.objects.get_or_create(code="state-party",
                                               defaults={"label": "State Party concerned", "kind": "party"})
    Mandate.objects.create(decision=decision, paragraph=paragraph, actor=one_party, order=3, verb="requests",
                           action="another country's site", deadline=f"by {year + 2}")
    room = as_user(user_factory(KEN_FP)).get("/api/countries/KEN/room").json()
    owed = next(c for c in room["conventions"] if c["acronym"] == "CMS")
    ids = [m["id"] for m in owed["mandates"]]
    assert ahead.pk in ids and owed["mandates_count"] >= 1
    assert all(m["actor"] for m in owed["mandates"]) and len(owed["mandates"]) <= 5
    listed = Mandate.objects.filter(pk__in=ids)
    assert not listed.filter(deadline="by 2001").exists()
    assert not listed.exclude(actor__kind="party").exists() and not listed.filter(actor__code="state-party").exists()
    days_ahead = [m["deadline_end"] for m in owed["mandates"]]
    assert days_ahead == sorted(days_ahead) and all(d >= dt.date.today().isoformat() for d in days_ahead)


def test_a_group_is_made_by_a_focal_point_and_takes_only_kenyan_people(user_factory, as_user):
    fp = user_factory(KEN_FP)
    colleague = user_factory(KEN_CONTRIBUTOR)
    ugandan = user_factory(UGA_FP)
    client = as_user(fp)
    made = json_post(client, "/api/countries/KEN/working-groups", {"name": "National biodiversity group",
                                                                   "description": "CMS, CBD and Ramsar"})
    assert made.status_code == 201
    group = WorkingGroup.objects.get(pk=made.json()["id"])
    assert list(group.members.values_list("user_id", "role")) == [(fp.pk, "convener")]
    url = f"/api/countries/KEN/working-groups/{group.pk}/members"
    refused = json_post(client, url, {"user": ugandan.pk, "role": "observer"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "user"
    assert not group.members.filter(user=ugandan).exists()
    assert json_post(client, url, {"user": colleague.pk, "role": "Ramsar"}).status_code == 201
    assert json_post(client, url, {"user": colleague.pk, "role": "Ramsar lead"}).status_code == 200
    assert group.members.get(user=colleague).role == "Ramsar lead"
    # a contributor does not manage the group; a Ugandan cannot even see it
    assert json_post(as_user(colleague), url, {"user": colleague.pk}).status_code == 403
    assert json_post(as_user(ugandan), "/api/countries/KEN/working-groups", {"name": "Intruders"}).status_code == 403
    removed = client.delete(f"{url}/{colleague.pk}")
    assert removed.status_code == 200 and removed.json()["removed"] == colleague.pk
    assert client.delete(f"{url}/{colleague.pk}").status_code == 404
    assert not group.members.filter(user=colleague).exists()
    # the same name again is a conflict, nothing stored
    assert json_post(client, "/api/countries/KEN/working-groups",
                     {"name": "national biodiversity group"}).status_code == 409
    assert WorkingGroup.objects.filter(country__iso3="KEN").count() == 1


@pytest.mark.parametrize("body", [{"name": ""}, {"name": "   "}, {"name": "x" * 201}, {},
                                  {"name": "ok", "description": "d" * 5001}, {"name": "a\x00b"}])
def test_a_bad_group_is_refused_and_nothing_stored(user_factory, as_user, body):
    answer = json_post(as_user(user_factory(KEN_FP)), "/api/countries/KEN/working-groups", body)
    assert 400 <= answer.status_code < 500
    assert not WorkingGroup.objects.filter(country__iso3="KEN").exists()


def test_a_note_is_bounded_and_tells_the_other_members(user_factory, as_user, django_capture_on_commit_callbacks):
    fp = user_factory(KEN_FP)
    colleague = user_factory(KEN_CONTRIBUTOR)
    outsider = user_factory(KEN_CBD_FP)  # Kenyan, not in the group
    client = as_user(fp)
    group_id = json_post(client, "/api/countries/KEN/working-groups", {"name": "Group"}).json()["id"]
    json_post(client, f"/api/countries/KEN/working-groups/{group_id}/members", {"user": colleague.pk})
    notes = f"/api/countries/KEN/working-groups/{group_id}/notes"
    for bad in ({"text": "x" * (NOTE_MAX + 1)}, {"text": "  "}, {}, {"text": "ok", "date": "yesterday"}):
        assert json_post(client, notes, bad).status_code == 422, bad
    assert not WorkingGroupNote.objects.exists()
    assert json_post(as_user(outsider), notes, {"text": "Not a member"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        written = json_post(client, notes, {"text": "x" * NOTE_MAX, "date": "2026-11-30"})
    assert written.status_code == 201 and written.json()["date"] == "2026-11-30"
    [told] = Notification.objects.filter(kind="working_group_note")
    assert told.user_id == colleague.pk and told.object_type == "working_group" and told.object_id == group_id
    assert "added a note to Group (Kenya)" in told.title and told.url.endswith(f"/countries/KEN/room/#group-{group_id}")
    # members (the colleague too) read the log; a Kenyan outside the group who is a focal point reads it too
    room = as_user(colleague).get("/api/countries/KEN/room").json()
    [group] = room["working_groups"]
    assert group["notes_readable"] and len(group["notes"]) == 1
    staff = user_factory((Role.SECRETARIAT, "CMS"))
    [seen_by_staff] = as_user(staff).get("/api/countries/KEN/room").json()["working_groups"]
    assert not seen_by_staff["notes_readable"] and seen_by_staff["notes"] == []
    assert WorkingGroupMember.objects.filter(group_id=group_id).count() == 2


def test_the_rooms_forms_make_a_group_add_a_member_and_a_note(user_factory, as_user):
    fp = user_factory(KEN_FP, username="kenya-page-fp")
    colleague = user_factory(KEN_CONTRIBUTOR, username="kenya-colleague")
    user_factory(UGA_FP, username="uganda-fp")
    client = as_user(fp)
    made = client.post("/countries/KEN/room/groups/", {"name": "Page group", "description": "From the page"})
    group = WorkingGroup.objects.get(country__iso3="KEN", name="Page group")
    assert made.status_code == 302 and made["Location"].endswith(f"/countries/KEN/room/#group-{group.pk}")
    page = client.get("/countries/KEN/room/").content.decode()
    assert "kenya-colleague" in page.split(f'id="member-{group.pk}"')[1].split("</select>")[0]
    assert "uganda-fp" not in page  # only people of the country are offered
    assert client.post(f"/countries/KEN/room/groups/{group.pk}/members/",
                       {"user": colleague.pk, "role": "Ramsar"}).status_code == 302
    assert group.members.filter(user=colleague, role="Ramsar").exists()
    refused = client.post(f"/countries/KEN/room/groups/{group.pk}/members/", {"user": "someone"})
    assert refused.status_code == 422 and b'id="room-error"' in refused.content
    # a bad note: the room again with the error, nothing stored; a good one lands in the log
    assert client.post(f"/countries/KEN/room/groups/{group.pk}/notes/", {"text": "x", "date": "30/11"}
                       ).status_code == 422
    assert client.post(f"/countries/KEN/room/groups/{group.pk}/notes/", {"text": ""}).status_code == 422
    assert not WorkingGroupNote.objects.filter(group=group).exists()
    assert as_user(colleague).post(f"/countries/KEN/room/groups/{group.pk}/notes/",
                                   {"text": "Agreed the CMS brief", "date": "2026-11-30"}).status_code == 302
    assert "Agreed the CMS brief" in client.get("/countries/KEN/room/").content.decode()
    assert Notification.objects.filter(user=fp, kind="working_group_note").count() == 1
    # the same name again: 409 with the room, one group
    assert client.post("/countries/KEN/room/groups/", {"name": "PAGE GROUP"}).status_code == 409
    assert client.post(f"/countries/KEN/room/groups/{group.pk}/members/{colleague.pk}/remove/").status_code == 302
    assert not group.members.filter(user=colleague).exists()
