"""The `liaison` command: one subcommand per module in this package.

Each subcommand module exposes `register(subparsers)` which adds its parser and sets
`func` to a callable taking the parsed arguments and returning an exit code.
Engine-only commands (parse, align, overlap over files) never start Django;
commands that need the database call `django_setup()` first.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

# Modules are imported lazily by name so `liaison parse` stays fast and Django-free.
SUBCOMMANDS = [
    "load",
    "serve",
    "parse",
    "ingest",
    "draftcheck",
    "align",
    "overlap",
    "report",
    "reporting",
    "frameworks",
    "search",
    "notifications",
    "contacts",
    "worker",
    "harvest",
]


class CommandError(Exception):
    """A user-facing error: printed as one line, exit code 2."""


def file_bytes(path: str | Path) -> bytes:
    """Return the bytes of the file at `path`; raise CommandError saying why it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror or exc}") from None


def engine_dirs() -> tuple[Path, Path]:
    """Return the (data, models) folders the engine-only commands pass to the engine, as the settings read them."""
    home = Path(os.environ.get("LIAISON_HOME", Path(__file__).resolve().parents[3]))
    data = Path(os.environ.get("LIAISON_DATA_DIR", home / "data"))
    return data, Path(os.environ.get("LIAISON_MODELS_DIR", data / "models"))


def parser_build() -> argparse.ArgumentParser:
    """Return the top-level argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="liaison",
        description="Liaison: cooperation among the biodiversity conventions.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"liaison.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"liaison.cli.{name}":
                continue  # subcommand not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = parser_build()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"liaison {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
