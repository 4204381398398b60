"""`liaison ingest PATH...`: read decision texts and store them with their mandates and references."""

from __future__ import annotations

from pathlib import Path

from liaison.cli import CommandError


def register(subparsers) -> None:
    parser = subparsers.add_parser("ingest", help="read decision documents into the database")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--convention", help="acronym of the convention (when the text does not say)")
    parser.add_argument("--number", help="the decision's number, e.g. 11.10 (one file only)")
    parser.add_argument("--kind", choices=["resolution", "decision", "recommendation"])
    parser.add_argument("--revision", default="", help="revision label, e.g. Rev.COP12")
    parser.set_defaults(func=run)


def run(args) -> int:
    if args.number and len(args.paths) > 1:
        raise CommandError("--number names one decision; give one file with it")
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.core.actors import system_actor
    from liaison.core.errors import DomainError
    from liaison.decisions.services import decision_ingest
    from liaison.engine.decisions import DocumentError

    actor = system_actor("liaison ingest")  # the operator of the server: recorded as such in the audit trail
    failures = 0
    for raw in args.paths:
        path = Path(raw)
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror}")
            failures += 1
            continue
        try:
            result = decision_ingest(data=data, filename=path.name, user=actor,
                                     convention=args.convention, symbol=args.number, kind=args.kind,
                                     revision_label=args.revision)
        except (DocumentError, DomainError) as exc:
            print(f"{path}: {exc}")
            failures += 1
            continue
        parsed = result.parsed
        state = "stored" if result.created else "unchanged (already stored)"
        print(f"{path}: {result.decision} {state}: {len(parsed.get('preamble', []))} preamble clauses, "
              f"{len(parsed.get('operative', []))} operative paragraphs, "
              f"{sum(len(p.get('mandates') or []) for p in parsed.get('operative', []))} mandates")
    if failures:
        raise CommandError(f"{failures} of {len(args.paths)} files were not stored")
    return 0
