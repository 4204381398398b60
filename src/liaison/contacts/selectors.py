"""Reads of national focal-point contacts: a country's list as its reader may see it, and pages of the
InforMEA Contacts collection."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from liaison.accounts.access import access_for
from liaison.catalogue.models import Country
from liaison.contacts.models import PRIVATE_ABLE, Contact, ContactRole
from liaison.contacts.permissions import (
    contact_private_ids,
    contact_visible_to,
    served_conventions,
)

CONTACTS_SHOWN = 500  # a country's list; no country has this many focal points


def editable_ids(*, user, country: Country, conventions: dict[int, set[int]]) -> set[int]:
    """Return the ids among the contacts of `country` (`conventions`: {contact id: its roles' convention ids}) that
    `user` may change without changing their roles: `contact_check_write`'s rule, with what it reads read once."""
    access = access_for(user)
    if not access.authenticated:
        return set()
    if access.everything or access.is_focal_point(country.pk):
        return set(conventions)
    if not access.secretariat:
        return set()
    served = served_conventions(access)
    if served is None:
        return set(conventions)
    # before == after: nothing is touched, so the rule is that a role of the contact is for a convention served
    return {pk for pk, held in conventions.items() if served and held & served}


CONTACT_FIELDS = ("pk", "prefix", "first_name", "last_name", *PRIVATE_ABLE, "public_fields", "primary", "is_demo",
                  "informea_id")


def contact_name(row: dict) -> str:
    """Return a contact's name from its values, as `Contact.__str__` does from an instance."""
    return str(Contact(**{k: row[k] for k in ("prefix", "first_name", "last_name", "position", "institution")}))


def contact_row(row: dict, *, iso3: str, roles: list[tuple], fields: set[str], edit_url: str | None) -> dict:
    """Return a contact as the pages and the API show it: hidden fields are None."""
    return {"id": row["pk"], "country": iso3, "prefix": row["prefix"], "first_name": row["first_name"],
            "last_name": row["last_name"], "name": contact_name(row),
            **{f: row[f] if f in fields else None for f in PRIVATE_ABLE},
            "public_fields": list(row["public_fields"] or []), "primary": row["primary"], "is_demo": row["is_demo"],
            "informea_id": row["informea_id"], "editable": edit_url is not None, "edit_url": edit_url,
            "private_shown": fields == set(PRIVATE_ABLE),
            "roles": [{"convention": acronym, "kind": kind, "kind_label": gettext(KIND_LABELS.get(kind, kind)),
                       "label": label if label != KIND_LABELS.get(kind, kind) else ""}
                      for _id, acronym, kind, label in roles]}


KIND_LABELS = dict(ContactRole.KINDS)


def contacts_of(*, user, country: Country) -> list[dict]:
    """Return the contacts of `country` as `user` may read them (private fields None where hidden)."""
    # plain values, not instances: a country's 40 contacts with their roles cost 2 queries and no model objects
    contacts = list(contact_visible_to(user).filter(country=country).order_by("last_name", "first_name", "pk")
                    .values(*CONTACT_FIELDS)[:CONTACTS_SHOWN])
    ids = [c["pk"] for c in contacts]
    roles: dict[int, list[tuple]] = {pk: [] for pk in ids}
    for contact_id, convention_id, acronym, kind, label in (
            ContactRole.objects.filter(contact_id__in=ids).order_by("convention__acronym", "kind", "pk")
            .values_list("contact_id", "convention_id", "convention__acronym", "kind", "label") if ids else ()):
        roles[contact_id].append((convention_id, acronym, kind, label))
    access = access_for(user)
    if access.everything or country.pk in access.countries:  # the country's own people: no query to ask
        private = set(ids)
    else:
        private = contact_private_ids(user=user, contacts=[Contact(pk=pk) for pk in ids])
    editable = editable_ids(user=user, country=country,
                            conventions={pk: {r[0] for r in held} for pk, held in roles.items()})
    return [contact_row(c, iso3=country.iso3, roles=roles[c["pk"]],
                        fields=set(PRIVATE_ABLE) if c["pk"] in private
                        else set(c["public_fields"] or []) & set(PRIVATE_ABLE),
                        edit_url=reverse("contacts:edit", args=[c["pk"]]) if c["pk"] in editable else None)
            for c in contacts]
