"""Who reads and who changes meeting records: one filter, one check per write.

The policy:
- A published meeting is public: everyone reads it, its dates, venue, documents and the decisions it adopted.
- An unpublished meeting (entered but not yet released, or harvested from another InforMEA endpoint and waiting
  for review) is read by the staff of its convention's secretariat (a protocol's or agreement's parent's staff
  too) and by administrators; everyone else does not see it (404, as for a missing one).
- Meetings are created, changed and published by the same people: the staff of the meeting's convention and
  administrators (the system actor, for loaders and the harvester, passes as `access.everything`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import Access, access_for
from liaison.catalogue.models import Convention
from liaison.core.errors import NotAllowed, NotFound, NotSignedIn
from liaison.meetings.models import Meeting


def staff_conventions(access: Access) -> set[int] | None:
    """Return the ids of the conventions whose staff `access` is, their protocols and agreements included
    (None: every convention)."""
    if access.everything or None in access.secretariat:
        return None
    served = {c for c in access.secretariat if c is not None}
    if served:
        served |= set(Convention.objects.filter(parent_id__in=served).values_list("pk", flat=True))
    return served


def meeting_visibility(user, *, prefix: str = "") -> Q:
    """Return the condition on meetings (reached through `prefix`, e.g. "adopting_meeting__") `user` may read."""
    staff = staff_conventions(access_for(user))
    if staff is None:
        return Q()
    condition = Q(**{f"{prefix}published": True})
    if staff:
        condition |= Q(**{f"{prefix}convention_id__in": staff})
    return condition


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Return the meetings `user` may read: published ones, and those of the conventions they are staff of."""
    return Meeting.objects.filter(meeting_visibility(user))


def meeting_get_for(*, user, slug: str) -> Meeting:
    """Return the meeting `slug` if `user` may read it; NotFound otherwise (missing and hidden look the same)."""
    meeting = (meetings_visible_to(user).select_related("convention", "country")
               .filter(slug=str(slug)[:120]).first())
    if meeting is None:
        raise NotFound(_("No meeting %(slug)s.") % {"slug": str(slug)[:60]})
    return meeting


def meetings_can_write(*, user, convention: Convention) -> bool:
    """Return True if `user` may create or change the meetings of `convention`."""
    access = access_for(user)
    if not access.authenticated:
        return False
    staff = staff_conventions(access)
    if staff is None:
        return True
    return convention.pk in staff


def meeting_check_write(*, user, convention: Convention) -> None:
    """Raise unless `user` may create or change the meetings of `convention`."""
    if meetings_can_write(user=user, convention=convention):
        return
    if not access_for(user).authenticated:
        raise NotSignedIn(_("Sign in as the convention's secretariat staff to enter its meetings."))
    raise NotAllowed(_("The meetings of a convention are entered by its secretariat's staff."))


def meeting_conventions_writable(user) -> QuerySet[Convention]:
    """Return the conventions whose meetings `user` may enter (for a form's choices)."""
    access = access_for(user)
    if not access.authenticated:
        return Convention.objects.none()
    staff = staff_conventions(access)
    return Convention.objects.all() if staff is None else Convention.objects.filter(pk__in=staff)
