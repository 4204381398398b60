"""A working group's meetings through the API and the pages: agenda in order, minutes, documents behind a gateway."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.coordination.models import GroupMeeting, MeetingDocument
from liaison.core.models import AuditEvent

from .conftest import json_call

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_member_records_a_meeting_its_agenda_in_order_and_changes_it(kenya_group):
    g = kenya_group
    made = json_call(g.c_ramsar, "post", f"{g.api}/meetings",
                     {"title": "Preparing CMS COP15", "date": "2026-01-20", "place": "Nairobi", "online": True,
                      "agenda": ["Opening", "  ", "Flyways", "Budget"], "minutes": "Agreed to draft positions."})
    assert made.status_code == 201, made.content
    body = made.json()
    assert [a["title"] for a in body["agenda"]] == ["Opening", "Flyways", "Budget"]
    assert [a["order"] for a in body["agenda"]] == [1, 2, 3]
    changed = json_call(g.c_cbd, "patch", f"{g.api}/meetings/{body['id']}", {"agenda": ["Budget", "Opening"]})
    assert changed.status_code == 200 and [a["title"] for a in changed.json()["agenda"]] == ["Budget", "Opening"]
    assert changed.json()["minutes"] == "Agreed to draft positions."  # not given: kept
    assert AuditEvent.objects.filter(action="group_meeting_update", object_id=str(body["id"])).exists()
    page = g.c_cms.get(f"/countries/KEN/room/groups/{g.id}/meetings/{body['id']}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("<li>Budget</li>") < html.index("<li>Opening</li>")


@pytest.mark.parametrize("body", [{"title": "", "date": "2026-01-20"}, {"title": "x" * 301, "date": "2026-01-20"},
                                  {"title": "ok", "date": "1850-01-01"}, {"title": "ok"},
                                  {"title": "ok", "date": "2026-01-20", "agenda": ["a"] * 51},
                                  {"title": "ok", "date": "2026-01-20", "minutes": "m" * 50001}])
def test_a_bad_meeting_is_refused_and_nothing_stored(kenya_group, body):
    answer = json_call(kenya_group.c_cms, "post", f"{kenya_group.api}/meetings", body)
    assert answer.status_code in (400, 422)
    assert not GroupMeeting.objects.filter(group_id=kenya_group.id).exists()


def test_documents_kind_read_from_bytes_and_served_only_to_the_groups_readers(kenya_group, user_factory, as_user,
                                                                              settings):
    g = kenya_group
    meeting = json_call(g.c_cms, "post", f"{g.api}/meetings", {"title": "M", "date": "2026-02-01"}).json()
    url = f"{g.api}/meetings/{meeting['id']}/documents"
    added = g.c_cbd.post(url, {"file": SimpleUploadedFile("agenda.pdf", PDF, "application/pdf")})
    assert added.status_code == 201, added.content
    doc = added.json()
    assert doc["kind"] == "pdf" and doc["url"] == f"/countries/KEN/room/documents/{doc['id']}/"
    # a script named .pdf is not a PDF; an over-size file is refused; nothing stored for either
    assert g.c_cbd.post(url, {"file": SimpleUploadedFile("x.pdf", b"<script>", "application/pdf")}).status_code == 415
    settings.LIAISON_UPLOAD_MAX_BYTES = 20
    assert g.c_cbd.post(url, {"file": SimpleUploadedFile("big.pdf", PDF, "application/pdf")}).status_code == 413
    assert MeetingDocument.objects.filter(meeting_id=meeting["id"]).count() == 1
    served = g.c_ramsar.get(doc["url"])
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert served["Content-Type"] == "application/pdf" and served["Cache-Control"] == "private, no-store"
    # a Kenyan outside the group, CMS staff, another country's focal point: 404 (the gateway hides it)
    outsider = user_factory(("contributor", "CBD", "KEN"))
    for person in (outsider, user_factory(("secretariat", "CMS")), user_factory(("focal_point", "CMS", "UGA"))):
        assert as_user(person).get(doc["url"]).status_code == 404
    assert as_user(outsider).get(f"{g.api}/meetings/{meeting['id']}").status_code == 403
    # the same document named under another country's room is not found either
    assert g.c_cms.get(f"/countries/UGA/room/documents/{doc['id']}/").status_code == 404


def test_the_pages_forms_record_a_meeting_and_upload_a_document(kenya_group):
    g = kenya_group
    answer = g.c_cms.post(f"{g.page}meetings/", {"title": "Page meeting", "date": "2026-03-03",
                                                 "agenda": "One\r\nTwo", "place": "Mombasa"})
    assert answer.status_code == 302
    meeting = GroupMeeting.objects.get(group_id=g.id, title="Page meeting")
    assert list(meeting.agenda.values_list("title", flat=True)) == ["One", "Two"]
    refused = g.c_cms.post(f"{g.page}meetings/", {"title": "No date", "date": "03/03/2026"})
    assert refused.status_code == 422 and b'id="work-error"' in refused.content
    upload = g.c_cms.post(f"{g.page}meetings/{meeting.pk}/documents/",
                          {"file": SimpleUploadedFile("n.pdf", b"not a pdf", "application/pdf")})
    assert upload.status_code == 415 and not meeting.documents.exists()
    group_page = g.c_ramsar.get(g.page)
    assert group_page.status_code == 200 and b"Page meeting" in group_page.content
