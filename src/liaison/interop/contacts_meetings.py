"""The Contacts and Meetings collections of the InforMEA-compatible API (issue 17), in InforMEA's shapes.

Contacts are the national focal points of liaison.contacts: everyone reads their public fields
(`contact_visible_to`), the country's people, its conventions' secretariats and administrators every field
(`contact_private_visible_to`). Meetings are the meetings of the shared calendar (partnerships' published
events of kind `meeting`), the only meetings with dates Liaison holds as records.
"""

from __future__ import annotations

from django.db.models import Q

from liaison.contacts.formats import LIAISON_ID, contact_record
from liaison.contacts.models import ContactRole
from liaison.contacts.permissions import contact_fields_for, contact_private_ids, contact_visible_to
from liaison.interop.informea import (
    int_value,
    localized,
    metadata,
    page_rows,
    query_apply,
    treaty_code,
    treaty_condition,
)
from liaison.interop.odata import Query
from liaison.partnerships.models import Event


def contact_id_condition(value) -> Q:
    """Return the condition on a Contact record's `id`: Liaison's 'liaison:N', else the InforMEA id kept."""
    match = LIAISON_ID.match(str(value))
    return Q(pk=int(match.group(1))) if match else Q(informea_id=str(value), informea_id__gt="")


CONTACT_FILTERS = {
    "id": contact_id_condition,
    "country": lambda v: Q(country__iso2__iexact=str(v)) | Q(country__iso3__iexact=str(v)),
    "treaty": lambda v: Q(pk__in=ContactRole.objects.filter(
        treaty_condition(str(v), prefix="convention__")).values("contact_id")),
    "lastName": lambda v: Q(last_name=str(v)),
    "primary": lambda v: Q(primary=v in (1, True, "1", "true")),
}
CONTACT_ORDER = {"lastName": "last_name", "country": "country__iso2", "updated": "updated_at"}
MEETING_FILTERS = {
    "id": lambda v: Q(slug=str(v)),
    "treaty": lambda v: treaty_condition(str(v), prefix="convention__"),
    "year": lambda v: Q(start__year=int_value("year", v)),
}
MEETING_ORDER = {"start": "start", "end": "end", "title": "title"}


def informea_contacts(*, user, query: Query) -> tuple[list, bool, set[int]]:
    """Return the page of contacts the query asks for, whether more follow, and the ids whose every field
    `user` reads."""
    qs = query_apply(contact_visible_to(user).select_related("country").prefetch_related("roles__convention"),
                     query, filters=CONTACT_FILTERS, order=CONTACT_ORDER)
    rows, more = page_rows(qs, query)
    return rows, more, contact_private_ids(user=user, contacts=rows)


def contact_out(contact, *, base: str, private: bool) -> dict:
    """Return a contact as an InforMEA Contact record with the fields its reader sees."""
    return contact_record(contact, base=base, fields=contact_fields_for(contact, private=private))


def informea_meetings(*, query: Query) -> tuple[list[Event], bool]:
    """Return the page of the calendar's published meetings the query asks for."""
    qs = query_apply(Event.objects.filter(published=True, kind="meeting").select_related("convention"),
                     query, filters=MEETING_FILTERS, order=MEETING_ORDER)
    return page_rows(qs, query)


def odata_day(value) -> str | None:
    """Return a date as OData's verbose JSON writes it (midnight UTC)."""
    import calendar

    return f"/Date({calendar.timegm(value.timetuple()) * 1000})/" if value else None


def meeting_record(event: Event, *, base: str, link: str) -> dict:
    """Return a calendar meeting as an InforMEA Meeting record."""
    return {
        "__metadata": metadata("Meeting", f"{base}('{event.slug}')"),
        "protocolVersion": 1,
        "id": event.slug,
        "treaty": treaty_code(event.convention) if event.convention else None,
        "url": event.url or link,
        "title": localized(event.title),
        "description": localized(event.description),
        "start": odata_day(event.start),
        "end": odata_day(event.end),
        "repetition": None,
        "kind": "official" if event.convention else None,
        "type": None,
        "access": "Public",
        "status": "confirmed" if event.precision == "day" else "tentative",
        "location": None,
        "city": None,
        "country": None,
        "updated": None,
    }
