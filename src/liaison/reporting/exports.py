"""Reads that export a report: JSON in the convention's own structure, and a CSV of its answers.

Each starts from `answer_visible_to(user)`: an export holds exactly the answers its reader may see.
"""

from __future__ import annotations

import csv
import io

from liaison.core.csvsafe import csv_cell_safe
from liaison.reporting.models import Answer, Report, Section
from liaison.reporting.permissions import answer_visible_to, report_visible_to, staff_check
from liaison.reporting.values import value_display


def answers_for(*, user, report: Report) -> list[Answer]:
    """Return the answers of `report` that `user` may read, in questionnaire order."""
    return list(answer_visible_to(user).filter(report=report, value__isnull=False)
                .select_related("question__section").order_by("question__order", "block"))


def report_export_json(*, user, report: Report) -> dict:
    """Return the report as the convention structures it: section key -> question key -> value (option codes)."""
    tree: dict[str, dict] = {}
    for answer in answers_for(user=user, report=report):
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


HEADER = ["country", "questionnaire", "section", "number", "key", "block", "question", "value", "value_label",
          "source", "updated_at"]


def report_csv(*, user, report: Report) -> str:
    """Return one CSV row per answer `user` may read: section, number, key, question, value, value as read, source."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    rows_write(writer, report, answers_for(user=user, report=report))
    return out.getvalue()


def questionnaire_csv(*, user, questionnaire) -> str:
    """Return the answers of every submitted report of `questionnaire` (its secretariat), one CSV row per answer."""
    staff_check(user=user, convention=questionnaire.convention)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    reports = list(report_visible_to(user).filter(questionnaire=questionnaire, status=Report.SUBMITTED)
                   .select_related("questionnaire", "country").order_by("country__iso3"))
    answers: dict[int, list[Answer]] = {}
    for answer in (answer_visible_to(user).filter(report__in=reports, value__isnull=False)
                   .select_related("question__section").order_by("question__order", "block")):
        answers.setdefault(answer.report_id, []).append(answer)
    for report in reports:
        rows_write(writer, report, answers.get(report.pk, []))
    return out.getvalue()


def cell(value) -> str:
    """Return a CSV cell a spreadsheet will not run as a formula."""
    return csv_cell_safe("" if value is None else str(value))


def rows_write(writer, report: Report, answers: list[Answer]) -> None:
    for a in answers:
        value = "; ".join(a.value) if isinstance(a.value, list) and all(isinstance(v, str) for v in a.value) \
            else a.value
        writer.writerow([cell(x) for x in (
            report.country.iso3, report.questionnaire.code, a.question.section.title, a.question.number,
            a.question.key, a.block, a.question.title, value, value_display(a.question, a.value),
            a.source_note, a.updated_at.isoformat())])
