"""`liaison ingest PATH...`: read decision texts into a draft batch (or publish them at once)."""

from __future__ import annotations

from pathlib import Path

from liaison.cli import CommandError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ingest", help="read decision documents into a draft batch to review and publish",
        description="Read the files into ONE draft batch: nothing is public until staff publish it on its page "
                    "(or give --publish). Prints what publishing changes.")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--convention", help="acronym of the convention (when the text does not say)")
    parser.add_argument("--number", help="the decision's number, e.g. 11.10 (one file only)")
    parser.add_argument("--kind", choices=["resolution", "decision", "recommendation"])
    parser.add_argument("--revision", default="", help="revision label, e.g. Rev.COP12")
    parser.add_argument("--publish", action="store_true", help="publish the batch at once (it can be undone)")
    parser.set_defaults(func=run)


def run(args) -> int:
    if args.number and len(args.paths) > 1:
        raise CommandError("--number names one decision; give one file with it")
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.core.actors import system_actor
    from liaison.core.errors import DomainError
    from liaison.decisions.batches import batch_create, batch_ingest_publish
    from liaison.engine.decisions import DocumentError

    actor = system_actor("liaison ingest")  # the operator of the server: recorded as such in the audit trail
    files, failures = [], 0
    for raw in args.paths:
        path = Path(raw)
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror}")
            failures += 1
    if not files:
        raise CommandError(f"{failures} of {len(args.paths)} files were not stored")
    try:
        options = {"convention": args.convention, "symbol": args.number, "kind": args.kind,
                   "revision_label": args.revision, "label": "liaison ingest"}
        if getattr(args, "publish", False):
            # created and published in one transaction, the texts parsed once (a draft's preview would parse
            # them a second time only to be thrown away by the publish)
            batch = batch_ingest_publish(user=actor, files=files, **options)
        else:
            batch = batch_create(user=actor, files=files, **options)
    except (DocumentError, DomainError) as exc:
        raise CommandError(str(exc)) from None
    stored = "stored" if batch.state == batch.PUBLISHED else "read into the draft"
    for outcome in batch.preview["files"]:
        if outcome.get("error"):
            print(f"{outcome['name']}: {outcome['error']}")
            failures += 1
            continue
        state = stored if outcome["created"] else "unchanged (already stored)"
        print(f"{outcome['name']}: {outcome['decision_label']} {state}: {outcome['operative']} operative "
              f"paragraphs, {outcome['mandates']} mandates, {outcome['carried']} carried over, "
              f"{outcome['unmatched']} to resolve")
    print(f"batch {batch.pk}: {batch.get_state_display().lower()}"
          + ("" if batch.state == batch.PUBLISHED else f" — review and publish it at /decisions/batches/{batch.pk}/"))
    if failures:
        raise CommandError(f"{failures} of {len(args.paths)} files were not stored")
    return 0
