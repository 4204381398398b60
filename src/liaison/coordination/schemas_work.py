"""Typed schemas of the working group's work API (coordination.api_work): meetings and documents, actions,
coordinated positions, and what colleagues prepared that touches the reader's own conventions."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from liaison.coordination.models import (
    AGENDA_MAX,
    DESCRIPTION_MAX,
    ITEM_MAX,
    LINKS_MAX,
    MINUTES_MAX,
    PLACE_MAX,
    POSITION_MAX,
    TITLE_MAX,
)
from liaison.core.schemas import ID_MAX, DbId


class GroupPersonOut(Schema):
    user_id: int
    name: str


class GroupMemberRowOut(GroupPersonOut):
    role: str


class AgendaItemOut(Schema):
    order: int
    title: str


class MeetingDocumentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str


class GroupMeetingOut(Schema):
    id: int
    title: str
    date: dt.date
    place: str
    online: bool
    minutes: str
    agenda: list[AgendaItemOut]
    documents: list[MeetingDocumentOut]


class LinkedMandateOut(Schema):
    id: int
    convention: str
    label: str
    url: str


class LinkedSectionOut(Schema):
    id: int
    convention: str
    label: str


class LinkedTargetOut(Schema):
    id: int
    framework: str
    label: str
    url: str


class GroupNoteOut(Schema):
    id: int
    date: dt.date
    text: str
    author: str
    mandates: list[LinkedMandateOut]  # what it is about, among what the reader may read
    sections: list[LinkedSectionOut]
    targets: list[LinkedTargetOut]


class GroupActionOut(Schema):
    id: int
    group: int
    title: str
    description: str
    owner: GroupPersonOut | None
    deadline: dt.date | None
    status: str
    status_label: str
    overdue: bool
    meeting: int | None
    mandates: list[LinkedMandateOut]
    sections: list[LinkedSectionOut]
    targets: list[LinkedTargetOut]
    author: str


class GroupMeetingDetailOut(GroupMeetingOut):
    can_write: bool
    actions: list[GroupActionOut]


class PositionBriefOut(Schema):
    id: int
    group: int
    convention: str
    meeting: str
    starts: dt.date | None
    place: str
    url: str


class PositionBriefRowOut(PositionBriefOut):
    positions: int


class GroupStatusOut(Schema):
    value: str
    label: str


class GroupCountryOut(Schema):
    iso3: str
    name: str


class GroupWorkOut(Schema):
    id: int
    name: str
    description: str
    country: GroupCountryOut
    members: list[GroupMemberRowOut]
    reads_work: bool
    can_write: bool
    meetings: list[GroupMeetingOut]
    notes: list[GroupNoteOut]  # the latest of its log, for its notes' readers
    actions: list[GroupActionOut]
    briefs: list[PositionBriefRowOut]
    statuses: list[GroupStatusOut]
    conventions: list[str]


class PositionDecisionOut(Schema):
    id: int
    convention: str
    decision: str
    title: str
    url: str


class PositionRelatedOut(Schema):
    paragraph_id: int
    decision_id: int
    decision: str
    convention: str
    number: str
    text: str
    score: float
    url: str


class PositionElsewhereOut(Schema):
    id: int
    convention: str
    meeting: str
    agenda_item: str
    title: str
    text: str
    score: float
    why: list[str] = Field(..., description="same_decision, overlap and/or similar_text")
    url: str


class PositionOut(Schema):
    id: int
    order: int
    agenda_item: str
    title: str
    text: str
    author: str
    updated_at: dt.datetime
    decisions: list[PositionDecisionOut]
    overlapping: list[PositionDecisionOut]
    related: list[PositionRelatedOut]
    elsewhere: list[PositionElsewhereOut]


class PositionBriefDetailOut(PositionBriefOut):
    country: GroupCountryOut
    group_name: str
    can_write: bool
    positions: list[PositionOut]


class PositionSavedOut(Schema):
    id: int
    brief: int
    agenda_item: str
    title: str
    text: str
    decisions: list[int]


class TouchReasonOut(Schema):
    kind: str = Field(..., description="direct, crosswalk or overlap")
    convention: str
    label: str


class TouchingItemOut(Schema):
    kind: str = Field(..., description="action, note or position")
    id: int
    title: str
    group: str
    group_id: int
    author: str
    author_conventions: list[str]
    reasons: list[TouchReasonOut]
    url: str


class TouchingOut(Schema):
    items: list[TouchingItemOut]


class GroupMeetingIn(Schema):
    title: str = Field(..., max_length=TITLE_MAX)
    date: dt.date
    place: str = Field("", max_length=PLACE_MAX)
    online: bool = False
    agenda: list[str] = Field([], max_length=AGENDA_MAX, description="The agenda items' titles, in order.")
    minutes: str = Field("", max_length=MINUTES_MAX)


class GroupMeetingPatchIn(Schema):
    title: str | None = Field(None, max_length=TITLE_MAX)
    date: dt.date | None = None
    place: str | None = Field(None, max_length=PLACE_MAX)
    online: bool | None = None
    agenda: list[str] | None = Field(None, max_length=AGENDA_MAX, description="Replaces the agenda when given.")
    minutes: str | None = Field(None, max_length=MINUTES_MAX)


class GroupActionIn(Schema):
    title: str = Field(..., max_length=TITLE_MAX)
    description: str = Field("", max_length=DESCRIPTION_MAX)
    owner: int | None = Field(None, ge=1, le=ID_MAX, description="A member of the group.")
    deadline: dt.date | None = None
    status: str = Field("open", max_length=16)
    meeting: int | None = Field(None, ge=1, le=ID_MAX, description="The group meeting that decided it.")
    mandates: list[DbId] = Field([], max_length=LINKS_MAX, description="Mandates addressed to Parties.")
    sections: list[DbId] = Field([], max_length=LINKS_MAX, description="Sections of national reports.")
    targets: list[DbId] = Field([], max_length=LINKS_MAX, description="Targets of plans.")


class GroupActionPatchIn(Schema):
    title: str | None = Field(None, max_length=TITLE_MAX)
    description: str | None = Field(None, max_length=DESCRIPTION_MAX)
    owner: int | None = Field(None, ge=0, le=ID_MAX, description="A member of the group; 0 leaves it unowned.")
    deadline: dt.date | None = None
    clear_deadline: bool = False
    status: str | None = Field(None, max_length=16)
    mandates: list[DbId] | None = Field(None, max_length=LINKS_MAX)
    sections: list[DbId] | None = Field(None, max_length=LINKS_MAX)
    targets: list[DbId] | None = Field(None, max_length=LINKS_MAX)


class PositionBriefIn(Schema):
    convention: str = Field(..., max_length=32, description="The acronym of a convention the country is party to.")
    meeting: str = Field(..., max_length=TITLE_MAX, description='The meeting, e.g. "COP15".')
    starts: dt.date | None = None
    place: str = Field("", max_length=PLACE_MAX)


class PositionIn(Schema):
    agenda_item: str = Field(..., max_length=ITEM_MAX, description='The item on the meeting\'s agenda, e.g. "12.3".')
    title: str = Field(..., max_length=TITLE_MAX)
    text: str = Field("", max_length=POSITION_MAX)
    decisions: list[DbId] = Field([], max_length=LINKS_MAX, description="Decisions the position rests on.")


class PositionPatchIn(Schema):
    title: str | None = Field(None, max_length=TITLE_MAX)
    text: str | None = Field(None, max_length=POSITION_MAX)
    decisions: list[DbId] | None = Field(None, max_length=LINKS_MAX)


class MeetingDocumentDeletedOut(Schema):
    meeting: int
    deleted: int  # the document's id


class GroupActionDeletedOut(Schema):
    group: int
    deleted: int  # the action's id
