"""A person's last visit, so that their home page can say what changed since.

The middleware notes, in the cache (keyed by the person and their session), when it last wrote the person's `Visit`,
and writes it again at most every WRITE_EVERY (two queries then; none on the requests in between). Not in the
session: a session written on every visit's first request would undo accounts' rule that a plain read never
rewrites the session (tests/accounts/test_throttle.py). A gap of more than VISIT_GAP since the person
was last seen starts a new visit: `since` becomes the moment the visit before ended, and the home page lists
what happened after it, read or not.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone

from liaison.alerts.models import Visit
from liaison.core.pagecache import CACHE_ERRORS

WRITE_EVERY = dt.timedelta(minutes=5)
VISIT_GAP = dt.timedelta(minutes=30)
CACHE_PREFIX = "alerts-visit"
logger = logging.getLogger("liaison.alerts")


def visit_record(*, user_id: int, now: dt.datetime | None = None) -> Visit:
    """Note that the person is here at `now`; start a new visit after a gap of VISIT_GAP; return the visit."""
    now = now or timezone.now()
    visit, created = Visit.objects.get_or_create(user_id=user_id, defaults={"seen_at": now, "since": None})
    if created:
        return visit
    if now - visit.seen_at > VISIT_GAP:
        visit.since = visit.seen_at
    visit.seen_at = max(visit.seen_at, now)
    visit.save(update_fields=["seen_at", "since"])
    return visit


def visit_since(request) -> dt.datetime | None:
    """Return when the person's visit before this one ended (None at a first visit, or when not signed in); no
    query when the middleware wrote the visit during this request."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False) or not user.pk:
        return None
    visit = getattr(request, "alerts_visit", None)
    if visit is not None:
        return visit.since
    return Visit.objects.filter(user_id=user.pk).values_list("since", flat=True).first()


class LastVisit:
    """Record signed-in people's visits, at most once every WRITE_EVERY per session (API tokens are not visits)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (session is not None and not hasattr(request, "api_token") and getattr(user, "is_authenticated", False)
                and request.method in ("GET", "HEAD")):
            key = f"{CACHE_PREFIX}:{user.pk}:{session.session_key}"
            # cache.add stores only when the key is absent: the first request of each WRITE_EVERY writes the visit.
            try:
                first = cache.add(key, 1, timeout=int(WRITE_EVERY.total_seconds()))
            except CACHE_ERRORS:  # a Redis server that fails: no note of the visit this time, and no failed page
                first = False
            if first:
                try:
                    request.alerts_visit = visit_record(user_id=user.pk)
                except DatabaseError:  # a visit's note is never worth a failed page; the next request tries again
                    cache.delete(key)
                    logger.warning("The visit of user %s could not be recorded", user.pk, exc_info=True)
        return self.get_response(request)
