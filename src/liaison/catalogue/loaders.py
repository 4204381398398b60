"""Load the catalogue from data/: conventions, bodies, countries, memberships (sources: catalogue/memberships.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
import yaml
from django.db.models import Q

from liaison.catalogue.memberships import FOLDER, IEADB, IEADB_FILE, memberships_read
from liaison.catalogue.models import Body, Convention, Country, Membership, Organization, UnmappedCountryName
from liaison.core.loading import DataFileError, LoadReport


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


def memberships_load(*, data_dir: Path, report: LoadReport) -> None:
    """Store every convention's memberships from the source memberships_read picks for it (withdrawn states
    are not stored); drop those the source no longer gives; keep skipped codes aside as unmapped names."""
    conventions = {c.acronym: c for c in Convention.objects.all()}
    countries = {c.iso3: c for c in Country.objects.all()}
    eu = Country.objects.filter(iso2="EU").first()
    readings = memberships_read(data_dir=data_dir, ieadb_ids={a: c.ieadb_id for a, c in conventions.items()},
                                iso3s=set(countries), eu_iso3=eu.iso3 if eu else None)
    existing = {(m.convention_id, m.country_id): m for m in Membership.objects.all()}
    keep, to_create, to_update, unmapped = set(), [], [], set()
    fields = ["signature", "ratification", "entry_into_force", "source", "name_as_written"]
    for acronym, found in readings.items():
        convention = conventions[acronym]
        used = found.used
        if used is None:
            report.count("conventions without party data")
            continue
        source = used.table if used.table == IEADB else f"manyenviron {used.table}"
        for code, reason in used.skipped_codes.items():
            UnmappedCountryName.objects.update_or_create(
                name=code, convention=convention, source_file=used.file, defaults={"reason": reason[:200]})
            unmapped.add((code, convention.pk, used.file))
            report.unmapped_countries.append(f"{code} ({acronym}): {reason}")
        for line in used.bad_rows:
            report.warnings.append(f"{used.file} ({acronym}): {line}, skipped")
        for code, dates in used.states.items():
            if dates.is_withdrawn and not dates.is_party:
                continue
            values = {"signature": dates.signature, "ratification": dates.ratification,
                      "entry_into_force": dates.entry_into_force, "source": source,
                      "name_as_written": used.names.get(code, code)}
            country = countries[code]
            keep.add((convention.pk, country.pk))
            current = existing.get((convention.pk, country.pk))
            if current is None:
                to_create.append(Membership(country=country, convention=convention, **values))
            elif any(getattr(current, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(current, k, v)
                to_update.append(current)
    stale = [m.pk for key, m in existing.items() if key not in keep]
    Membership.objects.filter(pk__in=stale).delete()
    Membership.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Membership.objects.bulk_update(to_update, fields, batch_size=500)
    ours = UnmappedCountryName.objects.filter(Q(source_file=IEADB_FILE) | Q(source_file__startswith=FOLDER))
    ours.exclude(pk__in=[u.pk for u in ours if (u.name, u.convention_id, u.source_file) in unmapped]).delete()
    report.count("memberships", Membership.objects.count())
