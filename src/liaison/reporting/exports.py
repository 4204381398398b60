"""Reads that export a report: JSON in the convention's own structure, and a CSV of its answers."""

from __future__ import annotations

import csv
import io

from liaison.reporting.models import Answer, Report, Section
from liaison.reporting.values import value_display


def answers_for(*, report: Report, sections: set[int] | None):
    answers = (Answer.objects.filter(report=report, value__isnull=False)
               .select_related("question__section").order_by("question__order", "block"))
    return [a for a in answers if sections is None or a.question.section_id in sections]


def report_export_json(*, report: Report, sections: set[int] | None = None) -> dict:
    """Return the report as the convention structures it: section key -> question key -> value (option codes)."""
    tree: dict[str, dict] = {}
    for answer in answers_for(report=report, sections=sections):
        section = tree.setdefault(answer.question.section.key, {})
        if answer.question.section.repeating:
            blocks = section.setdefault(answer.question.key, [])
            blocks.extend([None] * (answer.block + 1 - len(blocks)))
            blocks[answer.block] = answer.value
        else:
            section[answer.question.key] = answer.value
    q = report.questionnaire
    return {"questionnaire": q.code, "convention": q.convention.acronym, "cycle": q.cycle,
            "country": report.country.iso3, "status": report.status, "demo_data": report.is_demo,
            "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
            "sections": [{"key": s.key, "answers": tree[s.key]}
                         for s in Section.objects.filter(questionnaire=q) if s.key in tree]}


def cell(text) -> str:
    """Return a CSV cell a spreadsheet will not run as a formula."""
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


HEADER = ["country", "questionnaire", "section", "number", "key", "block", "question", "value", "value_label",
          "source", "updated_at"]


def report_csv(*, report: Report, sections: set[int] | None = None) -> str:
    """Return one CSV row per answer: section, number, key, question, value codes, value as read, source."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    rows_write(writer, report, sections)
    return out.getvalue()


def questionnaire_csv(*, questionnaire) -> str:
    """Return the answers of every submitted report of `questionnaire`, one CSV row per answer."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for report in (Report.objects.filter(questionnaire=questionnaire, status=Report.SUBMITTED)
                   .select_related("questionnaire", "country").order_by("country__iso3")):
        rows_write(writer, report, None)
    return out.getvalue()


def rows_write(writer, report: Report, sections: set[int] | None) -> None:
    for a in answers_for(report=report, sections=sections):
        value = "; ".join(a.value) if isinstance(a.value, list) and all(isinstance(v, str) for v in a.value) \
            else a.value
        writer.writerow([cell(x) for x in (
            report.country.iso3, report.questionnaire.code, a.question.section.title, a.question.number,
            a.question.key, a.block, a.question.title, value, value_display(a.question, a.value),
            a.source_note, a.updated_at.isoformat())])
