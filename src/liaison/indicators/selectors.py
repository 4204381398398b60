"""Reads: a report's indicator series (seen by who reads the report whole) and answers across parties.

Every analysis starts from reporting's `answer_analysed_to(user)`: submitted reports' answers to choice and number
questions; a draft's answer never reaches an analysis or its CSV. Staff of a convention also get the count of
drafts (from `report_progress_visible_to`).
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from liaison.core.errors import Invalid, NotFound
from liaison.indicators.models import Series
from liaison.reporting.models import Question, Report
from liaison.reporting.permissions import (
    ANALYSED_KINDS,
    answer_analysed_to,
    id_known,
    report_progress_visible_to,
    report_read_whole,
)


def series_for_report(*, user, report: Report) -> list[Series]:
    """Return the report's series if `user` reads the report whole (a draft's: only who may read the draft)."""
    if not report_read_whole(user, report):
        return []
    return list(Series.objects.filter(report=report).prefetch_related("rows").order_by("indicator"))


def series_get_for(*, user, report: Report, template: str) -> Series:
    for series in series_for_report(user=user, report=report):
        if series.template == template:
            return series
    raise NotFound(_("No indicator data of this template for this report."))


def value_labels(value) -> list[str]:
    """Return the categories one answer counts under (a multiple choice counts under each option chosen)."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if not isinstance(v, dict | list)]
    if isinstance(value, dict):
        return []
    return [str(value)]


def question_analysis(*, user, question_id: int) -> dict:
    """Return a question's answers across parties: per category, per country, and per cycle (submitted only)."""
    question = Question.objects.select_related("questionnaire__convention").filter(pk=id_known(question_id)).first()
    if question is None:
        raise NotFound(_("No such question."))
    if question.kind not in ANALYSED_KINDS:
        raise Invalid(_("Only choice and number questions are analysed across parties; read the reports for the "
                        "others."))
    rows = list(answer_analysed_to(user).filter(question_id=question.pk)
                .values_list("report__country__iso3", "report__country__name", "value"))
    labels = {str(o.get("value")): o.get("label", o.get("value")) for o in question.options or []}
    counts: Counter[str] = Counter()
    countries = []
    for code, name, value in rows:
        chosen = value_labels(value)
        counts.update(chosen)
        countries.append({"country": code, "name": name, "answer": ";".join(labels.get(v, v) for v in chosen)})
    distribution = [{"category": labels.get(k, k), "value": k, "count": n} for k, n in counts.most_common()]
    drafts = None
    progress = report_progress_visible_to(user).filter(questionnaire_id=question.questionnaire_id)
    if progress.exists():
        drafts = progress.filter(status=Report.DRAFT).count()
    return {"question": question.pk, "title": question.title, "questionnaire": question.questionnaire.code,
            "parties": len({c for c, _n, _v in rows}), "distribution": distribution,
            "countries": sorted(countries, key=lambda c: c["country"]), "drafts": drafts}
