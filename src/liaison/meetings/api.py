"""JSON API of meeting records: the list (filtered, sorted, paginated), one meeting with the decisions it adopted,
and create and change for the convention's staff. Thin: parse, call one selector or service, shape."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status
from pydantic import Field

from liaison.core.apiauth import django_auth
from liaison.core.schemas import ErrorOut, PageIn, page_slice
from liaison.meetings import selectors, services
from liaison.meetings.models import Meeting
from liaison.meetings.permissions import meeting_get_for, meetings_can_write

router = Router(tags=["meetings"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}
KIND_HELP = "cop, mop, standing-committee, scientific-council, plenary or other"


class MeetingRecordDocumentOut(Schema):
    title: str
    url: str


class MeetingOut(Schema):
    id: str = Field(..., description="The meeting's slug, e.g. cms-cop14 (also its id in /api/informea/Meetings)")
    convention: str
    kind: str = Field(..., description=KIND_HELP)
    kind_label: str
    number: int | None
    symbol: str = Field(..., description="COP14, StC53, 44 COM; empty when the meeting has none")
    title: str
    start: dt.date | None
    end: dt.date | None
    precision: str = Field(..., description="day, month or year: how precisely the dates are known")
    city: str
    country: str | None = Field(..., description="ISO 3166 alpha-3")
    url: str
    published: bool
    source: str = Field(..., description="Where the record came from")
    decisions_count: int
    page: str


class MeetingPage(Schema):
    count: int
    items: list[MeetingOut]


class MeetingDecisionOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    status: str
    page: str


class MeetingDetailOut(MeetingOut):
    description: str
    documents: list[MeetingRecordDocumentOut]
    decisions: list[MeetingDecisionOut]
    editable: bool


class MeetingFiltersIn(PageIn):
    convention: str | None = Field(None, max_length=64, description="Acronym or InforMEA code, e.g. CMS")
    kind: str | None = Field(None, max_length=20, description=KIND_HELP)
    year: str | None = Field(None, max_length=4, description="Meetings held (or starting) in that year")
    sort: str | None = Field(None, max_length=20, description="start, convention, kind, symbol, title, decisions; "
                                                              "- before it for descending")


class MeetingRecordDocumentIn(Schema):
    title: str = Field("", max_length=300)
    url: str = Field(..., max_length=500)


class MeetingIn(Schema):
    convention: str = Field(..., max_length=64, description="Acronym or InforMEA code")
    kind: str = Field("other", max_length=20, description=KIND_HELP)
    number: int | None = Field(None, ge=0, le=10_000)
    symbol: str = Field("", max_length=32)
    title: str = Field(..., max_length=300)
    start: str | None = Field(None, max_length=10, description="YYYY-MM-DD")
    end: str | None = Field(None, max_length=10, description="YYYY-MM-DD, on or after the start")
    precision: str = Field("day", max_length=6)
    city: str = Field("", max_length=120)
    country: str = Field("", max_length=3, description="ISO 3166 alpha-2 or alpha-3")
    url: str = Field("", max_length=500)
    description: str = Field("", max_length=5000)
    documents: list[MeetingRecordDocumentIn] = Field(default_factory=list, max_length=50)
    published: bool = False


def meeting_out(meeting: Meeting, *, decisions_count: int | None = None) -> dict:
    count = decisions_count if decisions_count is not None else getattr(meeting, "decisions_count", 0)
    return {"id": meeting.slug, "convention": meeting.convention.acronym, "kind": meeting.kind,
            "kind_label": str(meeting.get_kind_display()), "number": meeting.number, "symbol": meeting.symbol,
            "title": meeting.title, "start": meeting.start, "end": meeting.end, "precision": meeting.precision,
            "city": meeting.city, "country": meeting.country.iso3 if meeting.country else None, "url": meeting.url,
            "published": meeting.published, "source": meeting.source, "decisions_count": count,
            "page": f"/meetings/{meeting.slug}/"}


def meeting_detail_out(request, meeting: Meeting) -> dict:
    decisions = list(selectors.meeting_decisions(user=request.user, meeting=meeting))
    return {**meeting_out(meeting, decisions_count=len(decisions)), "description": meeting.description,
            "documents": meeting.documents,
            "decisions": [{"id": d.pk, "kind": d.kind, "number": d.number, "title": d.title, "status": d.status,
                           "page": f"/decisions/{d.pk}/"} for d in decisions],
            "editable": meetings_can_write(user=request.user, convention=meeting.convention)}


@router.get("/meetings", response={200: MeetingPage, **ERRORS},
            description="Meetings of the conventions' bodies the caller may read (published ones; unpublished ones "
                        "to their convention's staff), filtered by convention, kind and year, sorted, paginated "
                        "with limit/offset. An unknown convention, kind, year or sort answers 400.")
def meetings_list(request, filters: Query[MeetingFiltersIn]):
    parsed = selectors.meeting_filters_read(filters.dict())
    count, rows = page_slice(selectors.meeting_list(user=request.user, filters=parsed), page=filters)
    return {"count": count, "items": [meeting_out(m) for m in rows]}


@router.get("/meetings/{slug}", response={200: MeetingDetailOut, **ERRORS},
            description="One meeting with its documents and the decisions it adopted (404 when there is none or "
                        "the caller may not read it).")
def meeting_detail(request, slug: str):
    return meeting_detail_out(request, meeting_get_for(user=request.user, slug=slug))


@router.post("/meetings", response={201: MeetingDetailOut, **ERRORS}, auth=django_auth,
             description="Enter a meeting (the convention's secretariat staff and administrators). 422 lists every "
                         "field that is wrong (dates, unknown convention...); 409 when the symbol is taken.")
def meeting_create(request, payload: MeetingIn):
    meeting = services.meeting_create(user=request.user, data=payload.dict())
    return Status(201, meeting_detail_out(request, meeting))


@router.put("/meetings/{slug}", response={200: MeetingDetailOut, **ERRORS}, auth=django_auth,
            description="Replace a meeting's fields (the staff of its convention, and of the new one if it moves).")
def meeting_update(request, slug: str, payload: MeetingIn):
    meeting = meeting_get_for(user=request.user, slug=slug)
    meeting = services.meeting_update(user=request.user, meeting=meeting, data=payload.dict())
    return meeting_detail_out(request, meeting)
