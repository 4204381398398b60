"""`liaison reporting ...`: import and export questionnaires, link their questions, record reminders."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from liaison.cli import CommandError


def register(subparsers) -> None:
    parser = subparsers.add_parser("reporting", help="national-report questionnaires, question links, reminders")
    sub = parser.add_subparsers(dest="reporting_command", metavar="ACTION", required=True)

    p = sub.add_parser("import", help="import a questionnaire file (Liaison questionnaire format, JSON)")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=run_import)

    p = sub.add_parser("export", help="print a questionnaire in the Liaison questionnaire format")
    p.add_argument("code", metavar="CODE")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=run_export)

    p = sub.add_parser("list", help="list the questionnaires")
    p.set_defaults(func=run_list)

    p = sub.add_parser("link", help="link TARGET's questions to SOURCE's identical or near-identical ones")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("target", metavar="TARGET")
    p.add_argument("--threshold", type=float, default=0.9, help="text similarity for near-identical (0.9)")
    p.set_defaults(func=run_link)

    p = sub.add_parser("suggest", help="store the suggestion engine's proposed links SOURCE -> TARGET for review")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("target", metavar="TARGET")
    p.add_argument("--top-k", type=int, default=1)
    p.add_argument("--min-score", type=float, default=0.6)
    p.set_defaults(func=run_suggest)

    p = sub.add_parser("remind", help="list and record reminders for reports not submitted near their deadline")
    p.add_argument("--days", type=int, default=30, help="remind when the deadline is within DAYS days or past")
    p.add_argument("--dry-run", action="store_true", help="list only, record nothing")
    p.add_argument("--today", type=day_parse, metavar="YYYY-MM-DD",
                   help="remind as on this day (default: today); reports of closed cycles are never reminded")
    p.set_defaults(func=run_remind)


def day_parse(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def questionnaire_or_error(code: str):
    from liaison.reporting.models import Questionnaire

    found = Questionnaire.objects.filter(code=code).first()
    if found is None:
        codes = ", ".join(Questionnaire.objects.values_list("code", flat=True)) or "none loaded"
        raise CommandError(f"no questionnaire {code!r} (known: {codes})")
    return found


def run_import(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.core.actors import system_actor
    from liaison.reporting.formats import FormatError
    from liaison.reporting.questionnaires import questionnaire_import, questionnaire_parse

    try:
        data = questionnaire_parse(Path(args.file).read_bytes())
        questionnaire, created = questionnaire_import(data=data, user=system_actor("liaison reporting import"))
    except OSError as exc:
        raise CommandError(f"{args.file}: cannot read: {exc.strerror}") from None
    except FormatError as exc:
        for problem in exc.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        raise CommandError(f"{args.file}: not imported ({len(exc.problems)} problems)") from None
    state = "imported" if created else "updated"
    print(f"{questionnaire.code} {state}: {questionnaire.sections.count()} sections, "
          f"{questionnaire.questions.count()} questions")
    return 0


def run_export(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.reporting.questionnaires import questionnaire_export

    text = json.dumps(questionnaire_export(questionnaire=questionnaire_or_error(args.code)), ensure_ascii=False,
                      indent=1)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def run_list(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.core.actors import system_actor
    from liaison.reporting.selectors import questionnaire_cycle_state, questionnaire_list

    for q in questionnaire_list(user=system_actor("liaison reporting list")):
        state = questionnaire_cycle_state(questionnaire=q)
        print(f"{q.code:20} {q.convention.acronym:10} {q.n_questions:4} questions  deadline "
              f"{q.deadline or '-'}  cycle {q.opens or '?'}..{q.closes or '?'} {state:20}  {q.title}")
    return 0


def run_link(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.core.actors import system_actor
    from liaison.reporting.crosswalk import links_identical_text

    counts = links_identical_text(user=system_actor("liaison reporting link"),
                                  source=questionnaire_or_error(args.source),
                                  target=questionnaire_or_error(args.target), threshold=args.threshold)
    print(f"{args.source} -> {args.target}: {counts['compared']} questions compared, {counts['identical']} identical, "
          f"{counts['near_identical']} near-identical (>= {args.threshold:.0%}), {counts['unmatched']} unmatched")
    return 0


def run_suggest(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.core.actors import system_actor
    from liaison.reporting.crosswalk import links_suggest

    try:
        n = links_suggest(user=system_actor("liaison reporting suggest"), source=questionnaire_or_error(args.source),
                          target=questionnaire_or_error(args.target), top_k=args.top_k, min_score=args.min_score)
    except RuntimeError as exc:
        raise CommandError(str(exc)) from None
    print(f"{n} new suggested links {args.source} -> {args.target}; review them on /reporting/links/")
    return 0


def run_remind(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from django.utils import timezone

    from liaison.core.actors import system_actor
    from liaison.reporting.selectors import reminders_due
    from liaison.reporting.services import reminders_record

    today, actor = args.today or timezone.localdate(), system_actor("liaison reporting remind")
    due = (reminders_due(user=actor, today=today, days=args.days) if args.dry_run
           else reminders_record(user=actor, today=today, days=args.days))
    for row in due:  # only cycles open on `today`: past the deadline is overdue, never a closed cycle
        left = row["days_to_deadline"]
        when = f"{-left} days overdue" if row["cycle_state"] == "overdue" else f"due in {left} days"
        print(f"{row['questionnaire'].code:20} {row['country'].iso3} {row['country'].name:40} "
              f"{row['state']:12} {when}")
    verb = "due (not recorded)" if args.dry_run else "recorded"
    print(f"{len(due)} reminders {verb}", file=sys.stderr)
    if not args.dry_run:
        from liaison.alerts.events import reminders_notify

        # each country's focal points are told once per questionnaire and deadline (notification and e-mail)
        told = reminders_notify(due=due, actor=actor)
        print(f"{told} focal points told (notification and e-mail)", file=sys.stderr)
    return 0
