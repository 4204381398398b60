"""`liaison align SOURCES.jsonl TARGETS.jsonl`: suggest targets for each source line; never starts Django."""

from __future__ import annotations

import argparse
import json
import sys

from liaison.cli import CommandError, engine_dirs, file_bytes


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `align` subcommand to the top-level parser."""
    parser = subparsers.add_parser(
        "align",
        help="rank the targets each source text contributes to (JSON lines in, JSON lines out)",
        description=(
            'Read {"id": ..., "text": ...} JSON lines from SOURCES and TARGETS and print, for each source, '
            'one JSON line {"id": ..., "matches": [{"id", "score", "why"}]} with its best targets first.'
        ),
    )
    parser.add_argument("sources", metavar="SOURCES.jsonl", help="items to align, one JSON object per line")
    parser.add_argument("targets", metavar="TARGETS.jsonl", help="targets to rank, one JSON object per line")
    parser.add_argument("--top", type=int, default=3, metavar="K", help="targets per source (default: 3)")
    parser.add_argument(
        "--encoder", default=None, metavar="NAME", help="embedding tier: static (default) or minilm (quality extra)"
    )
    parser.set_defaults(func=run)


def records_read(path: str, name: str) -> list[dict]:
    """Return the {"id", "text"} records of a JSON-lines file; raise CommandError naming (as `name`) the first bad line."""
    raw = file_bytes(path)
    records = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            if number < raw.count(b"\n") + 1:  # a blank line in the middle, not the final newline
                raise CommandError(f"{name} line {number}: empty line")
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            raise CommandError(f"{name} line {number}: not valid UTF-8") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{name} line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise CommandError(f'{name} line {number}: expected an object {{"id": ..., "text": ...}}')
        if "id" not in record or record["id"] in (None, ""):
            raise CommandError(f'{name} line {number}: missing "id"')
        if not isinstance(record.get("text"), str) or not record["text"].strip():
            raise CommandError(f'{name} line {number}: missing or empty "text"')
        records.append({"id": record["id"], "text": record["text"]})
    return records


def run(args: argparse.Namespace) -> int:
    """Print one JSON line of suggestions per source; return the exit code."""
    from liaison.engine.alignment import targets_suggest
    from liaison.engine.embedding import EncoderUnavailableError

    if args.top < 1:
        raise CommandError("--top must be at least 1")
    sources = records_read(args.sources, "SOURCES.jsonl")
    targets = records_read(args.targets, "TARGETS.jsonl")
    if not targets:
        raise CommandError("TARGETS.jsonl: no targets")
    try:
        results = targets_suggest(sources, targets, top_k=args.top, encoder=args.encoder, models_dir=engine_dirs()[1])
    except EncoderUnavailableError as exc:
        raise CommandError(str(exc)) from None
    out = sys.stdout
    for result in results:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
