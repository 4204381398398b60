"""Which states are parties to which convention, read from the bundled membership files, with the conflicts found.

The order of the sources is kept here, in one place (`MANYENVIRON_FILES` and `memberships_read`): the
manyenviron HUGGO_MEM table first, then its ECOLEX_MEM table (the Cartagena Protocol, absent from HUGGO_MEM),
then the IEADB file of data/parties_ieadb for the conventions manyenviron lacks. A convention none of them
covers keeps no party ("no party data on hand"); nothing is ever borrowed from another convention.

Everything here reads files and returns plain data: the loader stores it, the "About the data" page shows it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml
from django.conf import settings

from liaison.catalogue.models import Country
from liaison.catalogue.selectors import convention_list
from liaison.core.loading import DataFileError

FOLDER = "party_memberships_manyenviron"
IEADB_FILE = "parties_ieadb/biodiversity_mea_memberships.csv"
IEADB_COLUMNS = {"country", "mitch_id", "treaty_acronym", "csig", "crat", "ceif3"}
HUGGO, ECOLEX, IEADB = "HUGGO_MEM", "ECOLEX_MEM", "IEADB"
SNAPSHOTS = {
    HUGGO: "manyenviron 0.4.0 (2024-03), status about 2020-2023",
    ECOLEX: "manyenviron 0.4.0 (2024-03), status about 2020-2023",
    IEADB: "IEADB via manyenviron (2021-07), status about 2020-2021",
}

# acronym -> (file in huggo_mem/, file in ecolex_mem/); None where that table lacks the treaty
MANYENVIRON_FILES: dict[str, tuple[str | None, str | None]] = {
    "CBD": ("cbd.csv", "cbd.csv"),
    "CITES": ("cites.csv", "cites.csv"),
    "CMS": ("cms.csv", "cms.csv"),
    "Ramsar": ("ramsar.csv", "ramsar.csv"),
    "WHC": ("world_heritage_convention.csv", "world_heritage_convention.csv"),
    "ICRW": ("icrw_iwc.csv", "icrw_iwc.csv"),
    "ITPGRFA": ("itpgrfa.csv", "itpgrfa.csv"),
    "AEWA": ("aewa.csv", "aewa.csv"),
    "EUROBATS": ("eurobats.csv", "eurobats.csv"),
    "ASCOBANS": ("ascobans.csv", "ascobans.csv"),
    "ACAP": ("acap.csv", "acap.csv"),
    "Nagoya": ("nagoya_protocol.csv", "nagoya_protocol.csv"),
    "Cartagena": (None, "cartagena_protocol.csv"),
}

# each date of a state, and the columns giving it in each table, the first non-empty one winning
# (ASCOBANS has no StateForce in HUGGO_MEM: its entry-into-force dates are only in stateForce_ecolex / _iea)
COLUMNS = {
    HUGGO: {"signature": ("StateSignature",), "ratification": ("StateRatification", "Accession"),
            "entry_into_force": ("StateForce", "stateForce_ecolex", "stateForce_iea"), "end": ("StateEnd",)},
    ECOLEX: {"signature": ("stateSignature",), "ratification": ("Rat",), "entry_into_force": ("Force",),
             "end": ("End",)},
}
EU_CODES = {"EUE", "EUU"}
# 9999-12-31 means "open / unknown" in manyenviron (IEADB uses 2899-01-01): never a date
LATEST_REAL_YEAR = 2100
EARLIEST_REAL_YEAR = 1900  # every convention here is younger; earlier years are typos (ECOLEX CBD GIN: 1192)


@dataclass(frozen=True)
class StateDates:
    """One state's dates for one convention, from the row chosen for it."""

    code: str
    signature: dt.date | None = None
    ratification: dt.date | None = None
    entry_into_force: dt.date | None = None
    end: dt.date | None = None
    line: int = 0

    @property
    def is_party(self) -> bool:
        return (self.ratification is not None or self.entry_into_force is not None) and self.end is None

    @property
    def is_withdrawn(self) -> bool:
        return self.end is not None


@dataclass
class SourceReading:
    """One table's reading of one convention: a row per state, and what had to be resolved to get there."""

    table: str
    file: str
    rows: int = 0
    states: dict[str, StateDates] = field(default_factory=dict)
    duplicates_resolved: int = 0
    sentinel_dates: int = 0
    bad_dates: int = 0
    bad_rows: list[str] = field(default_factory=list)
    skipped_codes: dict[str, str] = field(default_factory=dict)  # code or name as written -> reason
    names: dict[str, str] = field(default_factory=dict)  # IEADB: iso3 -> name as written

    def parties(self) -> set[str]:
        return {code for code, s in self.states.items() if s.is_party}

    def withdrawn(self) -> set[str]:
        return {code for code, s in self.states.items() if s.is_withdrawn and not s.is_party}


@dataclass
class ConventionMemberships:
    """A convention's party data: the reading used (None: no party data on hand) and the others, to compare."""

    acronym: str
    used: SourceReading | None
    others: list[SourceReading]

    def disagreements(self) -> dict[str, list[str]]:
        """Return, per other table, the states it sees as parties differently from the table used."""
        if self.used is None:
            return {}
        mine = self.used.parties()
        return {o.table: sorted(mine ^ o.parties()) for o in self.others}


def date_parse(value: str, *, path: Path | str, row: int, column: str) -> dt.date | None:
    """Return the ISO date in `value`, None when empty; raise DataFileError when malformed."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataFileError(path, row, f"column {column!r}: {value!r} is not a date (YYYY-MM-DD)") from None


def country_resolver_build(data_dir: Path) -> Callable[[str], tuple[str | None, str]]:
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


def csv_rows(path: Path) -> list[dict[str, str]]:
    """Return the rows of a CSV file; DataFileError when it cannot be read."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from None


def state_codes_read(data_dir: Path) -> dict[str, tuple[str, str]]:
    """Return stateID -> (kind of code, name) from state_codes.csv."""
    return {r["stateID"]: (r["code_kind"], r["pycountry_name"])
            for r in csv_rows(data_dir / FOLDER / "state_codes.csv")}


def row_choice_key(s: StateDates) -> tuple:
    """Order a state's rows: the one making a party, with a real entry into force, earliest, then file order."""
    far = dt.date.max
    return (not s.is_party, s.entry_into_force is None, s.entry_into_force or far, s.ratification is None,
            s.ratification or far, s.line)


def manyenviron_read(*, path: Path, relative: str, table: str, iso3s: set[str], eu_iso3: str | None,
                     codes: dict[str, tuple[str, str]]) -> SourceReading:
    """Read one HUGGO_MEM or ECOLEX_MEM file: a bad row is skipped and counted, never raised."""
    reading = SourceReading(table=table, file=relative)
    rows = csv_rows(path)
    columns = COLUMNS[table]
    needed = {"stateID"} | {c for cols in columns.values() for c in cols[:1]}
    if rows and not needed <= set(rows[0]):
        raise DataFileError(path, 1, f"missing columns: {sorted(needed - set(rows[0]))}")
    by_state: dict[str, list[StateDates]] = {}
    for line, row in enumerate(rows, start=2):
        reading.rows += 1
        dates, sentinels, problem = {}, 0, ""
        for name, cols in columns.items():
            dates[name] = None
            for position, col in enumerate(cols):
                text = (row.get(col) or "").strip()
                if not text:
                    continue
                try:
                    value = dt.date.fromisoformat(text)
                except ValueError:
                    value = None
                if value is not None and value.year > LATEST_REAL_YEAR:
                    sentinels += 1
                    continue
                if value is None or value.year < EARLIEST_REAL_YEAR:
                    # bad text in a stand-in column (stateForce_ecolex...) is passed over, in a main one it
                    # makes the whole row unreadable
                    reading.bad_dates += 1
                    if position == 0:
                        problem = f"row {line}: {col} {text[:24]!r} is not a date"
                        break
                    continue
                dates[name] = value
                break
            if problem:
                break
        if problem:
            reading.bad_rows.append(problem)
            continue
        reading.sentinel_dates += sentinels
        if not any(dates.values()):
            continue  # no act at all: not a member
        code = (row.get("stateID") or "").strip()
        if code in EU_CODES and eu_iso3:
            code = eu_iso3
        if code not in iso3s:
            kind, name = codes.get(code, ("not in state_codes.csv", ""))
            reading.skipped_codes[code] = f"{code}: {kind}{f' ({name})' if name else ''}; not a Liaison country"
            continue
        by_state.setdefault(code, []).append(StateDates(code=code, line=line, **dates))
    for code, candidates in by_state.items():
        reading.duplicates_resolved += len(candidates) - 1
        reading.states[code] = min(candidates, key=row_choice_key)
    return reading


def ieadb_read(*, data_dir: Path, ieadb_ids: dict[str, str]) -> dict[str, SourceReading]:
    """Read the IEADB file for the conventions of `ieadb_ids` (acronym -> IEADB id); strict: a bad row raises."""
    path = data_dir / IEADB_FILE
    rows = csv_rows(path)
    if rows and not IEADB_COLUMNS <= set(rows[0]):
        raise DataFileError(path, 1, f"missing columns: {sorted(IEADB_COLUMNS - set(rows[0]))}")
    resolve = country_resolver_build(data_dir)
    by_id = {v: k for k, v in ieadb_ids.items() if v}
    readings = {acronym: SourceReading(table=IEADB, file=IEADB_FILE) for acronym in by_id.values()}
    for line, row in enumerate(rows, start=2):
        acronym = by_id.get(row["mitch_id"].strip())
        if acronym is None:
            raise DataFileError(path, line, f"unknown IEADB agreement id {row['mitch_id']!r}")
        reading = readings[acronym]
        reading.rows += 1
        dates = {
            "signature": date_parse(row["csig"], path=path, row=line, column="csig"),
            "ratification": date_parse(row["crat"], path=path, row=line, column="crat"),
            "entry_into_force": date_parse(row["ceif3"], path=path, row=line, column="ceif3"),
        }
        if not any(dates.values()):
            continue  # IEADB lists potential members too; no date means not a member
        name = row["country"].strip()
        iso3, reason = resolve(name)
        if iso3 is None:
            reading.skipped_codes[name] = reason
            continue
        first_name = reading.names.setdefault(iso3, name)
        if first_name != name:
            reading.skipped_codes[name] = f"maps to {iso3} like {first_name!r}, which already has a row for this convention"
            continue
        reading.states[iso3] = StateDates(code=iso3, line=line, **dates)
    return readings


def memberships_read(*, data_dir: Path, ieadb_ids: dict[str, str], iso3s: set[str],
                     eu_iso3: str | None = None) -> dict[str, ConventionMemberships]:
    """Return, for every convention of `ieadb_ids` (acronym -> IEADB id or ""), the party data used and the rest.

    Order: HUGGO_MEM, then ECOLEX_MEM, then the IEADB file; the first table holding the convention is used.
    """
    codes = state_codes_read(data_dir)
    ieadb = ieadb_read(data_dir=data_dir, ieadb_ids=ieadb_ids)
    result = {}
    for acronym in ieadb_ids:
        readings = []
        for table, name in zip((HUGGO, ECOLEX), MANYENVIRON_FILES.get(acronym, (None, None)), strict=True):
            if name:
                relative = f"{FOLDER}/{'huggo_mem' if table == HUGGO else 'ecolex_mem'}/{name}"
                readings.append(manyenviron_read(path=data_dir / relative, relative=relative, table=table,
                                                 iso3s=iso3s, eu_iso3=eu_iso3, codes=codes))
        if acronym in ieadb and ieadb[acronym].rows:
            readings.append(ieadb[acronym])
        used = next((r for r in readings if r.states), None)
        result[acronym] = ConventionMemberships(acronym=acronym, used=used,
                                                others=[r for r in readings if r is not used])
    return result


def files_signature(data_dir: Path) -> tuple:
    """Return the modification times of every file memberships_read reads (a cache key)."""
    paths = sorted((data_dir / FOLDER).rglob("*.csv")) + [data_dir / IEADB_FILE]
    return tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.exists())


@functools.lru_cache(maxsize=4)
def memberships_read_cached(data_dir: Path, ieadb_ids: tuple, iso3s: frozenset, eu_iso3: str | None,
                            signature: tuple) -> dict[str, ConventionMemberships]:
    """memberships_read, kept while the files are unchanged (`signature`): the About page reads it per request."""
    return memberships_read(data_dir=data_dir, ieadb_ids=dict(ieadb_ids), iso3s=set(iso3s), eu_iso3=eu_iso3)


def membership_sources_list(*, data_dir: Path | None = None) -> list[dict]:
    """Return, per convention, its parties as stored, the source they come from and the conflicts found there."""
    root = Path(data_dir or settings.DATA_DIR)
    conventions = list(convention_list().order_by("acronym"))
    countries = dict(Country.objects.values_list("iso3", "iso2"))
    eu_iso3 = next((iso3 for iso3, iso2 in countries.items() if iso2 == "EU"), None)
    ids = tuple((c.acronym, c.ieadb_id) for c in conventions)
    readings = memberships_read_cached(root, ids, frozenset(countries), eu_iso3, files_signature(root))
    rows = []
    for convention in conventions:
        found = readings[convention.acronym]
        used = found.used
        rows.append({
            "convention": convention,
            "parties": convention.parties_count,
            "source": (used.table if used.table == IEADB else f"manyenviron {used.table}") if used else "",
            "file": used.file if used else "",
            "snapshot": SNAPSHOTS[used.table] if used else "",
            "duplicates": used.duplicates_resolved if used else 0,
            "sentinels": used.sentinel_dates if used else 0,
            "skipped": sorted(used.skipped_codes) if used else [],
            "bad": used.bad_dates if used else 0,
            "bad_rows": used.bad_rows if used else [],
            "withdrawn": sorted(used.withdrawn()) if used else [],
            "disagreements": found.disagreements(),
        })
    return rows
