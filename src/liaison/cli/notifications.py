"""`liaison notifications ...`: send the e-mails of notifications waiting, the daily or weekly digests, the daily
scans (late activities, deadlines), and the scheduled jobs due now (what `liaison worker` does every minute)."""

from __future__ import annotations

import datetime as dt


def register(subparsers) -> None:
    parser = subparsers.add_parser("notifications", help="send notification e-mails and digests")
    sub = parser.add_subparsers(dest="notifications_command", metavar="ACTION", required=True)

    p = sub.add_parser("send", help="send the e-mails wanted at once that are still waiting (failed or never queued)")
    p.add_argument("--older-than", type=int, default=0, metavar="MINUTES",
                   help="only notifications written at least MINUTES ago (0)")
    p.set_defaults(func=run_send)

    p = sub.add_parser("digest", help="send one digest e-mail per person of the notifications not mailed yet")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--daily", dest="frequency", action="store_const", const="daily",
                       help="the kinds people want in a daily digest")
    which.add_argument("--weekly", dest="frequency", action="store_const", const="weekly",
                       help="the kinds people want in a weekly digest")
    p.set_defaults(func=run_digest)

    p = sub.add_parser("scan", help="tell of work-plan activities late and mandates' deadlines near or passed "
                                    "(each once)")
    p.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="the day to scan as (default: today)")
    p.set_defaults(func=run_scan)

    p = sub.add_parser("schedule", help="run the scheduled jobs (digests, scans) due now that have not run yet")
    p.set_defaults(func=run_schedule)


def run_send(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.alerts.mail import notifications_mail_pending

    counts = notifications_mail_pending(older_than=dt.timedelta(minutes=max(args.older_than, 0)))
    print(f"{counts.get('sent', 0)} sent, {counts.get('failed', 0)} failed, {counts.get('skipped', 0)} never "
          f"to be mailed or no longer visible")
    return 1 if counts.get("failed") else 0


def run_digest(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.alerts.digests import digests_send

    counts = digests_send(frequency=args.frequency)
    print(f"{args.frequency} digests: {counts['mails']} sent ({counts['notifications']} notifications), "
          f"{counts['failed']} failed, {counts['skipped']} notifications never to be mailed or no longer visible")
    return 1 if counts["failed"] else 0


def run_scan(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.alerts.scans import activities_late_notify, mandate_deadlines_notify

    late = activities_late_notify(today=args.today)
    deadlines = mandate_deadlines_notify(today=args.today)
    print(f"{late} notifications of late activities, {deadlines} of mandates' deadlines")
    return 0


def run_schedule(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.alerts.schedule import schedule_run

    results = schedule_run()
    for job, result in results.items():
        print(f"{job}: {', '.join(f'{k} {v}' for k, v in result.items())}")
    if not results:
        print("nothing due")
    return 0
