"""Export of a framework as CSV, JSON or YAML rows, the format `exchange.framework_import` reads
(docs/framework-format.md)."""

from __future__ import annotations

import csv
import io
import json

import yaml

from liaison.engine.frameworks.exchange import COLUMNS_OPTIONAL, COLUMNS_REQUIRED, FORMAT_TAG, FORMATS
from liaison.engine.frameworks.records import Framework


def _items(framework: Framework) -> list[dict]:
    def item(
        level: str, code: str, parent: str, title: dict, text: dict, type_: str | None, identifier: str | None
    ) -> dict:
        return {
            "level": level,
            "code": code,
            "parent": parent,
            "type": type_ or "",
            "identifier": identifier or "",
            "title": dict(title),
            "text": dict(text),
        }

    first = (framework.languages or ["en"])[0]
    head = item("framework", framework.code, "", {first: framework.name}, {}, framework.kind, None)
    head.update(is_summary=framework.is_summary, languages=list(framework.languages))
    items = [head]
    target_codes = {target.code for target in framework.targets()}
    for goal in framework.goals:
        items.append(item("goal", goal.code, "", goal.title, goal.text, goal.kind, goal.identifier))
        # A bare parent names a target first; say "goal:" when a target has the same code.
        parent = f"goal:{goal.code}" if goal.code in target_codes else goal.code
        items += [
            item("indicator", i.code, parent, {}, i.text, i.type, i.identifier) for i in goal.indicators
        ]
        for target in goal.targets:
            items.append(
                item("target", target.code, goal.code, target.title, target.text, None, target.identifier)
            )
            items += [
                item("indicator", i.code, target.code, {}, i.text, i.type, i.identifier)
                for i in target.indicators
            ]
    return items


def framework_export(framework: Framework, *, fmt: str) -> bytes:
    """Return the framework as CSV, JSON or YAML bytes (UTF-8) that framework_import reads back."""
    items = _items(framework)
    if fmt == "json":
        return (
            json.dumps({"format": FORMAT_TAG, "items": items}, ensure_ascii=False, indent=1) + "\n"
        ).encode()
    if fmt == "yaml":
        document = {"format": FORMAT_TAG, "items": items}
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100).encode()
    if fmt != "csv":
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    used = [lang for it in items for name in ("title", "text") for lang in it[name]]
    languages = list(dict.fromkeys([*framework.languages, *used]))
    header = [
        *COLUMNS_REQUIRED,
        *COLUMNS_OPTIONAL,
        *(f"title.{lang}" for lang in languages),
        *(f"text.{lang}" for lang in languages),
    ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for it in items:
        summary = ("true" if it["is_summary"] else "false") if it["level"] == "framework" else ""
        writer.writerow(
            [
                it["level"],
                it["code"],
                it["parent"],
                it["type"],
                it["identifier"],
                summary,
                *(it["title"].get(lang, "") for lang in languages),
                *(it["text"].get(lang, "") for lang in languages),
            ]
        )
    return buffer.getvalue().encode("utf-8")
