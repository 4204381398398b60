"""What the index holds of meetings (issue 13): one document per meeting record, found by its symbol ("COP14",
also spelled "COP 14"), title, kind, convention, venue and year.

As in documents.py, the document names the meeting as the object whose visibility it follows; the reader's filter
(meetings_visible_to) is applied when searching, so an unpublished meeting is found by its convention's staff only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from liaison.meetings.models import Meeting
from liaison.search.documents import document
from liaison.search.models import SearchDocument as Doc

LETTERS_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)")  # "COP14" -> "COP 14", as people also type it


def meetings_loaded(query: Q | None = None):
    qs = Meeting.objects.select_related("convention", "country")
    return qs.filter(query) if query is not None else qs


def meeting_name(meeting: Meeting) -> str:
    """Return "CBD COP14", or "CBD COP14: <title>" when the title says more than the symbol."""
    name = f"{meeting.convention.acronym} {meeting.symbol}".strip() if meeting.symbol else ""
    if not name:
        return f"{meeting.convention.acronym}: {meeting.title}"
    if meeting.title.strip().lower() in (name.lower(), meeting.symbol.lower()):
        return name
    return f"{name}: {meeting.title}"


def meetings_documents(meetings: Iterable[Meeting]) -> Iterator[Doc]:
    """Yield one document per meeting (loaded with convention and country), unpublished ones included."""
    with translation.override("en"):  # the index's text is English whatever the writer's language
        for meeting in meetings:
            symbols = dict.fromkeys(s for s in (meeting.symbol, LETTERS_DIGITS.sub(" ", meeting.symbol)) if s)
            body = " ".join(p for p in (*symbols, str(meeting.get_kind_display()), meeting.city,
                                        meeting.country.name if meeting.country_id else "",
                                        meeting.convention.name, str(meeting.start.year) if meeting.start else "",
                                        meeting.description) if p)
            yield document(kind=Doc.MEETING, object_id=meeting.pk, title=meeting_name(meeting), body=body,
                           url=reverse("meetings:detail", args=[meeting.slug]), owner=("meeting", meeting.pk),
                           convention=meeting.convention.acronym,
                           year=meeting.start.year if meeting.start else None)
