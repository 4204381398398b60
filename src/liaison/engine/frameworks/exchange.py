"""Import and export of any framework as CSV, JSON or YAML rows (format: docs/framework-format.md)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

import yaml

from liaison.engine.frameworks.records import Framework, Goal, Indicator, Target, text_clean

FORMATS = ("csv", "json", "yaml")
FORMAT_TAG = "liaison-framework/1"
LEVELS = ("framework", "goal", "target", "indicator")
COLUMNS_REQUIRED = ("level", "code", "parent")
COLUMNS_OPTIONAL = ("type", "identifier", "is_summary")
GOAL_TYPES = ("goal", "group")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_TEXT_COLUMN = re.compile(r"^(?P<field>title|text)\.(?P<lang>.+)$")
# UTF-8 read as Latin-1/cp1252 and saved again: "Ã©" for "é", "â€™" for "’".
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€|Â[\u00a0-\u00bf]")
# Limits on an imported file: the shipped frameworks are under 1 MB and 1,500 items (SDG with indicators).
MAX_BYTES = 10 * 1024 * 1024
MAX_ITEMS = 50_000
_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n", ""}


@dataclass(frozen=True)
class ImportProblem:
    """One problem found in an import: the row (1 = CSV header / first item, 0 = the whole file)."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, {self.field or '-'}: {self.reason}"


class FrameworkImportError(ValueError):
    """An import was refused; `problems` lists every problem found, not only the first.

    `kind` is "invalid", or "too_large" when the file is over a size or item limit (an HTTP caller answers 413).
    """

    def __init__(self, problems: list[ImportProblem], *, kind: str = "invalid") -> None:
        self.kind = kind
        self.problems = sorted(problems, key=lambda p: (p.row, p.field))
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the framework file:\n{lines}")


def bytes_decode(data: bytes, problems: list[ImportProblem]) -> str:
    """Return `data` decoded as UTF-8, recording each line that is not valid UTF-8 as a problem."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = line[exc.start : exc.start + 1].hex()
            problems.append(
                ImportProblem(number, "", f"not valid UTF-8 (byte 0x{byte} at column {exc.start + 1})")
            )
    return data.decode("utf-8-sig", errors="replace")


def _csv_rows(text: str, problems: list[ImportProblem]) -> tuple[list[str], list[tuple[int, dict]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    rows = []
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(header):
            problems.append(ImportProblem(start, "", f"{len(values)} values for {len(header)} columns"))
        item: dict = {"title": {}, "text": {}, **dict.fromkeys(COLUMNS_REQUIRED, "")}  # short rows
        for column, value in zip(header, values, strict=False):
            match = _TEXT_COLUMN.match(column)
            if match:
                item[match["field"]][match["lang"]] = value
            else:
                item[column] = value
        rows.append((start, item))
    return header, rows


def _header_check(header: list[str], problems: list[ImportProblem]) -> None:
    if not header:
        problems.append(ImportProblem(1, "", "empty file: no header row"))
        return
    for column in COLUMNS_REQUIRED:
        if column not in header:
            problems.append(ImportProblem(1, column, "missing column"))
    if not any(_TEXT_COLUMN.match(column) for column in header):
        problems.append(
            ImportProblem(1, "title.<lang>", "missing column: at least one title.<lang> or text.<lang>")
        )
    seen = set()
    for column in header:
        if column in seen:
            problems.append(ImportProblem(1, column, "duplicate column"))
        seen.add(column)
        match = _TEXT_COLUMN.match(column)
        if match and not _LANGUAGE.match(match["lang"]):
            problems.append(ImportProblem(1, column, f"not a language code: {match['lang']!r}"))
        elif not match and column not in COLUMNS_REQUIRED + COLUMNS_OPTIONAL:
            problems.append(ImportProblem(1, column, "unknown column"))


def _document_rows(text: str, fmt: str, problems: list[ImportProblem]) -> list[tuple[int, dict]]:
    try:
        document = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        problems.append(ImportProblem(exc.lineno, "", f"not valid JSON: {exc.msg}"))
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            ImportProblem(mark.line + 1 if mark else 0, "", f"not valid YAML: {getattr(exc, 'problem', exc)}")
        )
        return []
    items = document.get("items") if isinstance(document, dict) else document
    if not isinstance(items, list):
        problems.append(
            ImportProblem(0, "items", "expected a list of items, or a mapping with an 'items' list")
        )
        return []
    rows = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(ImportProblem(number, "", "an item must be a mapping"))
            continue
        item = dict(item)
        for key in [
            k for k in item if k not in ("title", "text", "languages") + COLUMNS_REQUIRED + COLUMNS_OPTIONAL
        ]:
            problems.append(ImportProblem(number, key, "unknown field"))
        for name in ("title", "text"):
            value = item.get(name) or {}
            if not isinstance(value, dict):
                problems.append(ImportProblem(number, name, "expected a mapping {language: text}"))
                value = {}
            for lang in value:
                if not _LANGUAGE.match(str(lang)):
                    problems.append(ImportProblem(number, f"{name}.{lang}", f"not a language code: {lang!r}"))
            item[name] = {str(lang): "" if v is None else str(v) for lang, v in value.items()}
        for key in COLUMNS_REQUIRED + ("type", "identifier"):
            item[key] = "" if item.get(key) is None else str(item[key])
        rows.append((number, item))
    return rows


def _rows_check(rows: list[tuple[int, dict]], problems: list[ImportProblem]) -> None:
    first_seen: dict[tuple[str, str], int] = {}
    for number, item in rows:
        level, code = item["level"].strip(), item["code"].strip()
        if level not in LEVELS:
            problems.append(
                ImportProblem(
                    number, "level", f"unknown level {level!r}; expected one of {', '.join(LEVELS)}"
                )
            )
            continue
        if not code:
            problems.append(ImportProblem(number, "code", "missing"))
        else:
            key = (level, code) if level != "framework" else ("framework", "")
            if key in first_seen:
                what = "a second framework row" if level == "framework" else f"duplicate code {code!r}"
                problems.append(ImportProblem(number, "code", f"{what} (first at row {first_seen[key]})"))
            else:
                first_seen[key] = number
        for name in ("title", "text"):
            for lang, value in item[name].items():
                if "\ufffd" in value:
                    problems.append(
                        ImportProblem(number, f"{name}.{lang}", "broken encoding (replacement character)")
                    )
                elif _MOJIBAKE.search(value):
                    problems.append(
                        ImportProblem(
                            number, f"{name}.{lang}", "broken encoding (UTF-8 decoded twice, e.g. 'Ã©')"
                        )
                    )
        if level != "framework" and not any(
            text_clean(v) for v in (*item["title"].values(), *item["text"].values())
        ):
            problems.append(ImportProblem(number, "title", "no title or text in any language"))
        if level == "goal" and item.get("type", "").strip() not in ("", *GOAL_TYPES):
            problems.append(ImportProblem(number, "type", f"a goal's type is one of {', '.join(GOAL_TYPES)}"))
        summary = item.get("is_summary")
        if (
            summary is not None
            and not isinstance(summary, bool)
            and str(summary).strip().lower() not in _TRUE | _FALSE
        ):
            problems.append(ImportProblem(number, "is_summary", f"expected true or false, not {summary!r}"))
    goals = {item["code"].strip() for _, item in rows if item["level"].strip() == "goal"}
    targets = {item["code"].strip() for _, item in rows if item["level"].strip() == "target"}
    for number, item in rows:
        level, parent = item["level"].strip(), item["parent"].strip()
        if level in ("framework", "goal") and parent:
            problems.append(ImportProblem(number, "parent", f"a {level} has no parent"))
        elif level == "target" and parent not in goals:
            problems.append(
                ImportProblem(
                    number, "parent", f"unknown goal {parent!r}" if parent else "missing (a goal code)"
                )
            )
        elif level == "indicator" and _parent_resolve(parent, goals, targets) is None:
            problems.append(
                ImportProblem(number, "parent", f"unknown target or goal {parent!r}" if parent else "missing")
            )
    if "framework" not in {item["level"].strip() for _, item in rows}:
        problems.append(
            ImportProblem(0, "level", "no framework row (level=framework gives its code and name)")
        )


def _parent_resolve(parent: str, goals, targets) -> tuple[str, str] | None:
    """Return ("target"|"goal", code) for an indicator's parent: "target:X", "goal:X", or X (a target first)."""
    level, _, code = parent.partition(":") if parent.startswith(("goal:", "target:")) else ("", "", parent)
    if level in ("", "target") and code in targets:
        return "target", code
    if level in ("", "goal") and code in goals:
        return "goal", code
    return None


def _texts(values: dict) -> dict[str, str]:
    return {lang: text_clean(value) for lang, value in values.items() if text_clean(value)}


def _framework_build(rows: list[tuple[int, dict]], languages: list[str], fmt: str) -> Framework:
    head = next(item for _, item in rows if item["level"].strip() == "framework")
    name_texts = _texts(head["title"]) or _texts(head["text"])
    summary = head.get("is_summary")
    framework = Framework(
        code=head["code"].strip(),
        name=name_texts.get("en") or next(iter(name_texts.values()), head["code"].strip()),
        kind=head.get("type", "").strip() or "other",
        languages=list(head.get("languages") or languages),
        is_summary=summary if isinstance(summary, bool) else str(summary or "").strip().lower() in _TRUE,
        source=f"import ({fmt})",
    )
    goals: dict[str, Goal] = {}
    targets: dict[str, Target] = {}
    for _, item in rows:
        level, code, parent = item["level"].strip(), item["code"].strip(), item["parent"].strip()
        identifier = item.get("identifier", "").strip() or None
        if level == "goal":
            goals[code] = Goal(
                code,
                _texts(item["title"]),
                _texts(item["text"]),
                identifier=identifier,
                kind=item.get("type", "").strip() or "goal",
            )
            framework.goals.append(goals[code])
        elif level == "target":
            targets[code] = Target(code, _texts(item["title"]), _texts(item["text"]), identifier=identifier)
    for _, item in rows:
        level, code, parent = item["level"].strip(), item["code"].strip(), item["parent"].strip()
        if level == "target":
            goals[parent].targets.append(targets[code])
        elif level == "indicator":
            texts = _texts(item["text"]) or _texts(item["title"])
            indicator = Indicator(
                code, texts, item.get("type", "").strip() or None, item.get("identifier", "").strip() or None
            )
            owner = _parent_resolve(parent, goals, targets)
            assert owner is not None  # the rows were validated: every indicator's parent exists
            owner_level, owner_code = owner
            (targets[owner_code] if owner_level == "target" else goals[owner_code]).indicators.append(
                indicator
            )
    return framework


def framework_import(
    data: bytes, *, fmt: str, max_bytes: int = MAX_BYTES, max_items: int = MAX_ITEMS
) -> Framework:
    """Return the framework read from CSV, JSON or YAML bytes, or raise FrameworkImportError listing every problem.

    A file over `max_bytes`, or with more than `max_items` rows or items, is refused (kind "too_large")
    before it is parsed or, for the item count, before its rows are checked.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if len(data) > max_bytes:
        size = f"{len(data) / 1048576:.1f} MB; the limit is {max_bytes / 1048576:.1f} MB"
        raise FrameworkImportError([ImportProblem(0, "", f"the file is {size}")], kind="too_large")
    problems: list[ImportProblem] = []
    text = bytes_decode(data, problems)
    if fmt == "csv":
        header, rows = _csv_rows(text, problems)
        _header_check(header, problems)
        languages = list(dict.fromkeys(m["lang"] for m in map(_TEXT_COLUMN.match, header) if m))
        if any(p.row == 1 and p.field in COLUMNS_REQUIRED for p in problems):
            raise FrameworkImportError(problems)  # rows cannot be read without their key columns
    else:
        rows = _document_rows(text, fmt, problems)
        if not rows and problems:
            raise FrameworkImportError(problems)  # nothing could be read past a syntax error
        languages = list(
            dict.fromkeys(lang for _, item in rows for name in ("title", "text") for lang in item[name])
        )
    if len(rows) > max_items:
        message = f"{len(rows):,} rows or items; the limit is {max_items:,}"
        raise FrameworkImportError([ImportProblem(0, "", message)], kind="too_large")
    _rows_check(rows, problems)
    if problems:
        raise FrameworkImportError(problems)
    return _framework_build(rows, languages, fmt)
