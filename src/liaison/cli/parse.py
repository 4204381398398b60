"""`liaison parse PATH`: parse a decision document and print its outline or JSON; never starts Django."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from liaison.cli import CommandError, file_bytes


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `parse` subcommand to the top-level parser."""
    parser = subparsers.add_parser(
        "parse",
        help="parse a decision document (text, Markdown, HTML/Akoma Ntoso, DOCX, PDF)",
        description="Parse a decision document into title, preamble, operative paragraphs, mandates and references.",
    )
    parser.add_argument("path", metavar="PATH", help="the document to parse")
    parser.add_argument("--format", choices=["json", "text"], default="text", help="output format (default: text outline)")
    parser.add_argument("--convention", default=None, help="convention acronym (CMS, CBD, CITES...) if the text does not say")
    parser.add_argument("--symbol", default=None, help="document number (e.g. 11.10) overriding what the text says")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Parse the file named in args and print the result; return the exit code."""
    from liaison.engine.decisions import DocumentError, document_parse

    path = Path(args.path)
    data = file_bytes(path)
    try:
        result = document_parse(data, filename=path.name, convention=args.convention, symbol=args.symbol)
    except DocumentError as exc:
        raise CommandError(str(exc)) from None
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    elif len(result.get("decisions") or []) > 1:
        # A compilation: the file's line, then each decision's outline in order.
        parts = [f"{result.get('title') or '(untitled)'}\n{result.get('symbol') or ''} {len(result['decisions'])} decisions\n"]
        parts.extend(outline_render(decision) for decision in result["decisions"])
        sys.stdout.write(("\n" + "=" * 40 + "\n").join(parts))
    else:
        sys.stdout.write(outline_render(result))
    return 0


def outline_render(result: dict) -> str:
    """Return a human-readable outline of a parsed decision."""
    width = 100
    lines = [result.get("title") or "(untitled)"]
    ident = " ".join(x for x in (result.get("convention"), result.get("symbol"), result.get("revision") and f"({result['revision']})") if x)
    if ident:
        lines.append(ident)
    if result.get("adopted"):
        lines.append(result["adopted"])
    lines.append("")
    lines.append(f"Preamble: {len(result['preamble'])} clauses")
    for index, clause in enumerate(result["preamble"], start=1):
        lines.append(_short(f"  {index:>2}. [{clause['lead'] or '?'}] {clause['text']}", width))
    if result.get("enacting"):
        lines.append(_short(f"Enacting: {result['enacting']}", width))
    lines.append(f"Operative: {len(result['operative'])} paragraphs")
    for paragraph in result["operative"]:
        lines.append(_short(f"  {paragraph['number'] or '-':>2}. [{paragraph['lead'] or '?'}] {paragraph['text']}", width))
        for sub in paragraph["subparagraphs"]:
            lines.append(_short(f"        - {sub}", width))
        for mandate in paragraph["mandates"]:
            extra = []
            if mandate["deadline"]:
                extra.append(f"deadline: {mandate['deadline']}")
            if mandate["report_to"]:
                extra.append("report to: " + "; ".join(mandate["report_to"]))
            tail = f" ({', '.join(extra)})" if extra else ""
            lines.append(_short(f"        => {mandate['actor']} <{mandate['verb']}> {mandate['action']}", width - len(tail)) + tail)
    if result["references"]:
        lines.append(f"References: {len(result['references'])}")
        for ref in result["references"]:
            lines.append(f"  {ref['convention'] or '?'} {ref['type']} {ref['id']} ({ref['relation']}, {ref['paragraph']})")
    if result["repeals"]:
        lines.append("Repeals: " + ", ".join(f"{r['convention'] or '?'} {r['type']} {r['id']}" for r in result["repeals"]))
    for annex in result["annexes"]:
        lines.append(f"Annex: {annex['title']} ({len(annex['text'])} characters)")
    if result["footnotes"]:
        lines.append("Footnotes:")
        lines.extend(_short(f"  {i}. {note}", width) for i, note in enumerate(result["footnotes"], start=1))
    if result["warnings"]:
        lines.append("Warnings:")
        lines.extend(_short(f"  ! {warning}", width) for warning in result["warnings"])
    return "\n".join(lines) + "\n"


def _short(text: str, width: int) -> str:
    # textwrap.shorten collapses the indentation that makes the outline readable, so keep it apart.
    body = text.lstrip(" ")
    indent = text[: len(text) - len(body)]
    return indent + textwrap.shorten(body, width=max(20, width - len(indent)), placeholder=" …")
