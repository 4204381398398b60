"""A convention's secretariat staff follow its dashboards through their role: no Follow row is written for them.

The events of a convention's dashboards (reports submitted or reopened, contributions submitted, work-plan
activities late, mandates' deadlines near or passed) are told to the staff of the convention the object belongs
to, resolved at fan-out: one query for the objects' conventions (alerts.objects' `conventions`), one for those
conventions' staff. Thousands of mandates and a few staff make no row at all; a person given or taken a
secretariat role is told, or not, from the next event on. Their right to see each object is asked as for any
follower (alerts.audience); staff of another convention are not told.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from liaison.accounts.models import Role
from liaison.alerts.models import Notification
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


def staff_pairs(*, kind: str, object_type: str, object_ids: list[int]) -> set[tuple[int, int]]:
    """Return (user id, object id) for the staff of each object's convention, for the dashboards' kinds."""
    conventions_of = TYPES[object_type].conventions if object_type in TYPES else None
    if kind not in STAFF_KINDS or conventions_of is None or not object_ids:
        return set()
    by_object = conventions_of(object_ids)
    staff = staff_of(by_object.values())
    return {(u, o) for o, c in by_object.items() for u in staff.get(c, ())}
