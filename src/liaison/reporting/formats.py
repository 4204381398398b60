"""The Liaison questionnaire format (docs/questionnaire-format.md) and readers of the CBD source formats.

Plain data in, plain data out: nothing here touches the database.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

FORMAT = "liaison-questionnaire/1"
KINDS = {"yesno", "yesnopartly", "single", "multiple", "number", "text", "date", "table", "file", "link", "header"}
CHOICE_KINDS = {"yesno", "yesnopartly", "single", "multiple"}
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:\-]{1,100}$")


class FormatError(ValueError):
    """A questionnaire file does not follow the format: `problems` lists every problem found, with where."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems[:10]) + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""))


def format_check(data) -> list[str]:
    """Return the problems of a questionnaire in the Liaison format (empty when it is valid)."""
    if not isinstance(data, dict):
        return ["the file must hold one JSON object"]
    problems = []
    if data.get("format") != FORMAT:
        problems.append(f'"format" must be "{FORMAT}"')
    for field in ("code", "convention", "title", "cycle"):
        if not isinstance(data.get(field), str) or not data.get(field).strip():
            problems.append(f'"{field}" is required (a non-empty string)')
    if isinstance(data.get("code"), str) and not re.match(r"^[a-z0-9-]{1,64}$", data["code"]):
        problems.append('"code" may hold only lower-case letters, digits and hyphens (at most 64)')
    if data.get("deadline") is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", str(data.get("deadline"))):
        problems.append('"deadline" must be a date YYYY-MM-DD')
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        problems.append('"sections" must be a non-empty list')
        return problems
    section_keys: set[str] = set()
    question_keys: set[str] = set()
    for i, section in enumerate(sections, start=1):
        section_check(section, f"sections[{i}]", section_keys, question_keys, problems)
    for where, question in questions_walk(sections):
        for j, rule in enumerate(question.get("show_if") or [], start=1):
            if not isinstance(rule, dict) or rule.get("question") not in question_keys:
                problems.append(f"{where}.show_if[{j}]: names no question of this questionnaire")
    return problems


def section_check(section, where: str, section_keys: set, question_keys: set, problems: list) -> None:
    if not isinstance(section, dict):
        problems.append(f"{where}: must be an object")
        return
    key = section.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.append(f"{where}: \"key\" is required (letters, digits, _ . : -)")
    elif key in section_keys:
        problems.append(f"{where}: section key {key!r} is used twice")
    else:
        section_keys.add(key)
    if not isinstance(section.get("title"), str) or not section["title"].strip():
        problems.append(f"{where}: \"title\" is required")
    for i, question in enumerate(section.get("questions") or [], start=1):
        question_check(question, f"{where}.questions[{i}]", question_keys, problems)
    for i, child in enumerate(section.get("sections") or [], start=1):
        section_check(child, f"{where}.sections[{i}]", section_keys, question_keys, problems)


def question_check(question, where: str, question_keys: set, problems: list) -> None:
    if not isinstance(question, dict):
        problems.append(f"{where}: must be an object")
        return
    key = question.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.append(f"{where}: \"key\" is required (letters, digits, _ . : -)")
    elif key in question_keys:
        problems.append(f"{where}: question key {key!r} is used twice")
    else:
        question_keys.add(key)
    kind = question.get("kind")
    if kind not in KINDS:
        problems.append(f"{where}: \"kind\" must be one of {', '.join(sorted(KINDS))} (not {kind!r})")
    if not isinstance(question.get("title"), str) or not question["title"].strip():
        problems.append(f"{where}: \"title\" is required")
    options = question.get("options") or []
    if kind in CHOICE_KINDS:
        if not isinstance(options, list) or not options:
            problems.append(f"{where}: a {kind} question needs \"options\"")
        elif not all(isinstance(o, dict) and isinstance(o.get("value"), str) for o in options):
            problems.append(f"{where}: every option needs a string \"value\"")
        elif len({o["value"] for o in options}) != len(options):
            problems.append(f"{where}: two options share a value")
    if kind == "table" and not all(isinstance(c, dict) and c.get("key") for c in question.get("columns") or []):
        problems.append(f"{where}: every table column needs a \"key\"")


def questions_walk(sections: list, where: str = "sections"):
    """Yield (where, question) for every question of nested sections, in order."""
    for i, section in enumerate(sections, start=1):
        if not isinstance(section, dict):
            continue
        here = f"{where}[{i}]"
        for j, question in enumerate(section.get("questions") or [], start=1):
            if isinstance(question, dict):
                yield f"{here}.questions[{j}]", question
        yield from questions_walk(section.get("sections") or [], f"{here}.sections")


def text_clean(text: str) -> str:
    """Return a title without markup or doubled spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text or "")).strip()


# --- the Biosafety / ABS clearing-house report-analyzer format (Cartagena 3rd/4th, Nagoya interim) ---

def absch_kind(question: dict) -> str:
    kind = question.get("type")
    values = [o.get("value") for o in question.get("options") or []]
    if kind in ("header", "legend"):
        return "header"
    if kind in ("text", "lstring"):
        return "text"
    if kind == "number":
        return "number"
    if question.get("multiple"):
        return "multiple"
    if sorted(values) == ["false", "true"]:
        return "yesno"
    if sorted(values) == ["false", "true", "true.some"]:
        return "yesnopartly"
    return "single"


def absch_question(question: dict, order: int) -> dict:
    out = {"key": question["key"], "number": question.get("number") or "", "kind": absch_kind(question),
           "title": text_clean(question.get("title") or question["key"]),
           "mandatory": bool(question.get("mandatory")), "show_if": []}
    if question.get("options"):
        out["options"] = [{"value": str(o["value"]), "label": text_clean(o.get("title") or str(o["value"]))}
                          for o in question["options"]]
    extra = {k: question[k] for k in ("additionalInfo", "subTitle", "shortTitle", "field", "type")
             if k in question}
    extra["source_type"] = extra.pop("type", question.get("type"))
    out["extra"] = extra
    if question.get("subTitle"):
        out["help"] = text_clean(question["subTitle"])
    return out


def questionnaire_from_absch(path: Path, *, code: str, convention: str, cycle: str, cycle_order: int,
                             deadline: str | None = None, previous: str | None = None) -> dict:
    """Return a questionnaire in the Liaison format read from a report-analyzer question file."""
    source = json.loads(Path(path).read_text(encoding="utf-8"))
    meta = source.get("_meta", {})
    sections, rules = [], []
    for section in source["sections"]:
        out = {"key": section["key"], "title": text_clean(section.get("title") or section["key"]),
               "questions": [], "sections": []}
        for question in section.get("questions") or []:
            rules.extend((question["key"], v) for v in question.get("validations") or [])
            if question.get("type") == "sub-section":
                child = {"key": question["key"], "number": question.get("number") or "",
                         "title": text_clean(question["title"]), "questions": [], "sections": []}
                for sub in question.get("questions") or []:
                    rules.extend((sub["key"], v) for v in sub.get("validations") or [])
                    child["questions"].append(absch_question(sub, len(child["questions"])))
                out["sections"].append(child)
            else:
                out["questions"].append(absch_question(question, len(out["questions"])))
        sections.append(out)
    by_key = {q["key"]: q for _, q in questions_walk(sections)}
    for source_key, rule in rules:
        target = by_key.get(rule.get("question"))
        if target is None:
            continue
        if rule.get("type") in ("@hasValues", "@hasValuesExcept"):
            target["show_if"].append({"question": source_key, "values": [str(v) for v in rule.get("values", [])],
                                      "negate": rule["type"] == "@hasValuesExcept"})
        else:  # named rules of the source application (e.g. "&is91Or92Or93"): kept, not evaluated
            target["extra"].setdefault("source_rules", []).append({"from": source_key, **rule})
    return {"format": FORMAT, "code": code, "convention": convention, "title": meta.get("title") or code,
            "cycle": cycle, "cycle_order": cycle_order, "deadline": deadline, "previous": previous,
            "languages": ["en"], "source": meta, "sections": sections}


# --- the CBD Online Reporting Tool binary-indicator questions (7th national report) ---

GOAL_WORDS = {"en": ("Goal", "Target"), "fr": ("Objectif", "Cible"), "es": ("Objetivo", "Meta")}


def ort_section_titles(target: str) -> dict:
    kind, _, ident = target.removeprefix("GBF-").partition("-")
    ident = ident.lstrip("0") or ident
    index = 0 if kind == "GOAL" else 1
    return {lang: f"{words[index]} {ident}" for lang, words in GOAL_WORDS.items()}


def questionnaire_from_ort(structure_path: Path, texts_dir: Path, *, code: str, convention: str, cycle: str,
                           cycle_order: int, deadline: str | None = None) -> dict:
    """Return the GBF binary-indicator questions in the Liaison format, with titles in every language on hand."""
    structure = json.loads(Path(structure_path).read_text(encoding="utf-8"))
    texts = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(texts_dir).glob("*.json"))}
    languages = ["en", *sorted(lang for lang in texts if lang != "en")]
    sections: dict[str, dict] = {}
    for record in sorted(structure, key=lambda r: r.get("sort_order", 0)):
        target = record["target"]
        titles = ort_section_titles(target)
        section = sections.setdefault(record["group_key"], {
            "key": record["group_key"], "title": f"{titles['en']} ({record['binary_indicator']})",
            "titles": {lang: t for lang, t in titles.items() if lang != "en"}, "questions": [],
            "extra": {"target": target, "binary_indicator": record["binary_indicator"]}})
        labels = {lang: texts[lang].get(record["question_text_key"]) for lang in languages}
        title = labels.get("en") or record["question_text_key"]
        values = [o["value"] for o in record.get("options") or []]
        kind = {"checkbox": "multiple", "string": "text"}.get(record["question_type"], "single")
        if kind == "single" and sorted(values) == ["no", "yes"]:
            kind = "yesno"
        key = f"{record['group_key'].removeprefix('binaryResponse')}.{record['question_key']}"
        question = {"key": key, "number": record.get("number") or "", "kind": kind,
                    "title": text_clean(title), "mandatory": bool(record.get("mandatory")),
                    "titles": {lang: text_clean(t) for lang, t in labels.items() if t and lang != "en"},
                    "extra": {"question_key": record["question_key"], "question_text_key": record["question_text_key"],
                              "target": target}}
        if values:
            question["options"] = [
                {"value": o["value"], "label": texts.get("en", {}).get(o.get("label_key"), o["value"]),
                 "labels": {lang: texts[lang][o["label_key"]] for lang in languages
                            if lang != "en" and o.get("label_key") in texts[lang]}}
                for o in record["options"]]
        section["questions"].append(question)
    return {"format": FORMAT, "code": code, "convention": convention,
            "title": "CBD seventh national report — GBF binary-indicator questions", "cycle": cycle,
            "cycle_order": cycle_order, "deadline": deadline, "previous": None, "languages": languages,
            "source": {"structure": "TendaMGit/nbms_project2 ort_binary_indicator_questions.json",
                       "texts": "scbd/online-reporting-tool i18n/<lang>/app-data/binary-indicator-questions.json"},
            "sections": list(sections.values())}
