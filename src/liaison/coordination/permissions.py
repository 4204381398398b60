"""Who may enter a country's coordination room and who may change its working groups: one check per action.

The policy:
- The room of a country is read by the country's people: its national focal points and its contributors, of
  any convention. They see each other's names and e-mail addresses, the reports and mandates, and the groups.
- A convention's secretariat reads the room of a country party to a convention it serves (a protocol's
  secretariat is its parent convention's), for what the country owes it; it does not read the groups' notes.
- Administrators and the system actor read and change everything.
- Anybody else is refused: the public is asked to sign in, a signed-in outsider (a focal point of another
  country, a partner, a reviewer) gets 403. The country is public; only its room is not.
- The country's focal points (any convention) create its working groups and add or remove their members; a
  member must hold a role (focal point or contributor) for that country.
- A group's notes are read and written by its members; the country's focal points, who manage the group, read
  them too.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import Access, access_for
from liaison.accounts.models import Role
from liaison.catalogue.models import Country, Membership
from liaison.coordination.models import WorkingGroup, WorkingGroupMember
from liaison.core.errors import Invalid, NotAllowed, NotFound, NotSignedIn
from liaison.core.schemas import id_in_range

COUNTRY_ROLES = (Role.FOCAL_POINT, Role.CONTRIBUTOR)


def served_party(access: Access, *, country: Country) -> bool:
    """Return True when `country` is party to a convention whose secretariat `access` serves."""
    if None in access.secretariat:  # a secretariat role given for no convention
        return True
    served = [c for c in access.secretariat if c is not None]
    if not served:
        return False
    return Membership.objects.filter(country=country).filter(
        Q(entry_into_force__isnull=False) | Q(ratification__isnull=False)).filter(
        Q(convention_id__in=served) | Q(convention__kind="protocol", convention__parent_id__in=served)).exists()


def room_can_read(*, user, country: Country) -> bool:
    """Return True if `user` may enter the coordination room of `country`."""
    access = access_for(user)
    if access.everything:
        return True
    if not access.authenticated:
        return False
    if country.pk in access.countries:
        return True
    return served_party(access, country=country)


def room_check_read(*, user, country: Country) -> None:
    """Raise NotSignedIn for the public and NotAllowed for a signed-in outsider of the country's room."""
    if not access_for(user).authenticated:
        raise NotSignedIn(_("Sign in to enter a country's coordination room."))
    if not room_can_read(user=user, country=country):
        raise NotAllowed(_("The coordination room of %(country)s is open to its focal points and contributors "
                           "and to the secretariats of the conventions it is party to.") % {"country": country.name})


def country_get(*, iso3: str) -> Country:
    """Return the country of an ISO 3166 alpha-3 code (any case); NotFound otherwise."""
    country = Country.objects.filter(iso3=(iso3 or "").upper()[:3]).first()
    if country is None:
        raise NotFound(_("No such country."))
    return country


def groups_can_manage(*, user, country: Country) -> bool:
    """Return True if `user` is a focal point of `country` (any convention) or an administrator."""
    access = access_for(user)
    if access.everything:
        return True
    return access.is_focal_point(country.pk)


def groups_check_manage(*, user, country: Country) -> None:
    """Raise unless `user` may create the working groups of `country` and change their members."""
    room_check_read(user=user, country=country)
    if not groups_can_manage(user=user, country=country):
        raise NotAllowed(_("Only the country's focal points manage its working groups."))


def working_group_visible_to(user) -> QuerySet[WorkingGroup]:
    """Return the working groups whose notes `user` reads: their members', and the country's focal points'."""
    access = access_for(user)
    if access.everything:
        return WorkingGroup.objects.all()
    if not access.authenticated:
        return WorkingGroup.objects.none()
    mine = WorkingGroupMember.objects.filter(user_id=access.user_id).values("group_id")
    return WorkingGroup.objects.filter(Q(pk__in=mine) | Q(country_id__in=sorted(access.focal_point_countries)))


def working_group_get(*, user, country: Country, group_id: int) -> WorkingGroup:
    """Return the working group `group_id` of `country` to one who may enter its room; NotFound otherwise."""
    room_check_read(user=user, country=country)
    group = WorkingGroup.objects.filter(pk=group_id if id_in_range(group_id) else 0, country=country).first()
    if group is None:
        raise NotFound(_("No such working group in this country."))
    return group


def notes_can_read(*, user, group: WorkingGroup) -> bool:
    """Return True if `user` reads the notes of `group` (the condition of `working_group_visible_to`)."""
    access = access_for(user)
    if access.everything:
        return True
    if not access.authenticated:
        return False
    if access.is_focal_point(group.country_id):
        return True
    return group.members.filter(user_id=access.user_id).exists()


def note_check_create(*, user, group: WorkingGroup) -> None:
    """Raise unless `user` is a member of `group` (or an administrator): members write the group's log."""
    room_check_read(user=user, country=group.country)
    access = access_for(user)
    if access.everything:
        return
    if group.members.filter(user_id=access.user_id).exists():
        return
    raise NotAllowed(_("Only the group's members write in its log."))


def member_check_eligible(*, country: Country, user_id: int) -> None:
    """Raise Invalid (422) unless the person `user_id` holds a focal point or contributor role for `country`."""
    holds = id_in_range(user_id) and Role.objects.filter(
        user_id=user_id, user__is_active=True, country=country, kind__in=COUNTRY_ROLES).exists()
    if not holds:
        raise Invalid(_("Only people holding a role for %(country)s can be members of its working groups.")
                      % {"country": country.name},
                      errors=[{"field": "user", "message": _("not a focal point or contributor of this country")}])
