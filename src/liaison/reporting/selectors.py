"""Reads of national reporting: the report view with its prefilled answers, workspaces, dashboards."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from liaison.catalogue.models import Country, Membership
from liaison.reporting.models import (
    Answer,
    Delegation,
    Question,
    QuestionLink,
    Questionnaire,
    Report,
    Section,
)
from liaison.reporting.values import value_carry, value_display


def questionnaire_list(*, convention: str | None = None):
    """Return the questionnaires with their question counts."""
    found = Questionnaire.objects.select_related("convention").annotate(n_questions=Count("questions"))
    return found.filter(convention__acronym__iexact=convention) if convention else found


def questionnaire_get(*, code: str) -> Questionnaire:
    return Questionnaire.objects.select_related("convention", "previous").get(code=code)


def source_label(answer: Answer) -> str:
    """Return where a linked answer comes from, e.g. 'CBD 7th national report (Kenya), answered on 2025-11-03'."""
    q = answer.report.questionnaire
    return _("%(convention)s %(cycle)s, answered on %(date)s") % {
        "convention": q.convention.acronym, "cycle": q.cycle, "date": answer.updated_at.date().isoformat()}


def linked_answers(*, report: Report, question_ids: list[int]) -> dict[int, tuple[object, Answer, QuestionLink]]:
    """Return {question id: (value, source answer, link)} from the country's answers to linked questions."""
    links = list(QuestionLink.objects.filter(status=QuestionLink.ACCEPTED).filter(
        Q(target_id__in=question_ids) | Q(source_id__in=question_ids, relation=QuestionLink.SAME),
    ).select_related("source", "target"))
    if not links:
        return {}
    wanted: dict[int, list[tuple[int, QuestionLink, bool]]] = defaultdict(list)
    for link in links:
        if link.target_id in question_ids:
            wanted[link.source_id].append((link.target_id, link, True))
        if link.source_id in question_ids and link.relation == QuestionLink.SAME:
            wanted[link.target_id].append((link.source_id, link, False))
    # The country's few other reports first: the (report, question) index then finds their answers directly.
    others = list(Report.objects.filter(country_id=report.country_id).exclude(pk=report.pk).values_list("pk", flat=True))
    answers = (Answer.objects.filter(report_id__in=others, question_id__in=wanted, block=0,
                                     value__isnull=False, error="")
               .select_related("report__questionnaire__convention")
               .order_by("-report__submitted_at", "-updated_at"))
    found: dict[int, tuple[object, Answer, QuestionLink]] = {}
    for answer in answers:
        for question_id, link, forward in wanted[answer.question_id]:
            if question_id in found:
                continue
            value = value_carry(link, answer.value, forward=forward)
            if value is not None:
                found[question_id] = (value, answer, link)
    return found


def question_visible(question: Question, values: dict[str, object]) -> bool:
    """Return True when `question` is shown given the answers so far (any show_if rule holding shows it)."""
    if not question.show_if:
        return True
    for rule in question.show_if:
        answer = values.get(rule.get("question"))
        chosen = set(answer) if isinstance(answer, list) else ({answer} if answer is not None else set())
        hit = bool(chosen & set(rule.get("values") or []))
        if rule.get("negate"):
            hit = answer is not None and not hit
        if hit:
            return True
    return False


def report_view(*, report: Report, sections: set[int] | None = None) -> dict:
    """Return the report as pages show it: sections in order, each question with its answer or prefill."""
    section_rows = list(Section.objects.filter(questionnaire_id=report.questionnaire_id))
    if sections is not None:
        section_rows = [s for s in section_rows if s.pk in sections]
    allowed = {s.pk for s in section_rows}
    questions = [q for q in Question.objects.filter(questionnaire_id=report.questionnaire_id)
                 if q.section_id in allowed]
    answers = {(a.question_id, a.block): a for a in
               Answer.objects.filter(report=report, question__in=[q.pk for q in questions])
               .select_related("source_answer__report__questionnaire__convention", "updated_by")}
    empty = [q.pk for q in questions if (q.pk, 0) not in answers and q.kind != Question.HEADER]
    prefills = linked_answers(report=report, question_ids=empty) if empty else {}
    values = {q.key: (answers[(q.pk, 0)].value if (q.pk, 0) in answers else
                      prefills.get(q.pk, (None,))[0]) for q in questions}
    by_section: dict[int, list[dict]] = defaultdict(list)
    blocks: dict[int, int] = defaultdict(lambda: 1)
    for (question_id, block) in answers:
        blocks[question_id] = max(blocks[question_id], block + 1)
    section_of = {s.pk: s for s in section_rows}
    section_blocks: dict[int, int] = defaultdict(lambda: 1)
    for q in questions:
        section_blocks[q.section_id] = max(section_blocks[q.section_id], blocks[q.pk])
    for q in questions:
        n_blocks = section_blocks[q.section_id] if section_of[q.section_id].repeating else 1
        for block in range(n_blocks):
            answer = answers.get((q.pk, block))
            prefill = prefills.get(q.pk) if block == 0 and answer is None else None
            item = {"question": q, "block": block, "answer": answer, "visible": question_visible(q, values),
                    "value": answer.value if answer else (prefill[0] if prefill else None),
                    "version": answer.version if answer else 0, "prefill": None, "source": None}
            if prefill:
                item["prefill"] = {"answer_id": prefill[1].pk, "label": source_label(prefill[1])}
            elif answer and answer.source_answer_id:
                item["source"] = source_label(answer.source_answer) if answer.source_answer else answer.source_note
            elif answer and answer.origin == Answer.PREFILL and answer.source_note:
                item["source"] = answer.source_note  # the source answer was deleted; its description stays
            item["display"] = value_display(q, item["value"])
            by_section[q.section_id].append(item)
    for items in by_section.values():
        items.sort(key=lambda item: item["block"])  # stable: question order within each block
    ordered = sections_ordered(section_rows)
    return {"report": report, "sections": [{"section": s, "depth": depth, "items": by_section[s.pk]}
                                           for s, depth in ordered],
            "n_questions": sum(1 for q in questions if q.kind != Question.HEADER),
            "n_answered": sum(1 for (qid, b) in answers if b == 0 and answers[(qid, b)].value is not None),
            "n_prefilled": len(prefills),
            "n_carried": sum(1 for a in answers.values() if a.origin == Answer.PREFILL and a.value is not None)}


def sections_ordered(rows: list[Section]) -> list[tuple[Section, int]]:
    """Return sections depth-first in questionnaire order, each with its depth (sub-sections under parents)."""
    children: dict[int | None, list[Section]] = defaultdict(list)
    ids = {s.pk for s in rows}
    for s in sorted(rows, key=lambda s: s.order):
        children[s.parent_id if s.parent_id in ids else None].append(s)
    out: list[tuple[Section, int]] = []

    def walk(parent, depth):
        for s in children[parent]:
            out.append((s, depth))
            walk(s.pk, depth + 1)

    walk(None, 0)
    return out


def workspace_for(*, user) -> dict:
    """Return a focal point's or contributor's reports, what they may start, delegations and deadlines."""
    from liaison.accounts.models import Role

    roles = list(Role.objects.filter(user=user, kind=Role.FOCAL_POINT).select_related("country", "convention"))
    rows = []
    for role in roles:
        for questionnaire in Questionnaire.objects.filter(convention=role.convention).select_related("convention"):
            report = Report.objects.filter(questionnaire=questionnaire, country=role.country).first()
            rows.append({"questionnaire": questionnaire, "country": role.country, "report": report,
                         "days_left": (questionnaire.deadline - dt.date.today()).days
                         if questionnaire.deadline else None})
    delegated = (Delegation.objects.filter(user=user).select_related("report__questionnaire__convention",
                                                                      "report__country", "section"))
    delegated = list(delegated)
    mine = rows + [{"questionnaire": d.report.questionnaire, "country": d.report.country, "report": d.report,
                    "days_left": (d.report.questionnaire.deadline - dt.date.today()).days
                    if d.report.questionnaire.deadline else None} for d in delegated]
    for row in mine:
        row["days_overdue"] = -row["days_left"] if row["days_left"] is not None and row["days_left"] < 0 else 0
    seen: set[tuple[int, int]] = set()
    deadlines = []
    for row in sorted((r for r in mine if r["questionnaire"].deadline and not
                       (r["report"] and r["report"].status == Report.SUBMITTED)),
                      key=lambda r: r["questionnaire"].deadline):
        if (row["questionnaire"].pk, row["country"].pk) not in seen:
            seen.add((row["questionnaire"].pk, row["country"].pk))
            deadlines.append(row)
    return {"rows": rows, "delegated": delegated, "deadlines": deadlines}


def parties_expected(*, convention):
    """Return (country ids expected to report, the convention whose party list gives them).

    The catalogue has no party list of the protocols (IEADB snapshot): their parent convention's is used.
    """
    for source in (convention, convention.parent):
        if source is None:
            continue
        ids = list(Membership.objects.filter(convention=source)
                   .filter(Q(entry_into_force__isnull=False) | Q(ratification__isnull=False))
                   .values_list("country_id", flat=True))
        if ids:
            return ids, source
    return [], None


def convention_status(*, questionnaire: Questionnaire) -> list[dict]:
    """Return, for every party of the questionnaire's convention, whether its report is submitted, underway or not started."""
    parties = parties_expected(convention=questionnaire.convention)[0]
    reports = {r.country_id: r for r in Report.objects.filter(questionnaire=questionnaire)
               .annotate(n_answers=Count("answers", filter=Q(answers__value__isnull=False)))}
    countries = Country.objects.filter(Q(pk__in=list(parties)) | Q(pk__in=list(reports))).order_by("name")
    total = questionnaire.questions.exclude(kind=Question.HEADER).count() or 1
    out = []
    for country in countries:
        report = reports.get(country.pk)
        if report is None:
            state = "not_started"
        elif report.status == Report.SUBMITTED:
            state = "submitted"
        else:
            state = "underway"
        out.append({"country": country, "report": report, "state": state,
                    "progress": round(100 * (report.n_answers if report else 0) / total)})
    return out


def reminders_due(*, today: dt.date, days: int) -> list[dict]:
    """Return the parties' reports not submitted whose deadline is within `days` days (or past)."""
    due = []
    for questionnaire in Questionnaire.objects.filter(deadline__isnull=False).select_related("convention"):
        left = (questionnaire.deadline - today).days
        if left > days:
            continue
        for row in convention_status(questionnaire=questionnaire):
            if row["state"] != "submitted":
                due.append({"questionnaire": questionnaire, "country": row["country"], "state": row["state"],
                            "days_to_deadline": left})
    return due
