"""`liaison frameworks import|export|list|suggest`: strategic frameworks in and out of the database."""

from __future__ import annotations

import sys
from pathlib import Path

from liaison.cli import CommandError, file_bytes

FORMATS = {"csv": "csv", "json": "json", "yaml": "yaml", "yml": "yaml"}


def register(subparsers) -> None:
    parser = subparsers.add_parser("frameworks", help="import, export and list strategic frameworks",
                                   description="Strategic frameworks (SDG, GBF, Aichi, CMS SPMS, national plans) "
                                               "in Liaison's CSV/JSON/YAML exchange format.")
    commands = parser.add_subparsers(dest="frameworks_command", metavar="ACTION")

    imp = commands.add_parser("import", help="import a framework file; every problem row is reported, "
                                             "nothing is stored unless the whole file is valid")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--format", choices=["csv", "json", "yaml"], help="default: from the file name")
    imp.add_argument("--country", metavar="ISO3", help="the country of a national plan (its focal points edit it)")
    imp.add_argument("--unpublished", action="store_true", help="readable only by its editors")
    imp.set_defaults(func=run_import)

    exp = commands.add_parser("export", help="write a framework as CSV, JSON or YAML")
    exp.add_argument("code", metavar="CODE")
    exp.add_argument("--format", choices=["csv", "json", "yaml"], default="json")
    exp.add_argument("--output", "-o", metavar="FILE", help="default: standard output")
    exp.set_defaults(func=run_export)

    lst = commands.add_parser("list", help="list the frameworks in the database")
    lst.set_defaults(func=run_list)

    sug = commands.add_parser("suggest", help="suggest links from a framework's targets to other frameworks'")
    sug.add_argument("code", metavar="CODE")
    sug.add_argument("--against", default="GBF,CMS-SPMS-2015-2023", help="framework codes, comma-separated")
    sug.set_defaults(func=run_suggest)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def run_import(args) -> int:
    path = Path(args.file)
    fmt = FORMATS.get((args.format or path.suffix.lstrip(".")).lower())
    if fmt is None:
        raise CommandError(f"{path}: say --format csv, json or yaml (the file name does not tell)")
    data = file_bytes(path)
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.core.actors import system_actor
    from liaison.engine.frameworks import FrameworkImportError
    from liaison.frameworks.services import framework_import

    try:
        framework, state = framework_import(data=data, fmt=fmt, user=system_actor("liaison frameworks import"),
                                            country_iso3=args.country, published=not args.unpublished)
    except FrameworkImportError as exc:
        print(f"{path}: {len(exc.problems)} problem(s); nothing was imported:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise CommandError(f"{path} was not imported") from None
    print(f"{path}: {framework.code} {state}: {framework.goals.count()} goals, {framework.targets.count()} "
          f"targets, {framework.indicators.count()} indicators")
    return 0


def run_export(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.core.actors import system_actor
    from liaison.core.errors import NotFound
    from liaison.frameworks.exports import framework_export_bytes
    from liaison.frameworks.permissions import framework_get_for_view

    try:
        framework = framework_get_for_view(user=system_actor("liaison frameworks export"), code=args.code)
    except NotFound:
        raise CommandError(f"no framework {args.code!r}; `liaison frameworks list` names them") from None
    data, _ = framework_export_bytes(framework=framework, fmt=args.format)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"{args.output}: {framework.code} as {args.format}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def run_list(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from django.db.models import Count, Q

    from liaison.core.actors import system_actor
    from liaison.frameworks.permissions import framework_visible_to

    frameworks = framework_visible_to(system_actor("liaison frameworks list"))
    for f in frameworks.annotate(n=Count("targets", filter=Q(targets__retired_at__isnull=True))).order_by("code"):
        flags = ", ".join(x for x in ("summary" if f.is_summary else "", "bundled" if f.is_bundled else "",
                                      f.country.iso3 if f.country_id else "") if x)
        print(f"{f.code:24} {f.n:4} targets  {f.name}" + (f"  ({flags})" if flags else ""))
    return 0


def run_suggest(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.core.actors import system_actor
    from liaison.core.errors import NotFound
    from liaison.frameworks.permissions import framework_get_for_view
    from liaison.frameworks.suggestions import target_links_suggest

    actor = system_actor("liaison frameworks suggest")
    try:
        framework = framework_get_for_view(user=actor, code=args.code)
    except NotFound:
        raise CommandError(f"no framework {args.code!r}") from None
    against = [code.strip() for code in args.against.split(",") if code.strip()]
    count = target_links_suggest(user=actor, framework=framework, against=against)
    print(f"{framework.code}: {count} links suggested against {', '.join(against)}; review them at /links/review/")
    return 0
