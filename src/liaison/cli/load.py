"""`liaison load`: migrate the database DATABASE_URL names and load the bundled data."""

from __future__ import annotations

import sys

from liaison.cli import CommandError
from liaison.cli.django_setup import django_setup


def register(subparsers) -> None:
    parser = subparsers.add_parser("load", help="migrate the database and load the bundled real data")
    parser.add_argument("--no-migrate", action="store_true", help="skip migrations")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    parser.set_defaults(func=run)


def run(args) -> int:
    django_setup()
    from django.core.management import call_command
    from django.db import DatabaseError

    from liaison.core.loading import DataFileError, data_load_all

    try:
        if not args.no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        report = data_load_all()
    except DataFileError as exc:
        raise CommandError(f"nothing was loaded: {exc}") from None
    except DatabaseError as exc:
        raise CommandError(f"database error: {str(exc).strip().splitlines()[0]}") from None
    if not args.quiet:
        print("Loaded: " + ", ".join(f"{k} {v}" for k, v in sorted(report.counts.items())))
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    if report.unmapped_countries:
        print(f"{len(report.unmapped_countries)} country names could not be mapped to ISO 3166 "
              "(kept aside, listed on /about/data/):", file=sys.stderr)
        for line in report.unmapped_countries:
            print(f"  - {line}", file=sys.stderr)
    if report.accounts and not args.quiet:
        print("Demo accounts (demo mode only):")
        for username, password, role in report.accounts:
            print(f"  {username:<24} {password:<14} {role}")
    return 0
