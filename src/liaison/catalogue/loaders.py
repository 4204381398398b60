"""Load the catalogue from data/: conventions, bodies, countries, IEADB memberships."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pycountry
import yaml

from liaison.catalogue.models import Body, Convention, Country, Membership, Organization, UnmappedCountryName
from liaison.core.loading import DataFileError, LoadReport

MEMBERSHIP_FILE = "parties_ieadb/biodiversity_mea_memberships.csv"
MEMBERSHIP_COLUMNS = {"country", "mitch_id", "treaty_acronym", "csig", "crat", "ceif3"}


def catalogue_load(*, data_dir: Path, report: LoadReport) -> None:
    """Load conventions, countries and memberships idempotently."""
    conventions_load(data_dir=data_dir, report=report)
    countries_load(report=report)
    memberships_load(data_dir=data_dir, report=report)


def conventions_load(*, data_dir: Path, report: LoadReport) -> None:
    """Create or update every convention of data/catalogue/conventions.yaml with its bodies."""
    path = data_dir / "catalogue" / "conventions.yaml"
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from None
    treaties = json.loads((data_dir / "ecolex_iucn" / "treaties.json").read_text(encoding="utf-8"))
    parents = {}
    for i, entry in enumerate(entries, start=1):
        for key in ("acronym", "name", "kind"):
            if not entry.get(key):
                raise DataFileError(path, i, f"missing '{key}'")
        ids = treaties.get(entry.get("informea") or "", {})
        convention, _ = Convention.objects.update_or_create(
            acronym=entry["acronym"],
            defaults={
                "name": entry["name"],
                "year": entry.get("year"),
                "kind": entry["kind"],
                "secretariat": entry.get("secretariat", ""),
                "ieadb_id": str(entry.get("ieadb") or ""),
                "informea_code": entry.get("informea") or "",
                "informea_uuid": ids.get("uuid", ""),
                "ecolex_id": ids.get("docId", ""),
                "treaty_text_file": entry.get("treaty_text") or "",
            },
        )
        parents[convention.pk] = entry.get("parent")
        for body in entry.get("bodies", []):
            Body.objects.update_or_create(
                convention=convention, code=body["code"], defaults={"name": body["name"], "kind": body["kind"]}
            )
        name = f"Secretariat of the {convention.name}" if convention.kind != "platform" else f"{convention.name} Secretariat"
        Organization.objects.update_or_create(
            name=name[:300], defaults={"acronym": f"{convention.acronym} Secretariat"[:40], "kind": "secretariat",
                                       "convention": convention},
        )
        report.count("conventions")
    by_acronym = {c.acronym: c for c in Convention.objects.all()}
    for pk, parent in parents.items():
        if parent and parent not in by_acronym:
            raise DataFileError(path, None, f"unknown parent convention {parent!r}")
        Convention.objects.filter(pk=pk).update(parent=by_acronym.get(parent) if parent else None)


def countries_load(*, report: LoadReport) -> None:
    """Create every ISO 3166-1 country from pycountry."""
    existing = set(Country.objects.values_list("iso3", flat=True))
    new = [
        Country(iso3=c.alpha_3, iso2=c.alpha_2, name=getattr(c, "common_name", None) or c.name,
                official_name=getattr(c, "official_name", ""))
        for c in pycountry.countries
        if c.alpha_3 not in existing
    ]
    Country.objects.bulk_create(new)
    report.count("countries", Country.objects.count())


def country_resolver_build(data_dir: Path):
    """Return a function mapping a country name as written to (iso3 or None, reason)."""
    aliases = yaml.safe_load((data_dir / "catalogue" / "country_aliases.yaml").read_text(encoding="utf-8")) or {}
    ecolex = json.loads((data_dir / "ecolex_iucn" / "party_countries.json").read_text(encoding="utf-8"))
    iso3s = {c.alpha_3 for c in pycountry.countries}

    def resolve(name: str) -> tuple[str | None, str]:
        code = aliases.get(name) or ecolex.get(name)
        if not code:
            try:
                code = pycountry.countries.lookup(name).alpha_3
            except LookupError:
                return None, "no ISO 3166 match for this spelling"
        if code not in iso3s:
            return None, f"maps to {code}, which is not an ISO 3166-1 country"
        return code, ""

    return resolve


def date_parse(value: str, *, path: Path, row: int, column: str) -> dt.date | None:
    """Return the ISO date in `value`, None when empty; raise DataFileError when malformed."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataFileError(path, row, f"column {column!r}: {value!r} is not a date (YYYY-MM-DD)") from None


def memberships_load(*, data_dir: Path, report: LoadReport) -> None:
    """Load the IEADB membership rows that carry at least one date."""
    path = data_dir / MEMBERSHIP_FILE
    resolve = country_resolver_build(data_dir)
    by_ieadb = {c.ieadb_id: c for c in Convention.objects.exclude(ieadb_id="")}
    countries = {c.iso3: c for c in Country.objects.all()}
    existing = {(m.country_id, m.convention_id): m for m in Membership.objects.all()}
    try:
        handle = path.open(encoding="utf-8", newline="")
        rows = list(csv.DictReader(handle))
        handle.close()
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from None
    if rows and not MEMBERSHIP_COLUMNS <= set(rows[0]):
        raise DataFileError(path, 1, f"missing columns: {sorted(MEMBERSHIP_COLUMNS - set(rows[0]))}")
    to_create, to_update = [], []
    seen: dict[tuple[int, int], str] = {}
    for line, row in enumerate(rows, start=2):
        convention = by_ieadb.get(row["mitch_id"].strip())
        if convention is None:
            raise DataFileError(path, line, f"unknown IEADB agreement id {row['mitch_id']!r}")
        dates = {
            "signature": date_parse(row["csig"], path=path, row=line, column="csig"),
            "ratification": date_parse(row["crat"], path=path, row=line, column="crat"),
            "entry_into_force": date_parse(row["ceif3"], path=path, row=line, column="ceif3"),
        }
        if not any(dates.values()):
            continue  # IEADB lists potential members too; no date means not a member
        iso3, reason = resolve(row["country"].strip())
        if iso3 is None:
            UnmappedCountryName.objects.update_or_create(
                name=row["country"].strip(), convention=convention, source_file=MEMBERSHIP_FILE,
                defaults={"reason": reason, "row": row},
            )
            report.unmapped_countries.append(f"{row['country']} ({convention.acronym}): {reason}")
            continue
        country = countries[iso3]
        name = row["country"].strip()
        first_name = seen.setdefault((country.pk, convention.pk), name)
        if first_name != name:
            reason = f"maps to {iso3} like {first_name!r}, which already has a row for this convention"
            UnmappedCountryName.objects.update_or_create(
                name=name, convention=convention, source_file=MEMBERSHIP_FILE,
                defaults={"reason": reason, "row": row},
            )
            report.unmapped_countries.append(f"{name} ({convention.acronym}): {reason}")
            continue
        current = existing.get((country.pk, convention.pk))
        if current is None:
            to_create.append(Membership(country=country, convention=convention,
                                        name_as_written=row["country"].strip(), **dates))
            existing[(country.pk, convention.pk)] = to_create[-1]
        else:
            changed = any(getattr(current, k) != v for k, v in dates.items())
            if changed:
                for k, v in dates.items():
                    setattr(current, k, v)
                to_update.append(current)
    Membership.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Membership.objects.bulk_update(to_update, ["signature", "ratification", "entry_into_force"], batch_size=500)
    report.count("memberships", Membership.objects.count())
