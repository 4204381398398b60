"""Readers of the MEA indicator lists in data/ipbes_mea_indicators/ (IPBES_Data_Indicators' `meas/` tables):
the indicators of the CMS, CITES, Ramsar, GBF, SDG and UNCCD frameworks with their harmonised names, and the
IPBES categories of those names (meas_indic_classified_gbf.csv).

Each row becomes a Listing: which framework, which goal or target the table puts it under, its own text and
its harmonised name. `frameworks_merge` finds, for every listing, the framework's indicator it is (by code for
the SDG and CITES, whose ids carry the indicator number; else by its text) and adds to the framework record the
listed indicators it does not have (the GBF's list from gbf-indicators.org is longer than decision 15/5's).
The UNCCD 2018-2030 Strategic Framework is read here too, only as far as its list gives it: strategic
objectives (goals) and their indicators.

Known errors of the tables and how they are read (see the folder's PROVENANCE.md):
- the literal "NA" marks a missing value; it is read as empty;
- CITES and GBF cells end in a stray carriage return; whitespace is folded;
- GBF types are spelled "Headline", "Binary", "component", "complementary"; they are lower-cased;
- three UNCCD rows say "SDG17" instead of their strategic objective; their id (UNCCD_SO5...) gives it;
- the classification's ids are another scheme (GBF_H_GA_1 for the list's GBF_GA_H_1, SPMS_ for CMS_), and
  its CITES and Ramsar rows are those of the earlier plans: it is joined on the harmonised name (ignoring a
  leading "the" and punctuation), else on the original text; rows that meet no listed indicator are counted;
- a row whose id, name or parent cannot be read is not loaded and is reported with its file and row number.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from liaison.engine.frameworks.records import Framework, Goal, Indicator, Target, text_clean

FOLDER = "ipbes_mea_indicators"
UNCCD_CODE = "UNCCD-SF-2018-2030"
# The list of each MEA as the tables name it: (MEA, file, Liaison framework code), in the matrix's order.
LISTS = (
    ("CMS", "meas/CMS/cms_indic_harm.csv", "CMS-SPMS-2015-2023"),
    ("CITES", "meas/CITES/cites_indicators.csv", "CITES-SV-2021-2030"),
    ("RAMSAR", "meas/RAMSAR/ramsar_indic_harm.csv", "RAMSAR-SP4-2016-2024"),
    ("GBF", "meas/GBF/gbf_indic_harm.csv", "GBF"),
    ("SDG", "meas/SDG/sdg_indic_harm.csv", "SDG"),
    ("UNCCD", "meas/UNCCD/unccd_indic_harm.csv", UNCCD_CODE),
)
MEAS = tuple(mea for mea, _file, _code in LISTS)
FRAMEWORK_OF = {mea: code for mea, _file, code in LISTS}
CLASSIFIED = "meas_indic_classified_gbf.csv"
SIMILAR_AT = 0.9  # difflib ratio from which two texts of one framework are the same indicator reworded

_NORM = re.compile(r"[^a-z0-9]+")


@dataclass
class Listing:
    """One row of an MEA's indicator list: where the table puts it, its text and its harmonised name."""

    mea: str
    ipbes_id: str
    framework: str
    parent_kind: str  # "goal" or "target"
    parent_code: str
    text: str
    harmonised: str
    type: str = ""
    note: str = ""  # "for future development", or what the table says instead of the parent ("SDG17")
    where: str = ""  # "file, row N" (the header is row 1; a cell may hold line breaks)
    indicator_code: str = ""  # the framework's indicator it is (set by frameworks_merge)
    match: str = ""  # code, text, prefix, similar, added, repeat


@dataclass
class Classification:
    """The IPBES categories of one harmonised name, and whether IPBES assessments use it."""

    categories: list[tuple[str, str]]  # (category, subcategory), one or two
    in_ipbes: bool


@dataclass
class MeasReport:
    """What the read could not use: bad rows (not loaded) and classification rows meeting no listed indicator."""

    bad: list[str] = field(default_factory=list)
    classified_unmatched: list[str] = field(default_factory=list)


def value(cell: str | None) -> str:
    """Return a cell's text, whitespace folded; the tables' literal "NA" is no value."""
    text = text_clean(cell)
    return "" if text == "NA" else text


def name_key(text: str) -> str:
    """Return the key two spellings of one harmonised name share (case, punctuation, a leading "the")."""
    return _NORM.sub(" ", text.lower()).strip().removeprefix("the ")


def _rows(data_dir: str | Path, name: str) -> list[dict]:
    with (Path(data_dir) / FOLDER / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class _Bad(ValueError):
    """A row not in its table's shape."""


def _match(pattern: str, text: str) -> tuple[str, ...]:
    found = re.fullmatch(pattern, text)
    if found is None:
        raise _Bad(f"id {text!r} is not in the table's shape")
    return found.groups()


def _parent(mea: str, row: dict) -> tuple[str, str, str, str]:
    """Return (parent kind, parent code, own code or "", note) of a row, from its id and columns."""
    rid = value(row.get("indic_id"))
    if mea == "CMS":  # CMS_G<goal>.<target>_<n>; the SPMS numbers its targets 1..16 across goals
        (target,) = _match(r"CMS_G\d+\.(\d+)_\d+", rid)
        return "target", str(int(target)), "", value(row.get("note_indic"))
    if mea == "CITES":  # CITES_G<objective>.<n>_<seq>: the indicator's own number, e.g. 1.1.1
        objective, number = _match(r"CITES_G(\d+\.\d+)\.(\d+)_\d+", rid)
        return "target", objective, f"{objective}.{number}", ""
    if mea == "RAMSAR":  # RAMSAR_SG<goal>.<target>_<n> or RAMSAR_OG4.<target>_<n>
        (target,) = _match(r"RAMSAR_[SO]G\d+\.(\d+)_\d+", rid)
        return "target", str(int(target)), "", value(row.get("note_indic"))
    if mea == "GBF":  # the goal_target column: "Goal A" or "Target 3"
        kind, code = _match(r"(Goal|Target) ([A-D]|\d{1,2})", value(row.get("goal_target")))
        return kind.lower(), code if kind == "Goal" else str(int(code)), "", ""
    if mea == "SDG":  # SDG_G<goal>.<target>.<n>[.a|.b]_<seq>: parts a and b are one SDG indicator's
        target, number = _match(r"SDG_G(\d+\.[0-9a-z]+)\.(\d+)(?:\.[a-z])?_\d+", rid)
        return "target", target, f"{target}.{number}", ""
    (goal,) = _match(r"UNCCD_SO(\d)\.\d+_\d+", rid)  # UNCCD_SO<objective>.<n>_<seq>
    said = value(row.get("strategic_objective"))
    note = "" if said.startswith(f"Strategic objective {goal}") else said
    return "goal", f"SO{goal}", "", note


def listings_read(*, data_dir: str | Path, report: MeasReport | None = None) -> list[Listing]:
    """Return every readable row of the six lists; the others are named in `report.bad`, never dropped silently."""
    listings = []
    for mea, name, code in LISTS:
        for number, row in enumerate(_rows(data_dir, name), start=2):
            where = f"{name}, row {number}"  # the header is row 1
            rid = value(row.get("indic_id"))
            text = value(row.get("indicator_orig") or row.get("indicator_name"))
            harmonised = value(row.get("indicator_harmonized"))
            try:
                if not rid or not text or not harmonised:
                    raise _Bad("no id, text or harmonised name")
                kind, parent, own, note = _parent(mea, row)
            except _Bad as exc:
                if report is not None:
                    report.bad.append(f"{where} ({rid or 'no id'}): {exc}")
                continue
            listing = Listing(mea=mea, ipbes_id=rid, framework=code, parent_kind=kind, parent_code=parent,
                              text=text, harmonised=harmonised, type=value(row.get("indicator_type")).lower(),
                              note=note, where=where, indicator_code=own)
            listings.append(listing)
    return listings


def classification_read(*, data_dir: str | Path, listings: list[Listing], report: MeasReport | None = None
                        ) -> dict[str, Classification]:
    """Return {harmonised name: Classification} for the listed names the classification table covers."""
    names = {name_key(item.harmonised): item.harmonised for item in listings}
    by_text = {name_key(item.text): item.harmonised for item in listings}
    classified: dict[str, Classification] = {}
    for number, row in enumerate(_rows(data_dir, CLASSIFIED), start=2):
        pairs = [(value(row.get(c)), value(row.get(s))) for c, s in
                 (("Categories", "Subcategories"), ("Categories_2", "Subcategories_2"))]
        pairs = [(c, s) for c, s in pairs if c]
        harmonised = (names.get(name_key(value(row.get("indicators_harmonized"))))
                      or by_text.get(name_key(value(row.get("indicators_orig")))))
        if harmonised is None:
            if report is not None:
                report.classified_unmatched.append(f"{CLASSIFIED}, row {number} ({value(row.get('indic_id'))})")
            continue
        if pairs and harmonised not in classified:
            classified[harmonised] = Classification(categories=pairs, in_ipbes=value(row.get("ipbes")) == "1")
    return classified


def unccd_read(*, data_dir: str | Path) -> Framework:
    """Return the UNCCD 2018-2030 Strategic Framework as its indicator list gives it: objectives and indicators."""
    goals: dict[str, Goal] = {}
    for row in _rows(data_dir, LISTS[-1][1]):
        said = value(row.get("strategic_objective"))
        found = re.fullmatch(r"UNCCD_SO(\d)\.\d+_\d+", value(row.get("indic_id")))
        text = re.match(r"Strategic objective (\d): (.*)", said)
        if found and text and text[1] == found[1] and f"SO{found[1]}" not in goals:
            goals[f"SO{found[1]}"] = Goal(code=f"SO{found[1]}", title={}, text={"en": text[2]})
    return Framework(code=UNCCD_CODE, name="UNCCD 2018-2030 Strategic Framework", kind="mea_strategic_plan",
                     goals=sorted(goals.values(), key=lambda g: g.code), languages=["en"],
                     source=f"data/{FOLDER}/{LISTS[-1][1]} (strategic objectives and indicators)")


def _similar(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILAR_AT and matcher.quick_ratio() >= SIMILAR_AT \
        and matcher.ratio() >= SIMILAR_AT


def _find(listing: Listing, by_code: dict, texts: list[tuple[str, str, set[str]]]) -> tuple[str, str]:
    """Return (indicator code, how) of the framework's indicator a listing is, or ("", "").

    `texts` holds (code, name_key of its text, its words) for each indicator of the framework."""
    if listing.indicator_code in by_code:
        return listing.indicator_code, "code"
    key = name_key(listing.text)
    for code, text, _words in texts:
        if text == key:
            return code, "text"
    for code, text, _words in texts:
        if text[:40] == key[:40] and len(text) >= 40:
            shared = len(os.path.commonprefix([key, text]))
            if shared >= 0.8 * min(len(key), len(text)):
                return code, "prefix"  # Ramsar: the plan's cell split a list the table keeps whole
    words = set(key.split())
    for code, text, other in texts:
        # Shared words first: difflib runs only on the few texts that may be close.
        if len(words & other) >= 0.5 * len(words | other) and _similar(key, text):
            return code, "similar"
    return "", ""


def frameworks_merge(frameworks: list[Framework], listings: list[Listing], report: MeasReport | None = None
                     ) -> list[Listing]:
    """Set each listing's indicator (adding to its framework record the listed indicators it lacks) and return
    the listings whose framework and parent exist; the others are named in `report.bad`."""
    records = {framework.code: framework for framework in frameworks}
    kept = []
    for code in dict.fromkeys(item.framework for item in listings):
        framework = records.get(code)
        mine = [item for item in listings if item.framework == code]
        if framework is None:
            if report is not None:
                report.bad.extend(f"{item.where} ({item.ipbes_id}): no framework {code}" for item in mine)
            continue
        parents: dict[tuple[str, str], Goal | Target] = {("goal", g.code): g for g in framework.goals}
        parents |= {("target", t.code): t for t in framework.targets()}
        by_code = {indicator.code: indicator for _parent, indicator in framework.indicators()}
        texts = [(i.code, key, set(key.split())) for _parent, i in framework.indicators()
                 for key in (name_key(i.text.get("en", "")),)]
        seen: dict[str, tuple[str, str]] = {}  # text key -> (indicator code, how) of its first listing
        for item in mine:
            parent = parents.get((item.parent_kind, item.parent_code))
            if parent is None:
                if report is not None:
                    report.bad.append(f"{item.where} ({item.ipbes_id}): {code} has no {item.parent_kind} "
                                      f"{item.parent_code}")
                continue
            key = name_key(item.text)
            if key in seen and item.indicator_code not in by_code:
                found, how = seen[key][0], "repeat"  # the GBF lists one indicator under several goals and targets
            else:
                found, how = _find(item, by_code, texts)
            if not found:
                found, how = item.ipbes_id, "added"
                parent.indicators.append(Indicator(code=found, text={"en": item.text}, type=item.type or None))
                by_code[found] = parent.indicators[-1]
            seen.setdefault(key, (found, how))
            item.indicator_code, item.match = found, how
            kept.append(item)
    return kept
