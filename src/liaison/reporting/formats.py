"""The Liaison questionnaire format (docs/questionnaire-format.md) and readers of the CBD source formats.

Plain data in, plain data out: nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from django.utils.translation import gettext as _

FORMAT = "liaison-questionnaire/1"
KINDS = {"yesno", "yesnopartly", "single", "multiple", "number", "text", "date", "table", "file", "link", "header"}
CHOICE_KINDS = {"yesno", "yesnopartly", "single", "multiple"}
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:\-]{1,100}$")


LIMITS = {"title": 300, "cycle": 32}  # the database columns of a questionnaire
YEARS = (1900, 2200)


class FormatError(ValueError):
    """A questionnaire file does not follow the format: `problems` lists every problem found, with where."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = " " + _("(and %(n)d more)") % {"n": len(problems) - 10} if len(problems) > 10 else ""
        super().__init__("; ".join(problems[:10]) + more)

    @property
    def errors(self) -> list[dict]:
        """Return the problems as the API's error items: {"field": where, "message": what}."""
        return [{"field": problem_field(p), "message": p} for p in self.problems]


def problem_field(problem: str) -> str:
    """Return the field a problem names: `deadline` for '"deadline" must...', `sections[2].questions[1]`..."""
    quoted = re.match(r'^"([a-z_]+)"', problem)
    if quoted:
        return quoted.group(1)
    where = re.match(r"^(sections\[[^:\s]*?):", problem)
    return where.group(1) if where else ""


def date_check(value) -> str | None:
    """Return why `value` is not a date YYYY-MM-DD between 1900 and 2200, or None when it is one."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", str(value)):
        return _("must be a date YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return _("is not a date of the calendar (%(value)s)") % {"value": value}
    if not YEARS[0] <= day.year <= YEARS[1]:
        return _("must be between %(start)d and %(end)d") % {"start": YEARS[0], "end": YEARS[1]}
    return None


def format_check(data) -> list[str]:
    """Return the problems of a questionnaire in the Liaison format (empty when it is valid)."""
    if not isinstance(data, dict):
        return [_("the file must hold one JSON object")]
    problems = []
    if data.get("format") != FORMAT:
        problems.append(_('"%(field)s" must be "%(format)s"') % {"field": "format", "format": FORMAT})
    for field in ("code", "convention", "title", "cycle"):
        if not isinstance(data.get(field), str) or not data.get(field).strip():
            problems.append(_('"%(field)s" is required (a non-empty string)') % {"field": field})
    if isinstance(data.get("code"), str) and not re.match(r"^[a-z0-9-]{1,64}$", data["code"]):
        problems.append(_('"%(field)s" may hold only lower-case letters, digits and hyphens (at most %(n)d)')
                        % {"field": "code", "n": 64})
    for field, limit in LIMITS.items():
        if isinstance(data.get(field), str) and len(data[field]) > limit:
            problems.append(_('"%(field)s" is longer than %(n)d characters') % {"field": field, "n": limit})
    if data.get("deadline") is not None and (why := date_check(data["deadline"])):
        problems.append(f'"deadline" {why}')
    order = data.get("cycle_order")
    if order is not None and (isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= 1000):
        problems.append(_('"%(field)s" must be a whole number from 1 to 1000') % {"field": "cycle_order"})
    for field in ("languages",):
        if data.get(field) is not None and not (isinstance(data[field], list)
                                                and all(isinstance(v, str) and len(v) <= 16 for v in data[field])):
            problems.append(_('"%(field)s" must be a list of language codes') % {"field": field})
    if data.get("previous") is not None and not isinstance(data["previous"], str):
        problems.append(_('"%(field)s" must be the code of a questionnaire') % {"field": "previous"})
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        problems.append(_('"%(field)s" must be a non-empty list') % {"field": "sections"})
        return problems
    section_keys: set[str] = set()
    question_keys: set[str] = set()
    for i, section in enumerate(sections, start=1):
        section_check(section, f"sections[{i}]", section_keys, question_keys, problems)
    for where, question in questions_walk(sections):
        for j, rule in enumerate(question.get("show_if") or [], start=1):
            if not isinstance(rule, dict) or rule.get("question") not in question_keys:
                problems.append(_("%(where)s: names no question of this questionnaire")
                                % {"where": f"{where}.show_if[{j}]"})
    return problems


def section_check(section, where: str, section_keys: set, question_keys: set, problems: list) -> None:
    if not isinstance(section, dict):
        problems.append(_("%(where)s: must be an object") % {"where": where})
        return
    key = section.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.append(_('%(where)s: "key" is required (letters, digits, _ . : -)') % {"where": where})
    elif key in section_keys:
        problems.append(_("%(where)s: section key %(key)s is used twice") % {"where": where, "key": repr(key)})
    else:
        section_keys.add(key)
    if not isinstance(section.get("title"), str) or not section["title"].strip():
        problems.append(_('%(where)s: "title" is required') % {"where": where})
    elif len(section["title"]) > 500:
        problems.append(_('%(where)s: "title" is longer than %(n)d characters') % {"where": where, "n": 500})
    shapes_check(section, where, {"titles": dict, "questions": list, "sections": list}, problems)
    for i, question in enumerate(section.get("questions") or [], start=1):
        question_check(question, f"{where}.questions[{i}]", question_keys, problems)
    for i, child in enumerate(section.get("sections") or [], start=1):
        section_check(child, f"{where}.sections[{i}]", section_keys, question_keys, problems)


def question_check(question, where: str, question_keys: set, problems: list) -> None:
    if not isinstance(question, dict):
        problems.append(_("%(where)s: must be an object") % {"where": where})
        return
    key = question.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.append(_('%(where)s: "key" is required (letters, digits, _ . : -)') % {"where": where})
    elif key in question_keys:
        problems.append(_("%(where)s: question key %(key)s is used twice") % {"where": where, "key": repr(key)})
    else:
        question_keys.add(key)
    kind = question.get("kind")
    if kind not in KINDS:
        problems.append(_('%(where)s: "kind" must be one of %(kinds)s (not %(kind)s)')
                        % {"where": where, "kinds": ", ".join(sorted(KINDS)), "kind": repr(kind)})
    if not isinstance(question.get("title"), str) or not question["title"].strip():
        problems.append(_('%(where)s: "title" is required') % {"where": where})
    shapes_check(question, where, {"titles": dict, "options": list, "columns": list, "show_if": list,
                                   "extra": dict, "help": str}, problems)
    options = question.get("options") or []
    if kind in CHOICE_KINDS:
        if not isinstance(options, list) or not options:
            problems.append(_('%(where)s: a %(kind)s question needs "options"') % {"where": where, "kind": kind})
        elif not all(isinstance(o, dict) and isinstance(o.get("value"), str) for o in options):
            problems.append(_('%(where)s: every option needs a string "value"') % {"where": where})
        elif len({o["value"] for o in options}) != len(options):
            problems.append(_("%(where)s: two options share a value") % {"where": where})
    if kind == "table" and not all(isinstance(c, dict) and c.get("key") for c in question.get("columns") or []):
        problems.append(_('%(where)s: every table column needs a "key"') % {"where": where})


def shapes_check(item: dict, where: str, shapes: dict[str, type], problems: list) -> None:
    """Add a problem for each field of `item` present with the wrong JSON type (titles must be an object...)."""
    for field, kind in shapes.items():
        value = item.get(field)
        if value is None:
            continue
        if not isinstance(value, kind):
            message = (_('%(where)s: "%(field)s" must be an object') if kind is dict
                       else _('%(where)s: "%(field)s" must be a list') if kind is list
                       else _('%(where)s: "%(field)s" must be text'))
            problems.append(message % {"where": where, "field": field})
        elif field == "titles" and not all(isinstance(v, str) for v in value.values()):
            problems.append(_('%(where)s: "titles" maps language codes to text') % {"where": where})


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


def markup_strip(text: str) -> str:
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
           "title": markup_strip(question.get("title") or question["key"]),
           "mandatory": bool(question.get("mandatory")), "show_if": []}
    if question.get("options"):
        out["options"] = [{"value": str(o["value"]), "label": markup_strip(o.get("title") or str(o["value"]))}
                          for o in question["options"]]
    extra = {k: question[k] for k in ("additionalInfo", "subTitle", "shortTitle", "field", "type")
             if k in question}
    extra["source_type"] = extra.pop("type", question.get("type"))
    out["extra"] = extra
    if question.get("subTitle"):
        out["help"] = markup_strip(question["subTitle"])
    return out


def questionnaire_from_absch(path: Path, *, code: str, convention: str, cycle: str, cycle_order: int,
                             deadline: str | None = None, previous: str | None = None) -> dict:
    """Return a questionnaire in the Liaison format read from a report-analyzer question file."""
    source = json.loads(Path(path).read_text(encoding="utf-8"))
    meta = source.get("_meta", {})
    sections, rules = [], []
    for section in source["sections"]:
        out = {"key": section["key"], "title": markup_strip(section.get("title") or section["key"]),
               "questions": [], "sections": []}
        for question in section.get("questions") or []:
            rules.extend((question["key"], v) for v in question.get("validations") or [])
            if question.get("type") == "sub-section":
                child = {"key": question["key"], "number": question.get("number") or "",
                         "title": markup_strip(question["title"]), "questions": [], "sections": []}
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

# The GBF's own words for its goals and targets in the six UN languages (the keys the ORT texts use: zh, not zh-Hans).
GOAL_WORDS = {"en": ("Goal", "Target"), "fr": ("Objectif", "Cible"), "es": ("Objetivo", "Meta"),
              "ar": ("الهدف", "الغاية"), "zh": ("目标", "具体目标"), "ru": ("Цель", "Целевая задача")}


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
                    "title": markup_strip(title), "mandatory": bool(record.get("mandatory")),
                    "titles": {lang: markup_strip(t) for lang, t in labels.items() if t and lang != "en"},
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
