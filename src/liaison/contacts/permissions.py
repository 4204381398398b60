"""Who reads which fields of a national focal-point contact, and who changes it: one filter, one check per action.

The policy:
- Every contact is public with its name, country and roles (as InforMEA publishes focal points), and with the
  fields its editors made public (`Contact.public_fields`; position, institution and department by default).
- The other fields (address, e-mail, phone, fax by default) are read by the country's own people (its national
  focal points and contributors, of any convention), by the secretariats of the conventions the country is
  party to (a protocol's secretariat is its parent's: a secretariat serves its convention and its protocols) and
  by administrators: `contact_private_visible_to`.
- A contact is created, changed and deleted by the country's national focal points (any convention), by the
  secretariat staff of a convention it holds a role for (every role they add or remove must be for a convention
  they serve), and by administrators. Every change is audited (contacts.services).
- Contacts files are imported by secretariat staff, the country's focal points and administrators; each row
  passes the same check as a form would.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import Access, access_for
from liaison.catalogue.models import Convention, Country, Membership
from liaison.contacts.models import Contact
from liaison.core.errors import NotAllowed, NotFound, NotSignedIn
from liaison.core.schemas import id_in_range

PARTY = Q(entry_into_force__isnull=False) | Q(ratification__isnull=False)


def served_conventions(access: Access) -> set[int] | None:
    """Return the ids of the conventions whose secretariat `access` serves, their protocols included (None: all)."""
    if None in access.secretariat:
        return None
    served = {c for c in access.secretariat if c is not None}
    if served:
        served |= set(Convention.objects.filter(parent_id__in=served).values_list("pk", flat=True))
    return served


def contact_visible_to(user) -> QuerySet[Contact]:
    """Return the contacts `user` may see: all of them, with their public fields (`contact_fields_for` says which)."""
    return Contact.objects.all()


def contact_private_visible_to(user) -> QuerySet[Contact]:
    """Return the contacts whose every field `user` reads: their country's people, its conventions' staff, admins."""
    access = access_for(user)
    if access.everything:
        return Contact.objects.all()
    if not access.authenticated:
        return Contact.objects.none()
    readable = Q(country_id__in=sorted(access.countries))
    served = served_conventions(access) if access.secretariat else set()
    if served is None:
        return Contact.objects.all()
    if served:
        parties = Membership.objects.filter(PARTY, convention_id__in=sorted(served)).values("country_id")
        readable |= Q(country_id__in=parties)
    return Contact.objects.filter(readable)


def contact_private_ids(*, user, contacts) -> set[int]:
    """Return the ids among `contacts` whose every field `user` reads (one query)."""
    ids = [c.pk for c in contacts]
    if not ids:
        return set()
    return set(contact_private_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def contact_fields_for(contact: Contact, *, private: bool) -> set[str]:
    """Return the names of the optional fields of `contact` a reader sees (all of them when `private`)."""
    from liaison.contacts.models import PRIVATE_ABLE

    return set(PRIVATE_ABLE) if private else set(contact.public_fields or []) & set(PRIVATE_ABLE)


def contacts_can_add(*, user, country: Country) -> bool:
    """Return True if `user` may add contacts to `country` (its focal points, staff of a convention it is party
    to, administrators)."""
    access = access_for(user)
    if access.everything:
        return True
    if not access.authenticated:
        return False
    if access.is_focal_point(country.pk):
        return True
    if not access.secretariat:
        return False
    served = served_conventions(access)
    if served is None:
        return True
    return Membership.objects.filter(PARTY, country=country, convention_id__in=sorted(served)).exists()


def contacts_can_import(*, user) -> bool:
    """Return True if `user` may upload a contacts file (secretariat staff, focal points, administrators)."""
    access = access_for(user)
    return access.everything or bool(access.secretariat) or bool(access.focal_point_countries)


def contacts_check_import(*, user) -> None:
    """Raise unless `user` may upload a contacts file."""
    if not access_for(user).authenticated:
        raise NotSignedIn(_("Sign in to import contacts."))
    if not contacts_can_import(user=user):
        raise NotAllowed(_("Contacts files are imported by secretariat staff and national focal points."))


def contact_check_write(*, user, country: Country, before: set[int], after: set[int]) -> None:
    """Raise unless `user` may write a contact of `country` whose role conventions go from `before` to `after`
    (empty `before`: a new contact; empty `after`: a deletion)."""
    access = access_for(user)
    if not access.authenticated:
        raise NotSignedIn(_("Sign in to change contacts."))
    if access.everything or access.is_focal_point(country.pk):
        return
    served = served_conventions(access) if access.secretariat else set()
    if served is None:
        return
    touched = before ^ after
    if served and (before | after) & served and touched <= served:
        return
    raise NotAllowed(_("The contacts of %(country)s are kept by its national focal points and by the secretariats "
                       "of the conventions each contact serves.") % {"country": country.name})


def contact_can_edit(*, user, contact: Contact) -> bool:
    """Return True if `user` may change `contact` without changing its roles."""
    conventions = {r.convention_id for r in contact.roles.all()}
    try:
        contact_check_write(user=user, country=contact.country, before=conventions, after=conventions)
    except (NotAllowed, NotSignedIn):
        return False
    return True


def contact_get(*, user, contact_id: int) -> Contact:
    """Return the contact `contact_id` (every contact is visible); NotFound otherwise."""
    contact = (contact_visible_to(user).select_related("country").prefetch_related("roles__convention")
               .filter(pk=contact_id if id_in_range(contact_id) else 0).first())
    if contact is None:
        raise NotFound(_("No such contact."))
    return contact
