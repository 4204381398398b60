"""Nobody is told of what they may not see; unsubscribe links cannot be forged; a mail server down loses nothing."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from liaison.accounts.access import access_forget
from liaison.accounts.models import Role
from liaison.alerts.mail import notifications_mail, notifications_mail_pending, unsubscribe_token
from liaison.alerts.models import Follow, MailOptOut, Notification
from liaison.alerts.services import follow_create, notify
from liaison.config.settings.base import email_config
from liaison.partnerships.models import Partnership
from liaison.reporting.models import Questionnaire, Report

pytestmark = pytest.mark.django_db

KEN_FP = (Role.FOCAL_POINT, "Cartagena", "KEN")
UGA_FP = (Role.FOCAL_POINT, "Cartagena", "UGA")
CMS_STAFF = (Role.SECRETARIAT, "CMS")
WILD = (Role.PARTNER, None, None, "Wild Migration")
IUCN = (Role.PARTNER, None, None, "IUCN Environmental Law Centre")


def kenya_report(as_user, fp) -> Report:
    Questionnaire.objects.filter(code="cartagena-nr4").update(closes=None)  # its cycle closed in 2020: open it
    pk = as_user(fp).post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                          content_type="application/json").json()["id"]
    return Report.objects.select_related("questionnaire", "country").get(pk=pk)


def unpublished_partnership(as_user, staff) -> Partnership:
    pk = as_user(staff).post("/api/partnerships", {
        "title": "Confidential flyway partnership", "instrument": "mou", "convention": "CMS",
        "organizations": ["Wild Migration"], "published": False}, content_type="application/json").json()["id"]
    return Partnership.objects.get(pk=pk)


def test_a_follower_who_lost_access_is_not_told_and_loses_the_follow(person, as_user):
    staff, member = person(CMS_STAFF), person(WILD)
    partnership = unpublished_partnership(as_user, staff)
    follow_create(user=member, object_type="partnership", object_id=partnership.pk)
    assert len(notify("mandate_changed", partnership, "/x/", "Told while a member")) == 1
    Role.objects.filter(user=member).delete()  # no longer a member of Wild Migration
    access_forget(member)
    assert notify("mandate_changed", partnership, "/x/", "Told after leaving") == []
    assert not Follow.objects.filter(user=member).exists()
    # the unread notification of what they can no longer see went too
    assert not Notification.objects.filter(user=member).exists()


def test_access_lost_before_the_mail_is_sent_sends_nothing(person, as_user, mailbox):
    staff, member = person(CMS_STAFF), person(WILD)
    partnership = unpublished_partnership(as_user, staff)
    [n] = notify("mandate_changed", partnership, "/x/", "Confidential flyway partnership", recipients=[member.pk])
    Role.objects.filter(user=member).delete()
    assert notifications_mail(notification_ids=[n.pk]) == {"sent": 0, "failed": 0, "skipped": 1}
    assert mailbox.messages == [] and not Notification.objects.filter(pk=n.pk).exists()


def test_mail_never_names_what_the_recipient_may_not_read(person, as_user, mailbox, django_capture_on_commit_callbacks):
    fp, uganda, outsider = person(KEN_FP), person(UGA_FP), person(IUCN)
    staff = person(CMS_STAFF)
    report = kenya_report(as_user, fp)
    partnership = unpublished_partnership(as_user, staff)
    with django_capture_on_commit_callbacks(execute=True):
        told = notify("report_submitted", report, f"/reporting/reports/{report.pk}/", str(report),
                      recipients=[fp.pk, uganda.pk])
        told += notify("mandate_changed", partnership, f"/partnerships/{partnership.pk}/", partnership.title,
                       recipients=[uganda.pk, outsider.pk, fp.pk])
    assert [n.user_id for n in told] == [fp.pk]
    assert not mailbox.to(uganda.email) and not mailbox.to(outsider.email)
    for _rcpts, message in mailbox.messages:
        assert "Confidential" not in message.as_string()
    assert len(mailbox.to(fp.email)) == 1


def test_unsubscribe_turns_off_one_kind_and_refuses_forged_and_other_users_tokens(person, as_user, client, mailbox):
    fp, other = person(KEN_FP), person(UGA_FP)
    report = kenya_report(as_user, fp)
    token = unsubscribe_token(user_id=fp.pk, kind="report_submitted")
    url = f"/notifications/unsubscribe/{fp.pk}/{token}/"
    assert client.get(url).status_code == 200 and not MailOptOut.objects.exists()  # GET only asks
    # forged, tampered, or another user's token for this user: 400 and nothing stored
    other_token = unsubscribe_token(user_id=other.pk, kind="report_submitted")
    for bad in (f"/notifications/unsubscribe/{fp.pk}/{other_token}/",
                f"/notifications/unsubscribe/{other.pk}/{token}/",
                f"/notifications/unsubscribe/{fp.pk}/{token[:-2]}xx/",
                f"/notifications/unsubscribe/{fp.pk}/forged/"):
        assert client.post(bad).status_code == 400, bad
    assert not MailOptOut.objects.exists()
    assert client.post(url).status_code == 200  # one click, no session (RFC 8058)
    assert MailOptOut.objects.filter(user=fp, kind="report_submitted").count() == 1
    # that kind is no longer mailed (still shown), another kind still is
    [off] = notify("report_submitted", report, "/r/", "Submitted", recipients=[fp.pk])
    [on] = notify("report_reopened", report, "/r/", "Reopened", recipients=[fp.pk])
    notifications_mail(notification_ids=[off.pk, on.pk])
    assert [m["Subject"] for m in mailbox.to(fp.email)] == ["[Liaison] Reopened"]


def test_a_mail_server_down_keeps_the_notification_counts_the_attempt_and_answers_normally(
        person, as_user, settings, smtp_down, django_capture_on_commit_callbacks):
    fp, contributor = person(KEN_FP), person((Role.CONTRIBUTOR, "Cartagena", "KEN"))
    c = as_user(fp)
    report = kenya_report(as_user, fp)
    section = c.get(f"/api/reporting/reports/{report.pk}").json()["sections"][0]["key"]
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/api/reporting/reports/{report.pk}/delegations",
                          {"section": section, "username": contributor.username}, content_type="application/json")
    assert response.status_code == 201
    n = Notification.objects.get(user=contributor)
    assert n.emailed_at is None and n.attempts == 1 and n.last_error
    # the server back: the waiting mail goes out on the next send
    from aiosmtpd.controller import Controller

    from .conftest import Mailbox, free_port, smtp_settings

    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp_settings(settings, port)
        assert notifications_mail_pending()["sent"] >= 1
    finally:
        controller.stop()
    n.refresh_from_db()
    assert n.emailed_at is not None and len(box.to(contributor.email)) == 1


def test_fan_out_queries_do_not_grow_with_followers(person, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = person(CMS_STAFF)
    partnership = unpublished_partnership(as_user, staff)

    def fan_out(n: int) -> int:
        members = [person(WILD) for _ in range(n)]
        Follow.objects.bulk_create([Follow(user=m, object_type="partnership", object_id=partnership.pk)
                                    for m in members])
        with CaptureQueriesContext(connection) as queries:
            told = notify("mandate_changed", partnership, "/x/", "Changed")
        assert len(told) == Follow.objects.filter(object_type="partnership", object_id=partnership.pk).count()
        return len(queries)

    assert fan_out(3) == fan_out(30)


def test_email_url_settings():
    assert email_config("", __import__("pathlib").Path("/v"))["EMAIL_FILE_PATH"] == "/v/mail"
    smtp = email_config("smtp://user:p%40ss@mail.example.org:2525?starttls=1", __import__("pathlib").Path("/v"))
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_HOST_PASSWORD"], smtp["EMAIL_USE_TLS"]) == (
        "mail.example.org", 2525, "p@ss", True)
    assert email_config("smtps://mail.example.org", __import__("pathlib").Path("/v"))["EMAIL_PORT"] == 465
    for bad in ("http://x", "smtp://", "smtp://host:notaport"):
        with pytest.raises(ImproperlyConfigured):
            email_config(bad, __import__("pathlib").Path("/v"))
