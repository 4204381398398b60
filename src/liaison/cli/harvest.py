"""`liaison harvest informea URL`: read an InforMEA-shaped OData Decisions endpoint into one draft batch, or a
Meetings endpoint into unpublished meeting records; `liaison harvest cbd URL`: read the CBD Decision Tracking
Tool's decisions (one tree, or an index search) into one draft batch."""

from __future__ import annotations

import sys

from liaison.cli import CommandError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "harvest",
        help="read decisions (or meetings) from an InforMEA OData endpoint, or decisions from the CBD decision "
        "tracking API, into drafts to review and publish",
        description="Page through an InforMEA-shaped OData Decisions endpoint and read every decision's text into "
        "ONE draft batch, or a Meetings endpoint (a URL ending in /Meetings) into unpublished meeting "
        "records: nothing is public until staff publish it. Texts and meetings already stored are "
        "skipped; a record that cannot be read gets one message; an interrupted run carries on "
        "with --resume. With the source cbd, URL is a decision tree of the CBD Decision Tracking Tool "
        "(https://.../api/v2021/decisions/CBD%%2FCOP%%2F14%%2F05/tree) or an index search of its decision texts "
        "(a Solr answer whose docs name dttCode_s, paged with start): each decision becomes one text of the "
        "draft batch, and its paragraphs' DTT statuses apply to their mandates when the batch is published.",
    )
    parser.add_argument(
        "source", choices=["informea", "cbd"],
        help="the kind of endpoint: InforMEA's OData, or the CBD Decision Tracking Tool's decision API",
    )
    parser.add_argument(
        "url", metavar="URL", help="the Decisions or Meetings collection, e.g. https://.../informea.svc/Decisions, "
        "or (cbd) a decision tree or an index search",
    )
    parser.add_argument(
        "--collection", choices=["auto", "decisions", "meetings"], default="auto",
        help="what the URL serves (default: meetings when its path ends in /Meetings, else decisions)",
    )
    parser.add_argument(
        "--resume", action="store_true", help="carry on from the last page an earlier run read"
    )
    parser.add_argument(
        "--pages", type=int, metavar="N", help="stop after N pages (carry on later with --resume)"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default 30)")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=20 * 1024 * 1024,
        help="largest response accepted per page, in bytes (default 20 MiB)",
    )
    parser.set_defaults(func=run)


def collection_of(args) -> str:
    """Return "meetings" or "decisions": the --collection asked, else what the URL's path ends with."""
    if args.collection != "auto":
        return args.collection
    from urllib.parse import urlsplit

    return "meetings" if urlsplit(args.url).path.rstrip("/").endswith("/Meetings") else "decisions"


def run(args) -> int:
    if args.pages is not None and args.pages < 1:
        raise CommandError("--pages must be at least 1")
    if args.source == "cbd":
        if args.collection == "meetings":
            raise CommandError("--collection meetings is for InforMEA endpoints; the CBD source reads decisions")
    elif collection_of(args) == "meetings":
        return run_meetings(args)
    from liaison.cli.django_setup import django_setup

    django_setup()
    from tqdm import tqdm  # the progress bar, on stderr (the messages go to stdout)

    from liaison.core.actors import system_actor
    from liaison.core.errors import DomainError
    from liaison.interop.harvest import HarvestError, harvest_informea
    from liaison.interop.harvest_cbd import harvest_cbd

    actor = system_actor("liaison harvest")  # the operator of the server, recorded in the audit trail
    bar = tqdm(unit=" records", desc="harvest", file=sys.stderr, disable=None)
    harvest = harvest_cbd if args.source == "cbd" else harvest_informea
    try:
        result = harvest(
            user=actor,
            url=args.url,
            resume=args.resume,
            pages=args.pages,
            timeout=args.timeout,
            max_bytes=args.max_bytes,
            report=lambda message: bar.write(message, file=sys.stdout),
            progress=bar.update,
        )
    except (HarvestError, DomainError) as exc:
        raise CommandError(f"{exc} Run again with --resume to carry on from the last page read.") from None
    finally:
        bar.close()
    state = result.state
    left_out = len(state.messages)
    print(
        f"{state.pages} pages, {state.records} records: {len(state.documents)} texts read, "
        f"{state.skipped} already stored, {left_out} left out"
        + (f"; {len(state.notes)} notes on the DTT's tags" if state.notes else "")
    )
    if not result.finished:
        print("stopped before the last page: run again with --resume to carry on")
        return 0
    if result.batch is not None:
        print(
            f"batch {result.batch.pk}: draft — review and publish it at /decisions/batches/{result.batch.pk}/"
        )
    else:
        print("nothing new to store")
    return 0


def run_meetings(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from tqdm import tqdm  # the progress bar, on stderr (the messages go to stdout)

    from liaison.core.actors import system_actor
    from liaison.core.errors import DomainError
    from liaison.interop.harvest import HarvestError
    from liaison.interop.harvest_meetings import harvest_meetings

    actor = system_actor("liaison harvest")
    bar = tqdm(unit=" records", desc="harvest", file=sys.stderr, disable=None)
    try:
        result = harvest_meetings(
            user=actor, url=args.url, resume=args.resume, pages=args.pages, timeout=args.timeout,
            max_bytes=args.max_bytes, report=lambda message: bar.write(message, file=sys.stdout),
            progress=bar.update,
        )
    except (HarvestError, DomainError) as exc:
        raise CommandError(f"{exc} Run again with --resume to carry on from the last page read.") from None
    finally:
        bar.close()
    state = result.state
    print(
        f"{state.pages} pages, {state.records} records: {len(state.documents)} meetings stored unpublished, "
        f"{state.skipped} already stored, {len(state.messages)} left out"
    )
    if not result.finished:
        print("stopped before the last page: run again with --resume to carry on")
    elif state.documents:
        print("review and publish them at " + ", ".join(f"/meetings/{d['slug']}/" for d in state.documents[:20])
              + (" ..." if len(state.documents) > 20 else ""))
    else:
        print("nothing new to store")
    return 0
