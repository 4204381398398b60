"""Writes of meeting records: create and change (checked in meetings.permissions, audited), and the meetings a
decision's label names, found or made, so that each decision links to the meeting that adopted it."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention, Country
from liaison.catalogue.selectors import conventions_by_code
from liaison.core.errors import Conflict, Invalid
from liaison.core.services import audit_record
from liaison.meetings.models import CITY_MAX, DOCUMENTS_MAX, SOURCE_MAX, SYMBOL_MAX, TITLE_MAX, Meeting
from liaison.meetings.permissions import meeting_check_write
from liaison.meetings.symbols import KINDS, meeting_label_read

YEAR_MIN, YEAR_MAX = 1900, 2100
FIELDS = ("convention", "kind", "number", "symbol", "title", "start", "end", "precision", "city", "country",
          "url", "description", "documents", "published")
URL = re.compile(r"^https?://[^\s<>\"']{1,480}$")
ENTERED = "entered in Liaison"  # a record's source is data, stored in English whatever the writer's language


def date_read(value, *, name: str, errors: list) -> dt.date | None:
    """Return a date from an ISO string (or a date); an error for `name` when it is not one, or out of range."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip()[:10]) if len(str(value).strip()) == 10 else None
        except ValueError:
            day = None
    if day is None or not YEAR_MIN <= day.year <= YEAR_MAX:
        errors.append({"field": name, "message": _("a date YYYY-MM-DD between %(a)d and %(b)d")
                       % {"a": YEAR_MIN, "b": YEAR_MAX}})
        return None
    return day


def text_read(data: dict, name: str, limit: int, errors: list, *, required: bool = False) -> str:
    value = data.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        errors.append({"field": name, "message": _("required")})
    if len(value) > limit:
        errors.append({"field": name, "message": _("at most %(n)d characters") % {"n": limit}})
    return value


def documents_read(value, errors: list) -> list[dict]:
    """Return a meeting's documents as [{"title", "url"}]; an error for a document without an http(s) URL."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or len(value) > DOCUMENTS_MAX:
        errors.append({"field": "documents", "message": _("a list of at most %(n)d documents") % {"n": DOCUMENTS_MAX}})
        return []
    documents = []
    for item in value:
        title = str(item.get("title") or "").strip()[:TITLE_MAX] if isinstance(item, dict) else ""
        url = str(item.get("url") or "").strip() if isinstance(item, dict) else ""
        if not URL.match(url):
            errors.append({"field": "documents", "message": _("each document has an http(s) URL")})
            return []
        documents.append({"title": title or url, "url": url})
    return documents


def meeting_clean(*, data: dict, conventions: dict[str, Convention] | None = None) -> dict:
    """Return a meeting's fields from a form, the API or a harvested record; Invalid (422) listing every fault."""
    errors: list[dict] = []
    code = text_read(data, "convention", 64, errors, required=True)
    index = conventions if conventions is not None else conventions_by_code()
    convention = index.get(code.lower()) if code else None
    if code and convention is None:
        errors.append({"field": "convention", "message": _("unknown convention %(c)r") % {"c": code[:40]}})
    kind = text_read(data, "kind", 20, errors) or "other"
    if kind not in KINDS:
        errors.append({"field": "kind", "message": _("one of %(kinds)s") % {"kinds": ", ".join(KINDS)}})
    number = data.get("number")
    if number in (None, ""):
        number = None
    elif isinstance(number, bool) or not str(number).isdigit() or int(number) > 10_000:
        errors.append({"field": "number", "message": _("a whole number")})
        number = None
    else:
        number = int(number)
    symbol = text_read(data, "symbol", SYMBOL_MAX, errors)
    title = text_read(data, "title", TITLE_MAX, errors, required=True)
    start = date_read(data.get("start"), name="start", errors=errors)
    end = date_read(data.get("end"), name="end", errors=errors)
    if end and not start:
        errors.append({"field": "start", "message": _("required when the end is given")})
    if start and end and end < start:
        errors.append({"field": "end", "message": _("on or after the start")})
    precision = text_read(data, "precision", 6, errors) or "day"
    if precision not in dict(Meeting.PRECISIONS):
        errors.append({"field": "precision", "message": _("day, month or year")})
    country = None
    iso = text_read(data, "country", 3, errors)
    if iso:
        country = Country.objects.filter(iso2__iexact=iso).first() or Country.objects.filter(iso3__iexact=iso).first()
        if country is None:
            errors.append({"field": "country", "message": _("an ISO 3166 code of a country Liaison knows")})
    url = text_read(data, "url", 500, errors)
    if url and not URL.match(url):
        errors.append({"field": "url", "message": _("an http(s) URL")})
    cleaned = {
        "convention": convention, "kind": kind, "number": number, "symbol": symbol, "title": title,
        "start": start, "end": end or start, "precision": precision,
        "city": text_read(data, "city", CITY_MAX, errors), "country": country, "url": url,
        "description": text_read(data, "description", 5000, errors),
        "documents": documents_read(data.get("documents"), errors),
        "published": bool(data.get("published", True)),
    }
    if errors:
        raise Invalid(_("Some values of the meeting are not valid."), errors=errors)
    return cleaned




def slug_make(convention: Convention, symbol: str, title: str) -> str:
    """Return a free slug for a meeting: "cms-cop14", "whc-31-com", else from the title."""
    base = slugify(f"{convention.acronym} {symbol or title}")[:100] or "meeting"
    slug, n = base, 1
    while Meeting.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def symbol_check_free(*, convention: Convention, symbol: str, meeting: Meeting | None = None) -> None:
    taken = Meeting.objects.filter(convention=convention, symbol=symbol).exclude(pk=getattr(meeting, "pk", None))
    if symbol and taken.exists():
        raise Conflict(_("%(c)s already has a meeting %(s)s.") % {"c": convention.acronym, "s": symbol})


@transaction.atomic
def meeting_create(*, user, data: dict, source: str = "", informea_id: str = "") -> Meeting:
    """Create a meeting of a convention `user` is staff of; return it."""
    fields = meeting_clean(data=data)
    meeting_check_write(user=user, convention=fields["convention"])
    symbol_check_free(convention=fields["convention"], symbol=fields["symbol"])
    meeting = Meeting.objects.create(
        **fields, slug=slug_make(fields["convention"], fields["symbol"], fields["title"]),
        source=(source or ENTERED)[:SOURCE_MAX], informea_id=informea_id[:120],
        created_by=user if getattr(user, "pk", None) else None)
    audit_record(actor=user, action="meeting.create", obj=meeting, changes={"symbol": meeting.symbol})
    return meeting


@transaction.atomic
def meeting_update(*, user, meeting: Meeting, data: dict) -> Meeting:
    """Change a meeting (the writer must be staff of its convention, and of the new one if it moves)."""
    meeting_check_write(user=user, convention=meeting.convention)
    fields = meeting_clean(data=data)
    meeting_check_write(user=user, convention=fields["convention"])
    symbol_check_free(convention=fields["convention"], symbol=fields["symbol"], meeting=meeting)
    changes = {name: str(value) for name, value in fields.items() if getattr(meeting, name) != value}
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    audit_record(actor=user, action="meeting.update", obj=meeting, changes=changes)
    return meeting


def meeting_for_label(*, convention: Convention, label: str, year: int | None = None,
                      source: str) -> Meeting | None:
    """Return the meeting of `convention` a decision's label names ("COP12"), made if new; None if it names none."""
    read = meeting_label_read(label)
    if read is None:
        return None
    meeting = Meeting.objects.filter(convention=convention, symbol=read.symbol).first()
    if meeting is not None:
        return meeting
    start = dt.date(year, 1, 1) if year and YEAR_MIN <= year <= YEAR_MAX else None
    return Meeting.objects.create(
        slug=slug_make(convention, read.symbol, label), convention=convention, kind=read.kind, number=read.number,
        symbol=read.symbol, title=label[:TITLE_MAX] if len(label) > len(read.symbol) else
        f"{convention.acronym} {read.symbol}", start=start, end=dt.date(year, 12, 31) if start else None,
        precision="year", city=read.city[:CITY_MAX], published=True, source=source[:SOURCE_MAX])


def decisions_link(*, decisions, source: str) -> tuple[int, int]:
    """Link each decision that has a meeting label and no meeting to the meeting it names (made when new, its
    source `source` with "{decision}" replaced); return (linked, unresolved)."""
    linked = unresolved = 0
    for decision in decisions.filter(adopting_meeting__isnull=True).exclude(meeting="").select_related("convention"):
        meeting = meeting_for_label(convention=decision.convention, label=decision.meeting, year=decision.year,
                                    source=source.replace("{decision}", str(decision)))
        if meeting is None:
            unresolved += 1
            continue
        type(decision).objects.filter(pk=decision.pk).update(adopting_meeting=meeting)
        linked += 1
    return linked, unresolved


def meeting_harvested_store(*, user, data: dict, informea_id: str, source: str,
                            conventions: dict[str, Convention]) -> Meeting | None:
    """Store a meeting read from another InforMEA endpoint as an unpublished record for its convention's staff to
    review; None when it is already held (the same InforMEA id, or the same convention and symbol). Invalid when
    a value cannot be read."""
    fields = meeting_clean(data={**data, "published": False}, conventions=conventions)
    held = Meeting.objects.filter(informea_id=informea_id[:120])
    if fields["symbol"]:
        held = held | Meeting.objects.filter(convention=fields["convention"], symbol=fields["symbol"])
    if held.exists():
        return None
    return meeting_create(user=user, data={**data, "published": False}, source=source, informea_id=informea_id)
