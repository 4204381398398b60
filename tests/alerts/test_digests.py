"""Immediate or digest: who gets what at once, the daily digest through a real SMTP server (one mail for three
notifications), and notifications that will never be mailed are marked so and not read again."""

import datetime as dt

import pytest
from django.utils import timezone

from liaison.alerts.digests import digests_send
from liaison.alerts.mail import notifications_mail, notifications_mail_pending, unsubscribe_read
from liaison.alerts.models import MailPreference, Notification
from liaison.alerts.services import mail_opt_out, notify
from liaison.decisions.models import Decision

pytestmark = pytest.mark.django_db


def decisions(n=3):
    return list(Decision.objects.select_related("convention").filter(convention__acronym="CMS")
                .order_by("pk")[:n])


def tell(user, decision, title, kind=Notification.DECISION_REFERENCED):
    [n] = notify(kind, decision, f"/decisions/{decision.pk}/", title, recipients=[user.pk])
    return n


def prefer(user, kind, frequency):
    MailPreference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": frequency})


def test_immediate_mail_skips_the_kinds_wanted_in_a_digest(person, mailbox, django_capture_on_commit_callbacks):
    reader = person()
    prefer(reader, Notification.DECISION_REFERENCED, MailPreference.DAILY)
    first, second = decisions(2)
    with django_capture_on_commit_callbacks(execute=True):  # the mail task runs when the writes commit
        digest = tell(reader, first, "Kept for the digest")
        at_once = tell(reader, second, "Sent at once", kind=Notification.MANDATE_CHANGED)
    assert [m["Subject"] for m in mailbox.to(reader.email)] == ["[Liaison] Sent at once"]
    digest.refresh_from_db()
    assert digest.emailed_at is None and digest.unmailed == "" and digest.attempts == 0
    assert notifications_mail_pending()["pending"] == 0  # the pending scan leaves it to the digest
    at_once.refresh_from_db()
    assert at_once.emailed_at is not None


def test_the_daily_digest_is_one_mail_for_three_notifications(person, mailbox, settings):
    settings.LANGUAGE_CODE = "fr"
    reader, weekly = person(), person()
    prefer(reader, Notification.DECISION_REFERENCED, MailPreference.DAILY)
    prefer(reader, Notification.MANDATE_CHANGED, MailPreference.DAILY)
    prefer(weekly, Notification.DECISION_REFERENCED, MailPreference.WEEKLY)
    a, b, c = decisions(3)
    ids = [tell(reader, a, "First change").pk, tell(reader, b, "Second change").pk,
           tell(reader, c, "Third change", kind=Notification.MANDATE_CHANGED).pk]
    later = tell(weekly, a, "For the weekly digest")
    notifications_mail(notification_ids=[*ids, later.pk])  # what the immediate task does: nothing sent
    assert mailbox.messages == []
    counts = digests_send(frequency="daily", now=timezone.now())
    assert counts == {"mails": 1, "failed": 0, "notifications": 3, "skipped": 0}
    [mail] = mailbox.to(reader.email)
    assert "3" in mail["Subject"] and mail["Content-Language"] == "fr"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    for title, decision in (("First change", a), ("Second change", b), ("Third change", c)):
        assert title in text and f"/decisions/{decision.pk}/" in text and title in html
    assert 'lang="fr"' in html and "/notifications/preferences/" in text
    # its unsubscribe link is signed for this reader and stops the whole daily digest
    link = mail["List-Unsubscribe"].strip("<>")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert unsubscribe_read(user_id=reader.pk, token=token) == "@daily"
    assert unsubscribe_read(user_id=weekly.pk, token=token) is None
    assert Notification.objects.filter(pk__in=ids, emailed_at__isnull=False).count() == 3
    # sent once: the next run has nothing for this reader; the weekly reader waits for the weekly run
    assert digests_send(frequency="daily")["mails"] == 0 and not mailbox.to(weekly.email)
    assert digests_send(frequency="weekly")["notifications"] == 1 and len(mailbox.to(weekly.email)) == 1
    mail_opt_out(user_id=reader.pk, kind="@daily")
    assert set(MailPreference.objects.filter(user=reader).values_list("frequency", flat=True)) == {"none"}


def test_a_notification_newer_than_the_run_waits_for_the_next(person, mailbox):
    reader = person()
    prefer(reader, Notification.DECISION_REFERENCED, MailPreference.WEEKLY)
    tell(reader, decisions(1)[0], "Written after the run's time")
    assert digests_send(frequency="weekly", now=timezone.now() - dt.timedelta(hours=1))["mails"] == 0
    assert digests_send(frequency="weekly")["mails"] == 1


def test_a_digest_that_fails_keeps_its_notifications_for_the_next_run(person, smtp_down):
    reader = person()
    prefer(reader, Notification.DECISION_REFERENCED, MailPreference.DAILY)
    a, b = decisions(2)
    ids = [tell(reader, a, "One").pk, tell(reader, b, "Two").pk]
    assert digests_send(frequency="daily") == {"mails": 0, "failed": 1, "notifications": 0, "skipped": 0}
    rows = Notification.objects.filter(pk__in=ids)
    assert {(n.emailed_at, n.attempts) for n in rows} == {(None, 1)} and all(n.last_error for n in rows)


def test_opted_out_and_no_address_are_marked_and_not_read_again(person, mailbox, user_factory):
    opted, no_address = person(), user_factory()  # user_factory: no e-mail address
    mail_opt_out(user_id=opted.pk, kind=Notification.DECISION_REFERENCED)
    decision = decisions(1)[0]
    ids = [tell(opted, decision, "Turned off").pk, tell(no_address, decision, "Nowhere to send").pk]
    assert notifications_mail_pending()["skipped"] == 2
    assert dict(Notification.objects.filter(pk__in=ids).values_list("user_id", "unmailed")) == {
        opted.pk: "opted_out", no_address.pk: "no_address"}
    # the next scans do not read them again; they stay on the notifications page
    assert notifications_mail_pending()["pending"] == 0
    assert Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).count() == 2
    # in a digest too: a person without an address who chose a digest is marked, not retried
    prefer(no_address, Notification.MANDATE_CHANGED, MailPreference.DAILY)
    n = tell(no_address, decision, "Digest, no address", kind=Notification.MANDATE_CHANGED)
    assert digests_send(frequency="daily")["skipped"] == 1
    n.refresh_from_db()
    assert n.unmailed == "no_address" and digests_send(frequency="daily")["skipped"] == 0
    assert mailbox.messages == []


def test_the_cli_sends_pending_mail_and_digests(person, mailbox, capsys):
    from liaison.cli import main

    reader = person()
    prefer(reader, Notification.MANDATE_CHANGED, MailPreference.WEEKLY)
    a, b = decisions(2)
    tell(reader, a, "Waiting at once")  # never queued (no commit in this test): the send command sends it
    tell(reader, b, "Waiting for the week", kind=Notification.MANDATE_CHANGED)
    assert main(["notifications", "send"]) == 0
    assert "1 sent" in capsys.readouterr().out
    assert main(["notifications", "digest", "--weekly"]) == 0
    assert "1 sent (1 notifications)" in capsys.readouterr().out
    assert [m["Subject"] for m in mailbox.to(reader.email)][0] == "[Liaison] Waiting at once"
    assert len(mailbox.to(reader.email)) == 2
    with pytest.raises(SystemExit):
        main(["notifications", "digest"])  # --daily or --weekly is required
