"""`liaison contacts import FILE` and `liaison contacts export`: national focal points in InforMEA's Contact shape."""

from __future__ import annotations

import json
import sys

from liaison.cli import CommandError, file_bytes


def register(subparsers) -> None:
    parser = subparsers.add_parser("contacts", help="import or export national focal points (InforMEA Contacts)")
    sub = parser.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    p = sub.add_parser("import", help="check every row of a contacts file (InforMEA Contacts JSON or CSV), then "
                                      "store them all, or none when one is wrong")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="check and list the rows, store nothing")
    p.set_defaults(func=run_import)
    p = sub.add_parser("export", help="print the contacts as InforMEA Contacts JSON (every field: the operator's)")
    p.add_argument("--country", metavar="ISO3", help="only this country's contacts")
    p.set_defaults(func=run_export)


def run_import(args) -> int:
    data = file_bytes(args.file)
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.contacts.services import contacts_rows_store, import_rows
    from liaison.core.actors import system_actor
    from liaison.core.errors import DomainError

    actor = system_actor("liaison contacts import")  # the operator, recorded in the audit trail
    try:
        rows = import_rows(user=actor, name=str(args.file), data=data)
    except DomainError as exc:
        for error in exc.errors:
            print(f"{error['field']}: {error['message']}")
        raise CommandError(str(exc.detail)) from None
    for i, row in enumerate(rows, start=1):
        name = " ".join(p for p in (row["first_name"], row["last_name"]) if p) or row["position"]
        roles = "; ".join(f"{r['acronym']} {r['kind']}" for r in row["roles"])
        print(f"row {i}: {'update' if row['contact_id'] else 'new'} {row['country_code']} {name} ({roles})")
    if args.dry_run:
        print(f"{len(rows)} rows checked; nothing stored (--dry-run)")
        return 0
    result = contacts_rows_store(user=actor, rows=rows)
    print(f"{result['created']} contacts created, {result['updated']} updated")
    return 0


def run_export(args) -> int:
    from liaison.cli.django_setup import django_setup

    django_setup()
    from liaison.catalogue.selectors import country_get
    from liaison.contacts.formats import contact_record
    from liaison.contacts.models import PRIVATE_ABLE, Contact
    from liaison.core.errors import NotFound

    contacts = Contact.objects.select_related("country").prefetch_related("roles__convention")
    if args.country:
        try:
            contacts = contacts.filter(country=country_get(iso3=args.country))
        except NotFound as exc:
            raise CommandError(str(exc.detail)) from None
    records = [contact_record(c, base="Contacts", fields=set(PRIVATE_ABLE)) for c in contacts]
    json.dump({"d": {"results": records}}, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0
