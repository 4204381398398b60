"""A convention's questionnaire form as it publishes it (Word or Excel) read into the Liaison format.

The shape conventions publish: "Section 1 General information" headings, numbered questions ("1.1 Has your
country...?"), option lines of check boxes ("☐ Yes ☐ No ☐ Partly"), and tables to fill (a header row of
columns, then empty rows). Plain data in, plain data out: the result goes through reporting's import.
"""

from __future__ import annotations

import io
import re

import openpyxl
from lxml import etree

from liaison.offline.sheets import SheetError, W, cell_text, zip_member

SECTION = re.compile(r"^(?:section|part|sección|parte)\s+([0-9IVXLC]+)[.:)]?\s*[-–—:]?\s*(.*)$", re.I)
QUESTION = re.compile(r"^(\d+(?:\.\d+)+|\d+)[.)]?\s+(\S.*)$")
BOXES = re.compile(r"[☐☒☑□■]")
MULTIPLE_HINTS = ("all that apply", "tick all", "check all", "select all", "toutes les", "todas las")
NUMBER_HINTS = ("how many", "number of", "combien", "cuántos", "cuántas")
QUESTIONS_MAX = 5000


def options_of(text: str) -> list[str]:
    """Return the labels of a line of check boxes ('☐ Yes ☐ No' -> ['Yes', 'No'])."""
    return [" ".join(p.split()) for p in BOXES.split(text) if p.strip()]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "option"


def kind_of(title: str, options: list[str], columns: list[str]) -> str:
    if columns:
        return "table"
    lowered = [o.casefold() for o in options]
    if options:
        if any(h in title.casefold() for h in MULTIPLE_HINTS):
            return "multiple"
        if lowered == ["yes", "no"]:
            return "yesno"
        if sorted(lowered) == ["no", "partly", "yes"] or sorted(lowered) == ["no", "partially", "yes"]:
            return "yesnopartly"
        return "single"
    if any(h in title.casefold() for h in NUMBER_HINTS):
        return "number"
    return "text"


class FormBuilder:
    """Collects sections and questions in reading order, then gives the Liaison format."""

    def __init__(self):
        self.sections: list[dict] = []
        self.question: dict | None = None
        self.n = 0

    def section(self, number: str, title: str) -> None:
        self.close()
        self.sections.append({"key": f"s{number}".lower(), "number": number, "title": title.strip() or number,
                              "questions": []})

    def ask(self, number: str, title: str) -> None:
        self.close()
        if not self.sections:
            self.section("0", "General")
        self.n += 1
        if self.n > QUESTIONS_MAX:
            raise SheetError(f"more than {QUESTIONS_MAX} questions")
        self.question = {"number": number, "title": title.strip(), "options": [], "columns": []}

    def options(self, labels: list[str]) -> None:
        if self.question is not None:
            self.question["options"].extend(labels)

    def columns(self, labels: list[str]) -> None:
        if self.question is not None and not self.question["columns"]:
            self.question["columns"] = [c for c in labels if c]

    def note(self, text: str) -> None:
        if self.question is not None and not self.question["options"]:
            self.question["title"] = f"{self.question['title']} {text}".strip()

    def close(self) -> None:
        q, self.question = self.question, None
        if q is None:
            return
        kind = kind_of(q["title"], q["options"], q["columns"])
        seen: set[str] = set()
        options = []
        for label in q["options"]:
            value = slug(label)
            while value in seen:
                value += "-x"
            seen.add(value)
            options.append({"value": value, "label": label})
        out = {"key": "q" + q["number"].replace(".", "_"), "number": q["number"], "kind": kind,
               "title": q["title"][:5000]}
        if kind in ("single", "multiple", "yesno", "yesnopartly"):
            out["options"] = options
        if kind == "table":
            out["columns"] = [{"key": slug(c).replace("-", "_") or f"c{i}", "label": c, "kind": "text"}
                              for i, c in enumerate(q["columns"], start=1)]
        self.sections[-1]["questions"].append(out)

    def result(self) -> list[dict]:
        self.close()
        keys: set[str] = set()
        for section in self.sections:
            for q in section["questions"]:
                while q["key"] in keys:  # a form that numbers two questions alike: both kept
                    q["key"] += "b"
                keys.add(q["key"])
        return [s for s in self.sections if s["questions"]]


def line_read(builder: FormBuilder, text: str) -> None:
    text = " ".join(text.split())
    if not text:
        return
    if m := SECTION.match(text):
        builder.section(m.group(1), m.group(2))
    elif BOXES.search(text) and not QUESTION.match(BOXES.split(text)[0].strip() or "x"):
        builder.options(options_of(text))
    elif m := QUESTION.match(text):
        head, *rest = BOXES.split(m.group(2))
        builder.ask(m.group(1), head)
        if rest:
            builder.options([" ".join(r.split()) for r in rest if r.strip()])
    else:
        builder.note(text)


def form_read_docx(data: bytes) -> list[dict]:
    """Return the sections (Liaison format) of a Word form: paragraphs and tables in document order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    body = etree.fromstring(zip_member(data, "word/document.xml"), parser).find(f"{W}body")
    builder = FormBuilder()
    for element in body if body is not None else []:
        if element.tag == f"{W}p":
            line_read(builder, "".join(t.text or "" for t in element.iter(f"{W}t")))
        elif element.tag == f"{W}tbl":
            rows = [[cell_text(tc) for tc in tr.iterchildren(f"{W}tc")] for tr in element.iterchildren(f"{W}tr")]
            if rows and builder.question is not None and len(rows[0]) > 1 and not any(
                    QUESTION.match(c) for c in rows[0]):
                builder.columns(rows[0])  # a table to fill: its header row gives the columns
            else:
                for row in rows:  # a form laid out as a table: read its cells as lines
                    for cell in row:
                        for line in cell.split("\n"):
                            line_read(builder, line)
    return builder.result()


def form_read_xlsx(data: bytes) -> list[dict]:
    """Return the sections of an Excel form: each row's non-empty cells, read left to right as lines."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SheetError(f"not an Excel file ({exc})") from None
    builder = FormBuilder()
    try:
        for sheet in book.worksheets:
            for n, row in enumerate(sheet.iter_rows(values_only=True, max_col=20)):
                if n > QUESTIONS_MAX * 4:
                    raise SheetError("too many rows")
                cells = [" ".join(str(c).split()) for c in row if c is not None and str(c).strip()]
                if not cells:
                    continue
                first = cells[0]
                if len(cells) > 1 and re.fullmatch(r"\d+(?:\.\d+)*\.?", first):  # "1.1" | "question" | "☐ Yes ☐ No"
                    line_read(builder, f"{first.rstrip('.')} {' '.join(cells[1:])}")
                elif builder.question is not None and len(cells) > 1 and not BOXES.search(" ".join(cells)) \
                        and not SECTION.match(first) and not builder.question["options"]:
                    builder.columns(cells)  # a header row of a table to fill
                else:
                    line_read(builder, " ".join(cells))
    finally:
        book.close()
    return builder.result()
