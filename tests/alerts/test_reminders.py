"""`liaison reporting remind` tells each country's focal points by notification and e-mail, once per questionnaire
and deadline however often it runs, through a real SMTP server on loopback."""

import datetime as dt
from argparse import Namespace

import pytest

from liaison.accounts.models import Role
from liaison.alerts.models import Notification

pytestmark = pytest.mark.django_db


def remind(day: str):
    from liaison.cli.reporting import run_remind

    return run_remind(Namespace(today=dt.date.fromisoformat(day), days=30, dry_run=False))


def test_a_report_due_is_mailed_once_to_the_countrys_focal_points(person, mailbox,
                                                                  django_capture_on_commit_callbacks):
    uganda = person((Role.FOCAL_POINT, "CBD", "UGA"))
    uganda_cms = person((Role.FOCAL_POINT, "CMS", "UGA"))  # not the CBD's: not told of the CBD report
    kenya = person((Role.FOCAL_POINT, "CBD", "KEN"))  # Kenya's seventh report is submitted (demo data)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind("2026-02-10") == 0  # the CBD's seventh national report is due on 2026-02-28
    [notification] = Notification.objects.filter(user=uganda)
    assert notification.kind == Notification.REPORT_DUE and "Uganda" in notification.title
    [mail] = mailbox.to(uganda.email)
    assert "is due on 2026-02-28" in mail["Subject"]
    assert "/reporting/" in mail.get_body(("plain",)).get_content()
    assert not mailbox.to(uganda_cms.email) and not mailbox.to(kenya.email)
    # the next day's run, and one after the deadline, tell nobody again of the same deadline
    with django_capture_on_commit_callbacks(execute=True):
        remind("2026-02-11")
        remind("2026-03-05")
    assert Notification.objects.filter(user=uganda).count() == 1
    assert len(mailbox.to(uganda.email)) == 1


def test_a_dry_run_tells_nobody(person, mailbox, django_capture_on_commit_callbacks):
    from liaison.cli.reporting import run_remind

    uganda = person((Role.FOCAL_POINT, "CBD", "UGA"))
    with django_capture_on_commit_callbacks(execute=True):
        run_remind(Namespace(today=dt.date(2026, 2, 10), days=30, dry_run=True))
    assert not Notification.objects.filter(user=uganda).exists() and not mailbox.messages


def test_the_worker_sends_the_days_reminders_itself_once(person, mailbox, settings,
                                                          django_capture_on_commit_callbacks):
    from django.utils import timezone

    from liaison.alerts import schedule
    from liaison.reporting.models import Questionnaire

    settings.LIAISON_DIGEST_HOUR = 7
    today = timezone.localdate()  # the scheduler's jobs run for the day it is
    Questionnaire.objects.filter(code="cbd-nr7-gbf").update(deadline=today + dt.timedelta(days=10), closes=None)
    uganda = person((Role.FOCAL_POINT, "CBD", "UGA"))
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    with django_capture_on_commit_callbacks(execute=True):
        done = schedule.schedule_run(noon)
    assert done["reporting_reminders"]["notifications"] >= 1
    assert [n.kind for n in Notification.objects.filter(user=uganda)] == [Notification.REPORT_DUE]
    assert len(mailbox.to(uganda.email)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert "reporting_reminders" not in schedule.schedule_run(noon + dt.timedelta(hours=3))
    assert len(mailbox.to(uganda.email)) == 1
