"""What the index holds of the work done under the conventions: work-plan activities, partner contributions,
questionnaire questions, national reports and their answers (issue 13, second part).

As in documents.py, each document names the object whose visibility it follows; the readers' filters
(activities_visible_to, contributions_visible_to, questionnaire_visible_to, report_visible_to,
answer_visible_to) are applied when searching, so a draft report is found only by those who may read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, Q
from django.urls import reverse

from liaison.catalogue.models import Organization
from liaison.engine.search import LANGUAGES
from liaison.partnerships.models import Activity, Contribution
from liaison.reporting.models import Answer, Question, Questionnaire, Report
from liaison.search.documents import document
from liaison.search.models import SearchDocument as Doc


def joined(*parts) -> str:
    return " ".join(str(p) for p in parts if p)


# --- partnerships: work-plan activities, partner contributions ---------------------------------------------

def activities_loaded(query: Q | None = None):
    qs = Activity.objects.select_related("workplan__partnership__convention", "owner", "lead").prefetch_related(
        Prefetch("contributors", queryset=Organization.objects.only("id", "name")))
    return qs.filter(query) if query is not None else qs


def activities_documents(activities: Iterable[Activity]) -> Iterator[Doc]:
    """Yield one document per work-plan activity (found by those who may see it: activities_visible_to)."""
    for activity in activities:
        workplan = activity.workplan
        partnership = workplan.partnership
        names = [o.name for o in (activity.owner, activity.lead) if o is not None]
        names += [o.name for o in activity.contributors.all()]
        body = joined(activity.description, workplan.title, partnership.title, activity.get_status_display(),
                      activity.funding_source, *names)
        yield document(kind=Doc.ACTIVITY, object_id=activity.pk, title=joined(activity.code, activity.title),
                       body=body, url=reverse("partnerships:workplan_detail", args=[workplan.pk]),
                       owner=("activity", activity.pk), convention=partnership.convention.acronym,
                       year=activity.start.year if activity.start else None)


def contributions_loaded(query: Q | None = None):
    qs = Contribution.objects.select_related("organization", "convention", "partnership")
    return qs.filter(query) if query is not None else qs


def contributions_documents(contributions: Iterable[Contribution]) -> Iterator[Doc]:
    """Yield one document per partner contribution, drafts included (contributions_visible_to decides)."""
    for c in contributions:
        body = joined(c.summary, c.organization.name, c.get_status_display(),
                      c.partnership.title if c.partnership_id else "")
        yield document(kind=Doc.CONTRIBUTION, object_id=c.pk, title=c.title, body=body,
                       url=reverse("partnerships:contribution_detail", args=[c.pk]), owner=("contribution", c.pk),
                       convention=c.convention.acronym, year=c.period_end.year if c.period_end else None)


# --- reporting: questionnaire questions, one document per language of their text ---------------------------

def in_language(texts: dict, language: str, default: str) -> str:
    return str((texts or {}).get(language) or default or "")


def questionnaires_documents(questionnaires: Iterable[Questionnaire]) -> Iterator[Doc]:
    """Yield the documents of the current questions of `questionnaires`, one per language of their title."""
    ids = [q.pk for q in questionnaires]
    questions = (Question.objects.filter(questionnaire_id__in=ids, retired_at__isnull=True)
                 .select_related("questionnaire__convention", "section").order_by("questionnaire_id", "order", "pk")
                 .iterator(chunk_size=2000))
    for question in questions:
        questionnaire = question.questionnaire
        primary = next((lang for lang in questionnaire.languages or [] if lang in LANGUAGES), "en")
        titles = {primary: question.title, **{lang: text for lang, text in (question.titles or {}).items()
                                              if lang in LANGUAGES and text}}
        languages = sorted(titles)
        fallback = "en" if "en" in titles else primary
        prefix = joined(questionnaire.convention.acronym, questionnaire.cycle, question.number)
        for lang, text in titles.items():
            options = [in_language(o.get("labels"), lang, o.get("label")) for o in question.options or []
                       if isinstance(o, dict)]
            body = joined(questionnaire.title, in_language(question.section.titles, lang, question.section.title),
                          question.help if lang == primary else "", *options)
            yield document(kind=Doc.QUESTION, object_id=question.pk, title=f"{prefix}: {text}", body=body,
                           url=reverse("reporting:questionnaire", args=[questionnaire.code]), language=lang,
                           languages=languages, fallback=lang == fallback, owner=("questionnaire", questionnaire.pk),
                           convention=questionnaire.convention.acronym,
                           year=questionnaire.deadline.year if questionnaire.deadline else None)


# --- reporting: national reports (drafts included) and their answers --------------------------------------

def reports_loaded(query: Q | None = None):
    qs = Report.objects.select_related("questionnaire__convention", "country")
    return qs.filter(query) if query is not None else qs


def answer_text(question: Question, value, raw: str = "") -> str:
    """Return the words of an answer: texts and numbers as typed, chosen options by their labels."""
    labels = {str(o.get("value")): str(o.get("label") or "") for o in question.options or [] if isinstance(o, dict)}
    parts: list[str] = []

    def walk(v) -> None:
        if isinstance(v, dict):
            for item in v.values():
                walk(item)
        elif isinstance(v, list):
            for item in v:
                walk(item)
        elif v is not None and not isinstance(v, bool):
            parts.append(labels.get(str(v)) or str(v))

    walk(value)
    return joined(*parts, raw)


def reports_documents(reports: Iterable[Report]) -> Iterator[Doc]:
    """Yield one document per report and one per answer with words in it.

    A report's document names the country, the questionnaire and the status, and follows report_visible_to; each
    answer follows answer_visible_to, so a delegate finds the answers of the sections delegated to them only.
    """
    by_id = {r.pk: r for r in reports}
    urls = {pk: reverse("reporting:report", args=[pk]) for pk in by_id}  # once a report, not once an answer
    for report in by_id.values():
        questionnaire = report.questionnaire
        yield document(kind=Doc.REPORT, object_id=report.pk, title=f"{report.country.name}: {questionnaire.title}",
                       body=joined(report.country.iso3, questionnaire.cycle, questionnaire.convention.name,
                                   report.get_status_display()),
                       url=urls[report.pk], owner=("report", report.pk),
                       convention=questionnaire.convention.acronym, year=report_year(report))
    answers = (Answer.objects.filter(report_id__in=list(by_id)).select_related("question")
               .order_by("report_id", "pk").iterator(chunk_size=2000))
    for answer in answers:
        text = answer_text(answer.question, answer.value, answer.raw)
        if not text:
            continue
        report = by_id[answer.report_id]
        question = answer.question
        yield document(kind=Doc.ANSWER, object_id=answer.pk,
                       title=f"{report.country.name} {joined(report.questionnaire.cycle, question.number)}: "
                             f"{question.title}",
                       body=text, url=urls[report.pk], owner=("answer", answer.pk),
                       convention=report.questionnaire.convention.acronym, year=report_year(report))


def report_year(report: Report) -> int | None:
    when = report.submitted_at or report.created_at
    return when.year if when else None
