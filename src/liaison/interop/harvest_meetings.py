"""Harvest an InforMEA-shaped OData Meetings endpoint into unpublished meeting records (liaison.meetings).

Each Meeting record (InforMEA's v1/v3 shape: id, treaty, title, description, start, end, type, city, country,
url) becomes a meeting of its convention that is NOT published: its convention's staff review it on its page and
publish it. A meeting already held (the same InforMEA id, or the same convention and symbol) is skipped, so a
second run stores nothing new. Pages are fetched as the decisions' harvester fetches them (interop.harvest:
http(s) only, timeout, size limit, next links on the first host); the state after each page is kept for
--resume, and removed once the last page is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.catalogue.selectors import conventions_by_code
from liaison.core.errors import Conflict, Invalid
from liaison.interop.harvest import (
    _DATE,
    PAGES_MAX,
    RESPONSE_MAX,
    TIMEOUT,
    HarvestError,
    HarvestState,
    RecordUnreadable,
    localized_texts,
    page_fetch,
    page_records,
    state_load,
    state_path,
    state_save,
    text_pick,
    url_check,
)
from liaison.meetings.services import meeting_harvested_store
from liaison.meetings.symbols import meeting_label_read

KINDS_IN = {"cop": "cop", "mop": "mop", "cop-mop": "mop", "copmop": "mop", "standing-committee": "standing-committee",
            "stc": "standing-committee", "sc": "standing-committee", "scientific-council": "scientific-council",
            "scc": "scientific-council"}


@dataclass
class MeetingHarvestResult:
    state: HarvestState
    stored: list[str]
    finished: bool


def record_day(value, *, name: str) -> str | None:
    """Return an OData `/Date(ms)/` as YYYY-MM-DD (UTC); RecordUnreadable when it is something else."""
    if value in (None, ""):
        return None
    match = _DATE.fullmatch(str(value))
    if not match:
        raise RecordUnreadable(_("%(field)s is not an OData date: %(value)r") % {"field": name,
                                                                               "value": str(value)[:40]})
    try:
        return dt.datetime.fromtimestamp(int(match.group(1)) / 1000, tz=dt.UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        raise RecordUnreadable(_("%(field)s is out of range") % {"field": name}) from None


def record_meeting(record) -> tuple[str, dict]:
    """Return a Meeting record's InforMEA id and its fields for meetings.services; RecordUnreadable says why not."""
    if not isinstance(record, dict):
        raise RecordUnreadable(_("not an object"))
    informea_id = str(record.get("id") or "").strip()
    if not informea_id or len(informea_id) > 120:
        raise RecordUnreadable(_("no id"))
    title = text_pick(localized_texts(record.get("title")))
    if not title:
        raise RecordUnreadable(_("no title"))
    symbol = str(record.get("symbol") or "").strip()
    label = meeting_label_read(symbol) if symbol else None
    kind = KINDS_IN.get(str(record.get("type") or "").strip().lower(), label.kind if label else "other")
    start = record_day(record.get("start"), name="start")
    end = record_day(record.get("end"), name="end")
    return informea_id, {
        "convention": str(record.get("treaty") or "").strip(), "kind": kind,
        "number": record.get("number") if isinstance(record.get("number"), int) else (label.number if label else None),
        "symbol": symbol[:32], "title": title[:300], "start": start, "end": end,
        "precision": "day" if start and str(record.get("status") or "confirmed") == "confirmed" else "year",
        "city": str(record.get("city") or "").strip()[:120], "country": str(record.get("country") or "").strip(),
        "url": str(record.get("url") or "").strip()[:500],
        "description": text_pick(localized_texts(record.get("description")))[:5000],
        "documents": [d for d in record.get("documents") or [] if isinstance(d, dict)][:50],
    }


def invalid_reason(error: Invalid | Conflict) -> str:
    return "; ".join(f"{e['field']}: {e['message']}" for e in error.errors) or str(error.detail)


def harvest_meetings(
    *,
    user,
    url: str,
    resume: bool = False,
    pages: int | None = None,
    folder: Path | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int = RESPONSE_MAX,
    report: Callable[[str], None] = lambda message: None,
    progress: Callable[[int], None] = lambda n: None,
) -> MeetingHarvestResult:
    """Read the Meetings endpoint at `url` page by page into unpublished meeting records; return how far it got.

    Each page's new meetings are stored when the page is read (in one transaction); `pages`, `report` and
    `progress` as for the decisions' harvester. HarvestError when a page cannot be read (the state is kept).
    """
    url_check(url)
    path = state_path(url, folder=folder)
    state = state_load(path, url) if resume else None
    if resume and state is None:
        report(_("Nothing to resume for %(url)s: starting from the first page.") % {"url": url})
    state = state or HarvestState(url=url, next=url)
    conventions = conventions_by_code()
    source = (_("InforMEA harvest of %(url)s") % {"url": url})[:300]
    stored: list[str] = []
    done_now = 0
    while state.next is not None and (pages is None or done_now < pages):
        if state.pages >= PAGES_MAX:
            raise HarvestError(_("More than %(n)d pages: stopped.") % {"n": PAGES_MAX})
        current = url_check(state.next, start=url)
        records, following = page_records(page_fetch(current, timeout=timeout, max_bytes=max_bytes))
        with transaction.atomic():
            for i, record in enumerate(records, start=1):
                label = str(record.get("id") or "")[:40] if isinstance(record, dict) else ""
                where = (_("page %(page)d, record %(n)d %(label)s")
                         % {"page": state.pages + 1, "n": i, "label": label}).strip()
                try:
                    informea_id, data = record_meeting(record)
                    meeting = meeting_harvested_store(user=user, data=data, informea_id=informea_id, source=source,
                                                      conventions=conventions)
                except RecordUnreadable as exc:
                    why = str(exc)
                except (Invalid, Conflict) as exc:
                    why = invalid_reason(exc)
                else:
                    if meeting is None:
                        state.skipped += 1
                    else:
                        stored.append(meeting.slug)
                        state.documents.append({"slug": meeting.slug})
                    continue
                message = _("%(where)s: cannot read it: %(why)s") % {"where": where, "why": why}
                state.messages.append(message)
                report(message)
        state.records += len(records)
        state.pages += 1
        done_now += 1
        next_url = urljoin(current, following) if following else None
        state.next = None if next_url == current else next_url
        state_save(path, state)
        progress(len(records))
    if state.next is not None:
        return MeetingHarvestResult(state=state, stored=stored, finished=False)
    path.unlink(missing_ok=True)
    return MeetingHarvestResult(state=state, stored=stored, finished=True)
