"""The Meetings collection of the InforMEA-compatible API (issue 17): liaison.meetings' records in the shape of
InforMEA's v3 Meeting, read through `meetings_visible_to`, with `$expand=decisions` (the decisions each meeting
adopted, read through `decision_visible_to`, as Decision records)."""

from __future__ import annotations

import calendar

from django.db.models import Prefetch, Q

from liaison.decisions.permissions import decision_visible_to
from liaison.interop.informea import (
    decision_record,
    int_value,
    localized,
    metadata,
    odata_date,
    page_rows,
    query_apply,
    treaty_code,
    treaty_condition,
)
from liaison.interop.odata import Query
from liaison.meetings.models import Meeting
from liaison.meetings.permissions import meetings_visible_to

MEETING_FILTERS = {
    "id": lambda v: Q(slug=str(v)[:120]),
    "treaty": lambda v: treaty_condition(str(v), prefix="convention__"),
    "year": lambda v: Q(start__year=int_value("year", v)),
    "type": lambda v: Q(kind=str(v)),
    "symbol": lambda v: Q(symbol=str(v)),
}
MEETING_ORDER = {"start": "start", "end": "end", "title": "title", "updated": "updated_at"}
MEETING_EXPAND = {"decisions"}


def informea_meetings(*, user, query: Query) -> tuple[list[Meeting], bool]:
    """Return the page of meetings `user` may read that the query asks for, and whether more follow."""
    qs = meetings_visible_to(user).select_related("convention", "country")
    if "decisions" in query.expand:
        decisions = (decision_visible_to(user).select_related("convention", "adopting_meeting")
                     .order_by("kind", "number"))
        qs = qs.prefetch_related(Prefetch("decisions", queryset=decisions, to_attr="decision_list"))
    return page_rows(query_apply(qs, query, filters=MEETING_FILTERS, order=MEETING_ORDER), query)


def odata_day(value) -> str | None:
    """Return a date as OData's verbose JSON writes it (midnight UTC)."""
    return f"/Date({calendar.timegm(value.timetuple()) * 1000})/" if value else None


def meeting_record(meeting: Meeting, *, base: str, link: str, decisions_base: str, decision_link,
                   expand: frozenset[str]) -> dict:
    """Return a meeting as an InforMEA Meeting record (`link` its page; `decision_link(pk)` a decision's page)."""
    place = ", ".join(part for part in (meeting.city, meeting.country.name if meeting.country else "") if part)
    record = {
        "__metadata": metadata("Meeting", f"{base}('{meeting.slug}')"),
        "protocolVersion": 1,
        "id": meeting.slug,
        "treaty": treaty_code(meeting.convention),
        "url": meeting.url or link,
        "title": localized(meeting.title),
        "description": localized(meeting.description),
        "start": odata_day(meeting.start),
        "end": odata_day(meeting.end),
        "repetition": None,
        "kind": "official",
        "type": meeting.kind,
        "access": "Public" if meeting.published else "Private",
        "status": "confirmed" if meeting.precision == "day" and meeting.start else "tentative",
        "location": place or None,
        "city": meeting.city or None,
        "country": meeting.country.iso2 if meeting.country else None,
        "updated": odata_date(meeting.updated_at),
        "symbol": meeting.symbol or None,
        "number": meeting.number,
        "documents": [{"title": d.get("title"), "url": d.get("url")} for d in meeting.documents],
    }
    if "decisions" in expand:
        record["decisions"] = [
            decision_record(d, base=decisions_base, link=decision_link(d.pk), expand=frozenset())
            for d in getattr(meeting, "decision_list", [])
        ]
    return record
