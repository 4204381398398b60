"""`liaison overlap [FILE...]`: overlapping paragraphs across conventions, their themes and lead MEAs.

With files, their operative paragraphs are the corpus and Django is never started. Without files,
the corpus is every operative paragraph in the database (needs the web app).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from liaison.cli import CommandError, engine_dirs, file_bytes

THRESHOLD_DEFAULT = 0.9
TOP_DEFAULT = 10


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "overlap",
        help="find overlapping paragraphs across conventions, group them into themes, propose lead MEAs",
        description=(
            "Near-duplicate (word-shingle MinHash) and semantic (embedding top-k) overlap between the "
            "operative paragraphs of the given decision files, or of the database when no file is given. "
            "Pairs within one convention are listed apart as internal duplication."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="decision documents (text, Markdown, HTML, PDF, DOCX)")
    parser.add_argument(
        "--threshold",
        type=float,
        default=THRESHOLD_DEFAULT,
        metavar="T",
        help=f"lowest cosine for a semantic pair (default {THRESHOLD_DEFAULT}; with the static encoder unrelated "
        "paragraphs of the same register reach 0.84 at the 99.9th percentile)",
    )
    parser.add_argument(
        "--near-threshold",
        type=float,
        default=0.5,
        metavar="J",
        help="lowest word-shingle Jaccard for a near-duplicate pair (default 0.5)",
    )
    parser.add_argument("--top", type=int, default=TOP_DEFAULT, metavar="K", help="neighbours per paragraph (default 10)")
    parser.add_argument("--format", choices=["json", "text"], default="json", help="output format (default json)")
    parser.set_defaults(func=run)


def corpus_from_files(paths: list[str]) -> list[dict]:
    """Return the operative paragraphs of the files as overlap input; CommandError on a bad file."""
    try:
        from liaison.engine.decisions import DocumentError, document_parse
    except ImportError as exc:
        raise CommandError(f"the decision parser is not available: {exc}") from None
    corpus: list[dict] = []
    for raw in paths:
        path = Path(raw)
        data = file_bytes(path)
        try:
            parsed = document_parse(data, filename=path.name)
        except DocumentError as exc:
            raise CommandError(f"{path}: {exc}") from None
        document = parsed.get("symbol") or path.name
        convention = parsed.get("convention") or "unknown"
        year = parsed.get("year") if isinstance(parsed.get("year"), int) else None
        for n, para in enumerate(parsed.get("operative") or [], start=1):
            text = para.get("text") or ""
            subs = [s for s in para.get("subparagraphs") or [] if s and s not in text]
            corpus.append(
                {
                    "document": document,
                    "convention": convention,
                    "paragraph": str(para.get("number") or n),
                    "text": " ".join([text, *subs]).strip(),
                    "year": year,
                    "is_mandate": bool(para.get("mandates")),
                    "in_effect": True,
                }
            )
    return corpus


def corpus_from_database() -> list[dict]:
    """Return the database's operative paragraphs through the web app's selector."""
    from liaison.cli.django_setup import django_setup

    django_setup()
    try:
        from liaison.overlap.selectors import overlap_corpus_get
    except ImportError:
        raise CommandError("the database overlap needs the web app installed") from None
    return list(overlap_corpus_get())


def result_text(result: dict) -> str:
    """Return the overlap result as lines a person reads in a terminal."""
    lines = []
    for note in result.get("notes", []):
        lines.append(f"note: {note}")
    for title, key in (("Overlap across conventions", "pairs"), ("Internal duplication", "internal")):
        lines.append(f"{title}: {len(result[key])} pair(s)")
        for pair in result[key]:
            a, b = pair["a"], pair["b"]
            lines.append(
                f"  {pair['score']:.3f} {pair['kind']:<14} {a['convention']} {a['document']} ¶{a['paragraph']}"
                f"  <->  {b['convention']} {b['document']} ¶{b['paragraph']}"
            )
            for span in pair["shared"][:3]:
                lines.append(f"      shared: “{span}”")
    lines.append(f"Themes: {len(result['themes'])}")
    for theme in result["themes"]:
        lines.append(f"  {theme['label']} ({len(theme['members'])} paragraphs; terms: {', '.join(theme['terms']) or '-'})")
        lead = theme["lead"]
        if lead.get("convention"):
            lines.append(f"    lead: {lead['convention']} — {lead['why']}")
    return "\n".join(lines)


def run(args) -> int:
    if args.top < 1:
        raise CommandError("--top must be at least 1")
    if not -1.0 <= args.threshold <= 1.0:
        raise CommandError("--threshold is a cosine between -1 and 1")
    corpus = corpus_from_files(args.files) if args.files else corpus_from_database()
    from liaison.engine.overlap import TREATY_FOLDER, overlap_find

    data_dir, models_dir = engine_dirs()
    result = overlap_find(corpus, threshold=args.threshold, near_threshold=args.near_threshold, k=args.top,
                          models_dir=models_dir, treaty_dir=data_dir / TREATY_FOLDER)
    if args.format == "text":
        print(result_text(result))
    else:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()
    return 0
