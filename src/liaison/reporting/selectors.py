"""Reads of national reporting: the report view with its prefilled answers, workspaces, dashboards.

Every selector takes the reader and starts from the filters of `reporting.permissions`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Country, Membership
from liaison.core.errors import NotFound
from liaison.reporting.cycles import CURRENT as CYCLE_CURRENT
from liaison.reporting.cycles import LABELS as CYCLE_LABELS
from liaison.reporting.cycles import OPEN, OVERDUE, cycle_closed, cycle_state, days_overdue, today_default
from liaison.reporting.cycles import STATES as CYCLE_STATES
from liaison.reporting.models import (
    Answer,
    Delegation,
    Question,
    QuestionLink,
    Questionnaire,
    ReopenRequest,
    Report,
    Section,
)
from liaison.reporting.permissions import (
    answer_visible_to,
    questionnaire_visible_to,
    reopen_request_visible_to,
    report_progress_visible_to,
    report_sections_for,
    report_visible_to,
)
from liaison.reporting.values import value_carry, value_display


def questionnaire_list(*, user, convention: str | None = None):
    """Return the questionnaires `user` may read, with their question counts (retired ones not counted)."""
    found = (questionnaire_visible_to(user).select_related("convention")
             .annotate(n_questions=Count("questions", filter=Q(questions__retired_at__isnull=True))))
    return found.filter(convention__acronym__iexact=convention) if convention else found


def questionnaire_get(*, user, code: str) -> Questionnaire:
    """Return the questionnaire `code` if `user` may read it; raise NotFound otherwise."""
    found = questionnaire_visible_to(user).select_related("convention", "previous").filter(code=code).first()
    if found is None:
        raise NotFound(_("No such questionnaire."))
    return found


def questionnaire_retired_count(*, code: str) -> int:
    """Return how many questions of questionnaire `code` are retired (0 when it is not loaded)."""
    return Question.objects.filter(questionnaire__code=code, retired_at__isnull=False).count()


def country_get(*, iso3: str) -> Country:
    """Return the country of ISO 3166 alpha-3 code `iso3`; raise NotFound otherwise."""
    found = Country.objects.filter(iso3=str(iso3).upper()[:3]).first()
    if found is None:
        raise NotFound(_("No such country."))
    return found


def question_links_list(*, user, conventions, questionnaire: str | None = None, status: str | None = None):
    """Return the links touching `conventions` between questionnaires `user` may read, optionally of one."""
    visible = questionnaire_visible_to(user)
    found = (QuestionLink.objects.filter(source__questionnaire__in=visible, target__questionnaire__in=visible)
             .filter(Q(source__questionnaire__convention__in=conventions)
                     | Q(target__questionnaire__convention__in=conventions))
             .select_related("source__questionnaire", "target__questionnaire"))
    if questionnaire:
        found = found.filter(Q(source__questionnaire__code=questionnaire) | Q(target__questionnaire__code=questionnaire))
    if status:
        found = found.filter(status=status)
    return found.order_by("source__questionnaire__code", "source__order", "target__questionnaire__code",
                          "target__order", "pk")


def source_label(answer: Answer) -> str:
    """Return where a linked answer comes from, e.g. 'CBD 7th national report (Kenya), answered on 2025-11-03'."""
    q = answer.report.questionnaire
    return _("%(convention)s %(cycle)s, answered on %(date)s") % {
        "convention": q.convention.acronym, "cycle": q.local_cycle, "date": answer.updated_at.date().isoformat()}


def linked_answers(*, user, report: Report, question_ids: list[int]) -> dict[int, tuple[object, Answer, QuestionLink]]:
    """Return {question id: (value, source answer, link)} from the country's answers to linked questions.

    Only answers `user` may read are sources: a linked value never shows a reader what they may not see.
    """
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
    # The country's few other reports the reader may see first: the (report, question) index then finds their
    # answers directly.
    others = list(report_visible_to(user).filter(country_id=report.country_id).exclude(pk=report.pk)
                  .values_list("pk", flat=True))
    if not others:
        return {}
    answers = (answer_visible_to(user).filter(report_id__in=others, question_id__in=wanted, block=0,
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


def report_view(*, user, report: Report) -> dict:
    """Return the report as `user` sees it: sections in order, each question with its answer or prefill.

    Questions a new version of the questionnaire dropped (retired) are shown only where they hold an answer.
    A fixed number of queries, however many questions and answers the report has.
    """
    sections = report_sections_for(user=user, report=report)
    section_rows = list(Section.objects.filter(questionnaire_id=report.questionnaire_id))
    if sections is not None:
        section_rows = [s for s in section_rows if s.pk in sections]
    allowed = {s.pk for s in section_rows}
    questions = [q for q in Question.objects.filter(questionnaire_id=report.questionnaire_id)
                 if q.section_id in allowed]
    answers = {(a.question_id, a.block): a for a in
               Answer.objects.filter(report=report, question__section_id__in=allowed)
               .select_related("source_answer__report__questionnaire__convention", "updated_by")}
    kept = {qid for (qid, _b), a in answers.items() if a.value is not None or a.raw}
    questions = [q for q in questions if q.retired_at is None or q.pk in kept]
    empty = [q.pk for q in questions if (q.pk, 0) not in answers and q.kind != Question.HEADER
             and q.retired_at is None]
    prefills = linked_answers(user=user, report=report, question_ids=empty) if empty else {}
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
                    "version": answer.version if answer else 0, "prefill": None, "source": None,
                    "retired": q.retired_at is not None}
            if prefill:
                item["prefill"] = {"answer_id": prefill[1].pk, "label": source_label(prefill[1])}
            elif answer and answer.source_answer_id:
                item["source"] = source_label(answer.source_answer) if answer.source_answer else answer.source_note
            elif answer and answer.source_note:  # a prefill whose source was deleted, or an offline file's
                item["source"] = answer.source_note
            item["display"] = value_display(q, item["value"])
            by_section[q.section_id].append(item)
    for items in by_section.values():
        items.sort(key=lambda item: item["block"])  # stable: question order within each block
    ordered = [(s, depth) for s, depth in sections_ordered(section_rows)
               if s.retired_at is None or by_section[s.pk]]
    current = [q for q in questions if q.retired_at is None]
    return {"report": report, "sections": [{"section": s, "depth": depth, "items": by_section[s.pk]}
                                           for s, depth in ordered],
            "partial": sections is not None,
            "n_questions": sum(1 for q in current if q.kind != Question.HEADER),
            "n_answered": sum(1 for q in current if (q.pk, 0) in answers and answers[(q.pk, 0)].value is not None),
            "n_retired": sum(1 for q in questions if q.retired_at is not None),
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


def workspace_row(*, questionnaire: Questionnaire, country: Country, report: Report | None, today: dt.date) -> dict:
    """Return one line of a workspace: the report (None: not started), its cycle state and its days to go."""
    state = cycle_state(questionnaire=questionnaire, report=report, today=today)
    return {"questionnaire": questionnaire, "country": country, "report": report, "cycle_state": state,
            "cycle_label": CYCLE_LABELS[state],
            "days_left": (questionnaire.deadline - today).days if questionnaire.deadline else None,
            "days_overdue": days_overdue(questionnaire=questionnaire, state=state, today=today)}


def workspace_for(*, user, today: dt.date | None = None) -> dict:
    """Return a focal point's or contributor's reports, what they may start, delegations and deadlines.

    `rows` are the reports of the cycles not closed (they ask for work or were submitted in them), `history`
    those of closed cycles (submitted or not submitted), `deadlines` the rows not submitted whose cycle is
    open or upcoming, by deadline. Only `overdue` rows count as overdue.
    """
    today = today_default(today)
    access = access_for(user)
    pairs = sorted(access.focal_points, key=lambda p: (p[0], p[1] or 0))
    countries = {c.pk: c for c in Country.objects.filter(pk__in={c for c, _ in pairs})}
    questionnaires = list(Questionnaire.objects.filter(
        convention_id__in={conv for _, conv in pairs if conv is not None}).select_related("convention"))
    reports = {(r.questionnaire_id, r.country_id): r for r in report_visible_to(user).filter(
        country_id__in=list(countries), questionnaire__in=questionnaires)}
    every = []
    for country_id, convention_id in pairs:
        for questionnaire in questionnaires:
            if questionnaire.convention_id != convention_id:
                continue
            every.append(workspace_row(questionnaire=questionnaire, country=countries[country_id],
                                       report=reports.get((questionnaire.pk, country_id)), today=today))
    rows = [r for r in every if not cycle_closed(questionnaire=r["questionnaire"], today=today)]
    history = [r for r in every if cycle_closed(questionnaire=r["questionnaire"], today=today)]
    delegated = list(Delegation.objects.filter(user_id=access.user_id)
                     .select_related("report__questionnaire__convention", "report__country", "section"))
    mine = rows + [workspace_row(questionnaire=d.report.questionnaire, country=d.report.country, report=d.report,
                                 today=today) for d in delegated]
    seen: set[tuple[int, int]] = set()
    deadlines = []
    for row in sorted((r for r in mine if r["questionnaire"].deadline and r["cycle_state"] in CYCLE_CURRENT),
                      key=lambda r: r["questionnaire"].deadline):
        if (row["questionnaire"].pk, row["country"].pk) not in seen:
            seen.add((row["questionnaire"].pk, row["country"].pk))
            deadlines.append(row)
    return {"rows": rows, "history": history, "delegated": delegated, "deadlines": deadlines,
            "n_overdue": sum(1 for r in deadlines if r["cycle_state"] == OVERDUE)}


def staff_conventions(*, user):
    """Return the conventions whose secretariat `user` serves (every convention with a questionnaire for admins)."""
    from liaison.catalogue.models import Convention

    access = access_for(user)
    if access.everything:
        return Convention.objects.filter(questionnaires__isnull=False).distinct()
    served = [c for c in access.secretariat if c is not None]
    return Convention.objects.filter(Q(pk__in=served) | Q(kind="protocol", parent_id__in=served))


def reopen_requests_pending(*, user, conventions) -> list[ReopenRequest]:
    """Return the pending reopen requests `user` may read, of reports of `conventions`."""
    return list(reopen_request_visible_to(user).filter(status=ReopenRequest.PENDING,
                                                       report__questionnaire__convention__in=conventions)
                .select_related("report__country", "report__questionnaire__convention", "requested_by"))


def question_links_for_review(*, user, status: str, conventions):
    """Return the question links of `status` touching a convention of `conventions` (staff's review list)."""
    visible = questionnaire_visible_to(user)
    return (QuestionLink.objects.filter(status=status, source__questionnaire__in=visible,
                                        target__questionnaire__in=visible)
            .filter(Q(source__questionnaire__convention__in=conventions)
                    | Q(target__questionnaire__convention__in=conventions))
            .select_related("source__questionnaire__convention", "target__questionnaire__convention"))


def parties_expected(*, convention):
    """Return (country ids expected to report, the convention whose party list gives them, or None).

    Only the convention's own parties (data/party_memberships_manyenviron, then IEADB): a protocol with no party
    data on hand shows only the countries that started a report, never its parent convention's parties.
    """
    ids = list(Membership.objects.filter(convention=convention)
               .filter(Q(entry_into_force__isnull=False) | Q(ratification__isnull=False))
               .values_list("country_id", flat=True))
    return (ids, convention) if ids else ([], None)


def convention_status(*, user, questionnaire: Questionnaire, today: dt.date | None = None) -> list[dict]:
    """Return, for every party of the questionnaire's convention, where its report stands, as `user` may see it.

    Each row's `cycle_state` says where the report stands in the cycle on `today` (submitted, overdue,
    closed_not_submitted...): public, as it follows from whether the report is submitted and from the dates.
    Everyone sees whether a party's report is submitted. Whether a report is underway or not started, and how
    much of it is answered, only staff of the convention see (for every party) and a focal point or delegate
    (for their own country); everyone else reads "not_submitted", with no progress.
    """
    from liaison.reporting.permissions import staff_of

    today = today_default(today)
    parties = parties_expected(convention=questionnaire.convention)[0]
    access = access_for(user)
    every_row = staff_of(user, convention=questionnaire.convention)
    reports = {r.country_id: r for r in Report.objects.filter(questionnaire=questionnaire)}
    detailed = {r.country_id: r for r in report_progress_visible_to(user).filter(questionnaire=questionnaire)
                .annotate(n_answers=Count("answers", filter=Q(answers__value__isnull=False, answers__block=0,
                                                              answers__question__retired_at__isnull=True)))}

    def detail_shown(country_id: int) -> bool:
        return every_row or country_id in detailed or access.is_focal_point(country_id, questionnaire.convention_id)

    # a country outside the party list appears once it submitted, or to those who may see its draft
    shown_reports = [c for c, r in reports.items() if r.status == Report.SUBMITTED or detail_shown(c)]
    countries = Country.objects.filter(Q(pk__in=list(parties)) | Q(pk__in=shown_reports)).order_by("name")
    total = questionnaire.questions.exclude(kind=Question.HEADER).filter(retired_at__isnull=True).count() or 1
    out = []
    for country in countries:
        report = reports.get(country.pk)
        detail = detail_shown(country.pk)
        if report is not None and report.status == Report.SUBMITTED:
            state = "submitted"
        elif not detail:
            state = "not_submitted"
        else:
            state = "underway" if report is not None else "not_started"
        counted = detailed.get(country.pk)
        progress = round(100 * min(counted.n_answers, total) / total) if counted is not None else (
            0 if detail else None)
        out.append({"country": country, "state": state, "progress": progress,
                    "cycle_state": cycle_state(questionnaire=questionnaire, report=report, today=today),
                    "report": report if (detail or state == "submitted") else None})
    return out


def convention_status_counts(rows: list[dict]) -> dict[str, int]:
    """Return how many rows of `convention_status` are in each state and each cycle state (`overdue` alone
    counts as overdue: a report not submitted for a closed cycle is `closed_not_submitted`)."""
    counts = {state: sum(1 for r in rows if r["state"] == state)
              for state in ("submitted", "underway", "not_started", "not_submitted")}
    counts.update({f"cycle_{state}": sum(1 for r in rows if r["cycle_state"] == state) for state in CYCLE_STATES})
    counts["overdue"] = counts["cycle_overdue"]
    return counts


def reminders_due(*, user, today: dt.date, days: int) -> list[dict]:
    """Return the parties' reports not submitted whose deadline is within `days` days (or past), as `user` sees
    them, in cycles open on `today`: a cycle not open yet or closed asks for no report, so gets no reminder."""
    due = []
    for questionnaire in Questionnaire.objects.filter(deadline__isnull=False).select_related("convention"):
        left = (questionnaire.deadline - today).days
        if left > days or cycle_state(questionnaire=questionnaire, report=None, today=today) not in (OPEN, OVERDUE):
            continue
        for row in convention_status(user=user, questionnaire=questionnaire, today=today):
            if row["state"] != "submitted":
                due.append({"questionnaire": questionnaire, "country": row["country"], "state": row["state"],
                            "cycle_state": row["cycle_state"], "days_to_deadline": left})
    return due


def questionnaire_cycle_state(*, questionnaire: Questionnaire, today: dt.date | None = None) -> str:
    """Return the state on `today` of a report not submitted for `questionnaire`: upcoming, open, overdue or
    closed_not_submitted (the phase of its cycle)."""
    return cycle_state(questionnaire=questionnaire, report=None, today=today_default(today))
