"""The permission gateway of national reports: every read and write of answers goes through here.

- A country's national focal point for the convention reads and edits the whole report, delegates sections,
  submits it and asks for it to be reopened.
- A contributor to whom a section is delegated reads and edits that section only (and its sub-sections).
- The convention's secretariat reads reports once submitted, never drafts; it decides reopen requests,
  imports questionnaires and reviews question links. A protocol's secretariat is its parent convention's
  (the CBD Secretariat serves the Cartagena and Nagoya Protocols).
- Nobody else reads a report: not a focal point of another country, not the public.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from liaison.accounts.models import Role
from liaison.accounts.roles import user_countries, user_is_admin, user_is_focal_point, user_is_secretariat
from liaison.reporting.models import Delegation, Question, QuestionLink, Questionnaire, ReopenRequest, Report


def user_is_staff_of(user, *, convention) -> bool:
    """Return True if `user` works for the secretariat serving `convention` (a protocol's is its parent's)."""
    if user_is_secretariat(user, convention=convention):
        return True
    return convention.kind == "protocol" and convention.parent_id is not None \
        and user_is_secretariat(user, convention=convention.parent)


def signed_in_check(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to see national reports."))


def report_load(report_id: int) -> Report:
    return Report.objects.select_related("questionnaire__convention", "country").get(pk=report_id)


def report_delegated_sections(*, user, report: Report) -> set[int]:
    """Return the ids of the sections of `report` delegated to `user`, with their sub-sections."""
    if not getattr(user, "is_authenticated", False):
        return set()
    roots = set(Delegation.objects.filter(report=report, user=user).values_list("section_id", flat=True))
    if not roots:
        return set()
    found, frontier = set(roots), roots
    while frontier:
        frontier = set(report.questionnaire.sections.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= found
        found |= frontier
    return found


def report_sections_for(*, user, report: Report) -> set[int] | None:
    """Return the section ids `user` may see in `report`: None means every section."""
    if user_is_admin(user):
        return None
    if user_is_focal_point(user, country=report.country, convention=report.questionnaire.convention):
        return None
    if report.status != Report.DRAFT and user_is_staff_of(user, convention=report.questionnaire.convention):
        return None
    return report_delegated_sections(user=user, report=report)


def report_get_for(*, user, report_id: int) -> Report:
    """Return the report if `user` may read it (whole or in part); raise PermissionDenied otherwise."""
    signed_in_check(user)
    report = report_load(report_id)
    if user_is_admin(user):
        return report
    if user_is_focal_point(user, country=report.country, convention=report.questionnaire.convention):
        return report
    if report.status != Report.DRAFT and user_is_staff_of(user, convention=report.questionnaire.convention):
        return report
    if Delegation.objects.filter(report=report, user=user).exists():
        return report
    raise PermissionDenied(_("This report is not yours to see."))


def report_get_for_manage(*, user, report_id: int) -> Report:
    """Return the report if `user` is its national focal point (delegate, submit, ask to reopen)."""
    signed_in_check(user)
    report = report_load(report_id)
    if user_is_admin(user):
        return report
    if user_is_focal_point(user, country=report.country, convention=report.questionnaire.convention):
        return report
    raise PermissionDenied(_("Only the national focal point may do this."))


def report_can_manage(*, user, report: Report) -> bool:
    """Return True if `user` is the report's focal point (for showing or hiding controls)."""
    if user_is_admin(user):
        return True
    return user_is_focal_point(user, country=report.country, convention=report.questionnaire.convention)


def answer_get_for_edit(*, user, report_id: int, question_id: int) -> tuple[Report, Question]:
    """Return (report, question) if `user` may write this answer now; raise PermissionDenied otherwise."""
    report = report_get_for(user=user, report_id=report_id)
    question = Question.objects.select_related("section").filter(pk=question_id,
                                                                 questionnaire=report.questionnaire_id).first()
    if question is None:
        raise Question.DoesNotExist
    if report.is_locked:
        raise PermissionDenied(_("The report is submitted and locked; ask the secretariat to reopen it."))
    if report_can_manage(user=user, report=report):
        return report, question
    if question.section_id in report_delegated_sections(user=user, report=report):
        return report, question
    raise PermissionDenied(_("This question is in a section not delegated to you."))


def delegate_check(*, report: Report, delegate) -> None:
    """Raise PermissionDenied unless `delegate` works for the report's country (focal point or contributor)."""
    if not delegate.is_active:
        raise PermissionDenied(_("This account is not active."))
    if report.country_id not in user_countries(delegate, kinds=(Role.FOCAL_POINT, Role.CONTRIBUTOR)):
        raise PermissionDenied(_("Sections can be delegated only to people who work for %(country)s.")
                               % {"country": report.country.name})


def report_start_check(*, user, questionnaire: Questionnaire, country) -> None:
    """Raise PermissionDenied unless `user` may open `country`'s report for `questionnaire`."""
    signed_in_check(user)
    if user_is_admin(user):
        return
    if user_is_focal_point(user, country=country, convention=questionnaire.convention):
        return
    raise PermissionDenied(_("Only the national focal point may start this report."))


def staff_check(*, user, convention) -> None:
    """Raise PermissionDenied unless `user` is staff of `convention`'s secretariat (or an administrator)."""
    signed_in_check(user)
    if user_is_admin(user):
        return
    if user_is_staff_of(user, convention=convention):
        return
    raise PermissionDenied(_("Only the convention's secretariat may do this."))


def link_get_for_review(*, user, link_id: int) -> QuestionLink:
    """Return the link if `user` is staff of either convention it joins; raise PermissionDenied otherwise."""
    signed_in_check(user)
    link = QuestionLink.objects.select_related("source__questionnaire__convention",
                                               "target__questionnaire__convention").get(pk=link_id)
    if user_is_admin(user):
        return link
    if user_is_staff_of(user, convention=link.source.questionnaire.convention):
        return link
    if user_is_staff_of(user, convention=link.target.questionnaire.convention):
        return link
    raise PermissionDenied(_("Only the secretariat of one of the two conventions may review this link."))


def reopen_get_for_decision(*, user, request_id: int) -> ReopenRequest:
    """Return the reopen request if `user` is staff of the report's convention; raise PermissionDenied otherwise."""
    signed_in_check(user)
    request = ReopenRequest.objects.select_related("report__questionnaire__convention").get(pk=request_id)
    staff_check(user=user, convention=request.report.questionnaire.convention)
    return request
