"""Readers of the IPBES tables in data/ipbes_mea_gbf_mappings/: the official texts of the CMS SPMS 2015-2023,
the CITES Strategic Vision 2021-2030 and the 4th Ramsar Strategic Plan, and their mappings to the GBF targets.

The tables are IPBES_Data_Indicators' (IPBES technical support unit on data, 2025). Their goal, target and
indicator texts are copied from the conventions' documents; their mappings to the GBF are the IPBES
authors' judgement, not an official crosswalk, except Ramsar's, which the table takes from Annex 2 of the
plan's 2022 update, and SPMS -> Aichi, the plan's own correspondence (see the folder's PROVENANCE.md).

Quirks handled here: trailing source/footnote rows (kept only rows whose `id` has the framework's prefix),
target-code cells separated by "; ", ";" or "," (`T20; T21;T22`), and PDF artefacts (footnote digits glued
to words: "communities7", "planning18", "Sites19").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from liaison.engine.frameworks.records import Framework, Goal, Indicator, Target, text_clean

FOLDER = "ipbes_mea_gbf_mappings"
SPMS_CODE = "CMS-SPMS-2015-2023"
CITES_CODE = "CITES-SV-2021-2030"
RAMSAR_CODE = "RAMSAR-SP4-2016-2024"

# The link sources, as shown on every link (Link.source holds 120 characters).
SOURCE_IPBES = "IPBES IPBES_Data_Indicators mapping (authors' judgement, not an official crosswalk)"
SOURCE_RAMSAR = (
    "Ramsar Strategic Plan 2022 update, Annex 2 (official), as tabled by IPBES IPBES_Data_Indicators"
)
SOURCE_SPMS_AICHI = (
    "CMS SPMS 2015-2023 (Res. 11.2) Aichi correspondence, as tabled by IPBES IPBES_Data_Indicators"
)
SOURCES = (SOURCE_IPBES, SOURCE_RAMSAR, SOURCE_SPMS_AICHI)

# Footnote markers the PDF copy glued to words: (wrong, right), applied to every text read.
ARTEFACTS = (("communities7", "communities"), ("planning18", "planning"), ("Sites19", "Sites"))

_CODES_SPLIT = re.compile(r"[;,]")
_TARGET_CODE = re.compile(r"^T(\d{1,2})$")
_INDICATORS_SPLIT = re.compile(r";\s+|\n")
_INDICATOR_NUMBERED = re.compile(r"^Indicator\s+(\d+\.\d+\.\d+)\s*:\s*(.*)$", re.S)
_FUTURE = "for future development"


@dataclass
class ReadReport:
    """What a read skipped: non-data rows (source notes, footnotes, blanks) and unreadable target codes."""

    rows_skipped: int = 0
    codes_skipped: list[str] = field(default_factory=list)  # "file id column: token"


def artefacts_fix(text: str) -> str:
    """Return `text` with the known PDF artefacts (footnote digits glued to words) removed."""
    for wrong, right in ARTEFACTS:
        text = text.replace(wrong, right)
    return text


def _clean(text: str | None) -> str:
    return text_clean(artefacts_fix(text or ""))


def rows_read(data_dir: str | Path, name: str, prefix: str, report: ReadReport | None = None) -> list[dict]:
    """Return the data rows of one table (those whose `id` starts with `prefix`), counting the others."""
    path = Path(data_dir) / FOLDER / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [row for row in rows if (row.get("id") or "").startswith(prefix)]
    if report is not None:
        report.rows_skipped += len(rows) - len(kept)
    return kept


def codes_split(
    cell: str | None, *, highest: int, where: str = "", report: ReadReport | None = None
) -> list[str]:
    """Return the target numbers of a cell such as `T20; T21;T22` or `T7, T10` ("20", "21", "22").

    Any separator among ";" and "," is accepted; a token that is not T1..T<highest> is skipped and counted.
    """
    codes = []
    for token in _CODES_SPLIT.split(cell or ""):
        token = token.strip()
        if not token:
            continue
        match = _TARGET_CODE.match(token)
        if match and 1 <= int(match[1]) <= highest:
            code = str(int(match[1]))
            if code not in codes:
                codes.append(code)
        elif report is not None:
            report.codes_skipped.append(f"{where}: {token!r}")
    return codes


def _indicators_split(cell: str | None, prefix: str) -> list[Indicator]:
    """Return the indicators of a "; "- or newline-separated cell; `{...}` ones are for future development."""
    indicators: list[Indicator] = []
    for part in _INDICATORS_SPLIT.split(cell or ""):
        text = _clean(part).rstrip(";").strip()
        if not text:
            continue
        future = text.startswith("{") and text.endswith("}")
        text = text[1:-1].strip() if future else text
        indicators.append(
            Indicator(
                code=f"{prefix}.{len(indicators) + 1}", text={"en": text}, type=_FUTURE if future else None
            )
        )
    return indicators


class RowUnreadable(ValueError):
    """A data row whose id or text is not in the table's shape: skipped and counted, never a crash."""


def _groups(pattern: str, text: str | None) -> tuple[str, ...]:
    """Return the groups of `pattern` matched at the start of `text`; raise RowUnreadable when it does not match."""
    match = re.match(pattern, text or "", re.S)
    if match is None:
        raise RowUnreadable(f"{pattern!r} does not match {str(text)[:60]!r}")
    return match.groups()


def _skipped(report: ReadReport | None) -> None:
    if report is not None:
        report.rows_skipped += 1


def _goal_for(goals: dict[str, Goal], code: str, text: str, title: str = "") -> Goal:
    if code not in goals:
        goals[code] = Goal(code=code, title={"en": title} if title else {}, text={"en": text})
    return goals[code]


def spms_read(*, data_dir: str | Path, report: ReadReport | None = None) -> Framework:
    """Return the official text of the Strategic Plan for Migratory Species 2015-2023: 5 goals, 16 targets
    (each followed by its note, as printed under it in the plan) and the indicative indicators of Annex B."""
    goals: dict[str, Goal] = {}
    for row in rows_read(data_dir, "meas_goals_gbf_cms.csv", "CMS_", report):
        try:
            goal_code, number = _groups(r"CMS_G(\d+)_T(\d+)", row["id"])
        except RowUnreadable:
            _skipped(report)
            continue
        goal_text = re.sub(r"^Goal\s+\d+\s*:\s*", "", _clean(row["goal"]))
        goal = _goal_for(goals, goal_code, goal_text)
        code = str(int(number))
        text = re.sub(r"^Target\s+\d+\s*:\s*", "", _clean(row["target"]))
        note = _clean(row["notes"])
        if note:
            note = note if note.startswith("Note:") else f"Note: {note}"
            text = f"{text} {note}"
        target = Target(code=code, title={}, text={"en": text}, identifier=f"SPMS-T{int(code):02d}")
        target.indicators = _indicators_split(row["indicators"], code)
        goal.targets.append(target)
    return Framework(
        code=SPMS_CODE,
        name="Strategic Plan for Migratory Species 2015-2023",
        kind="mea_strategic_plan",
        goals=list(goals.values()),
        languages=["en"],
        is_summary=False,
        source=f"data/{FOLDER}/meas_goals_gbf_cms.csv (official text of CMS Resolution 11.2)",
    )


def cites_read(*, data_dir: str | Path, report: ReadReport | None = None) -> Framework:
    """Return the CITES Strategic Vision 2021-2030 (Res. Conf. 18.3): 5 goals, 25 objectives, their indicators."""
    goals: dict[str, Goal] = {}
    for row in rows_read(data_dir, "meas_goals_gbf_cites.csv", "CITES_", report):
        try:
            (goal_code,) = _groups(r"CITES_G(\d+)_O\d+", row["id"])
            code, text = _groups(r"^Objective\s+(\d+\.\d+)\s*(.*)$", _clean(row["objective"]))
        except RowUnreadable:
            _skipped(report)
            continue
        goal = _goal_for(goals, goal_code, re.sub(r"^GOAL\s+\d+\s*", "", _clean(row["goal"])))
        target = Target(code=code, title={}, text={"en": text})
        for line in (row["indicators_id"] or "").split("\n"):
            numbered = _INDICATOR_NUMBERED.match(_clean(line))
            if numbered:
                target.indicators.append(Indicator(code=numbered[1], text={"en": numbered[2]}))
        goal.targets.append(target)
    return Framework(
        code=CITES_CODE,
        name="CITES Strategic Vision 2021-2030",
        kind="mea_strategic_plan",
        goals=list(goals.values()),
        languages=["en"],
        source=f"data/{FOLDER}/meas_goals_gbf_cites.csv (Res. Conf. 18.3 and its indicators)",
    )


def ramsar_read(*, data_dir: str | Path, report: ReadReport | None = None) -> Framework:
    """Return the 4th Ramsar Strategic Plan 2016-2024 (Res. XII.2, 2022 update): 4 goals, 19 targets, indicators."""
    goals: dict[str, Goal] = {}
    for row in rows_read(data_dir, "meas_goals_gbf_ramsar.csv", "RAMSAR_", report):
        try:
            goal_code, number = _groups(r"RAMSAR_[SO]_G(\d+)_T(\d+)", row["id"])
        except RowUnreadable:
            _skipped(report)
            continue
        goal_text = re.sub(r"^Goal\s+\d+\s*:\s*", "", _clean(row["goal"]))
        kind = _clean(row["goal_type"]).removesuffix("s")  # "Strategic Goals" -> "Strategic Goal"
        goal = _goal_for(goals, goal_code, goal_text, title=kind)
        code = str(int(number))
        target = Target(code=code, title={}, text={"en": _clean(row["target"])})
        target.indicators = _indicators_split(row["indicators"], code)
        goal.targets.append(target)
    return Framework(
        code=RAMSAR_CODE,
        name="The Fourth Ramsar Strategic Plan 2016-2024",
        kind="mea_strategic_plan",
        goals=list(goals.values()),
        languages=["en"],
        source=f"data/{FOLDER}/meas_goals_gbf_ramsar.csv (Res. XII.2, 2022 update)",
    )


# (table, id prefix, framework code, how a row's id gives its target code)
_TABLES = (
    ("meas_goals_gbf_cms.csv", "CMS_", SPMS_CODE, lambda rid: str(int(rid.rsplit("_T", 1)[1]))),
    (
        "meas_goals_gbf_cites.csv",
        "CITES_",
        CITES_CODE,
        lambda rid: "{}.{}".format(*_groups(r"CITES_G(\d+)_O(\d+)", rid)),
    ),
    ("meas_goals_gbf_ramsar.csv", "RAMSAR_", RAMSAR_CODE, lambda rid: str(int(rid.rsplit("_T", 1)[1]))),
)


def links_read(*, data_dir: str | Path, report: ReadReport | None = None) -> list[dict]:
    """Return the mappings of the three plans to the GBF targets, and SPMS -> Aichi, as link dicts
    {source_kind, source_framework, source_code, target_framework, target_kind, target_code, relation,
    evidence, source, why}; `source` names who made the mapping (SOURCES)."""
    links = []
    for name, prefix, framework, code_of in _TABLES:
        for row in rows_read(data_dir, name, prefix, report):
            try:
                source_code = code_of(row["id"])
            except ValueError:  # an id not in the table's shape (RowUnreadable is one)
                _skipped(report)
                continue
            columns = [("GBF_goals_targets", "GBF", 23)]
            if framework == SPMS_CODE:
                columns.append(("aichi", "AICHI", 20))
            for column, against, highest in columns:
                cell = row.get(column) or ""
                for code in codes_split(
                    cell, highest=highest, where=f"{name} {row['id']} {column}", report=report
                ):
                    if against == "AICHI":
                        source = SOURCE_SPMS_AICHI
                        why = (
                            "The plan's own correspondence of its targets to the Aichi targets, as tabled by "
                            "IPBES_Data_Indicators"
                        )
                    elif framework == RAMSAR_CODE:
                        source = SOURCE_RAMSAR
                        why = (
                            "Annex 2 of the 4th Ramsar Strategic Plan (2022 update), 'Synergies between the "
                            "CBD Global Biodiversity Framework and the Ramsar Strategic Plan Targets', as tabled "
                            "by IPBES_Data_Indicators"
                        )
                    else:
                        source = SOURCE_IPBES
                        why = (
                            "Mapped by the authors of IPBES_Data_Indicators (IPBES technical support unit on "
                            "data, 2025): their judgement, not an official crosswalk"
                        )
                    links.append(
                        {
                            "source_kind": "target",
                            "source_framework": framework,
                            "source_code": source_code,
                            "target_framework": against,
                            "target_kind": "target",
                            "target_code": code,
                            "relation": "corresponds_to",
                            "evidence": f"{name} {row['id']} {column} {cell.strip()!r}",
                            "source": source,
                            "why": f"{why} ({name}, row {row['id']}, {column} {' '.join(cell.split())!r}).",
                        }
                    )
    return links


@lru_cache(maxsize=2)
def read_report(data_dir: str) -> ReadReport:
    """Return what reading the three tables and their links skips (non-data rows, bad target codes)."""
    report = ReadReport()
    for reader in (spms_read, cites_read, ramsar_read):
        reader(data_dir=data_dir, report=report)
    skipped_rows = report.rows_skipped
    links_read(data_dir=data_dir, report=report)
    report.rows_skipped = skipped_rows  # the link pass reads the same rows again
    return report
