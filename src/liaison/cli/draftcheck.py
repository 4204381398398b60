"""`liaison draft-check PATH`: check a draft decision against the record, as the /decisions/draft-check/ page does."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from liaison.cli import CommandError, file_bytes
from liaison.cli.django_setup import django_setup


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `draft-check` subcommand to the top-level parser."""
    parser = subparsers.add_parser(
        "draft-check",
        help="check a draft decision: similar decisions in effect, mandates already given, references, targets",
        description="Check a draft decision (text, Markdown, HTML, DOCX, PDF) against the decisions in the database: "
                    "for each operative paragraph the paragraphs in effect that say nearly the same, the mandates "
                    "already given to the same addressee, the decisions it would supersede, references to repealed "
                    "or unknown decisions, and the targets it serves. Nothing is stored. Reads as the system actor "
                    "(every framework, published or not).",
    )
    parser.add_argument("path", metavar="PATH", help="the draft to check")
    parser.add_argument("--convention", required=True, help="the draft's convention (CMS, CBD, CITES...)")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    parser.add_argument("--docx", metavar="OUT", help="also write the check as a Word document to OUT")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the draft named in args and print the result; return the exit code."""
    path = Path(args.path)
    data = file_bytes(path)
    django_setup()
    from liaison.core.actors import system_actor
    from liaison.core.errors import DomainError
    from liaison.decisions.draftcheck import draft_check
    from liaison.decisions.draftcheck_docx import draft_check_docx

    try:
        result = draft_check(user=system_actor("liaison draft-check"), data=data, filename=path.name,
                             convention=args.convention)
    except DomainError as exc:
        raise CommandError(str(exc.detail)) from None
    if args.docx:
        Path(args.docx).write_bytes(draft_check_docx(result))
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(summary_render(result))
    return 0


def summary_render(result: dict) -> str:
    """Return a short plain-text summary of a draft check: a block per paragraph, the best findings first."""
    lines = [f"{result['title'] or '(untitled draft)'} — {result['convention']}, "
             f"{len(result['paragraphs'])} operative paragraphs", *result["notes"]]
    lines += [f"! {p['message']}" for p in result["references"]]
    for p in result["paragraphs"]:
        lines += ["", f"¶{p['number']} {p['text'][:100]}{'…' if len(p['text']) > 100 else ''}"]
        lines += [f"  ! {r['message']}" for r in p["references"]]
        lines += [f"  similar  {h['score']:.2f}  {h['decision']} ¶{h['number']}  (shared {h['shared_share']:.0%})"
                  for h in p["similar"][:3]]
        lines += [f"  mandate  {g['score']:.2f}  {g['decision']} ¶{g['paragraph']}: {g['actor']} {g['verb']} "
                  f"{g['action'][:60]}" for m in p["mandates"] for g in m["given"][:2]]
        lines += [f"  supersedes  {s['decision']} ¶{s['number']} ({s['score']:.2f})" for s in p["supersedes"]]
        lines += [f"  target   {t['score']:.2f}  {t['framework']} {t['code']}: {t['why']}" for t in p["targets"]]
    return "\n".join(lines) + "\n"
