"""Writes of national reports: start (with prefill), save answers, delegate, submit, reopen, remind.

Every service checks its write itself (`reporting.permissions`); loaders and the command line pass
`core.actors.system_actor(...)` as the user.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import Conflict, Invalid
from liaison.core.services import audit_record
from liaison.core.text import text_clean
from liaison.reporting.answers import (  # noqa: F401  (their callers import them from here)
    AnswerConflict,
    AnswerWrite,
    answer_propagate,
    answer_save,
    answers_save,
    person,
)
from liaison.reporting.cycles import cycle_closed, today_default
from liaison.reporting.models import (
    Answer,
    Attachment,
    Delegation,
    Question,
    Reminder,
    ReopenRequest,
    Report,
    Snapshot,
)
from liaison.reporting.permissions import (
    delegate_check,
    reopen_check_decide,
    report_check_delegate,
    report_check_edit,
    report_check_reopen_request,
    report_check_start,
    report_check_submit,
)
from liaison.reporting.selectors import linked_answers, question_visible, reminders_due, source_label
from liaison.reporting.values import value_display


class ReportIncomplete(Exception):
    """Submission refused: `problems` lists each question still missing or invalid."""

    def __init__(self, problems: list[dict]):
        self.problems = problems
        super().__init__(f"{len(problems)} answers missing or invalid")


class ReportStateError(Conflict):
    """The report is not in a state that allows this (409)."""


class CycleClosed(Conflict):
    """The questionnaire's reporting cycle has closed: no new report can be started in it (409)."""


class SubmitUnconfirmed(Invalid):
    """The report is complete but the person has not confirmed the submission (422)."""


def prefills_store(*, report: Report, user) -> int:
    """Store, as answers, what the country's linked answers `user` may read give for the report's empty questions."""
    answered = set(Answer.objects.filter(report=report, block=0).values_list("question_id", flat=True))
    empty = list(report.questionnaire.questions.exclude(kind=Question.HEADER).exclude(pk__in=answered)
                 .filter(retired_at__isnull=True).values_list("pk", flat=True))
    found = linked_answers(user=user, report=report, question_ids=empty)
    Answer.objects.bulk_create([
        Answer(report=report, question_id=question_id, value=value, origin=Answer.PREFILL, source_answer=source,
               source_note=source_label(source)[:300], updated_by=person(user))
        for question_id, (value, source, _link) in found.items()])
    return len(found)


def report_start(*, user, questionnaire, country, is_demo: bool = False,
                 today: dt.date | None = None) -> tuple[Report, bool]:
    """Return the country's report for the questionnaire, creating it prefilled from linked answers.

    A report already started is returned whatever the cycle; a new one is refused (CycleClosed, 409) once the
    questionnaire's cycle has closed: that cycle no longer asks for reports, unless its secretariat extends it.
    """
    report_check_start(user=user, questionnaire=questionnaire, country=country)
    if (cycle_closed(questionnaire=questionnaire, today=today_default(today))
            and not Report.objects.filter(questionnaire=questionnaire, country=country).exists()):
        raise CycleClosed(_("The reporting cycle of %(questionnaire)s closed on %(date)s: a report can no longer be "
                            "started in it. Its secretariat can extend the cycle.")
                          % {"questionnaire": questionnaire, "date": questionnaire.closes.isoformat()})
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            questionnaire=questionnaire, country=country,
            defaults={"created_by": person(user), "is_demo": is_demo})
        if created:
            n = prefills_store(report=report, user=user)
            audit_record(actor=user, action="start", obj=report, changes={"prefilled": n})
    return report, created


def attachment_add(*, user, report: Report, question: Question, upload, data: bytes, content_type: str) -> Answer:
    """Attach a checked file to a file question and return the answer listing its files."""
    from django.core.files.base import ContentFile

    report_check_edit(user=user, report=report, question=question)
    with transaction.atomic():
        answer, _created = Answer.objects.get_or_create(report=report, question=question, block=0,
                                                        defaults={"version": 0})
        attachment = Attachment.objects.create(answer=answer, file=ContentFile(data, name=upload.name),
                                               name=text_clean(upload.name)[:255], content_type=content_type,
                                               size=len(data), uploaded_by=person(user))
        answer.value = (answer.value or []) + [{"id": attachment.pk, "name": attachment.name,
                                                "size": attachment.size, "type": content_type}]
        answer.version += 1
        answer.updated_by = person(user)
        answer.save()
        audit_record(actor=user, action="attach", obj=report, changes={"question": question.key,
                                                                      "file": attachment.name})
    return answer


def section_delegate(*, user, report: Report, section, delegate) -> Delegation:
    """Hand a section of the report to a colleague, who then sees only that section."""
    report_check_delegate(user=user, report=report)
    delegate_check(report=report, delegate=delegate)
    with transaction.atomic():
        delegation, _created = Delegation.objects.get_or_create(report=report, section=section, user=delegate,
                                                                defaults={"created_by": person(user)})
        audit_record(actor=user, action="delegate", obj=report,
                     changes={"section": section.key, "to": delegate.username})
    return delegation


def delegation_remove(*, user, delegation: Delegation) -> None:
    """Withdraw a delegated section."""
    report_check_delegate(user=user, report=delegation.report)
    with transaction.atomic():
        audit_record(actor=user, action="undelegate", obj=delegation.report,
                     changes={"section": delegation.section.key, "to": delegation.user.username})
        delegation.delete()


def report_problems(*, report: Report) -> list[dict]:
    """Return what stands in the way of submitting: mandatory answers missing (where shown) and invalid values."""
    questions = list(report.questionnaire.questions.filter(retired_at__isnull=True).select_related("section"))
    answers = {a.question_id: a for a in Answer.objects.filter(report=report, block=0)}
    values = {q.key: answers[q.pk].value if q.pk in answers else None for q in questions}
    problems = []
    for q in questions:
        answer = answers.get(q.pk)
        if answer is not None and answer.error:
            problems.append({"question": q.pk, "key": q.key, "number": q.number, "title": q.title,
                             "section": q.section.title, "reason": answer.error})
        elif q.mandatory and (answer is None or answer.value is None) and question_visible(q, values):
            problems.append({"question": q.pk, "key": q.key, "number": q.number, "title": q.title,
                             "section": q.section.title, "reason": _("An answer is required.")})
    return problems


def report_snapshot_data(*, report: Report) -> dict:
    answers = Answer.objects.filter(report=report).select_related("question").order_by("question__order", "block")
    return {"questionnaire": report.questionnaire.code, "country": report.country.iso3,
            "taken_at": timezone.now().isoformat(),
            "answers": [{"question": a.question.key, "block": a.block, "value": a.value,
                         "display": value_display(a.question, a.value), "source": a.source_note}
                        for a in answers if a.value is not None]}


def report_submit(*, user, report: Report, confirmed: bool = True) -> Snapshot:
    """Check, lock and snapshot the report; raise ReportIncomplete listing what is missing.

    `confirmed=False` (the page, until the person ticks the confirmation) checks everything and then raises
    SubmitUnconfirmed, writing nothing: a click alone never locks a report.
    """
    report_check_submit(user=user, report=report)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == Report.SUBMITTED:
            raise ReportStateError(_("The report is already submitted."))
        prefills_store(report=report, user=user)
        problems = report_problems(report=report)
        if problems:
            transaction.set_rollback(True)
            raise ReportIncomplete(problems)
        if not confirmed:
            transaction.set_rollback(True)
            raise SubmitUnconfirmed(_("Tick the confirmation to submit: the report is then locked, and only the "
                                      "secretariat can reopen it."))
        report.status, report.submitted_at, report.submitted_by = Report.SUBMITTED, timezone.now(), person(user)
        report.save()
        number = (report.snapshots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        snapshot = Snapshot.objects.create(report=report, number=number, created_by=person(user),
                                           data=report_snapshot_data(report=report))
        audit_record(actor=user, action="submit", obj=report, changes={"snapshot": number})
    return snapshot


def reopen_request_create(*, user, report: Report, reason: str) -> ReopenRequest:
    """Ask the convention's secretariat to reopen a submitted report."""
    report_check_reopen_request(user=user, report=report)
    reason = text_clean(reason, max_length=5000, field="reason").strip()
    with transaction.atomic():
        if report.status != Report.SUBMITTED:
            raise ReportStateError(_("Only a submitted report can be reopened."))
        if report.reopen_requests.filter(status=ReopenRequest.PENDING).exists():
            raise ReportStateError(_("A request to reopen this report is already waiting."))
        request = ReopenRequest.objects.create(report=report, reason=reason, requested_by=person(user))
        audit_record(actor=user, action="reopen_request", obj=report, changes={"reason": reason})
    return request


def reopen_decide(*, user, request: ReopenRequest, approve: bool) -> ReopenRequest:
    """Approve (the report opens for changes again) or reject a reopen request."""
    reopen_check_decide(user=user, request=request)
    with transaction.atomic():
        if request.status != ReopenRequest.PENDING:
            raise ReportStateError(_("This request was already decided."))
        request.status = ReopenRequest.APPROVED if approve else ReopenRequest.REJECTED
        request.decided_by, request.decided_at = person(user), timezone.now()
        request.save()
        if approve:
            Report.objects.filter(pk=request.report_id).update(status=Report.REOPENED)
        audit_record(actor=user, action="reopen_" + request.status, obj=request.report)
    return request


def reminders_record(*, user, today: dt.date | None = None, days: int = 30) -> list[dict]:
    """Record (once a day per report) reminders for the reports due within `days` days and not submitted.

    Reminders are the secretariat's (or the system's) to record: `user` must see every party's state.
    """
    from liaison.accounts.access import access_for
    from liaison.core.errors import NotAllowed

    if not access_for(user).everything:
        raise NotAllowed(_("Only the system or an administrator records reminders."))
    today = today or timezone.localdate()
    due = reminders_due(user=user, today=today, days=days)
    with transaction.atomic():
        for row in due:
            reminder, created = Reminder.objects.get_or_create(
                questionnaire=row["questionnaire"], country=row["country"], day=today,
                defaults={"days_to_deadline": row["days_to_deadline"], "state": row["state"]})
            row["new"] = created
        if due:
            audit_record(actor=user, action="remind", obj=due[0]["questionnaire"], changes={"n": len(due)})
    return due
