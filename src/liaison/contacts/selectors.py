"""Reads of national focal-point contacts: a country's list as its reader may see it, and pages of the
InforMEA Contacts collection."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from liaison.accounts.access import access_for
from liaison.catalogue.models import Country
from liaison.contacts.models import PRIVATE_ABLE, Contact, ContactRole
from liaison.contacts.permissions import (
    contact_check_write,
    contact_fields_for,
    contact_private_ids,
    contact_visible_to,
    served_conventions,
)
from liaison.core.errors import NotAllowed, NotSignedIn

CONTACTS_SHOWN = 500  # a country's list; no country has this many focal points


def contacts_query(user) -> QuerySet[Contact]:
    """Return the contacts `user` may see, with what a list of them reads."""
    roles = ContactRole.objects.select_related("convention").order_by("convention__acronym", "kind", "pk")
    return contact_visible_to(user).select_related("country").prefetch_related(Prefetch("roles", queryset=roles))


def editable_ids(*, user, contacts: list[Contact]) -> set[int]:
    """Return the ids among `contacts` that `user` may change (no query beyond the loaded roles)."""
    access = access_for(user)
    if not access.authenticated:
        return set()
    if not (access.everything or access.focal_point_countries or access.secretariat):
        return set()
    served = served_conventions(access) if access.secretariat else set()
    ids = set()
    for contact in contacts:
        conventions = {r.convention_id for r in contact.roles.all()}
        if access.everything or access.is_focal_point(contact.country_id) or served is None:
            ids.add(contact.pk)
            continue
        try:
            contact_check_write(user=user, country=contact.country, before=conventions, after=conventions)
        except (NotAllowed, NotSignedIn):
            continue
        ids.add(contact.pk)
    return ids


def contact_row(contact: Contact, *, fields: set[str], editable: bool) -> dict:
    """Return a contact as the pages and the API show it: hidden fields are None."""
    return {"id": contact.pk, "country": contact.country.iso3, "prefix": contact.prefix,
            "first_name": contact.first_name, "last_name": contact.last_name, "name": str(contact),
            **{f: getattr(contact, f) if f in fields else None for f in PRIVATE_ABLE},
            "public_fields": list(contact.public_fields or []), "primary": contact.primary,
            "is_demo": contact.is_demo, "informea_id": contact.informea_id, "editable": editable,
            "edit_url": reverse("contacts:edit", args=[contact.pk]) if editable else None,
            "private_shown": fields == set(PRIVATE_ABLE),
            "roles": [{"convention": r.convention.acronym, "kind": r.kind, "kind_label": gettext(r.get_kind_display()),
                       "label": r.label if r.label != r.get_kind_display() else ""} for r in contact.roles.all()]}


def contacts_of(*, user, country: Country) -> list[dict]:
    """Return the contacts of `country` as `user` may read them (private fields None where hidden)."""
    contacts = list(contacts_query(user).filter(country=country)[:CONTACTS_SHOWN])
    access = access_for(user)
    if access.everything or country.pk in access.countries:  # the country's own people: no query to ask
        private = {c.pk for c in contacts}
    else:
        private = contact_private_ids(user=user, contacts=contacts)
    editable = editable_ids(user=user, contacts=contacts)
    return [contact_row(c, fields=contact_fields_for(c, private=c.pk in private), editable=c.pk in editable)
            for c in contacts]
