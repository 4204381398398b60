"""A working group's meetings: date, place or online, an ordered agenda, minutes and documents (reads and writes).

Every write checks `group_work_check_write` (the group's members) and is audited; every read starts from
`meeting_visible_to` / `meeting_document_visible_to`. A document is kept only when its bytes are one of the
accepted kinds (read from the bytes, not the name) and within the upload limit; it is served by
`meeting_document_get` through the room's gateway, never as a public media file.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.coordination.actions import actions_of
from liaison.coordination.fields import date_bounded
from liaison.coordination.models import (
    AGENDA_MAX,
    MINUTES_MAX,
    PLACE_MAX,
    TITLE_MAX,
    AgendaItem,
    GroupMeeting,
    MeetingDocument,
    WorkingGroup,
)
from liaison.coordination.services import text_bounded
from liaison.coordination.work_permissions import (
    group_work_can_write,
    group_work_check_read,
    group_work_check_write,
    meeting_document_check_delete,
    meeting_document_visible_to,
    meeting_visible_to,
    object_in_group,
)
from liaison.core.errors import Invalid, NotFound, TooLarge, UnsupportedType
from liaison.core.filetypes import filetype_detect
from liaison.core.schemas import id_in_range
from liaison.core.services import audit_record
from liaison.core.text import text_clean

DOCUMENTS_MAX = 20  # documents of one meeting
KINDS_LABEL = "PDF, DOCX, XLSX, ODT, PNG or JPEG"


def agenda_clean(items: list[str] | None) -> list[str]:
    """Return the agenda's item titles stripped, the empty ones left out; Invalid past the limits."""
    titles = [text_bounded(t, field="agenda", limit=TITLE_MAX, required=False) for t in items or []]
    titles = [t for t in titles if t]
    if len(titles) > AGENDA_MAX:
        raise Invalid(errors=[{"field": "agenda", "message": _("at most %(n)d items") % {"n": AGENDA_MAX}}])
    return titles


def agenda_store(meeting: GroupMeeting, titles: list[str]) -> None:
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, order=n, title=t) for n, t in enumerate(titles, 1)])


def meeting_create(*, user, group: WorkingGroup, title: str, date: dt.date | None, place: str = "",
                   online: bool = False, agenda: list[str] | None = None, minutes: str = "") -> GroupMeeting:
    """Record a meeting of the group (its members) with its agenda in order; return it."""
    group_work_check_write(user=user, group=group)
    title = text_bounded(title, field="title", limit=TITLE_MAX, required=True)
    date = date_bounded(date, field="date", required=True)
    place = text_bounded(place, field="place", limit=PLACE_MAX, required=False)
    minutes = text_bounded(minutes, field="minutes", limit=MINUTES_MAX, required=False)
    titles = agenda_clean(agenda)
    with transaction.atomic():
        meeting = GroupMeeting.objects.create(group=group, title=title, date=date, place=place, online=online,
                                              minutes=minutes, created_by=user if user.is_authenticated else None)
        agenda_store(meeting, titles)
        audit_record(actor=user, action="group_meeting_create", obj=meeting,
                     changes={"group": group.pk, "title": [None, title], "date": [None, date.isoformat()],
                              "agenda": len(titles)})
    return meeting


def meeting_update(*, user, meeting: GroupMeeting, title: str | None = None, date: dt.date | None = None,
                   place: str | None = None, online: bool | None = None, agenda: list[str] | None = None,
                   minutes: str | None = None) -> GroupMeeting:
    """Change what is given of a meeting (the agenda, when given, replaces the old one); return it."""
    group_work_check_write(user=user, group=meeting.group)
    before, after = {}, {}
    values = {"title": text_bounded(title, field="title", limit=TITLE_MAX, required=True) if title is not None
              else None,
              "date": date_bounded(date, field="date", required=False),
              "place": text_bounded(place, field="place", limit=PLACE_MAX, required=False) if place is not None
              else None,
              "online": online,
              "minutes": text_bounded(minutes, field="minutes", limit=MINUTES_MAX, required=False)
              if minutes is not None else None}
    titles = agenda_clean(agenda) if agenda is not None else None
    for name, value in values.items():
        if value is not None and getattr(meeting, name) != value:
            before[name], after[name] = getattr(meeting, name), value
            setattr(meeting, name, value)
    old_agenda = list(meeting.agenda.values_list("title", flat=True))
    if titles is not None and titles != old_agenda:
        before["agenda"], after["agenda"] = old_agenda, titles
    if not after:
        return meeting
    with transaction.atomic():
        meeting.save()
        if "agenda" in after:
            agenda_store(meeting, titles or [])
        audit_record(actor=user, action="group_meeting_update", obj=meeting,
                     changes={"before": {k: str(v)[:200] if k != "agenda" else v for k, v in before.items()},
                              "after": {k: str(v)[:200] if k != "agenda" else v for k, v in after.items()}})
    return meeting


def document_limit() -> int:
    """Return the largest meeting document accepted, in bytes (LIAISON_UPLOAD_MAX_BYTES)."""
    return int(settings.LIAISON_UPLOAD_MAX_BYTES)


def document_check(file) -> tuple[str, str, int]:
    """Return (kind, name, size) of an uploaded meeting document; TooLarge or UnsupportedType otherwise."""
    limit = document_limit()
    message = _("A meeting document is at most %(mb)s MB.") % {"mb": limit // 2**20}
    if file.size is not None and file.size > limit:
        raise TooLarge(message, errors=[{"field": "file", "message": message}])
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if len(data) > limit:
        raise TooLarge(message, errors=[{"field": "file", "message": message}])
    if not data:
        raise Invalid(errors=[{"field": "file", "message": _("the file is empty")}])
    kind = filetype_detect(data)
    if kind not in MeetingDocument.KINDS:
        refused = _("A meeting document may be %(kinds)s; the content of this file is none of these.") % {
            "kinds": KINDS_LABEL}
        raise UnsupportedType(refused, errors=[{"field": "file", "message": refused}])
    name = text_clean(getattr(file, "name", "") or f"document.{kind}").rsplit("/", 1)[-1].strip()[-200:]
    return kind, name or f"document.{kind}", len(data)


def meeting_document_add(*, user, meeting: GroupMeeting, file) -> MeetingDocument:
    """Attach a document to a meeting (its group's members); return it."""
    group_work_check_write(user=user, group=meeting.group)
    if file is None:
        raise Invalid(errors=[{"field": "file", "message": _("this field is required")}])
    if meeting.documents.count() >= DOCUMENTS_MAX:
        raise Invalid(errors=[{"field": "file", "message": _("at most %(n)d documents per meeting")
                               % {"n": DOCUMENTS_MAX}}])
    kind, name, size = document_check(file)
    with transaction.atomic():
        document = MeetingDocument(meeting=meeting, kind=kind, name=name, size=size,
                                   added_by=user if user.is_authenticated else None)
        document.file.save(f"meeting-{meeting.pk}.{kind}", file, save=True)
        audit_record(actor=user, action="group_meeting_document_add", obj=meeting,
                     changes={"document": document.pk, "name": name, "kind": kind, "size": size})
    return document


def meeting_document_delete(*, user, document: MeetingDocument) -> None:
    """Delete a meeting's document and its stored file (the group's members); audited with its name."""
    meeting_document_check_delete(user=user, document=document)
    meeting, file = document.meeting, document.file
    with transaction.atomic():
        audit_record(actor=user, action="group_meeting_document_delete", obj=meeting,
                     changes={"document": document.pk, "name": document.name, "kind": document.kind})
        document.delete()
        # the bytes go once the row is gone for good: a rolled-back delete keeps a document that opens
        transaction.on_commit(lambda: file.storage.delete(file.name) if file.name else None)


# --- reads --------------------------------------------------------------------------------------------------------

def meeting_get(*, user, group: WorkingGroup, meeting_id: int) -> GroupMeeting:
    """Return the meeting `meeting_id` of `group` to one who reads the group's work; NotFound otherwise."""
    group_work_check_read(user=user, group=group)
    return object_in_group(meeting_visible_to(user).filter(group=group), object_id=meeting_id,
                           message=_("No such meeting in this working group."))


def meeting_document_get(*, user, document_id: int) -> MeetingDocument:
    """Return a meeting document to one who reads its group's meetings; NotFound to everyone else."""
    found = meeting_document_visible_to(user).filter(pk=document_id).select_related("meeting__group__country").first() \
        if id_in_range(document_id) else None
    if found is None:
        raise NotFound(_("No such document."))
    return found


def meeting_document_of(*, user, meeting: GroupMeeting, document_id: int) -> MeetingDocument:
    """Return the document `document_id` of `meeting` to one who reads its group's meetings; NotFound otherwise."""
    return object_in_group(meeting_document_visible_to(user).filter(meeting=meeting).select_related("meeting__group"),
                           object_id=document_id, message=_("No such document."))


def meeting_row(meeting: GroupMeeting) -> dict:
    """Return a meeting as the API and the pages show it (agenda and documents prefetched or read)."""
    return {"id": meeting.pk, "title": meeting.title, "date": meeting.date, "place": meeting.place,
            "online": meeting.online, "minutes": meeting.minutes,
            "agenda": [{"order": a.order, "title": a.title} for a in meeting.agenda.all()],
            "documents": [{"id": d.pk, "name": d.name, "kind": d.kind, "size": d.size,
                           "url": document_url(d)} for d in meeting.documents.all()]}


def document_url(document: MeetingDocument) -> str:
    return reverse("coordination:meeting_document", args=[document.meeting.group.country.iso3, document.pk])


def meetings_of(*, user, group: WorkingGroup) -> list[dict]:
    """Return the group's meetings, latest first, for one who reads them ([] for anyone else)."""
    meetings = (meeting_visible_to(user).filter(group=group).select_related("group__country")
                .prefetch_related("agenda", "documents__meeting__group__country"))
    return [meeting_row(m) for m in meetings]


def meeting_detail(*, user, group: WorkingGroup, meeting_id: int) -> dict:
    """Return one meeting with its agenda, minutes, documents and the actions it decided."""
    meeting = meeting_get(user=user, group=group, meeting_id=meeting_id)
    return {**meeting_row(meeting), "group": {"id": group.pk, "name": group.name},
            "can_write": group_work_can_write(user=user, group=group),
            "actions": actions_of(user=user, group=group, meeting=meeting)}
