"""Deleting a meeting's document and a working group's action: the group's members only, after a confirmation
page, audited; everyone else refused with nothing removed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.coordination.models import GroupAction, MeetingDocument
from liaison.core.models import AuditEvent

from .conftest import json_call
from .test_actions import cms_mandate_to_parties

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def meeting_with_document(g) -> tuple[int, int]:
    meeting = json_call(g.c_cms, "post", f"{g.api}/meetings", {"title": "Preparing COP15", "date": "2026-02-01"})
    assert meeting.status_code == 201
    mid = meeting.json()["id"]
    added = g.c_cbd.post(f"{g.api}/meetings/{mid}/documents",
                         {"file": SimpleUploadedFile("agenda.pdf", PDF, "application/pdf")})
    assert added.status_code == 201
    return mid, added.json()["id"]


def test_a_member_deletes_a_meetings_document_through_the_api_and_its_file_goes(kenya_group, user_factory, as_user,
                                                                              django_capture_on_commit_callbacks):
    g = kenya_group
    mid, did = meeting_with_document(g)
    url = f"{g.api}/meetings/{mid}/documents/{did}"
    stored = MeetingDocument.objects.get(pk=did).file
    assert stored.storage.exists(stored.name)
    # outsiders: a Kenyan outside the group (403), staff and another country (403 at the room or 404)
    outside = as_user(user_factory(("contributor", "CBD", "KEN")))
    assert outside.delete(url).status_code == 403
    assert as_user(user_factory(("secretariat", "CMS"))).delete(url).status_code == 403
    assert as_user(user_factory(("focal_point", "CMS", "UGA"))).delete(url).status_code == 403
    assert g.c_cms.delete(f"{g.api}/meetings/{mid}/documents/{did + 1000}").status_code == 404
    assert g.c_cms.delete(f"{g.api}/meetings/{mid + 1000}/documents/{did}").status_code == 404
    assert MeetingDocument.objects.filter(pk=did).exists()
    with django_capture_on_commit_callbacks(execute=True):
        answer = g.c_ramsar.delete(url)
    assert answer.status_code == 200 and answer.json() == {"meeting": mid, "deleted": did}
    assert not MeetingDocument.objects.filter(pk=did).exists() and not stored.storage.exists(stored.name)
    event = AuditEvent.objects.filter(action="group_meeting_document_delete").get()
    assert event.actor_id == g.ramsar.pk and event.changes["name"] == "agenda.pdf"
    assert g.c_cms.get(f"/countries/KEN/room/documents/{did}/").status_code == 404
    assert g.c_cms.delete(url).status_code == 404  # already gone


def test_the_meeting_page_asks_to_confirm_then_deletes_the_document(kenya_group, user_factory, as_user):
    g = kenya_group
    mid, did = meeting_with_document(g)
    page = g.c_cms.get(f"{g.page}meetings/{mid}/").content.decode()
    url = f"{g.page}meetings/{mid}/documents/{did}/delete/"
    assert f'href="{url}"' in page
    # a Kenyan outside the group reads none of its meetings: no confirmation page, no deletion
    outside = as_user(user_factory(("contributor", "CBD", "KEN")))
    assert outside.get(url).status_code == 403 and outside.post(url).status_code == 403
    confirm = g.c_cms.get(url)
    assert confirm.status_code == 200 and "agenda.pdf" in confirm.content.decode()
    assert MeetingDocument.objects.filter(pk=did).exists()  # asking deletes nothing
    done = g.c_cms.post(url)
    assert done.status_code == 302 and done["Location"].endswith(f"meetings/{mid}/#documents")
    assert not MeetingDocument.objects.filter(pk=did).exists()


def test_a_member_deletes_an_action_staff_who_read_it_may_not(kenya_group, user_factory, as_user):
    g = kenya_group
    made = json_call(g.c_cms, "post", f"{g.api}/actions",
                     {"title": "Map the flyways", "mandates": [cms_mandate_to_parties().pk]})
    aid = made.json()["id"]
    cms_staff = as_user(user_factory(("secretariat", "CMS")))
    assert aid in [a["id"] for a in cms_staff.get(g.api).json()["actions"]]  # staff read it...
    assert cms_staff.delete(f"{g.api}/actions/{aid}").status_code == 403  # ...but do not delete it
    assert as_user(user_factory(("contributor", "CBD", "KEN"))).delete(f"{g.api}/actions/{aid}").status_code == 404
    assert g.c_cbd.delete(f"{g.api}/actions/{aid + 1000}").status_code == 404
    assert GroupAction.objects.filter(pk=aid).exists()
    answer = g.c_cbd.delete(f"{g.api}/actions/{aid}")
    assert answer.status_code == 200 and answer.json() == {"group": g.id, "deleted": aid}
    assert not GroupAction.objects.filter(pk=aid).exists()
    event = AuditEvent.objects.filter(action="group_action_delete").get()
    assert event.actor_id == g.cbd.pk and event.changes["title"] == "Map the flyways"
    assert event.changes["mandates"] == [cms_mandate_to_parties().pk]
    assert json_call(g.c_cbd, "get", g.api).json()["actions"] == []


def test_the_group_page_asks_to_confirm_then_deletes_the_action(kenya_group, user_factory, as_user):
    g = kenya_group
    aid = json_call(g.c_cms, "post", f"{g.api}/actions", {"title": "Draft the brief"}).json()["id"]
    url = f"{g.page}actions/{aid}/delete/"
    assert f'href="{url}"' in g.c_cms.get(g.page).content.decode()
    staff = as_user(user_factory(("secretariat", "CMS")))
    assert f'href="{url}"' not in staff.get(g.page).content.decode()
    assert staff.post(url).status_code in (403, 404)
    confirm = g.c_ramsar.get(url)
    assert confirm.status_code == 200 and "Draft the brief" in confirm.content.decode()
    assert GroupAction.objects.filter(pk=aid).exists()
    done = g.c_ramsar.post(url)
    assert done.status_code == 302 and done["Location"].endswith(f"{g.page}#actions")
    assert not GroupAction.objects.filter(pk=aid).exists()
