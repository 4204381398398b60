"""Readers of the framework data shipped in data/: SDG, Aichi, GBF, EU 2020, Belgian NBSAP, (in ipbes.py)
the official texts of the CMS SPMS 2015-2023, the CITES Strategic Vision and the 4th Ramsar Strategic Plan,
and (in meas.py) the UNCCD framework and the MEA indicator lists, whose indicators complete the others'.

Every reader takes `data_dir`, the folder that holds the shipped data (data/ in the repository;
the web app passes settings.DATA_DIR), so an installed engine reads whatever copy it is given.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from liaison.engine.frameworks import ipbes, meas
from liaison.engine.frameworks.records import Framework, Goal, Indicator, Target, text_clean, texts_clean

SDG_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-Hans")
_TAGS = re.compile(r"<[^>]+>")
_SDG_KEY = re.compile(r"^(?P<code>[0-9a-z]+(?:-[0-9a-z]+)*)-(?P<field>title|short)$")
_GBF_PREFIX = re.compile(r"^GBF-(?:G-[A-D]|T\d+)\.\s*")


def html_strip(markup: str | None) -> str:
    """Return the plain text of an HTML fragment (tags dropped, entities decoded, spaces folded)."""
    return text_clean(html.unescape(_TAGS.sub(" ", markup or "")))


def _json_read(data_dir: str | Path, relative: str):
    return json.loads((Path(data_dir) / relative).read_text(encoding="utf-8"))


def sdg_read(*, data_dir: str | Path) -> Framework:
    """Return the SDGs: 17 goals, 169 targets, the indicators under each target, in 6 languages."""
    keyed: dict[str, dict[str, dict[str, str]]] = {}  # dotted code -> field -> {lang: text}
    for lang in SDG_LANGUAGES:
        for name in ("global_goals.yml", "global_targets.yml", "global_indicators.yml"):
            data = yaml.safe_load((Path(data_dir) / "sdg_open_sdg" / lang / name).read_text(encoding="utf-8"))
            for key, value in data.items():
                match = _SDG_KEY.match(key)
                if match and value:
                    code = match["code"].replace("-", ".")
                    keyed.setdefault(code, {}).setdefault(match["field"], {})[lang] = str(value)

    def sort_key(code: str) -> tuple:
        return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))

    goals: dict[str, Goal] = {}
    targets: dict[str, Target] = {}
    for code in sorted(keyed, key=sort_key):
        fields = keyed[code]
        depth = code.count(".")
        if depth == 0:
            goals[code] = Goal(
                code=code, title=texts_clean(fields.get("short")), text=texts_clean(fields.get("title"))
            )
        elif depth == 1:
            targets[code] = Target(code=code, title={}, text=texts_clean(fields.get("title")))
            goals[code.split(".")[0]].targets.append(targets[code])
        else:
            parent = code.rsplit(".", 1)[0]
            targets[parent].indicators.append(Indicator(code=code, text=texts_clean(fields.get("title"))))
    return Framework(
        code="SDG",
        name="Sustainable Development Goals (2030 Agenda)",
        kind="sdg",
        goals=list(goals.values()),
        languages=list(SDG_LANGUAGES),
        source="data/sdg_open_sdg",
    )


def indicator_type_infer(code: str) -> str:
    """Return the GBF indicator type its code implies: A.1 headline, 1.b binary, .CT. component, .CY. complementary."""
    if ".CT." in code:
        return "component"
    if ".CY." in code:
        return "complementary"
    if code.endswith(".b"):
        return "binary"
    return "headline"


def gbf_read(*, data_dir: str | Path) -> Framework:
    """Return the Kunming-Montreal GBF: 4 goals, 23 targets, 204 indicators attached by code."""
    goals = []
    for record in sorted(_json_read(data_dir, "cbd_targets/gbf_goals.json"), key=lambda r: r["identifier"]):
        goals.append(
            Goal(
                code=record["identifier"].rsplit("-", 1)[1],
                title={"en": _GBF_PREFIX.sub("", text_clean(record["title"]["en"]))},
                text={"en": text_clean(record["description"])},
                identifier=record["identifier"],
            )
        )
    targets = {}
    for record in sorted(_json_read(data_dir, "cbd_targets/gbf_targets.json"), key=lambda r: r["identifier"]):
        code = str(int(record["identifier"].rsplit("-", 1)[1]))
        targets[code] = Target(
            code=code,
            title={"en": _GBF_PREFIX.sub("", text_clean(record["title"]["en"]))},
            text={"en": text_clean(record["description"])},
            identifier=record["identifier"],
        )
    # GBF targets belong to no single goal in decision 15/4; they are kept under one section "targets".
    section = Goal(
        code="T", title={"en": "Targets for 2030"}, text={}, targets=list(targets.values()), kind="group"
    )
    goals_by_code = {goal.code: goal for goal in goals}
    for record in _json_read(data_dir, "cbd_reporting/gbf_monitoring_framework_indicators.json"):
        code = record["code"]
        text = text_clean(record["title"])
        text = text[len(code) :].strip() if text.startswith(code) else text
        indicator = Indicator(
            code=code, text={"en": text}, type=indicator_type_infer(code), identifier=record["identifier"]
        )
        parent = code.split(".")[0]
        owner = targets.get(parent) or goals_by_code[parent]
        owner.indicators.append(indicator)
    return Framework(
        code="GBF",
        name="Kunming-Montreal Global Biodiversity Framework",
        kind="mea_strategic_plan",
        goals=[*goals, section],
        languages=["en"],
        source="data/cbd_targets, data/cbd_reporting/gbf_monitoring_framework_indicators.json",
    )


def aichi_read(*, data_dir: str | Path) -> Framework:
    """Return the Strategic Plan 2011-2020: 5 goals, 20 Aichi targets (EN+FR), 97 indicators."""
    short_titles = {
        str(record["id"]): text_clean(record["title"]["en"])
        for record in _json_read(data_dir, "cbd_targets/aichi_targets_detailed.json")["targets"]
    }
    goals = {}
    for record in _json_read(data_dir, "aichi_nbsap_eaudeweb/aichi_goals.json"):
        code = record["short_title"]
        goals[code] = Goal(
            code=code, title=texts_clean(record["title"]), text=texts_clean(record["description"])
        )
    targets = {}
    for record in _json_read(data_dir, "aichi_nbsap_eaudeweb/aichi_targets.json"):
        code = record["id"]
        targets[code] = Target(
            code=code, title={"en": short_titles[code]}, text=texts_clean(record["description"])
        )
        goals[record["goal_id"]].targets.append(targets[code])
    for record in _json_read(data_dir, "aichi_nbsap_eaudeweb/aichi_indicators.json"):
        indicator = Indicator(code=record["id"], text={"en": text_clean(record["name"])}, type="operational")
        targets[record["relevant_target"]].indicators.append(indicator)
    return Framework(
        code="AICHI",
        name="Strategic Plan for Biodiversity 2011-2020 and the Aichi Biodiversity Targets",
        kind="mea_strategic_plan",
        goals=list(goals.values()),
        languages=["en", "fr"],
        source="data/aichi_nbsap_eaudeweb, data/cbd_targets/aichi_targets_detailed.json",
    )


def eu2020_read(*, data_dir: str | Path) -> Framework:
    """Return the EU Biodiversity Strategy to 2020: its 6 targets under one goal (actions are not kept)."""
    path = Path(data_dir) / "aichi_nbsap_eaudeweb/eu_biodiversity_strategy_2020_targets.mongoexport.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    targets = []
    for record in sorted(records, key=lambda r: int(r["id"])):
        title = texts_clean(record["title"])
        title = {lang: re.sub(r"^Target \d+:\s*", "", value) for lang, value in title.items()}
        body = {lang: value.replace("**", "") for lang, value in texts_clean(record["body"]).items()}
        targets.append(Target(code=str(record["id"]), title=title, text=body))
    goal = Goal(
        code="EU2020",
        title={"en": "Targets of the EU Biodiversity Strategy to 2020"},
        text={},
        targets=targets,
        kind="group",
    )
    return Framework(
        code="EU-BS-2020",
        name="EU Biodiversity Strategy to 2020",
        kind="regional_strategy",
        goals=[goal],
        languages=["en"],
        source="data/aichi_nbsap_eaudeweb/eu_biodiversity_strategy_2020_targets.mongoexport.jsonl",
    )


def belgium_read(*, data_dir: str | Path) -> Framework:
    """Return Belgium's National Biodiversity Strategy 2006-2016: objectives as goals, operational objectives as targets."""
    goals = []
    for record in _json_read(data_dir, "aichi_nbsap_eaudeweb/belgium_nbsap_objectives.json"):
        code = str(record["id"])
        title = {
            lang: re.sub(r"^\S+\s+\d+\s*:\s*", "", value)
            for lang, value in texts_clean(record["title"]).items()
        }
        goal = Goal(
            code=code, title=title, text={lang: html_strip(v) for lang, v in record["body"].items() if v}
        )
        for sub in record["subobjs"]:
            sub_title = texts_clean(sub["title"])
            sub_title = {
                lang: re.sub(r"^(?:OO\.)?\s*\d+\.\d+\s*", "", value) for lang, value in sub_title.items()
            }
            goal.targets.append(
                Target(
                    code=f"{code}.{sub['id']}",
                    title=sub_title,
                    text={lang: html_strip(v) for lang, v in sub["body"].items() if html_strip(v)},
                )
            )
        goals.append(goal)
    return Framework(
        code="BE-NBS-2006-2016",
        name="Belgium's National Biodiversity Strategy 2006-2016",
        kind="nbsap",
        goals=goals,
        languages=["en", "fr", "nl"],
        source="data/aichi_nbsap_eaudeweb/belgium_nbsap_objectives.json",
    )


def _spms_data(data_dir: str | Path) -> dict:
    return yaml.safe_load((Path(data_dir) / "cms_spms_2015_2023/spms_summary.yaml").read_text(encoding="utf-8"))


def spms_summary_read(*, data_dir: str | Path) -> Framework:
    """Return the team's summaries of the CMS Strategic Plan for Migratory Species 2015-2023 (5 goals, 16 targets).

    History only: the shipped SPMS is now its official text (ipbes.spms_read); the summaries stay in
    data/cms_spms_2015_2023/ and can be read back with this function.
    """
    data = _spms_data(data_dir)
    goals = []
    for record in data["goals"]:
        goal = Goal(
            code=record["id"].removeprefix("SPMS-G"), title={}, text={"en": text_clean(record["summary"])}
        )
        for target in record["targets"]:
            code = str(int(target["id"].removeprefix("SPMS-T")))
            goal.targets.append(
                Target(
                    code=code, title={}, text={"en": text_clean(target["summary"])}, identifier=target["id"]
                )
            )
        goals.append(goal)
    return Framework(
        code=data["framework"],
        name=data["title"],
        kind="mea_strategic_plan",
        goals=goals,
        languages=["en"],
        is_summary=data.get("status") == "summary",
        source="data/cms_spms_2015_2023/spms_summary.yaml",
    )


READERS: tuple[Callable[..., Framework], ...] = (
    sdg_read, gbf_read, aichi_read, ipbes.spms_read, eu2020_read, belgium_read, ipbes.cites_read, ipbes.ramsar_read,
    meas.unccd_read,
)


@dataclass(frozen=True)
class MeasBundled:
    """The MEA indicator lists as merged into the bundled frameworks, their classification and what was not used."""

    listings: tuple[meas.Listing, ...]
    classified: dict[str, meas.Classification]
    report: meas.MeasReport


@lru_cache(maxsize=2)
def _read_cached(data_dir: str) -> tuple[tuple[Framework, ...], MeasBundled]:
    frameworks = [reader(data_dir=Path(data_dir)) for reader in READERS]
    report = meas.MeasReport()
    # The MEA lists add to the records the indicators they list and the frameworks lack (meas.py).
    listings = meas.frameworks_merge(frameworks, meas.listings_read(data_dir=data_dir, report=report), report)
    classified = meas.classification_read(data_dir=data_dir, listings=listings, report=report)
    return tuple(frameworks), MeasBundled(tuple(listings), classified, report)


def _frameworks_cached(data_dir: str) -> tuple[Framework, ...]:
    return _read_cached(data_dir)[0]


def meas_bundled(*, data_dir: str | Path) -> MeasBundled:
    """Return the MEA indicator lists shipped in `data_dir`, each listing naming its framework's indicator."""
    return copy.deepcopy(_read_cached(str(Path(data_dir).resolve()))[1])


def frameworks_bundled(*, data_dir: str | Path) -> list[Framework]:
    """Return every framework shipped in `data_dir` (read once per process; each call gets its own copy)."""
    return copy.deepcopy(list(_frameworks_cached(str(Path(data_dir).resolve()))))


def links_bundled(*, data_dir: str | Path) -> list[dict]:
    """Return the links the data in `data_dir` states itself: indicator->target, SPMS->Aichi and the IPBES
    mappings of the SPMS, CITES and Ramsar plans to the GBF; a dict may carry `source` and `why` (who mapped)."""
    links = []
    frameworks = {framework.code: framework for framework in _frameworks_cached(str(Path(data_dir).resolve()))}
    for code in ("SDG", "GBF"):
        for parent, indicator in frameworks[code].indicators():
            links.append(
                {
                    "source_kind": "indicator",
                    "source_framework": code,
                    "source_code": indicator.code,
                    "target_framework": code,
                    "target_kind": "target" if isinstance(parent, Target) else "goal",
                    "target_code": parent.code,
                    "relation": "measures",
                    # An indicator the MEA lists added is coded by its IPBES id and sits where its list says.
                    "evidence": f"{meas.FOLDER} list row" if indicator.code.startswith(f"{code}_")
                    else "identifier" if code == "SDG" else "indicator code prefix",
                }
            )
    for record in _json_read(data_dir, "aichi_nbsap_eaudeweb/aichi_indicators.json"):
        # The compiled list names one most relevant target and, often, other relevant ones.
        relations = [(record["relevant_target"], "measures")]
        relations += [(str(other), "relevant_to") for other in record.get("other_targets") or ()]
        for target_code, relation in relations:
            if target_code == record["relevant_target"] and relation == "relevant_to":
                continue
            links.append(
                {
                    "source_kind": "indicator",
                    "source_framework": "AICHI",
                    "source_code": record["id"],
                    "target_framework": "AICHI",
                    "target_kind": "target",
                    "target_code": target_code,
                    "relation": relation,
                    "evidence": "aichi_indicators.json relevant_target / other_targets",
                }
            )
    # SPMS -> Aichi, and SPMS, CITES and Ramsar -> GBF, from the IPBES tables (each link names its source).
    links += ipbes.links_read(data_dir=data_dir)
    return links
