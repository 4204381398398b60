"""Contacts in InforMEA's Contact record shape, both ways, and the contacts files staff upload (JSON, CSV).

The shape is that of InforMEA's OData Contacts (data/informea_melish/odata_api_samples_synthetic/v3_Contacts.json,
v1_Contacts.json): `id`, `treaties` (codes), `roles` ([{"treaty", "roles": [labels], "order"}]), `country`
(ISO 2), `prefix`, `firstName`, `lastName`, `position`, `institution`, `department`, `address`, `email`,
`phoneNumber`, `fax`, `type`, `primary` (1 or 0), `updated` (/Date(ms)/). Reading is pure: a record becomes the
plain dict contacts.services stores, or a list of what is wrong with it; nothing here touches the database
except the catalogue look-ups the caller passes in.
"""

from __future__ import annotations

import csv
import io
import json
import re

from django.utils.translation import gettext as _

from liaison.contacts.models import (
    ADDRESS_MAX,
    EMAIL_MAX,
    LABEL_MAX,
    PHONE_MAX,
    PRIVATE_ABLE,
    SHORT_MAX,
    Contact,
    ContactRole,
)

FILE_MAX_BYTES = 2 * 1024 * 1024  # a contacts file; InforMEA's largest national list is far below
ROWS_MAX = 5000
LIAISON_ID = re.compile(r"^liaison:(\d{1,18})$")  # the id Liaison exports a contact it holds under
# record field -> (service field, longest value)
TEXT_FIELDS = {"prefix": ("prefix", 40), "firstName": ("first_name", SHORT_MAX), "lastName": ("last_name", SHORT_MAX),
               "position": ("position", SHORT_MAX), "institution": ("institution", SHORT_MAX),
               "department": ("department", SHORT_MAX), "address": ("address", ADDRESS_MAX),
               "email": ("email", EMAIL_MAX), "phoneNumber": ("phone", PHONE_MAX), "fax": ("fax", PHONE_MAX)}
RECORD_NAME = {service: record for record, (service, _limit) in TEXT_FIELDS.items()}
# A role label's words -> the role kind (first match wins; a protocol's generic focal point is its own kind).
ROLE_WORDS = [
    (re.compile(r"management authorit", re.I), ContactRole.CITES_MA),
    (re.compile(r"scientific authorit", re.I), ContactRole.CITES_SA),
    (re.compile(r"administrative authorit", re.I), ContactRole.RAMSAR_AA),
    (re.compile(r"clearing.?house|\bBCH\b", re.I), ContactRole.BCH_NFP),
    (re.compile(r"competent national authorit|\bCNA\b", re.I), ContactRole.CNA),
    (re.compile(r"scientific|technical|SBSTTA|STRP", re.I), ContactRole.SCIENTIFIC),
    (re.compile(r"\bABS\b|access and benefit", re.I), ContactRole.ABS_NFP),
    (re.compile(r"biosafety", re.I), ContactRole.BIOSAFETY_NFP),
    (re.compile(r"\bNFP\b|focal point|primary", re.I), ContactRole.NFP),
]
PROTOCOL_KINDS = {("nagoya", ContactRole.NFP): ContactRole.ABS_NFP, ("nagoya", ContactRole.CNA): ContactRole.ABS_CNA,
                  ("cartagena", ContactRole.NFP): ContactRole.BIOSAFETY_NFP}
CSV_COLUMNS = ["id", "country", "prefix", "firstName", "lastName", "position", "institution", "department",
               "address", "email", "phoneNumber", "fax", "type", "primary", "roles"]


class ContactsFileError(Exception):
    """A contacts file that cannot be read at all (not JSON or CSV, too large, no records)."""


def treaty_code(convention) -> str:
    """Return a convention's InforMEA code ("cbd", "cartagena"), else its lower-case acronym."""
    return convention.informea_code or convention.acronym.lower()


def role_kind(label: str, *, treaty: str) -> str:
    """Return the role kind a label such as 'Cartagena Protocol Primary NFP' names (`other` when none)."""
    for pattern, kind in ROLE_WORDS:
        if pattern.search(label):
            return PROTOCOL_KINDS.get((treaty, kind), kind)
    return ContactRole.OTHER


def odata_date(value) -> str | None:
    return f"/Date({int(value.timestamp() * 1000)})/" if value else None


def contact_record(contact: Contact, *, base: str, fields: set[str]) -> dict:
    """Return `contact` as an InforMEA Contact record with the optional `fields` its reader sees (others left out)."""
    roles: dict[str, list[str]] = {}
    for role in contact.roles.all():
        roles.setdefault(treaty_code(role.convention), []).append(role.label or role.get_kind_display())
    ident = contact.informea_id or f"liaison:{contact.pk}"
    record = {
        "__metadata": {"type": "Contact", "id": f"{base}('{ident}')", "uri": f"{base}('{ident}')"},
        "protocolVersion": 1,
        "id": ident,
        "treaties": sorted(roles),
        "roles": [{"__metadata": {"type": "PersonRoles"}, "treaty": t, "roles": labels, "order": "1"}
                  for t, labels in sorted(roles.items())],
        "country": contact.country.iso2,
        "prefix": contact.prefix,
        "firstName": contact.first_name,
        "lastName": contact.last_name,
    }
    for service, record_name in RECORD_NAME.items():
        if service in fields:
            record[record_name] = getattr(contact, service)
    record["type"] = _("Demo data, not a real focal point") if contact.is_demo else "National focal point"
    record["primary"] = 1 if contact.primary else 0
    record["updated"] = odata_date(contact.updated_at)
    if contact.is_demo:
        record["isDemo"] = True  # Liaison's label on demo data; not a field of InforMEA's shape
    return record


def records_read(data: bytes, *, name: str) -> list:
    """Return the records of a contacts file: InforMEA JSON ({"d": {"results": [...]}}, {"d": [...]}, {"value":
    [...]} or a list) or CSV with CSV_COLUMNS; ContactsFileError when it cannot be read."""
    if len(data) > FILE_MAX_BYTES:
        raise ContactsFileError(_("A contacts file is at most %(mb)d MB.") % {"mb": FILE_MAX_BYTES // 2**20})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContactsFileError(_("The file is not UTF-8 text.")) from None
    if name.lower().endswith(".csv"):
        records: list = csv_records(text)
    else:
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise ContactsFileError(_("The file is not JSON (%(error)s); send InforMEA's Contacts JSON or a CSV "
                                      "file.") % {"error": str(exc)[:120]}) from None
        if isinstance(parsed, dict):
            inner = parsed.get("d", parsed)
            parsed = inner.get("results", inner.get("value")) if isinstance(inner, dict) else inner
        if not isinstance(parsed, list):
            raise ContactsFileError(_('The JSON holds no list of contacts ({"d": {"results": [...]}}).'))
        records = parsed
    if not records:
        raise ContactsFileError(_("The file holds no contact."))
    if len(records) > ROWS_MAX:
        raise ContactsFileError(_("A contacts file holds at most %(n)d contacts.") % {"n": ROWS_MAX})
    return records


def csv_records(text: str) -> list[dict]:
    """Return the rows of a contacts CSV as InforMEA records; `roles` reads 'cbd=Primary NFP; nagoya=ABS NFP'."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"country", "lastName", "roles"} - set(reader.fieldnames or [])
    if missing:
        raise ContactsFileError(_("The CSV file lacks the columns %(names)s (columns: %(all)s).")
                                % {"names": ", ".join(sorted(missing)), "all": ", ".join(CSV_COLUMNS)})
    records = []
    for row in reader:
        record: dict = {k: v for k, v in row.items() if k in CSV_COLUMNS and k != "roles" and v not in (None, "")}
        roles: dict[str, list[str]] = {}
        for part in (row.get("roles") or "").split(";"):
            treaty, _sep, label = part.partition("=")
            if treaty.strip():
                roles.setdefault(treaty.strip().lower(), []).append(label.strip() or "National focal point")
        record["roles"] = [{"treaty": t, "roles": labels} for t, labels in roles.items()]
        record["primary"] = 1 if str(row.get("primary") or "").strip() in ("1", "true", "yes") else 0
        records.append(record)
    return records


def record_read(record, *, countries: dict[str, int], conventions: dict[str, object]) -> tuple[dict | None, list[str]]:
    """Return (the contact as contacts.services takes it, []) or (None, what is wrong) for one InforMEA record.

    `countries` maps ISO 2 and 3 codes (upper case) to country ids; `conventions` maps InforMEA codes and
    lower-case acronyms to conventions."""
    if not isinstance(record, dict):
        return None, [_("not an object")]
    data, problems = fields_read(record, countries=countries)
    data["roles"], role_problems = roles_read(record, conventions=conventions)
    return (None, problems + role_problems) if problems or role_problems else (data, [])


def fields_read(record: dict, *, countries: dict[str, int]) -> tuple[dict, list[str]]:
    """Return the contact's own fields of an InforMEA record (all but its roles) and what is wrong with them."""
    problems: list[str] = []
    data: dict = {"informea_id": "", "liaison_id": None}
    ident = str(record.get("id") or "").strip()
    if len(ident) > SHORT_MAX:
        problems.append(_("id: at most %(n)d characters") % {"n": SHORT_MAX})
    elif (match := LIAISON_ID.match(ident)) is not None:
        data["liaison_id"] = int(match.group(1))
    else:
        data["informea_id"] = ident
    country = str(record.get("country") or "").strip().upper()
    data["country_id"] = countries.get(country)
    if data["country_id"] is None:
        problems.append(_("country: %(code)r is not an ISO 3166 code Liaison knows") % {"code": country[:10]})
    for record_name, (service, limit) in TEXT_FIELDS.items():
        value = record.get(record_name)
        value = "" if value is None else value
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.append(_("%(field)s: a text") % {"field": record_name})
            continue
        value = str(value).strip()
        if len(value) > limit:
            problems.append(_("%(field)s: at most %(n)d characters") % {"field": record_name, "n": limit})
        if "\x00" in value:
            problems.append(_("%(field)s: a NUL character cannot be stored") % {"field": record_name})
        data[service] = value
    if not any(data.get(f) for f in ("last_name", "first_name", "position", "institution")):
        problems.append(_("lastName: a name, a position or an institution is required"))
    data["primary"] = record.get("primary") in (1, "1", True, "true")
    return data, problems


def roles_read(record: dict, *, conventions: dict[str, object]) -> tuple[list[dict], list[str]]:
    """Return the roles of a record ([{"convention", "kind", "label"}]) and what is wrong with them. A record with
    treaties but no roles (InforMEA v1) gets one role per treaty, read from its `type`."""
    problems: list[str] = []
    entries = record.get("roles")
    if not entries:
        treaties = record.get("treaties") or []
        label = str(record.get("type") or "National focal point")
        entries = [{"treaty": t.get("value") if isinstance(t, dict) else t, "roles": [label]}
                   for t in treaties if isinstance(t, dict | str)]
    if not isinstance(entries, list) or not entries:
        return [], [_("roles: at least one treaty and role")]
    roles, seen = [], set()
    for entry in entries[:50]:
        treaty = str(entry.get("treaty") or "").strip().lower() if isinstance(entry, dict) else ""
        convention = conventions.get(treaty)
        if convention is None:
            problems.append(_("roles: the treaty %(code)r is not a convention Liaison knows") % {"code": treaty[:40]})
            continue
        labels = entry.get("roles") or ["National focal point"]
        for label in labels if isinstance(labels, list) else [labels]:
            label = str(label).strip()
            if len(label) > LABEL_MAX:
                problems.append(_("roles: a role is at most %(n)d characters") % {"n": LABEL_MAX})
                continue
            kind = role_kind(label, treaty=treaty)
            if (convention.pk, kind) not in seen:  # type: ignore[attr-defined]
                seen.add((convention.pk, kind))  # type: ignore[attr-defined]
                roles.append({"convention": convention, "kind": kind, "label": label})
    return roles, problems


def public_fields_clean(values) -> list[str]:
    """Return the public fields among `values`, in PRIVATE_ABLE's order."""
    chosen = set(values or [])
    return [f for f in PRIVATE_ABLE if f in chosen]
