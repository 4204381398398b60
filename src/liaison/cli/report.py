"""`liaison report standing-committee`: the progress report to the Standing Committee, as HTML, DOCX or PDF."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from liaison.cli import CommandError


def date_arg(value: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="build reports from the database (Standing Committee)")
    kinds = parser.add_subparsers(dest="report_kind", metavar="KIND")
    stc = kinds.add_parser("standing-committee", help="progress on partnerships, work plans, contributions and "
                                                      "the Secretariat's mandates over a period")
    stc.add_argument("--from", dest="start", type=date_arg, required=True, help="first day (YYYY-MM-DD)")
    stc.add_argument("--to", dest="end", type=date_arg, required=True, help="last day (YYYY-MM-DD)")
    stc.add_argument("--format", choices=("html", "docx", "pdf"), default="html", help="default html")
    stc.add_argument("--lang", choices=("en", "fr", "es"), default="en", help="language of the headings")
    stc.add_argument("--convention", default="CMS", help="acronym of the convention whose Standing Committee "
                                                        "receives the report (default CMS)")
    stc.add_argument("--output", type=Path, help="file to write (default: standard output for html)")
    stc.set_defaults(func=run)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def run(args) -> int:
    if args.end < args.start:
        raise CommandError(f"the period ends ({args.end}) before it starts ({args.start})")
    if args.format != "html" and args.output is None:
        raise CommandError(f"--format {args.format} writes a binary file; give --output FILE")
    from liaison.cli.django_setup import django_setup

    django_setup()
    from django.db import DatabaseError

    from liaison.catalogue.models import Convention
    from liaison.core.actors import system_actor
    from liaison.partnerships.committee.render import RenderError, report_render
    from liaison.partnerships.committee.report import report_build

    convention = Convention.objects.filter(acronym__iexact=args.convention).first()
    if convention is None:
        raise CommandError(f"no convention {args.convention!r} in the catalogue (run `liaison load`)")
    try:
        report = report_build(user=system_actor("liaison report standing-committee"), convention=convention,
                              start=args.start, end=args.end, lang=args.lang)
        data = report_render(report, fmt=args.format)
    except RenderError as exc:
        raise CommandError(str(exc)) from None
    except DatabaseError as exc:
        raise CommandError(f"database error: {str(exc).strip().splitlines()[0]} (run `liaison load`)") from None
    if args.output is None:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror}") from None
    print(f"Wrote {args.output} ({len(data):,} bytes, {args.format}, {args.lang}).", file=sys.stderr)
    return 0
