"""The jobs Liaison runs by itself at a set hour, without cron: digests and the daily scans.

`liaison worker` (the background worker `liaison serve` starts) calls `schedule_run()` every minute. At
LIAISON_DIGEST_HOUR (in TIME_ZONE) a day's jobs are due: the reporting reminders (as `liaison reporting remind`
does, before the digests so that a digest carries them), the daily digest, the scans of late activities and
deadlines (alerts.scans); the weekly digest on LIAISON_DIGEST_WEEKDAY (1 Monday ... 7 Sunday). A job that
was due while no worker ran (the machine was off at 07:00) runs at the next tick of the same day (the same
week for the weekly digest); a day missed entirely is not caught up: its notifications wait for the next
digest, which sends everything not mailed yet.

Each run of a job for a period (a day, an ISO week) is a `ScheduledRun` row whose (job, period) is unique: the
first worker to write it runs the job; any other tick, or another worker at the same minute, sees the row and
does nothing. A job that raises deletes its row (logged), so the next tick tries again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from liaison.alerts.models import ScheduledRun

logger = logging.getLogger("liaison.alerts")


def _digest(frequency: str):
    def run() -> dict:
        from liaison.alerts.digests import digests_send

        return digests_send(frequency=frequency)

    return run


def _activities_late() -> dict:
    from liaison.alerts.scans import activities_late_notify

    return {"notifications": activities_late_notify()}


def _mandate_deadlines() -> dict:
    from liaison.alerts.scans import mandate_deadlines_notify

    return {"notifications": mandate_deadlines_notify()}


def _reporting_reminders() -> dict:
    from liaison.alerts.events import reminders_notify
    from liaison.core.actors import system_actor
    from liaison.reporting.services import reminders_record

    actor = system_actor("liaison worker: reporting reminders")
    due = reminders_record(user=actor, today=timezone.localdate())
    return {"reminders": len(due), "notifications": reminders_notify(due=due, actor=actor)}


# job -> (period: "day" or "week", what it runs)
JOBS = {
    "reporting_reminders": ("day", _reporting_reminders),
    "digest_daily": ("day", _digest("daily")),
    "digest_weekly": ("week", _digest("weekly")),
    "activities_late": ("day", _activities_late),
    "mandate_deadlines": ("day", _mandate_deadlines),
}


def digest_hour() -> int:
    return int(getattr(settings, "LIAISON_DIGEST_HOUR", 7))


def digest_weekday() -> int:
    return int(getattr(settings, "LIAISON_DIGEST_WEEKDAY", 1))


def schedule_due(now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """Return the (job, period) pairs due at `now` (local time), whether or not they already ran."""
    local = timezone.localtime(now or timezone.now())
    if local.hour < digest_hour():
        return []
    day = local.date().isoformat()
    year, week, weekday = local.isocalendar()
    due = []
    for job, (period, _run) in JOBS.items():
        if period == "day":
            due.append((job, day))
        elif weekday >= digest_weekday():  # that day of the week or later in the same week
            due.append((job, f"{year}-W{week:02d}"))
    return due


def schedule_run(now: dt.datetime | None = None) -> dict[str, dict]:
    """Run every job due at `now` that no worker ran yet for its period; return {job: its result}."""
    results: dict[str, dict] = {}
    for job, period in schedule_due(now):
        if ScheduledRun.objects.filter(job=job, period=period).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job, period=period)
        except IntegrityError:  # another worker took it at the same moment
            continue
        try:
            result = JOBS[job][1]()
        except Exception:  # noqa: BLE001 — logged; the row goes so that the next tick tries again
            logger.exception("Scheduled job %s (%s) failed", job, period)
            ScheduledRun.objects.filter(pk=run.pk).delete()
            continue
        ScheduledRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), result=result)
        results[job] = result
    return results
