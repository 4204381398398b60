"""The Contacts collection of the InforMEA-compatible API (issue 17), in InforMEA's Contact shape.

Contacts are the national focal points of liaison.contacts: everyone reads their public fields
(`contact_visible_to`), the country's people, its conventions' secretariats and administrators every field
(`contact_private_visible_to`). The Meetings collection is interop.meetings (liaison.meetings' records).
"""

from __future__ import annotations

from django.db.models import Q

from liaison.contacts.formats import LIAISON_ID, contact_record
from liaison.contacts.models import ContactRole
from liaison.contacts.permissions import contact_fields_for, contact_private_ids, contact_visible_to
from liaison.interop.informea import page_rows, query_apply, treaty_condition
from liaison.interop.odata import Query


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
