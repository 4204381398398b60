"""`liaison worker`: the background worker: django-tasks' database queue, and the jobs Liaison runs at set hours.

The queue's tasks (overlap runs, link suggestions, notification e-mails and their retries) are run by
django-tasks' database worker in this process's main thread. A second thread, the scheduler, calls
`alerts.schedule.schedule_run()` every minute: the daily and weekly digests and the daily scans run at
LIAISON_DIGEST_HOUR without cron, once per period however many workers run (docs/alerts.md).
`liaison serve` starts one worker unless told `--no-jobs`.
"""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger("liaison.alerts")


def register(subparsers) -> None:
    parser = subparsers.add_parser("worker", help="run background tasks and the scheduled digests and scans")
    parser.add_argument("--interval", type=float, default=1.0,
                        help="seconds between looks at the task queue when it is empty (default 1)")
    parser.add_argument("--tick", type=float, default=60.0,
                        help="seconds between looks at the scheduled jobs (default 60)")
    parser.add_argument("--no-schedule", action="store_true", help="run queued tasks only, no scheduled job")
    parser.add_argument("--batch", action="store_true",
                        help="look at the scheduled jobs once, run the queued tasks, and stop when none is left")
    parser.set_defaults(func=run)


def scheduler_tick() -> None:
    """Run the scheduled jobs that are due; log, never raise (the next tick tries again)."""
    from django.db import close_old_connections

    from liaison.alerts.schedule import schedule_run

    try:
        close_old_connections()
        for job, result in schedule_run().items():
            logger.info("Scheduled job %s done: %s", job, result)
    except Exception:  # noqa: BLE001 — a failing tick must not stop the worker
        logger.exception("The scheduler's tick failed")
    finally:
        close_old_connections()


def scheduler_loop(stop: threading.Event, tick: float) -> None:
    """Tick every `tick` seconds until `stop` is set."""
    while not stop.is_set():
        scheduler_tick()
        stop.wait(tick)


def run(args) -> int:
    from liaison.cli import CommandError
    from liaison.cli.django_setup import django_setup

    if not 0 <= args.interval <= 3600 or not 1 <= args.tick <= 3600:
        raise CommandError("--interval takes 0 to 3600 seconds, --tick 1 to 3600")
    django_setup()
    from django.core.management import call_command

    stop = threading.Event()
    if args.batch:
        if not args.no_schedule:
            scheduler_tick()
    elif not args.no_schedule:
        threading.Thread(target=scheduler_loop, args=(stop, args.tick), name="liaison-scheduler",
                         daemon=True).start()
    try:
        call_command("db_worker", interval=args.interval, batch=args.batch, reload=False)
    finally:
        stop.set()
    return 0
