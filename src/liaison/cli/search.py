"""`liaison search rebuild|query`: the full-text index of decisions, targets, countries and the rest."""

from __future__ import annotations

from liaison.cli import CommandError
from liaison.cli.django_setup import django_setup


def register(subparsers) -> None:
    parser = subparsers.add_parser("search", help="rebuild or query the search index",
                                   description="The search index (SQLite FTS5, or PostgreSQL text search) "
                                               "follows every write; rebuild it after changing rows by hand.")
    commands = parser.add_subparsers(dest="search_command", metavar="ACTION")
    rebuild = commands.add_parser("rebuild", help="empty the index and fill it again from the database")
    rebuild.set_defaults(func=run_rebuild)
    query = commands.add_parser("query", help="print the best hits for some words, as the public sees them")
    query.add_argument("words", metavar="WORDS")
    query.add_argument("--kind", help="only this kind (paragraph, decision, target, country...)")
    query.add_argument("--status", choices=["in_effect", "superseded", "repealed", "all"])
    query.add_argument("--limit", type=int, default=10)
    query.set_defaults(func=run_query)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def run_rebuild(args) -> int:
    django_setup()
    from django.db import DatabaseError

    from liaison.search.services import search_rebuild

    try:
        report = search_rebuild()
    except DatabaseError as exc:
        raise CommandError(f"database error: {str(exc).strip().splitlines()[0]}") from None
    counts = ", ".join(f"{kind} {n}" for kind, n in sorted(report.counts.items()))
    print(f"Indexed {report.total} documents in {report.seconds:.1f} s: {counts}")
    return 0


def run_query(args) -> int:
    if not 1 <= args.limit <= 500:
        raise CommandError("--limit must be 1 to 500")
    django_setup()
    from liaison.search.selectors import Filters, search_run

    results = search_run(user=None, q=args.words, filters=Filters(kind=args.kind or "", status=args.status or ""),
                         limit=args.limit)
    print(f"{results.count} results")
    for hit in results.hits:
        print(f"{hit.score:8.3f}  {hit.kind:<12} {hit.title[:90]}  {hit.url}")
    return 0
