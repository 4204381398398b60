"""The shared outreach calendar (paragraph 18) as an iCalendar feed."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from icalendar import Event as ICalEvent

PRODID = "-//Liaison//Shared outreach calendar of the biodiversity conventions//EN"


def calendar_ics(events) -> bytes:
    """Return the events as an iCalendar document: all-day entries, marked when only the years are known."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Liaison — shared outreach calendar")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for event in events:
        entry = ICalEvent()
        entry.add("uid", f"{event.slug}@liaison")
        entry.add("dtstamp", stamp)
        entry.add("summary", event.title)
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
        entry.add("categories", [event.get_kind_display()])
        description = event.description
        if event.precision == "year":
            years = f"{event.start.year}" if event.start.year == event.end.year else \
                f"{event.start.year}-{event.end.year}"
            description = f"Only the year(s) are known: {years}. {description}".strip()
        if event.source:
            description = f"{description}\nSource: {event.source}".strip()
        entry.add("description", description)
        if event.url:
            entry.add("url", event.url)
        cal.add_component(entry)
    return cal.to_ical()
