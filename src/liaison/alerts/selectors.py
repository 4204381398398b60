"""Reads of alerts: a person's own notifications and follows (nobody reads another's)."""

from __future__ import annotations

from django.db.models import QuerySet

from liaison.accounts.access import access_for
from liaison.alerts.models import Follow, MailPreference, Notification


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


def mail_preferences_for(*, user) -> dict[str, str]:
    """Return how `user` receives e-mails of every kind of notification ({kind: frequency}; at once by default)."""
    chosen: dict[str, str] = {}
    if access_for(user).authenticated and not access_for(user).system:
        chosen = dict(MailPreference.objects.filter(user_id=user.pk).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, MailPreference.IMMEDIATE) for kind, _label in Notification.KINDS}
