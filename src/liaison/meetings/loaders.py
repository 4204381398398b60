"""Load the meetings the bundled data names, idempotently, each with its source.

1. The meetings of the conventions held before the snapshot of UNEP-WCMC's post-2020 timeline
   (data/unepwcmc_post2020/post2020_process_timeline_2019-09-19.csv): dates, city and country, link. Rows after
   the snapshot were plans (CBD COP15, listed for October 2020, was held in 2021-2022) and are left out, as
   `decisions.meetings` leaves them out; rows of a convention the catalogue lacks (UNFCCC) too.
2. The shared calendar's events of kind `meeting` with a convention (partnerships): their days, their link and
   whether they are published. An event whose title names a meeting already held ("AEWA MOP8") gives it dates.
3. The decisions' meeting labels ("COP12", "31st session of the World Heritage Committee (Christchurch)"): each
   decision is linked to the meeting its label names, made when new (its year as the dates); a label no rule
   reads stays a label, counted as unresolved.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from liaison.catalogue.models import Convention, Country
from liaison.core.loading import DataFileError, LoadReport
from liaison.decisions.meetings import CONVENTION_NAMES, ROW, SNAPSHOT, TIMELINE
from liaison.decisions.models import Decision
from liaison.meetings.models import Meeting
from liaison.meetings.services import decisions_link, slug_make
from liaison.meetings.symbols import meeting_label_read
from liaison.meetings.venues import venue_country_resolver_build
from liaison.partnerships.models import Event

TIMELINE_SOURCE = "UNEP-WCMC post-2020 process timeline, snapshot of 2019-09-19 (data/unepwcmc_post2020)"
CALENDAR_SOURCE = "the shared calendar (partnerships event {slug})"
DECISIONS_SOURCE = "the meeting label of {decision}"
URL = re.compile(r"https?://\S+")


def day_read(value: str) -> dt.date:
    day, month, year = (int(x) for x in value.strip().split("/"))
    return dt.date(year, month, day)


def timeline_rows(path: Path, conventions: dict[str, Convention], resolve) -> list[dict]:
    """Return the timeline's meetings of known conventions held by its snapshot, as meeting fields."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            m = ROW.match((row.get("Title") or "").strip())
            acronym = CONVENTION_NAMES.get(m.group("conv").lower()) if m else None
            if m is None or acronym not in conventions or (row.get("Date to be decided") or "").strip():
                continue
            try:
                start, end = day_read(row["Start date"]), day_read(row["End date"])
            except (KeyError, ValueError):
                raise DataFileError(path, n, "Start date and End date must be dd/mm/yyyy") from None
            if end >= SNAPSHOT:
                continue
            label = meeting_label_read(f"{m.group('body')}{m.group('n')}")
            if label is None:
                continue
            place = [part.strip() for part in (row.get("Location") or "").split(",") if part.strip()]
            iso3 = resolve(place[-1]) if place else None
            link = URL.search(row.get("Link to further information") or "")
            rows.append({"convention": conventions[acronym], "kind": label.kind, "number": label.number,
                         "symbol": label.symbol, "title": row["Title"].strip()[:300], "start": start, "end": end,
                         "precision": "day", "city": place[0] if len(place) > 1 else "",
                         "country": Country.objects.filter(iso3=iso3).first() if iso3 else None,
                         "url": link.group(0)[:500] if link else "", "source": TIMELINE_SOURCE})
    return rows


def meeting_store(fields: dict, report: LoadReport | None = None) -> Meeting:
    """Create the meeting, or complete the existing one of the same symbol (else of the same source) with the
    fields it lacks; days known replace a year."""
    convention, symbol = fields["convention"], fields["symbol"]
    existing = Meeting.objects.filter(convention=convention)
    meeting = existing.filter(symbol=symbol).first() if symbol else existing.filter(source=fields["source"]).first()
    if meeting is None:
        meeting = Meeting.objects.create(slug=slug_make(convention, symbol, fields["title"]), **fields)
        if report is not None:
            report.count("meetings")
        return meeting
    changed = {name for name, value in fields.items()
               if value not in (None, "") and getattr(meeting, name) in (None, "") and name != "source"}
    if meeting.precision != "day" and fields.get("precision") == "day":
        changed |= {"start", "end", "precision"}
    for name in changed:
        setattr(meeting, name, fields[name])
    if changed:
        meeting.save()
    return meeting


def calendar_fields(event: Event) -> dict:
    """Return a calendar meeting as meeting fields (the symbol its title names, when it names one)."""
    title = event.title.strip()
    rest = title[len(event.convention.acronym):].strip() if title.upper().startswith(
        event.convention.acronym.upper()) else title
    label = meeting_label_read(rest)
    return {"convention": event.convention, "kind": label.kind if label else "other",
            "number": label.number if label else None, "symbol": label.symbol if label else "",
            "title": title[:300], "start": event.start, "end": event.end, "precision": event.precision,
            "url": event.url, "description": event.description[:5000], "published": event.published,
            "source": CALENDAR_SOURCE.format(slug=event.slug)[:300]}


def meetings_load(*, data_dir: Path, report: LoadReport) -> None:
    """Load the timeline's meetings, the calendar's meetings, and link the decisions to their meetings."""
    conventions = {c.acronym: c for c in Convention.objects.all()}
    path = data_dir / TIMELINE
    if path.is_file():
        resolve = venue_country_resolver_build(data_dir)
        for fields in timeline_rows(path, conventions, resolve):
            meeting_store(fields, report)
    for event in Event.objects.filter(kind="meeting", convention__isnull=False).select_related("convention"):
        meeting_store(calendar_fields(event), report)
    decisions_link(decisions=Decision.objects.all(), source=DECISIONS_SOURCE)
    labelled = Decision.objects.exclude(meeting="")
    report.count("decisions linked to their meeting", labelled.filter(adopting_meeting__isnull=False).count())
    unresolved = labelled.filter(adopting_meeting__isnull=True).count()
    report.count("meetings held", Meeting.objects.count())  # with those made from labels as decisions loaded
    if unresolved:
        report.count("decision meeting labels unresolved", unresolved)
        report.warnings.append(f"{unresolved} decisions name a meeting no rule reads (kept as labels)")
