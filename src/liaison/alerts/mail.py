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
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.alerts.audience import audience
from liaison.alerts.models import MailOptOut, Notification
from liaison.alerts.wording import notification_title

logger = logging.getLogger("liaison.alerts")

MAX_ATTEMPTS = 5
UNSUBSCRIBE_SALT = "liaison.alerts.unsubscribe"


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
    return kind if kind in dict(Notification.KINDS) else None


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


def notifications_mail(*, notification_ids: list[int]) -> dict:
    """Send the e-mails of these notifications not sent yet; return counts of sent, failed and skipped."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    pending = list(Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True,
                                               attempts__lt=MAX_ATTEMPTS).order_by("pk"))
    if not pending:
        return counts
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={n.user_id for n in pending}, is_active=True)}
    opted_out = set(MailOptOut.objects.filter(user_id__in=list(users)).values_list("user_id", "kind"))
    still_seen: set[tuple[int, int]] = set()
    for object_type in {n.object_type for n in pending}:
        still_seen |= {(object_type, u, o) for u, o in audience(object_type=object_type, pairs={
            (n.user_id, n.object_id) for n in pending if n.object_type == object_type})}
    connection = None
    for notification in pending:
        user = users.get(notification.user_id)
        if (notification.object_type, notification.user_id, notification.object_id) not in still_seen:
            notification.delete()  # access lost since: neither the mail nor the notification is kept
            counts["skipped"] += 1
            continue
        if user is None or not user.email or (user.pk, notification.kind) in opted_out:
            counts["skipped"] += 1
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
    return counts


def notifications_mail_pending(*, older_than: timedelta = timedelta(0)) -> dict:
    """Send every notification e-mail still waiting (failed before, or never queued); return the counts."""
    cutoff = timezone.now() - older_than
    ids = list(Notification.objects.filter(emailed_at__isnull=True, attempts__lt=MAX_ATTEMPTS,
                                           created_at__lte=cutoff).values_list("pk", flat=True)[:5000])
    return notifications_mail(notification_ids=ids)
