"""Who reads and writes a working group's meetings, documents, actions and coordinated positions: one filter per
object type, one check per write.

The policy (it extends the room's, in coordination/permissions.py):
- A group's meetings (agenda, minutes, documents), actions and positions are read by those who read its notes:
  its members and the country's focal points, who manage the group (`working_group_visible_to`).
- Secretariat staff read, of a country party to a convention they serve, the actions linked to that
  convention's mandates or to sections of its reports: what they administer. Never a group's meetings,
  documents or positions, which are the country's own preparation (its negotiating positions among them).
- The group's members write all of it (an administrator too). A focal point who manages the group but is not
  in it reads and does not write: they add themselves as a member first.
- Everyone else is refused; a group of another country named in a URL is 404, as are objects of another group.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Convention
from liaison.coordination.models import (
    GroupAction,
    GroupMeeting,
    MeetingDocument,
    Position,
    PositionBrief,
    WorkingGroup,
    WorkingGroupMember,
)
from liaison.coordination.permissions import room_check_read, working_group_visible_to
from liaison.core.errors import Invalid, NotAllowed, NotFound
from liaison.core.schemas import id_in_range


def group_work_visible_to(user) -> QuerySet[WorkingGroup]:
    """Return the groups whose meetings, documents and positions `user` reads (their notes' readers)."""
    return working_group_visible_to(user)


def meeting_visible_to(user) -> QuerySet[GroupMeeting]:
    """Return the group meetings `user` may read."""
    return GroupMeeting.objects.filter(group__in=group_work_visible_to(user))


def meeting_document_visible_to(user) -> QuerySet[MeetingDocument]:
    """Return the meeting documents `user` may download."""
    return MeetingDocument.objects.filter(meeting__group__in=group_work_visible_to(user))


def brief_visible_to(user) -> QuerySet[PositionBrief]:
    """Return the position briefs (coordinated positions for a convention's meeting) `user` may read."""
    return PositionBrief.objects.filter(group__in=group_work_visible_to(user))


def position_visible_to(user) -> QuerySet[Position]:
    """Return the positions `user` may read."""
    return Position.objects.filter(brief__group__in=group_work_visible_to(user))


def conventions_served(access) -> list[int] | None:
    """Return the ids of the conventions whose secretariat `access` serves, with their protocols (None: all)."""
    if None in access.secretariat:
        return None
    served = [c for c in access.secretariat if c is not None]
    return served + list(Convention.objects.filter(kind="protocol", parent_id__in=served).values_list("pk", flat=True))


def action_visible_to(user) -> QuerySet[GroupAction]:
    """Return the actions `user` may read: of the groups they read, and, for secretariat staff, those linked to a
    mandate or a report section of a convention they serve, in a country party to it."""
    access = access_for(user)
    if access.everything:
        return GroupAction.objects.all()
    readable = Q(group__in=group_work_visible_to(user))
    if access.secretariat:
        served = conventions_served(access)
        member = "group__country__memberships__"
        party = Q(**{f"{member}entry_into_force__isnull": False}) | Q(**{f"{member}ratification__isnull": False})
        # linked to a convention's mandate or report section, and the group's country party to that convention
        linked = (Q(mandates__decision__convention_id=F(f"{member}convention_id"))
                  | Q(sections__questionnaire__convention_id=F(f"{member}convention_id")))
        if served is not None:
            linked &= Q(**{f"{member}convention_id__in": served})
        administered = GroupAction.objects.filter(linked & party).values("pk")
        readable |= Q(pk__in=administered)
    return GroupAction.objects.filter(readable)


def group_work_can_write(*, user, group: WorkingGroup) -> bool:
    """Return True if `user` writes the group's meetings, actions and positions: its members, administrators."""
    access = access_for(user)
    if access.everything:
        return True
    if not access.authenticated:
        return False
    return WorkingGroupMember.objects.filter(group=group, user_id=access.user_id).exists()


def group_work_check_write(*, user, group: WorkingGroup) -> None:
    """Raise unless `user` may write the group's meetings, actions and positions."""
    room_check_read(user=user, country=group.country)
    if not group_work_can_write(user=user, group=group):
        raise NotAllowed(_("Only the group's members prepare its meetings, actions and positions."))


def meeting_document_check_delete(*, user, document: MeetingDocument) -> None:
    """Raise unless `user` may delete a meeting's document: the group's members, who add them."""
    group_work_check_write(user=user, group=document.meeting.group)


def action_check_delete(*, user, action: GroupAction) -> None:
    """Raise unless `user` may delete an action: the group's members, who record and change them."""
    group_work_check_write(user=user, group=action.group)


def group_work_check_read(*, user, group: WorkingGroup) -> None:
    """Raise unless `user` reads the group's meetings and positions (NotAllowed for a room reader outside it)."""
    room_check_read(user=user, country=group.country)
    if not group_work_visible_to(user).filter(pk=group.pk).exists():
        raise NotAllowed(_("The group's meetings and positions are read by its members and the country's "
                           "focal points."))


def action_owner_check(*, group: WorkingGroup, owner_id: int | None) -> None:
    """Raise Invalid (422) unless `owner_id` (when given) is a member of `group`."""
    if owner_id is None:
        return
    if not (id_in_range(owner_id) and group.members.filter(user_id=owner_id).exists()):
        raise Invalid(_("An action's owner is a member of the group."),
                      errors=[{"field": "owner", "message": _("not a member of this group")}])


def object_in_group(queryset: QuerySet, *, object_id: int, message: str):
    """Return the object `object_id` of `queryset` (already narrowed to a group); NotFound otherwise."""
    found = queryset.filter(pk=object_id if id_in_range(object_id) else 0).first()
    if found is None:
        raise NotFound(message)
    return found
