"""A convention's secretariat staff follow its dashboards through their role: no Follow row is written for them.

The events of a convention's dashboards (reports submitted or reopened, contributions submitted, work-plan
activities late, mandates' deadlines near or passed) are told to the staff of the convention the object belongs
to, resolved at fan-out: one query for the objects' conventions (alerts.objects' `conventions`), one for those
conventions' staff. Thousands of mandates and a few staff make no row at all; a person given or taken a
secretariat role is told, or not, from the next event on. Their right to see each object is asked as for any
follower (alerts.audience); staff of another convention are not told.

A staff member may turn this off, per convention and kind (`StaffOptOut`, set on the preferences page or the
API): the fan-out then leaves them out, and a notification written before, still waiting for its e-mail or its
digest, is not mailed (`Notification.staff_of` says it came through the role). What they follow themselves
(the object, its country's reports) is still told.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from liaison.accounts.models import Role
from liaison.alerts.models import Notification, StaffOptOut
from liaison.alerts.objects import TYPES

STAFF_KINDS = frozenset({Notification.REPORT_SUBMITTED, Notification.REPORT_REOPENED,
                         Notification.CONTRIBUTION_SUBMITTED, Notification.ACTIVITY_LATE,
                         Notification.MANDATE_DEADLINE})


def staff_of(convention_ids: Iterable[int]) -> dict[int, set[int]]:
    """Return {convention id: ids of its secretariat staff} (one query)."""
    staff: dict[int, set[int]] = defaultdict(set)
    for convention_id, user_id in (Role.objects.filter(kind=Role.SECRETARIAT, convention_id__in=set(convention_ids))
                                   .values_list("convention_id", "user_id")):
        staff[convention_id].add(user_id)
    return staff


def staff_opted_out(*, kinds: Iterable[str], user_ids: Iterable[int] | None = None,
                    convention_ids: Iterable[int] | None = None) -> set[tuple[int, int, str]]:
    """Return the (user id, convention id, kind) the staff turned off, among these kinds, people, conventions."""
    rows = StaffOptOut.objects.filter(kind__in=set(kinds))
    if user_ids is not None:
        rows = rows.filter(user_id__in=set(user_ids))
    if convention_ids is not None:
        rows = rows.filter(convention_id__in=set(convention_ids))
    return set(rows.values_list("user_id", "convention_id", "kind"))


def staff_roles(*, kind: str, object_type: str, object_ids: list[int]) -> dict[tuple[int, int], int]:
    """Return {(user id, object id): convention id} for the staff of each object's convention, for the dashboards'
    kinds, less those who turned that kind of that convention off (three queries)."""
    conventions_of = TYPES[object_type].conventions if object_type in TYPES else None
    if kind not in STAFF_KINDS or conventions_of is None or not object_ids:
        return {}
    by_object = conventions_of(object_ids)
    staff = staff_of(by_object.values())
    if not staff:
        return {}
    off = staff_opted_out(kinds=[kind], convention_ids=staff)
    return {(u, o): c for o, c in by_object.items() for u in staff.get(c, ()) if (u, c, kind) not in off}


def staff_pairs(*, kind: str, object_type: str, object_ids: list[int]) -> set[tuple[int, int]]:
    """Return (user id, object id) for the staff of each object's convention told of this kind."""
    return set(staff_roles(kind=kind, object_type=object_type, object_ids=object_ids))


def staff_unwanted(notifications) -> set[int]:
    """Return the ids of those of these notifications told through a staff role their recipient turned off."""
    by_role = [n for n in notifications if n.staff_of_id]
    if not by_role:
        return set()
    off = staff_opted_out(kinds={n.kind for n in by_role}, user_ids={n.user_id for n in by_role})
    return {n.pk for n in by_role if (n.user_id, n.staff_of_id, n.kind) in off}
