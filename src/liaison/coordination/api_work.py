"""JSON API of a working group's work: meetings and their documents, actions, coordinated positions, and what
colleagues prepared that touches the reader's own conventions. Thin: each handler calls one service or selector."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from ninja import File, Router, Status, UploadedFile

from liaison.coordination import actions, crossover, meetings, positions, workspace
from liaison.coordination.permissions import country_get, room_check_read
from liaison.coordination.schemas_work import (
    GroupActionDeletedOut,
    GroupActionIn,
    GroupActionOut,
    GroupActionPatchIn,
    GroupMeetingDetailOut,
    GroupMeetingIn,
    GroupMeetingOut,
    GroupMeetingPatchIn,
    GroupWorkOut,
    MeetingDocumentDeletedOut,
    MeetingDocumentOut,
    PositionBriefDetailOut,
    PositionBriefIn,
    PositionBriefOut,
    PositionIn,
    PositionPatchIn,
    PositionSavedOut,
    TouchingOut,
)
from liaison.core.apiauth import django_auth
from liaison.core.schemas import ErrorOut

router = Router(tags=["coordination"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 413, 415, 422)}
GROUP = "/countries/{iso3}/working-groups/{int:group_id}"


def saved_out(position) -> dict:
    return {"id": position.pk, "brief": position.brief_id, "agenda_item": position.agenda_item,
            "title": position.title, "text": position.text,
            "decisions": sorted(position.decisions.values_list("pk", flat=True))}


@router.get(GROUP, response={200: GroupWorkOut, **ERRORS}, auth=django_auth,
            description="A working group: members; meetings and coordinated positions (its members and the "
                        "country's focal points); the actions the reader may read (secretariat staff: those linked "
                        "to their convention's mandates or report sections).")
def group_work(request, iso3: str, group_id: int):
    return workspace.group_work_get(user=request.user, iso3=iso3, group_id=group_id)


@router.post(f"{GROUP}/meetings", response={201: GroupMeetingOut, **ERRORS}, auth=django_auth,
             description="Record a meeting of the group with its agenda in order (its members).")
def meeting_create(request, iso3: str, group_id: int, payload: GroupMeetingIn):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    meeting = meetings.meeting_create(user=request.user, group=group, **payload.dict())
    return Status(201, meetings.meeting_row(meeting))


@router.get(f"{GROUP}/meetings/{{int:meeting_id}}", response={200: GroupMeetingDetailOut, **ERRORS},
            auth=django_auth, description="A meeting with its agenda, minutes, documents and the actions it decided.")
def meeting_detail(request, iso3: str, group_id: int, meeting_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    return meetings.meeting_detail(user=request.user, group=group, meeting_id=meeting_id)


@router.patch(f"{GROUP}/meetings/{{int:meeting_id}}", response={200: GroupMeetingOut, **ERRORS}, auth=django_auth,
              description="Change a meeting: what is given (the agenda, when given, replaces the old one).")
def meeting_update(request, iso3: str, group_id: int, meeting_id: int, payload: GroupMeetingPatchIn):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    meeting = meetings.meeting_get(user=request.user, group=group, meeting_id=meeting_id)
    meeting = meetings.meeting_update(user=request.user, meeting=meeting, **payload.dict())
    return meetings.meeting_row(meeting)


@router.post(f"{GROUP}/meetings/{{int:meeting_id}}/documents", response={201: MeetingDocumentOut, **ERRORS},
             auth=django_auth,
             description=f"Attach a document to a meeting: PDF, DOCX, XLSX, ODT, PNG or JPEG by its content, at most "
                         f"{settings.LIAISON_UPLOAD_MAX_BYTES // 2**20} MB (413 larger, 415 another kind).")
def meeting_document_add(request, iso3: str, group_id: int, meeting_id: int, file: File[UploadedFile]):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    meeting = meetings.meeting_get(user=request.user, group=group, meeting_id=meeting_id)
    document = meetings.meeting_document_add(user=request.user, meeting=meeting, file=file)
    return Status(201, {"id": document.pk, "name": document.name, "kind": document.kind, "size": document.size,
                        "url": meetings.document_url(document)})


@router.delete(f"{GROUP}/meetings/{{int:meeting_id}}/documents/{{int:document_id}}",
               response={200: MeetingDocumentDeletedOut, **ERRORS}, auth=django_auth,
               description="Delete a meeting's document and its file (the group's members; audited). 404 when the "
                           "meeting has no such document or the caller does not read the group's meetings.")
def meeting_document_delete(request, iso3: str, group_id: int, meeting_id: int, document_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    meeting = meetings.meeting_get(user=request.user, group=group, meeting_id=meeting_id)
    document = meetings.meeting_document_of(user=request.user, meeting=meeting, document_id=document_id)
    meetings.meeting_document_delete(user=request.user, document=document)
    return {"meeting": meeting.pk, "deleted": document_id}


@router.post(f"{GROUP}/actions", response={201: GroupActionOut, **ERRORS}, auth=django_auth,
             description="Record an action: owner (a member), deadline, status (open, in_progress, done, dropped), "
                         "linked to mandates addressed to Parties, report sections and targets. The other members "
                         "are notified.")
def action_create(request, iso3: str, group_id: int, payload: GroupActionIn):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    data = payload.dict()
    action = actions.action_create(user=request.user, group=group, owner_id=data.pop("owner"),
                                   meeting_id=data.pop("meeting"), **data)
    return Status(201, actions.action_row(action, today=dt.date.today()))


@router.patch(f"{GROUP}/actions/{{int:action_id}}", response={200: GroupActionOut, **ERRORS}, auth=django_auth,
              description="Change an action (its members); a new owner or status notifies the other members.")
def action_update(request, iso3: str, group_id: int, action_id: int, payload: GroupActionPatchIn):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    action = actions.action_get(user=request.user, group=group, action_id=action_id)
    data = payload.dict()
    owner = data.pop("owner")
    action = actions.action_update(user=request.user, action=action, owner_id=owner or None, clear_owner=owner == 0,
                                   **data)
    return actions.action_row(action, today=dt.date.today())


@router.delete(f"{GROUP}/actions/{{int:action_id}}", response={200: GroupActionDeletedOut, **ERRORS},
               auth=django_auth,
               description="Delete an action and its links (the group's members; audited). 404 when the group has "
                           "no such action the caller may read.")
def action_delete(request, iso3: str, group_id: int, action_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    action = actions.action_get(user=request.user, group=group, action_id=action_id)
    actions.action_delete(user=request.user, action=action)
    return {"group": group.pk, "deleted": action_id}


@router.post(f"{GROUP}/briefs", response={201: PositionBriefOut, **ERRORS}, auth=django_auth,
             description="Open the group's coordinated positions for a meeting of a convention the country is party "
                         "to (422 otherwise).")
def brief_create(request, iso3: str, group_id: int, payload: PositionBriefIn):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    brief = positions.brief_create(user=request.user, group=group, **payload.dict())
    return Status(201, positions.brief_row(brief))


@router.get(f"{GROUP}/briefs/{{int:brief_id}}", response={200: PositionBriefDetailOut, **ERRORS}, auth=django_auth,
            description="The positions for a meeting, each with the decisions it rests on, related decisions in "
                        "effect (similar paragraphs), overlapping decisions of other conventions and the country's "
                        "positions under other conventions that touch it.")
def brief_detail(request, iso3: str, group_id: int, brief_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    return positions.brief_detail(user=request.user, group=group, brief_id=brief_id)


@router.post(f"{GROUP}/briefs/{{int:brief_id}}/positions", response={201: PositionSavedOut, **ERRORS},
             auth=django_auth, description="Draft the position on an agenda item (409 when it has one already).")
def position_create(request, iso3: str, group_id: int, brief_id: int, payload: PositionIn):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    brief = positions.brief_get(user=request.user, group=group, brief_id=brief_id)
    return Status(201, saved_out(positions.position_create(user=request.user, brief=brief, **payload.dict())))


@router.patch(f"{GROUP}/briefs/{{int:brief_id}}/positions/{{int:position_id}}",
              response={200: PositionSavedOut, **ERRORS}, auth=django_auth,
              description="Change a position's title, text or decisions.")
def position_update(request, iso3: str, group_id: int, brief_id: int, position_id: int, payload: PositionPatchIn):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    brief = positions.brief_get(user=request.user, group=group, brief_id=brief_id)
    position = positions.position_get(user=request.user, brief=brief, position_id=position_id)
    return saved_out(positions.position_update(user=request.user, position=position, **payload.dict()))


@router.get("/countries/{iso3}/room/touching", response={200: TouchingOut, **ERRORS}, auth=django_auth,
            description="The actions, notes and positions of the country's groups, written by others, that touch the "
                        "reader's own conventions: directly, through the crosswalk of targets, or through the "
                        "overlap report's pairs of decisions.")
def touching(request, iso3: str):
    country = country_get(iso3=iso3)
    room_check_read(user=request.user, country=country)
    return {"items": crossover.touching_of(user=request.user, country=country)}
