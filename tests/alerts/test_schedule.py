"""Liaison sends its digests itself at a set hour (alerts.schedule, run every minute by `liaison worker`): a due
digest is sent once, not twice, through a real SMTP server; the weekly one once a week."""

import datetime as dt

import pytest
from django.utils import timezone

from liaison.alerts import schedule
from liaison.alerts.models import MailPreference, Notification, ScheduledRun
from liaison.alerts.services import notify
from liaison.decisions.models import Decision

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2027, 3, 8)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def tell(user, title: str, kind: str = Notification.DECISION_REFERENCED) -> Notification:
    decision = Decision.objects.select_related("convention").filter(convention__acronym="CMS").first()
    [n] = notify(kind, decision, f"/decisions/{decision.pk}/", title, recipients=[user.pk])
    return n


@pytest.fixture
def readers(person, settings):
    settings.LIAISON_DIGEST_HOUR, settings.LIAISON_DIGEST_WEEKDAY = 7, 1
    daily, weekly = person(), person()
    for user, frequency in ((daily, MailPreference.DAILY), (weekly, MailPreference.WEEKLY)):
        MailPreference.objects.create(user=user, kind=Notification.DECISION_REFERENCED, frequency=frequency)
    return daily, weekly


def test_a_due_digest_is_sent_once_and_not_twice(readers, mailbox):
    daily, weekly = readers
    tell(daily, "First change")
    tell(weekly, "A change for the week")
    assert schedule.schedule_run(at(MONDAY, 6, 59)) == {}  # before the hour: nothing is due
    assert mailbox.messages == []
    done = schedule.schedule_run(at(MONDAY, 7, 1))
    assert done["digest_daily"]["mails"] == 1 and done["digest_weekly"]["mails"] == 1
    assert {"activities_late", "mandate_deadlines", "reporting_reminders"} <= set(done)
    assert len(mailbox.to(daily.email)) == 1 and len(mailbox.to(weekly.email)) == 1
    assert "Your daily digest: 1 notification" in mailbox.to(daily.email)[0]["Subject"]
    # the next ticks of the same day run nothing again
    assert schedule.schedule_run(at(MONDAY, 7, 2)) == {}
    assert schedule.schedule_run(at(MONDAY, 23, 59)) == {}
    assert len(mailbox.to(daily.email)) == 1
    run = ScheduledRun.objects.get(job="digest_daily", period="2027-03-08")
    assert run.finished_at is not None and run.result["notifications"] == 1
    # Tuesday: the daily digest again (with what came since), not the weekly one
    tell(daily, "Second change")
    tell(weekly, "Another change for the week")
    done = schedule.schedule_run(at(MONDAY + dt.timedelta(days=1), 8))
    assert set(done) == {"digest_daily", "activities_late", "mandate_deadlines", "reporting_reminders"}
    assert len(mailbox.to(daily.email)) == 2 and len(mailbox.to(weekly.email)) == 1
    # the next Monday, the weekly one (a digest missed on Monday goes out later that week)
    assert "digest_weekly" in schedule.schedule_run(at(MONDAY + dt.timedelta(days=8), 7))
    assert len(mailbox.to(weekly.email)) == 2


def test_a_weekly_digest_missed_on_its_day_goes_later_in_the_week(readers, mailbox):
    _daily, weekly = readers
    tell(weekly, "A change for the week")
    assert "digest_weekly" in schedule.schedule_run(at(MONDAY + dt.timedelta(days=3), 10))  # the worker was off
    assert "digest_weekly" not in schedule.schedule_run(at(MONDAY + dt.timedelta(days=6), 10))
    assert len(mailbox.to(weekly.email)) == 1


def test_a_job_that_fails_is_tried_again_at_the_next_tick(readers, mailbox, monkeypatch):
    daily, _weekly = readers
    tell(daily, "First change")
    calls = []

    def broken():
        calls.append(1)
        raise RuntimeError("the database went away")

    real = schedule.JOBS["digest_daily"]
    monkeypatch.setitem(schedule.JOBS, "digest_daily", ("day", broken))
    assert "digest_daily" not in schedule.schedule_run(at(MONDAY, 7))
    assert calls == [1] and not ScheduledRun.objects.filter(job="digest_daily").exists()
    monkeypatch.setitem(schedule.JOBS, "digest_daily", real)
    assert schedule.schedule_run(at(MONDAY, 7, 1))["digest_daily"]["mails"] == 1
    assert len(mailbox.to(daily.email)) == 1


def test_the_worker_runs_the_due_jobs_and_the_queued_tasks(readers, mailbox, settings, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    import django.db
    from django_tasks_db.management.commands import db_worker

    from liaison.cli import main

    # the worker drops the connections between tasks; inside the test's transaction that would end it (PostgreSQL),
    # so, as Django's test client does around its requests, they are kept for the test
    for module in (django.db, db_worker):
        monkeypatch.setattr(module, "close_old_connections", lambda **kwargs: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.LIAISON_DIGEST_HOUR = 0  # due whatever the hour the test runs at
    daily, _weekly = readers
    tell(daily, "For the digest")
    with django_capture_on_commit_callbacks(execute=True):  # its mail is queued in the database, not sent
        tell(daily, "Sent at once", kind=Notification.MANDATE_CHANGED)
    assert mailbox.messages == []
    assert main(["worker", "--batch"]) == 0
    subjects = sorted(m["Subject"] for m in mailbox.to(daily.email))
    assert subjects == ["[Liaison] Sent at once", "[Liaison] Your daily digest: 1 notification"]
    assert ScheduledRun.objects.filter(job="digest_daily", finished_at__isnull=False).count() == 1
    assert main(["worker", "--batch"]) == 0  # a second run sends nothing again
    assert len(mailbox.to(daily.email)) == 2
