"""Who, among some people, may see which of some objects: the areas' own visibility filters, asked in bulk.

A fan-out asks about many people at once. Their roles are loaded with one query for all of them, and each
object type is asked in one query (a UNION of every person's `<type>_visible_to(user)` filter, by chunks of
CHUNK people), never one query per person. Objects the public sees are seen by everyone and cost no union.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import BigIntegerField, Value

from liaison.accounts.access import access_for, access_preload
from liaison.alerts.objects import TYPES

# SQLite allows at most 500 SELECTs in one compound statement.
CHUNK = 200


def users_with_access(user_ids) -> list:
    """Return the active users of `user_ids`, each with its roles attached (two queries for all of them)."""
    users = list(get_user_model().objects.filter(pk__in=list(user_ids), is_active=True))
    access_preload(users)
    return users


def audience(*, object_type: str, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Return those of the (user id, object id) `pairs` in which the user may see the object today."""
    if not pairs:
        return set()
    visible_to = TYPES[object_type].visible_to
    object_ids = sorted({o for _, o in pairs})
    public = set(visible_to(AnonymousUser()).filter(pk__in=object_ids).values_list("pk", flat=True))
    seen = {(u, o) for u, o in pairs if o in public}
    rest = {(u, o) for u, o in pairs if o not in public}
    if not rest:
        return seen
    users = users_with_access({u for u, _ in rest})
    wanted: dict[int, set[int]] = defaultdict(set)
    for u, o in rest:
        wanted[u].add(o)
    askers = []
    for user in users:
        if access_for(user).everything:
            seen |= {(user.pk, o) for o in wanted[user.pk]}
        else:
            askers.append(user)
    for start in range(0, len(askers), CHUNK):
        queries = [visible_to(user).filter(pk__in=sorted(wanted[user.pk])).order_by()
                   .annotate(alerts_user=Value(user.pk, output_field=BigIntegerField()))
                   .values_list("alerts_user", "pk") for user in askers[start:start + CHUNK]]
        union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        seen |= {(u, o) for u, o in union}
    return seen
