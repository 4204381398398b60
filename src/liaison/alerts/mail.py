"""The e-mail of a notification: in its recipient's language, plain text and HTML, with a signed unsubscribe link.

Sending is the background worker's (alerts.tasks). Each notification is sent at most once; a failure (the
mail server down, refused) adds one to its `attempts` and keeps it, to be tried again until MAX_ATTEMPTS.
Before sending, the recipient's right to see the object is asked again: what they lost access to is not sent
(the notification goes). A mail carries only the notification's title and link, never more of the object.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from liaison.alerts.audience import audience
from liaison.alerts.models import MailPreference, Notification
from liaison.alerts.staff import staff_unwanted
from liaison.alerts.wording import notification_title

logger = logging.getLogger("liaison.alerts")

MAX_ATTEMPTS = 5
UNSUBSCRIBE_SALT = "liaison.alerts.unsubscribe"
# The "kind" of a digest's unsubscribe link: it stops every kind that person receives in that digest.
DIGEST_TOKENS = {"@daily": _lazy("the daily digest"), "@weekly": _lazy("the weekly digest")}


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    """Return the signed token that turns off e-mails of `kind` for this user (bound to both)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user_id, "k": kind}, compress=False)


def unsubscribe_read(*, user_id: int, token: str) -> str | None:
    """Return the kind a token turns off for `user_id`, or None for a forged token or another user's."""
    try:
        payload = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or payload.get("u") != user_id:
        return None
    kind = payload.get("k")
    return kind if kind in dict(Notification.KINDS) or kind in DIGEST_TOKENS else None


def site_url(path: str) -> str:
    return settings.LIAISON_SITE_URL.rstrip("/") + path


def recipient_language(user) -> str:
    """The recipient's language: their profile's when they have one, else the site's default."""
    language = getattr(getattr(user, "profile", None), "language", None)
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def message_build(notification: Notification, user, connection=None) -> EmailMultiAlternatives:
    """Return the e-mail of `notification` to `user`, written in their language."""
    unsubscribe = site_url(reverse("alerts:unsubscribe", args=[user.pk, unsubscribe_token(
        user_id=user.pk, kind=notification.kind)]))
    language = recipient_language(user)
    with translation.override(language):
        context = {"notification": notification, "language": language, "link": site_url(notification.url), "unsubscribe": unsubscribe,
                   "kind": notification.get_kind_display(), "user": user}
        subject = _("[Liaison] %(title)s") % {"title": notification_title(notification)}
        text = render_to_string("alerts/mail/notification.txt", context)
        html = render_to_string("alerts/mail/notification.html", context)
    message = EmailMultiAlternatives(subject=subject.replace("\n", " ")[:250], body=text, to=[user.email],
                                     connection=connection,
                                     headers={"List-Unsubscribe": f"<{unsubscribe}>", "Content-Language": language,
                                              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    message.attach_alternative(html, "text/html")
    return message


def preferences_of(user_ids) -> dict[tuple[int, str], str]:
    """Return {(user id, kind): frequency} of the preferences these people set (no row: at once)."""
    return {(u, k): f for u, k, f in MailPreference.objects.filter(user_id__in=list(user_ids))
            .values_list("user_id", "kind", "frequency")}


def unmailed_reason(user, frequency: str) -> str:
    """Return why a notification to `user` will never be mailed ("" when it may be)."""
    if user is None:
        return Notification.INACTIVE
    if not user.email:
        return Notification.NO_ADDRESS
    if frequency == MailPreference.NONE:
        return Notification.OPTED_OUT
    return ""


def still_seen_of(notifications: list[Notification]) -> set[tuple[str, int, int]]:
    """Return the (object type, user id, object id) of these notifications whose recipient may still see it."""
    seen: set[tuple[str, int, int]] = set()
    for object_type in {n.object_type for n in notifications}:
        seen |= {(object_type, u, o) for u, o in audience(object_type=object_type, pairs={
            (n.user_id, n.object_id) for n in notifications if n.object_type == object_type})}
    return seen


def unmailed_mark(notifications: list[Notification], reason: str) -> None:
    """Record that these notifications will never be mailed, so that no pending scan reads them again."""
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(unmailed=reason)


def notifications_mail(*, notification_ids: list[int]) -> dict:
    """Send the e-mails of these notifications not sent yet, those their recipients want at once; return counts
    of sent, failed, skipped (never to be mailed, or no longer visible) and digest (left for the digest run)."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    pending = list(Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True, unmailed="",
                                               attempts__lt=MAX_ATTEMPTS).order_by("pk"))
    if not pending:
        return counts
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={n.user_id for n in pending}, is_active=True)}
    preferences = preferences_of(users)
    still_seen = still_seen_of(pending)
    unwanted = staff_unwanted(pending)
    connection = None
    never: dict[str, list[Notification]] = {}
    for notification in pending:
        user = users.get(notification.user_id)
        if (notification.object_type, notification.user_id, notification.object_id) not in still_seen:
            notification.delete()  # access lost since: neither the mail nor the notification is kept
            counts["skipped"] += 1
            continue
        frequency = preferences.get((notification.user_id, notification.kind), MailPreference.IMMEDIATE)
        # told through a staff role since turned off: it stays on the page, no mail
        reason = unmailed_reason(user, MailPreference.NONE if notification.pk in unwanted else frequency)
        if reason:
            never.setdefault(reason, []).append(notification)
            counts["skipped"] += 1
            continue
        if frequency in MailPreference.DIGESTS:  # the digest run sends it
            counts["digest"] = counts.get("digest", 0) + 1
            continue
        try:
            connection = connection or get_connection()
            message_build(notification, user, connection=connection).send()
        except (smtplib.SMTPException, OSError) as exc:  # server down, refused, timed out: kept, tried again
            notification.attempts += 1
            notification.last_error = f"{type(exc).__name__}: {exc}"[:300]
            notification.save(update_fields=["attempts", "last_error"])
            counts["failed"] += 1
            connection = None
            continue
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        counts["sent"] += 1
    for reason, rows in never.items():
        unmailed_mark(rows, reason)
    return counts


def mail_waiting() -> QuerySet[Notification]:
    """Return the notifications whose e-mail may still be sent: not sent, not given up, not never to be mailed."""
    return Notification.objects.filter(emailed_at__isnull=True, unmailed="", attempts__lt=MAX_ATTEMPTS)


def in_digest(frequency: str | None = None) -> Exists:
    """The condition "its recipient wants its kind in a digest" (of `frequency`, or of either)."""
    wanted = MailPreference.objects.filter(user_id=OuterRef("user_id"), kind=OuterRef("kind"))
    if frequency:
        return Exists(wanted.filter(frequency=frequency))
    return Exists(wanted.filter(frequency__in=MailPreference.DIGESTS))


def notifications_mail_pending(*, older_than: timedelta = timedelta(0), limit: int = 5000) -> dict:
    """Send every e-mail wanted at once still waiting (failed before, or never queued); return the counts.

    The ones of digest kinds are left to `digests_send`; the ones that will never be mailed are marked so and not
    read again."""
    cutoff = timezone.now() - older_than
    ids = list(mail_waiting().filter(created_at__lte=cutoff).exclude(in_digest())
               .order_by("pk").values_list("pk", flat=True)[:limit])
    counts = notifications_mail(notification_ids=ids)
    counts["pending"] = len(ids)
    return counts
