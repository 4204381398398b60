"""`liaison notifications ...`: send the e-mails of notifications waiting, and the daily or weekly digests."""

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
