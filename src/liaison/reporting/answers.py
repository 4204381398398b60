"""Writes of answers: one (the web form, the API) or many of one report at once (an offline file), and their
propagation into the linked questions of the country's other open reports.

`answers_save` is set-based: it checks every answer in the order given, then writes the answers, their audit
events and their propagation with a few statements whatever their number (one query per table), as saving
them one by one with `answer_save` would, which is `answers_save` of one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from liaison.core.bulk import rows_update
from liaison.core.grouped import writes_grouped
from liaison.core.services import audit_record_many
from liaison.core.text import text_clean
from liaison.reporting.models import Answer, Question, QuestionLink, Report
from liaison.reporting.permissions import (
    delegated_sections,
    report_can_edit,
    report_can_manage,
    report_check_edit,
    report_visible_to,
)
from liaison.reporting.selectors import source_label
from liaison.reporting.values import TEXT_MAX, AnswerValueError, value_carry, value_clean

SAVED = ["value", "raw", "error", "version", "origin", "source_answer", "source_note", "updated_by", "updated_at"]
CARRIED = ["value", "version", "origin", "source_answer", "source_note", "updated_by", "updated_at"]


class AnswerConflict(Exception):
    """Someone saved this answer since the version the client had: both values go back to the client."""

    def __init__(self, answer: Answer):
        self.answer = answer
        super().__init__("stale version")


@dataclass(frozen=True)
class AnswerWrite:
    """One answer to store: its question, the value as typed, the version the writer read, its block."""

    question: Question
    value: Any
    version: int | None
    block: int = 0


def person(user):
    """Return `user` when it is a stored account (what a foreign key can hold), None for the system actor."""
    return user if getattr(user, "pk", None) else None


def answer_save(*, user, report: Report, question: Question, value, version: int, block: int = 0,
                note: str = "") -> Answer:
    """Store an answer; a value that does not fit is kept as typed, with the reason (answer.error).

    `note` says where a value typed elsewhere came from (an offline file); it becomes the answer's source.
    """
    return answers_save(user=user, report=report, writes=[AnswerWrite(question, value, version, block)], note=note)[0]


def answers_save(*, user, report: Report, writes: list[AnswerWrite], note: str = "") -> list[Answer]:
    """Store answers of `report` as `answer_save` stores each in turn, all or none; return them in the order given.

    Each answer is checked in that order (`report_check_edit`, then its version: AnswerConflict) before anything
    is written; then one update and one insert of answers, one insert of audit events, one pass of propagation.
    """
    if not writes:
        return []
    delegated = None if report_can_manage(user=user, report=report) else \
        delegated_sections(user).get(report.pk, set())
    now, who, source = timezone.now(), person(user), text_clean(note)[:300]
    with transaction.atomic(), writes_grouped():  # the report's search documents refreshed once, at the end
        current = {(a.question_id, a.block): a for a in Answer.objects.select_for_update()
                   .filter(report=report, question_id__in={w.question.pk for w in writes})}
        saved, created, events = [], {}, []
        for write in writes:
            question, block = write.question, write.block
            report_check_edit(user=user, report=report, question=question, delegated=delegated)
            answer = current.get((question.pk, block))
            if answer is not None and answer.version != write.version:
                raise AnswerConflict(answer)
            if answer is None and write.version not in (0, None):
                raise AnswerConflict(Answer(report=report, question=question, block=block, version=0))
            if answer is None:
                answer = current[(question.pk, block)] = created[(question.pk, block)] = \
                    Answer(report=report, question=question, block=block, version=0)
            before = answer.value
            try:
                answer.value, answer.raw, answer.error = value_clean(question, write.value), "", ""
            except AnswerValueError as exc:
                # kept as typed, but as text every page and export can write (no lone surrogate, no control)
                answer.raw = text_clean(write.value if isinstance(write.value, str) else str(write.value))[:TEXT_MAX]
                answer.error = text_clean(str(exc))[:300]
            answer.version += 1
            answer.origin, answer.source_answer, answer.source_note = Answer.TYPED, None, source
            answer.updated_by, answer.updated_at = who, now
            saved.append(answer)
            events.append(("answer", report, {"question": question.key, "block": block, "before": before,
                                              "after": answer.value, "error": answer.error,
                                              **({"note": note} if note else {})}))
        written = list({id(a): a for a in saved}.values())  # an answer given twice is written once, as it ends
        answers_update(answers=[a for a in written if a.pk], fields=SAVED)
        answers_insert(report=report, answers=list(created.values()))
        audit_record_many(actor=user, events=events)
        answers_propagate(report=report, answers=[a for a in written if not a.error and a.block == 0], user=user)
    return saved


def answers_update(*, answers: list[Answer], fields: list[str]) -> None:
    """Write these fields of stored answers with one statement, as each one's `save` would write them."""
    rows_update(Answer, answers, fields)


def answers_insert(*, report: Report, answers: list[Answer]) -> None:
    """Insert new answers; raise AnswerConflict with the one someone stored meanwhile (two first saves at once)."""
    if not answers:
        return
    try:
        with transaction.atomic():  # the second of two first saves meets the first one's row
            Answer.objects.bulk_create(answers)
    except IntegrityError:
        for answer in answers:
            stored = Answer.objects.filter(report=report, question_id=answer.question_id, block=answer.block).first()
            if stored is not None:
                raise AnswerConflict(stored) from None
        raise


def answer_propagate(*, answer: Answer, user) -> int:
    """Carry a new answer into the linked questions of the country's other open reports (not over typed answers)."""
    return answers_propagate(report=answer.report, answers=[answer], user=user)


def answers_propagate(*, report: Report, answers: list[Answer], user) -> int:
    """Carry new answers of `report` into the linked questions of the country's other open reports, in one pass.

    Not over typed answers, and only into reports and questions `user` may edit: a contributor's answer never
    reaches a report of a convention (or a section) they have no access to. The answers are carried in the order
    given, as one `answer_propagate` after another would; returns how many linked answers were written.
    """
    question_ids = {a.question_id for a in answers}
    if not question_ids:
        return 0
    # one query, unordered (most questions have no link: then the only query here)
    links = list(QuestionLink.objects.filter(status=QuestionLink.ACCEPTED)
                 .filter(Q(source_id__in=question_ids) | Q(target_id__in=question_ids, relation=QuestionLink.SAME))
                 .order_by())
    if not links:
        return 0
    pairs: dict[int, list[tuple[QuestionLink, int, bool]]] = {}
    for question_id in question_ids:
        pairs[question_id] = [(link, link.target_id, True) for link in links if link.source_id == question_id]
        pairs[question_id] += [(link, link.source_id, False) for link in links
                               if link.source_id != question_id and link.target_id == question_id]
    targets = {q.pk: q for q in Question.objects.select_related("section")
               .filter(pk__in={other for found in pairs.values() for _link, other, _f in found})}
    reports: dict[int, list[Report]] = {}
    for other_report in (report_visible_to(user).filter(country=report.country_id,
                                                        questionnaire__in={q.questionnaire_id for q in targets.values()})
                         .exclude(status=Report.SUBMITTED).select_related("questionnaire__convention").order_by("pk")):
        reports.setdefault(other_report.questionnaire_id, []).append(other_report)
    others = {(a.report_id, a.question_id): a for a in Answer.objects.filter(
        report__in=[r for found in reports.values() for r in found], question_id__in=targets, block=0)}
    delegations = delegated_sections(user)
    who, now, changed, created, n = person(user), timezone.now(), {}, {}, 0
    for answer in answers:
        for link, question_id, forward in pairs[answer.question_id]:
            value = value_carry(link, answer.value, forward=forward)
            if value is None:
                continue
            question = targets[question_id]
            for other_report in reports.get(question.questionnaire_id, []):
                if not report_can_edit(user=user, report=other_report, question=question,
                                       delegated=delegations.get(other_report.pk, set())):
                    continue
                key = (other_report.pk, question_id)
                other = others.get(key)
                if other is not None and (other.origin == Answer.TYPED or other.value == value):
                    continue
                if other is None:
                    other = others[key] = created[key] = Answer(report=other_report, question_id=question_id,
                                                                version=0)
                elif other.pk:
                    changed[key] = other
                other.value, other.version, other.origin = value, other.version + 1, Answer.PREFILL
                other.source_answer, other.source_note = answer, source_label(answer)[:300]
                other.updated_by, other.updated_at = who, now
                n += 1
    answers_update(answers=list(changed.values()), fields=CARRIED)
    Answer.objects.bulk_create(list(created.values()))
    return n
