"""Reads of alerts: a person's own notifications and follows (nobody reads another's)."""

from __future__ import annotations

from django.db.models import QuerySet

from liaison.accounts.access import access_for
from liaison.accounts.models import Role
from liaison.alerts.models import (
    OBJECT_TYPES,
    Follow,
    FollowedTheme,
    MailPreference,
    Notification,
    StaffOptOut,
)
from liaison.alerts.objects import TYPES
from liaison.alerts.staff import STAFF_KINDS
from liaison.catalogue.models import Convention, Country


def notifications_for(*, user, unread: bool = False, kind: str = "") -> QuerySet[Notification]:
    """Return `user`'s notifications, newest first; only the unread ones, or of one kind, when asked."""
    if not access_for(user).authenticated or access_for(user).system:
        return Notification.objects.none()
    rows = Notification.objects.filter(user_id=user.pk)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def notifications_unread_count(*, user) -> int:
    """Return how many notifications `user` has not read (one COUNT query; 0 for anonymous)."""
    if not getattr(user, "is_authenticated", False) or not user.pk:
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def follows_for(*, user) -> QuerySet[Follow]:
    """Return what `user` follows, newest first."""
    if not access_for(user).authenticated or access_for(user).system:
        return Follow.objects.none()
    return Follow.objects.filter(user_id=user.pk)


def follows_listed(*, user, limit: int = 200) -> tuple[int, list[dict]]:
    """Return how many things `user` follows and the newest `limit` of them, each with its type, name, address and
    why it is followed. Each object is read through its type's visibility filter: what `user` may no longer see is
    left out (its follow goes at its next event, alerts.services)."""
    rows = follows_for(user=user)
    follows = list(rows.order_by("-created_at", "-pk")[:limit])
    ids_by_type: dict[str, list[int]] = {}
    for follow in follows:
        ids_by_type.setdefault(follow.object_type, []).append(follow.object_id)
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for object_type, ids in ids_by_type.items():
        kind = TYPES.get(object_type)
        if kind is None:
            continue
        for obj in kind.visible_to(user).filter(pk__in=ids):
            found[(object_type, obj.pk)] = (str(obj), kind.url(obj))
    types, reasons = dict(OBJECT_TYPES), dict(Follow.REASONS)
    listed = [{"id": f.pk, "type": types.get(f.object_type, f.object_type), "name": found[key][0],
               "url": found[key][1], "reason": reasons.get(f.reason, ""), "since": f.created_at}
              for f in follows if (key := (f.object_type, f.object_id)) in found]
    return rows.count(), listed


def follow_keys(follows) -> dict[tuple[str, int], str]:
    """Return the keys of the followed themes (slug) and countries (ISO code) among `follows` (a query a type)."""
    keys: dict[tuple[str, int], str] = {}
    for object_type, model, field in (("theme", FollowedTheme, "slug"), ("country_reports", Country, "iso3")):
        ids = [f.object_id for f in follows if f.object_type == object_type]
        if ids:
            keys |= {(object_type, pk): key for pk, key in model.objects.filter(pk__in=ids).values_list("pk", field)}
    return keys


def follow_of(*, user, object_type: str, object_id: int | None) -> Follow | None:
    """Return `user`'s follow of one object, or None (and None for anonymous visitors)."""
    if object_id is None or not access_for(user).authenticated or access_for(user).system:
        return None
    return Follow.objects.filter(user_id=user.pk, object_type=object_type, object_id=object_id).first()


def staff_conventions_of(*, user) -> list[Convention]:
    """Return the conventions `user` is secretariat staff of, whose dashboards they follow through that role."""
    if not access_for(user).authenticated or access_for(user).system:
        return []
    ids = Role.objects.filter(user_id=user.pk, kind=Role.SECRETARIAT, convention__isnull=False).values("convention_id")
    return list(Convention.objects.filter(pk__in=ids).order_by("acronym"))


def staff_preferences_for(*, user) -> dict[str, dict[str, bool]]:
    """Return, for each convention `user` is staff of (by acronym), whether each of its dashboards' kinds is told
    to them through their role ({"CMS": {"report_submitted": True, ...}}; told unless turned off)."""
    conventions = staff_conventions_of(user=user)
    off = set(StaffOptOut.objects.filter(user_id=user.pk, convention__in=conventions)
              .values_list("convention_id", "kind")) if conventions else set()
    kinds = [kind for kind, _label in Notification.KINDS if kind in STAFF_KINDS]
    return {c.acronym: {kind: (c.pk, kind) not in off for kind in kinds} for c in conventions}


def mail_preferences_for(*, user) -> dict[str, str]:
    """Return how `user` receives e-mails of every kind of notification ({kind: frequency}; at once by default)."""
    chosen: dict[str, str] = {}
    if access_for(user).authenticated and not access_for(user).system:
        chosen = dict(MailPreference.objects.filter(user_id=user.pk).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, MailPreference.IMMEDIATE) for kind, _label in Notification.KINDS}
