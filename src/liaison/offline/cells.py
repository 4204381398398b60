"""Answers as the text of a Word or Excel cell, and back: option labels rather than codes, tables as lines.

Plain data in, plain data out: `question` is anything with `kind`, `options` and `columns`. What comes back
from a cell is only a candidate value; reporting's `value_clean` judges it, as it does a web form's.
"""

from __future__ import annotations

import datetime as dt

CHOICE_KINDS = {"yesno", "yesnopartly", "single", "multiple"}
READ_ONLY_KINDS = {"header", "file"}  # a heading takes no answer; a file is attached online
TABLE_SEPARATOR = " | "


def label_of(question, value) -> str:
    for option in question.options:
        if option.get("value") == value:
            return str(option.get("label") or value)
    return str(value)


def value_text(question, value):
    """Return the answer as a cell shows it: a label, labels joined by '; ', table rows as lines, a number."""
    if value is None:
        return ""
    kind = question.kind
    if kind == "multiple" and isinstance(value, list):
        return "; ".join(label_of(question, v) for v in value)
    if kind in CHOICE_KINDS:
        return label_of(question, value)
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if kind == "table" and isinstance(value, list):
        keys = [c["key"] for c in question.columns] or sorted({k for row in value for k in row})
        return "\n".join(TABLE_SEPARATOR.join(str(row.get(k, "")) for k in keys) for row in value
                         if isinstance(row, dict))
    if kind == "file" and isinstance(value, list):
        return ", ".join(str(f.get("name", "")) for f in value if isinstance(f, dict))
    return str(value)


def option_match(question, text: str):
    """Return the option code whose label (or code) is `text`, ignoring case and spaces; else `text` itself."""
    wanted = " ".join(text.split()).casefold()
    for option in question.options:
        if wanted in (str(option.get("label") or "").casefold(), str(option.get("value")).casefold()):
            return option.get("value")
    return text


def text_value(question, cell):
    """Return the candidate value a cell holds for `question` (None when empty)."""
    if cell is None:
        return None
    if isinstance(cell, dt.datetime | dt.date):
        day = cell.date() if isinstance(cell, dt.datetime) else cell
        return day.isoformat() if question.kind == "date" else str(day.isoformat())
    if isinstance(cell, bool):
        cell = str(cell)
    if isinstance(cell, int | float):
        if question.kind == "number":
            return cell
        cell = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)
    text = str(cell).replace("\r\n", "\n").strip()
    if not text:
        return None
    kind = question.kind
    if kind == "multiple":
        parts = [p.strip() for p in text.replace("\n", ";").split(";") if p.strip()]
        return [option_match(question, p) for p in parts]
    if kind in CHOICE_KINDS:
        return option_match(question, text)
    if kind == "table":
        keys = [c["key"] for c in question.columns]
        rows = []
        for line in text.split("\n"):
            if not line.strip():
                continue
            cells = [c.strip() for c in line.split(TABLE_SEPARATOR.strip())]
            if keys and len(cells) > len(keys):
                return text  # more cells than columns: value_clean refuses it, and the person sees why
            rows.append(dict(zip(keys or [str(i) for i in range(len(cells))], cells, strict=False)))
        return rows
    return text


def kind_hint(question) -> str:
    """Return what a cell takes, in words the person filling the file reads (English: the file's key column)."""
    kind = question.kind
    labels = [str(o.get("label") or o.get("value")) for o in question.options]
    if kind == "multiple":
        return "Any of: " + "; ".join(labels) + " (separate with ;)"
    if kind in CHOICE_KINDS:
        return "One of: " + " / ".join(labels)
    if kind == "table":
        return "Table: one line per row, cells separated by |: " + " | ".join(
            str(c.get("label") or c.get("key")) for c in question.columns)
    return {"number": "Number", "date": "Date YYYY-MM-DD", "link": "Web address (https://...)",
            "text": "Text", "file": "File: attach it online", "header": "Heading"}.get(kind, kind)
