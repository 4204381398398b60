"""Writes of national focal-point contacts: create, change, delete, and import a contacts file (preview, then
confirm), each checked (contacts.permissions) and written to the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention, Country
from liaison.catalogue.selectors import conventions_by_code
from liaison.contacts.formats import (
    FILE_MAX_BYTES,
    TEXT_FIELDS,
    ContactsFileError,
    fields_read,
    public_fields_clean,
    record_read,
    records_read,
)
from liaison.contacts.models import LABEL_MAX, PUBLIC_DEFAULT, Contact, ContactImport, ContactRole
from liaison.contacts.permissions import contact_check_write, contacts_check_import
from liaison.core.errors import Conflict, Invalid, NotAllowed, NotFound, NotSignedIn, TooLarge
from liaison.core.services import audit_record

SERVICE_FIELDS = [service for service, _limit in TEXT_FIELDS.values()]
ROLES_MAX = 50
ERRORS_SHOWN = 200  # the bad rows a refused import lists




def countries_index() -> dict[str, int]:
    """Return the country ids by ISO 3166 alpha-2 and alpha-3 code."""
    index: dict[str, int] = {}
    for pk, iso2, iso3 in Country.objects.values_list("pk", "iso2", "iso3"):
        index[iso2.upper()], index[iso3.upper()] = pk, pk
    return index


def contact_clean(*, country: Country, data: dict) -> dict:
    """Return the fields of a contact from a form or the API ({"first_name", ..., "public_fields", "roles":
    [{"convention", "kind", "label"}]}); Invalid (422) listing every field that is wrong."""
    record = {name: data.get(service, "") for name, (service, _limit) in TEXT_FIELDS.items()}
    record.update({"country": country.iso3, "primary": 1 if data.get("primary") else 0})
    cleaned, problems = fields_read(record, countries={country.iso3: country.pk})
    errors = [{"field": p.split(":", 1)[0], "message": p.split(":", 1)[-1].strip()} for p in problems]
    kinds, conventions = dict(ContactRole.KINDS), conventions_by_code()
    roles_in = data.get("roles") or []
    if not roles_in:
        errors.append({"field": "roles", "message": _("at least one convention and role")})
    if len(roles_in) > ROLES_MAX:
        errors.append({"field": "roles", "message": _("at most %(n)d roles") % {"n": ROLES_MAX}})
    cleaned["roles"] = []
    for i, role in enumerate(roles_in[:ROLES_MAX]):
        convention = conventions.get(str(role.get("convention") or "").strip().lower())
        label = str(role.get("label") or "").strip()
        if convention is None:
            errors.append({"field": f"roles.{i}.convention", "message": _("a convention Liaison knows")})
        if role.get("kind") not in kinds:
            errors.append({"field": f"roles.{i}.kind", "message": _("one of %(kinds)s") % {"kinds": ", ".join(kinds)}})
        if len(label) > LABEL_MAX:
            errors.append({"field": f"roles.{i}.label", "message": _("at most %(n)d characters") % {"n": LABEL_MAX}})
        if convention is not None and role.get("kind") in kinds and len(label) <= LABEL_MAX:
            cleaned["roles"].append({"convention": convention, "kind": role["kind"], "label": label})
    if errors:
        raise Invalid(_("Some values of the contact are not valid."), errors=errors)
    cleaned["public_fields"] = public_fields_clean(data.get("public_fields"))
    return cleaned


def roles_set(contact: Contact, roles: list[dict]) -> tuple[list[str], list[str]]:
    """Replace the roles of `contact`; return (before, after) as 'CBD nfp' labels for the audit trail."""
    before = sorted(f"{r.convention.acronym} {r.kind}" for r in contact.roles.select_related("convention"))
    contact.roles.all().delete()
    unique = {(r["convention"].pk, r["kind"]): r for r in roles}
    ContactRole.objects.bulk_create([ContactRole(contact=contact, convention=r["convention"], kind=r["kind"],
                                                 label=r["label"][:200]) for r in unique.values()])
    return before, sorted(f"{r['convention'].acronym} {r['kind']}" for r in unique.values())


def contact_create(*, user, country: Country, data: dict, is_demo: bool = False) -> Contact:
    """Create a contact of `country` from `data` (see contact_clean); return it."""
    cleaned = contact_clean(country=country, data=data)
    return contact_store(user=user, country=country, cleaned=cleaned, contact=None, is_demo=is_demo)


def contact_update(*, user, contact: Contact, data: dict) -> Contact:
    """Change every field and role of `contact` to those of `data`; return it."""
    cleaned = contact_clean(country=contact.country, data=data)
    return contact_store(user=user, country=contact.country, cleaned=cleaned, contact=contact)


def contact_store(*, user, country: Country, cleaned: dict, contact: Contact | None, is_demo: bool = False,
                  action: str = "") -> Contact:
    """Check, then write a cleaned contact (new when `contact` is None) with its roles, audited."""
    before_conventions = {r.convention_id for r in contact.roles.all()} if contact else set()
    contact_check_write(user=user, country=country, before=before_conventions,
                        after={r["convention"].pk for r in cleaned["roles"]})
    with transaction.atomic():
        created = contact is None
        if contact is None:
            contact = Contact(country=country, created_by=user if getattr(user, "pk", None) else None,
                              is_demo=is_demo, public_fields=list(PUBLIC_DEFAULT))
        changes = {}
        for name in [*SERVICE_FIELDS, "primary", "public_fields", "informea_id"]:
            if name not in cleaned or (name == "informea_id" and not cleaned[name]):
                continue
            if name == "public_fields" and cleaned[name] is None:
                continue
            old = getattr(contact, name)
            if old != cleaned[name]:
                changes[name] = [None if created else old, cleaned[name]]
                setattr(contact, name, cleaned[name])
        contact.save()
        old_roles, new_roles = roles_set(contact, cleaned["roles"])
        if old_roles != new_roles:
            changes["roles"] = [old_roles, new_roles]
        if changes or created:
            audit_record(actor=user, action=action or ("contact_create" if created else "contact_update"),
                         obj=contact, changes=changes)
    return contact


def contact_delete(*, user, contact: Contact) -> None:
    """Delete `contact` (audited with what it held)."""
    conventions = {r.convention_id for r in contact.roles.all()}
    contact_check_write(user=user, country=contact.country, before=conventions, after=set())
    with transaction.atomic():
        audit_record(actor=user, action="contact_delete", obj=contact,
                     changes={"name": str(contact), "country": contact.country.iso3,
                              "roles": sorted(f"{r.convention.acronym} {r.kind}" for r in contact.roles.all())})
        contact.delete()


def import_rows(*, user, name: str, data: bytes) -> list[dict]:
    """Return the checked rows of a contacts file (each with the contact it updates, if any); Invalid listing
    every bad row (nothing is stored) when one is wrong or may not be written by `user`."""
    if len(data) > FILE_MAX_BYTES:
        raise TooLarge(_("A contacts file is at most %(mb)d MB.") % {"mb": FILE_MAX_BYTES // 2**20},
                       errors=[{"field": "file", "message": _("too large")}])
    try:
        records = records_read(data, name=name)
    except ContactsFileError as exc:
        raise Invalid(str(exc), errors=[{"field": "file", "message": str(exc)}]) from None
    countries, conventions = countries_index(), conventions_by_code()
    by_country = Country.objects.in_bulk(set(countries.values()))
    existing = {(c.country_id, c.informea_id): c for c in Contact.objects.exclude(informea_id="")
                .filter(informea_id__in=[str(r.get("id")) for r in records if isinstance(r, dict)])
                .prefetch_related("roles")}
    ours = {c.pk: c for c in Contact.objects.filter(pk__in=[
        int(str(r["id"])[8:]) for r in records if isinstance(r, dict) and str(r.get("id", "")).startswith("liaison:")
        and str(r["id"])[8:].isdigit() and len(str(r["id"])) < 27]).prefetch_related("roles")}
    rows, errors = [], []
    for i, record in enumerate(records, start=1):
        cleaned, problems = record_read(record, countries=countries, conventions=conventions)
        if cleaned is None:
            errors += [{"field": f"row {i}", "message": p} for p in problems]
            continue
        match = (ours.get(cleaned["liaison_id"]) if cleaned["liaison_id"]
                 else existing.get((cleaned["country_id"], cleaned["informea_id"])))
        if match is not None and match.country_id != cleaned["country_id"]:
            match = None
        try:
            contact_check_write(user=user, country=by_country[cleaned["country_id"]],
                                before={r.convention_id for r in match.roles.all()} if match else set(),
                                after={r["convention"].pk for r in cleaned["roles"]})
        except (NotAllowed, NotSignedIn) as exc:
            errors.append({"field": f"row {i}", "message": str(exc.detail)})
            continue
        rows.append({**cleaned, "contact_id": match.pk if match else None,
                     "country_code": by_country[cleaned["country_id"]].iso3,
                     "roles": [{"convention": r["convention"].pk, "acronym": r["convention"].acronym,
                                "kind": r["kind"], "label": r["label"]} for r in cleaned["roles"]]})
    if errors:
        raise Invalid(_("%(n)d rows of the file cannot be imported; nothing was stored.") % {"n": len(errors)},
                      errors=errors[:ERRORS_SHOWN])
    return rows


def contacts_import_preview(*, user, name: str, data: bytes) -> ContactImport:
    """Read and check a contacts file and keep it as an import waiting for confirmation; Invalid (nothing
    stored) when any row is wrong."""
    contacts_check_import(user=user)
    rows = import_rows(user=user, name=name, data=data)
    pending = ContactImport.objects.create(file_name=name[:200], rows=rows, created_by=user)
    audit_record(actor=user, action="contacts_import_preview", obj=pending,
                 changes={"file": name[:200], "rows": len(rows)})
    return pending


def contact_import_get(*, user, import_id: int) -> ContactImport:
    """Return the pending import `import_id` of `user` (an administrator sees all); NotFound otherwise."""
    contacts_check_import(user=user)
    imports = ContactImport.objects.all() if user.is_superuser else ContactImport.objects.filter(created_by=user)
    found = imports.filter(pk=import_id if 0 < import_id < 2**63 else 0).first()
    if found is None:
        raise NotFound(_("No such contacts import."))
    return found


def contacts_import_apply(*, user, pending: ContactImport) -> dict:
    """Store every row of a previewed import in one transaction (checked again); return {created, updated}."""
    if pending.applied_at is not None:
        raise Conflict(_("This import was confirmed already."))
    with transaction.atomic():
        pending.result = contacts_rows_store(user=user, rows=pending.rows)
        pending.applied_at = timezone.now()
        pending.save(update_fields=["applied_at", "result"])
    return pending.result


def contacts_rows_store(*, user, rows: list[dict]) -> dict:
    """Store checked import rows (import_rows) in one transaction, each checked again; return {created, updated}."""
    conventions = {c.pk: c for c in Convention.objects.all()}
    countries = {c.pk: c for c in Country.objects.filter(pk__in={r["country_id"] for r in rows})}
    contacts = {c.pk: c for c in Contact.objects.filter(pk__in=[r["contact_id"] for r in rows if r["contact_id"]])
                .prefetch_related("roles")}
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            cleaned = {**row, "public_fields": None,
                       "roles": [{"convention": conventions[r["convention"]], "kind": r["kind"], "label": r["label"]}
                                 for r in row["roles"]]}
            contact = contacts.get(row["contact_id"]) if row["contact_id"] else None
            if row["contact_id"] and contact is None:
                raise Conflict(_("A contact this import updates was deleted since; upload the file again."))
            contact_store(user=user, country=countries[row["country_id"]], cleaned=cleaned, contact=contact,
                          action="contact_import")
            created, updated = created + (contact is None), updated + (contact is not None)
    return {"created": created, "updated": updated}
