"""JSON API of a country's coordination room: read the room, create working groups, manage members, add notes."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from liaison.contacts.api import ContactOut
from liaison.coordination import selectors, services
from liaison.coordination.links import note_links_of
from liaison.coordination.models import DESCRIPTION_MAX, LINKS_MAX, NAME_MAX, NOTE_MAX, ROLE_MAX
from liaison.coordination.permissions import country_get, working_group_get
from liaison.coordination.schemas_work import GroupNoteOut
from liaison.core.apiauth import django_auth
from liaison.core.schemas import ID_MAX, DbId, ErrorOut

router = Router(tags=["coordination"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


class RoomFocalPointOut(Schema):
    user_id: int
    name: str
    role: str
    conventions: list[str]
    every_convention: bool
    email: str


class RoomNoteRefOut(Schema):
    """A note of the country's groups linked to a mandate, a report's section or a target (its readers only)."""
    id: int
    date: dt.date
    group: str
    group_id: int
    excerpt: str
    url: str


class RoomReportRowOut(Schema):
    questionnaire: str
    title: str
    cycle: str
    state: str
    state_label: str
    deadline: dt.date | None
    closes: dt.date | None
    started: bool
    progress: int | None
    is_demo: bool
    url: str | None
    notes: list[RoomNoteRefOut]  # linked to one of the report's sections


class RoomMandateRowOut(Schema):
    id: int
    decision: str
    paragraph: str
    actor: str
    verb: str
    action: str
    deadline: str
    deadline_end: dt.date
    status: str
    url: str
    notes: list[RoomNoteRefOut]


class RoomConventionOwedOut(Schema):
    acronym: str
    name: str
    reports: list[RoomReportRowOut]
    history: list[RoomReportRowOut]
    mandates_count: int
    mandates: list[RoomMandateRowOut]


class RoomMemberOut(Schema):
    user_id: int
    name: str
    role: str


class RoomNoteOut(GroupNoteOut):
    """A note of the group's log, with the mandates, report sections and targets it is about that the reader may
    read."""


class RoomGroupOut(Schema):
    id: int
    name: str
    description: str
    members: list[RoomMemberOut]
    notes_readable: bool
    is_member: bool
    notes: list[RoomNoteOut]


class RoomCountryOut(Schema):
    iso3: str
    name: str


class RoomPlanTargetOut(Schema):
    id: int
    code: str
    title: str
    aligned: list[str]  # "GBF 3": targets of other frameworks linked by accepted links
    notes: list[RoomNoteRefOut]


class RoomPlanOut(Schema):
    code: str
    name: str
    published: bool
    aligned_count: int
    targets: list[RoomPlanTargetOut]


class RoomActivityOut(Schema):
    id: int
    title: str
    partnership: str
    partnership_id: int
    owner: str
    status: str
    status_label: str
    start: dt.date | None
    end: dt.date | None


class RoomMeetingOut(Schema):
    slug: str
    title: str
    start: dt.date
    end: dt.date
    precision: str
    convention: str
    url: str


class RoomOut(Schema):
    country: RoomCountryOut
    today: dt.date
    manages_groups: bool
    focal_points: list[RoomFocalPointOut]
    conventions: list[RoomConventionOwedOut]
    working_groups: list[RoomGroupOut]
    contacts: list[ContactOut]
    contacts_can_add: bool
    plans: list[RoomPlanOut]
    partner_activities: list[RoomActivityOut]
    meetings: list[RoomMeetingOut]


class RoomGroupIn(Schema):
    name: str = Field(..., max_length=NAME_MAX)
    description: str = Field("", max_length=DESCRIPTION_MAX)


class RoomGroupCreatedOut(Schema):
    id: int
    name: str
    description: str


class RoomMemberIn(Schema):
    user: int = Field(..., ge=1, le=ID_MAX, description="The id of a person holding a role for the country.")
    role: str = Field("", max_length=ROLE_MAX, description="Their role in the group (chair, CMS focal point...).")


class RoomNoteIn(Schema):
    text: str = Field(..., max_length=NOTE_MAX)
    date: dt.date | None = Field(None, description="The day of the meeting or note; today when left out.")
    mandates: list[DbId] = Field([], max_length=LINKS_MAX, description="Mandates addressed to Parties it is about.")
    sections: list[DbId] = Field([], max_length=LINKS_MAX, description="Sections of national reports.")
    targets: list[DbId] = Field([], max_length=LINKS_MAX, description="Targets of plans.")


def room_out(room: dict) -> dict:
    return {**room, "country": {"iso3": room["country"].iso3, "name": room["country"].name}}


@router.get("/countries/{iso3}/room", response={200: RoomOut, **ERRORS}, auth=django_auth,
            description="A country's coordination room: its focal points, what it owes each convention it is "
                        "party to (open-cycle reports, closed cycles not submitted, mandates addressed to Parties "
                        "with a deadline ahead) and its working groups. Its focal points and contributors and "
                        "the secretariats of its conventions only (403 otherwise).")
def room(request, iso3: str):
    return room_out(selectors.room_get(user=request.user, iso3=iso3))


@router.post("/countries/{iso3}/working-groups", response={201: RoomGroupCreatedOut, **ERRORS}, auth=django_auth,
             description="Create a national working group (the country's focal points); its creator joins it. "
                         "409 when the country has a group of that name; 422 for an empty or too long name.")
def group_create(request, iso3: str, payload: RoomGroupIn):
    country = country_get(iso3=iso3)
    group = services.working_group_create(user=request.user, country=country, name=payload.name,
                                          description=payload.description)
    return Status(201, {"id": group.pk, "name": group.name, "description": group.description})


@router.post("/countries/{iso3}/working-groups/{int:group_id}/members", response={200: RoomMemberOut, 201: RoomMemberOut,
             **ERRORS}, auth=django_auth,
             description="Add a person holding a focal point or contributor role for the country (201), or change "
                         "a member's role (200); the country's focal points only. 422 for anyone else.")
def member_add(request, iso3: str, group_id: int, payload: RoomMemberIn):
    group = working_group_get(user=request.user, country=country_get(iso3=iso3), group_id=group_id)
    member, created = services.working_group_member_add(user=request.user, group=group, member_id=payload.user,
                                                        role=payload.role)
    return Status(201 if created else 200, {"user_id": member.user_id, "name": selectors.person_name(member.user),
                                            "role": member.role})


class MemberRemovedOut(Schema):
    group: int
    removed: int  # the user id taken out of the group


@router.delete("/countries/{iso3}/working-groups/{int:group_id}/members/{int:user_id}",
               response={200: MemberRemovedOut, **ERRORS}, auth=django_auth,
               description="Take a person out of the group (the country's focal points); 404 when not a member.")
def member_remove(request, iso3: str, group_id: int, user_id: int):
    group = working_group_get(user=request.user, country=country_get(iso3=iso3), group_id=group_id)
    services.working_group_member_remove(user=request.user, group=group, member_id=user_id)
    return {"group": group.pk, "removed": user_id}


@router.post("/countries/{iso3}/working-groups/{int:group_id}/notes", response={201: RoomNoteOut, **ERRORS},
             auth=django_auth,
             description="Add a meeting's minutes or a note to the group's log (its members; up to 20,000 "
                         "characters), linked to mandates addressed to Parties, report sections and targets the "
                         "writer may read (422 otherwise, nothing stored). The other members are notified.")
def note_create(request, iso3: str, group_id: int, payload: RoomNoteIn):
    group = working_group_get(user=request.user, country=country_get(iso3=iso3), group_id=group_id)
    note = services.working_group_note_create(user=request.user, group=group, text=payload.text, date=payload.date,
                                              mandates=payload.mandates, sections=payload.sections,
                                              targets=payload.targets)
    links = note_links_of(user=request.user, note_ids=[note.pk])[note.pk]
    return Status(201, {"id": note.pk, "date": note.date, "text": note.text,
                        "author": selectors.person_name(request.user), **links})


# the group's work (meetings, actions, coordinated positions): its own module, mounted under the same routes
from liaison.coordination.api_work import router as work_router  # noqa: E402

router.add_router("", work_router)
