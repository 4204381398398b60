"""Daily and weekly digests: one e-mail per person gathering the notifications of the kinds they want that way.

`digests_send(frequency=..., now=...)` reads, by chunks of CHUNK people, every notification not mailed yet of a
kind its recipient receives in that digest, asks once more whether each recipient may still see each object
(alerts.audience, in bulk), writes one mail per person in their language (plain text and HTML, each line
linked, a signed unsubscribe link for the whole digest) and marks what was sent, a chunk at a time. A mail server
that fails keeps every notification of that mail pending with one more attempt; the next run tries again.
"""

from __future__ import annotations

import smtplib
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.alerts.mail import (
    in_digest,
    mail_waiting,
    recipient_language,
    site_url,
    still_seen_of,
    unmailed_mark,
    unsubscribe_token,
)
from liaison.alerts.models import MailPreference, Notification
from liaison.alerts.staff import staff_unwanted
from liaison.alerts.wording import messages_active, wording

CHUNK = 500
_words: dict[str, tuple[dict, dict]] = {}  # language -> (kinds' names, sentences' patterns)


def digest_build(*, user, frequency: str, notifications: list[Notification], connection=None
                 ) -> EmailMultiAlternatives:
    """Return the digest e-mail of these notifications to `user`, in their language."""
    unsubscribe = site_url(reverse("alerts:unsubscribe", args=[user.pk, unsubscribe_token(
        user_id=user.pk, kind=f"@{frequency}")]))
    language = recipient_language(user)
    with translation.override(language):
        # the kinds' names and the sentences' patterns, translated once per language, not once per line
        words = _words.get(language) or _words.setdefault(language, (
            {k: str(label) for k, label in Notification.KINDS}, messages_active()))
        items = [{"title": wording(n.params or {}, words[1]) or n.title, "link": site_url(n.url),
                  "kind": words[0].get(n.kind, n.kind), "created_at": n.created_at} for n in notifications]
        n = len(items)
        if frequency == MailPreference.DAILY:
            subject = ngettext("[Liaison] Your daily digest: %(n)d notification",
                               "[Liaison] Your daily digest: %(n)d notifications", n) % {"n": n}
        else:
            subject = ngettext("[Liaison] Your weekly digest: %(n)d notification",
                               "[Liaison] Your weekly digest: %(n)d notifications", n) % {"n": n}
        context = {"items": items, "language": language, "unsubscribe": unsubscribe, "user": user,
                   "daily": frequency == MailPreference.DAILY,
                   "notifications": site_url(reverse("alerts:notification_list")),
                   "preferences": site_url(reverse("alerts:preferences"))}
        text = render_to_string("alerts/mail/digest.txt", context)
        html = render_to_string("alerts/mail/digest.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email], connection=connection,
                                     headers={"List-Unsubscribe": f"<{unsubscribe}>", "Content-Language": language,
                                              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    message.attach_alternative(html, "text/html")
    return message


def digests_send(*, frequency: str, now=None) -> dict:
    """Send the `frequency` ("daily" or "weekly") digests of the notifications written up to `now`; return the
    counts: mails sent and failed, notifications sent in them, skipped (never to be mailed, or no longer seen)."""
    if frequency not in MailPreference.DIGESTS:
        raise ValueError(_("A digest is daily or weekly, not %(f)s.") % {"f": frequency})
    now = now or timezone.now()
    counts = {"mails": 0, "failed": 0, "notifications": 0, "skipped": 0}
    waiting = mail_waiting().filter(created_at__lte=now).filter(in_digest(frequency))
    user_ids = sorted(set(waiting.values_list("user_id", flat=True)))
    connection = None
    for start in range(0, len(user_ids), CHUNK):
        chunk = user_ids[start:start + CHUNK]
        rows = list(waiting.filter(user_id__in=chunk).order_by("user_id", "created_at", "pk"))
        connection = _chunk_send(rows, frequency=frequency, counts=counts, connection=connection)
    return counts


def _chunk_send(rows: list[Notification], *, frequency: str, counts: dict, connection):
    """Send the digests of these people's notifications; return the mail connection (None after a failure)."""
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={n.user_id for n in rows}, is_active=True)}
    seen = still_seen_of(rows)
    lost = [n.pk for n in rows if (n.object_type, n.user_id, n.object_id) not in seen]
    if lost:  # access lost since: neither the mail nor the notification is kept
        Notification.objects.filter(pk__in=lost).delete()
        counts["skipped"] += len(lost)
    unwanted = staff_unwanted([n for n in rows if (n.object_type, n.user_id, n.object_id) in seen])
    if unwanted:  # told through a staff role since turned off: kept on the page, not mailed
        unmailed_mark([n for n in rows if n.pk in unwanted], Notification.OPTED_OUT)
        counts["skipped"] += len(unwanted)
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in rows:
        if (n.object_type, n.user_id, n.object_id) in seen and n.pk not in unwanted:
            by_user[n.user_id].append(n)
    sent: list[int] = []
    failed: dict[str, list[int]] = defaultdict(list)
    for user_id, notifications in by_user.items():
        user = users.get(user_id)
        if user is None or not user.email:
            unmailed_mark(notifications, Notification.INACTIVE if user is None else Notification.NO_ADDRESS)
            counts["skipped"] += len(notifications)
            continue
        try:
            connection = connection or get_connection()
            digest_build(user=user, frequency=frequency, notifications=notifications, connection=connection).send()
        except (smtplib.SMTPException, OSError) as exc:  # kept for the next run, one attempt more
            failed[f"{type(exc).__name__}: {exc}"[:300]] += [n.pk for n in notifications]
            counts["failed"] += 1
            connection = None
            continue
        sent += [n.pk for n in notifications]
        counts["mails"] += 1
        counts["notifications"] += len(notifications)
    Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    for error, ids in failed.items():
        Notification.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, last_error=error)
    return connection
