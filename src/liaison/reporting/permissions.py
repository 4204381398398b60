"""Who may see and change national reports: one filter per object type, one check per write.

The policy, as the filters below implement it:
- A country's national focal point for the convention reads and edits the whole report, delegates sections,
  submits it and asks for it to be reopened.
- A contributor to whom a section is delegated reads and edits that section only (and its sub-sections).
- Once a report is submitted, the country's people for the convention (its focal points and contributors) and
  the convention's reviewers read it whole too.
- The convention's secretariat reads reports once submitted, never a draft's answers; it sees every report's
  progress (how much is answered) on the dashboard, decides reopen requests, imports questionnaires and
  reviews question links. A protocol's secretariat is its parent convention's (the CBD Secretariat serves the
  Cartagena and Nagoya Protocols).
- The public sees the questionnaires and, per party, only whether its report is submitted (and when).
- Nobody else reads a report: not a focal point of another country or another convention, not the public.
- Administrators and the system actor (loaders, the command line) see and change everything.

Reads raise `NotFound` for "missing" and "not yours" alike; writes on a report one may read raise `NotAllowed`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import Access, access_for
from liaison.core.errors import NotAllowed, NotFound, NotSignedIn
from liaison.reporting.models import (
    Answer,
    Attachment,
    Delegation,
    Question,
    QuestionLink,
    Questionnaire,
    ReopenRequest,
    Report,
    Section,
)

ID_MAX = 2**63 - 1  # the largest database key: a larger id names nothing (and SQLite cannot compare it)


def id_known(value: int) -> int:
    """Return `value` when it can be a database id, else 0 (which names nothing): no query fails on it."""
    return value if isinstance(value, int) and 0 < value <= ID_MAX else 0


def signed_in_check(user) -> Access:
    """Return the user's roles; raise NotSignedIn for an anonymous visitor."""
    access = access_for(user)
    if not access.authenticated:
        raise NotSignedIn(_("Sign in to see national reports."))
    return access


def served_q(access: Access, *, prefix: str) -> Q:
    """Return a condition on the convention at `prefix` holding for conventions the user's secretariat serves."""
    served = [c for c in access.secretariat if c is not None]
    if not served:
        return Q(pk__in=[])
    return Q(**{f"{prefix}_id__in": served}) | Q(**{f"{prefix}__kind": "protocol", f"{prefix}__parent_id__in": served})


def staff_of(user, *, convention) -> bool:
    """Return True if `user` works for the secretariat serving `convention` (a protocol's is its parent's)."""
    access = access_for(user)
    if access.everything:
        return True
    if access.is_secretariat(convention.pk):
        return True
    return convention.kind == "protocol" and convention.parent_id is not None \
        and access.is_secretariat(convention.parent_id)


def country_roles_q(pairs, *, prefix: str = "") -> Q:
    """Return a condition on reports holding for those of the (country, convention) pairs of a user's roles."""
    found = Q(pk__in=[])
    for country_id, convention_id in pairs:
        if convention_id is None:  # a focal point role given for no convention: every convention of the country
            found |= Q(**{f"{prefix}country_id": country_id})
        else:
            found |= Q(**{f"{prefix}country_id": country_id, f"{prefix}questionnaire__convention_id": convention_id})
    return found


def focal_point_q(access: Access, *, prefix: str = "") -> Q:
    """Return a condition on reports holding for those of a country and convention the user is focal point for."""
    return country_roles_q(access.focal_points, prefix=prefix)


def reviewer_q(access: Access) -> Q:
    """Return a condition on reports holding for those of a convention the user reviews for."""
    if None in access.reviews:
        return Q()
    return Q(questionnaire__convention_id__in=sorted(c for c in access.reviews if c is not None))


def report_whole_q(access: Access) -> Q:
    """Return the condition on reports the user reads whole (every section)."""
    submitted_readers = (served_q(access, prefix="questionnaire__convention")
                         | country_roles_q(access.contributions))
    if access.reviews:
        submitted_readers |= reviewer_q(access)
    return focal_point_q(access) | (submitted_readers & ~Q(status=Report.DRAFT))


def report_read_whole(user, report: Report) -> bool:
    """Return True if `user` reads every section of `report` (the condition of `report_whole_q`, on one report)."""
    access = access_for(user)
    if access.everything:
        return True
    convention = report.questionnaire.convention
    if access.is_focal_point(report.country_id, convention.pk):
        return True
    if report.status == Report.DRAFT:
        return False
    if staff_of(user, convention=convention):
        return True
    contributes = (report.country_id, convention.pk) in access.contributions \
        or (report.country_id, None) in access.contributions
    return contributes or access.is_reviewer(convention.pk)


def report_visible_to(user) -> QuerySet[Report]:
    """Return the reports `user` may read, whole or (a delegate) in part."""
    access = access_for(user)
    if access.everything:
        return Report.objects.all()
    if not access.authenticated:
        return Report.objects.none()
    delegated = Delegation.objects.filter(user_id=access.user_id).values("report_id")
    return Report.objects.filter(report_whole_q(access) | Q(pk__in=delegated))


def report_progress_visible_to(user) -> QuerySet[Report]:
    """Return the reports whose progress (draft or not, share answered) `user` may see on a dashboard.

    Staff see it for every report of the conventions they serve; others for the reports they may read.
    """
    access = access_for(user)
    if access.everything:
        return Report.objects.all()
    if not access.authenticated:
        return Report.objects.none()
    return Report.objects.filter(Q(pk__in=report_visible_to(user).values("pk"))
                                 | served_q(access, prefix="questionnaire__convention"))


def sections_closure(roots: set[int], sections: list[tuple[int, int | None]]) -> set[int]:
    """Return `roots` with every sub-section below them, given (section id, parent id) pairs."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in sections:
        children.setdefault(parent, []).append(pk)
    found, frontier = set(roots), list(roots)
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def delegated_sections(user) -> dict[int, set[int]]:
    """Return {report id: ids of the sections delegated to `user`, with their sub-sections} (two queries)."""
    access = access_for(user)
    if not access.authenticated or access.user_id is None:
        return {}
    rows = list(Delegation.objects.filter(user_id=access.user_id)
                .values_list("report_id", "section_id", "report__questionnaire_id"))
    if not rows:
        return {}
    structure: dict[int, list[tuple[int, int | None]]] = {}
    for pk, parent, questionnaire_id in Section.objects.filter(
            questionnaire_id__in={q for _r, _s, q in rows}).values_list("pk", "parent_id", "questionnaire_id"):
        structure.setdefault(questionnaire_id, []).append((pk, parent))
    roots: dict[int, set[int]] = {}
    for report_id, section_id, _questionnaire in rows:
        roots.setdefault(report_id, set()).add(section_id)
    questionnaire_of = {r: q for r, _s, q in rows}
    return {r: sections_closure(ids, structure.get(questionnaire_of[r], [])) for r, ids in roots.items()}


def answer_visible_to(user) -> QuerySet[Answer]:
    """Return the answers `user` may read: of reports read whole, and of the sections delegated to them."""
    access = access_for(user)
    if access.everything:
        return Answer.objects.all()
    if not access.authenticated:
        return Answer.objects.none()
    found = Q(report__in=Report.objects.filter(report_whole_q(access)).values("pk"))
    for report_id, sections in delegated_sections(user).items():
        found |= Q(report_id=report_id, question__section_id__in=sorted(sections))
    return Answer.objects.filter(found)


ANALYSED_KINDS = Question.CHOICE_KINDS | {Question.NUMBER}


def answer_analysed_to(user) -> QuerySet[Answer]:
    """Return the answers that analyses across parties count for `user`: of submitted reports, to choice and
    number questions, for everyone (a submitted report is published to its convention; a draft's answer never
    reaches an analysis, whoever reads it). Free text and files are never analysed: read them in the report."""
    return Answer.objects.filter(report__status=Report.SUBMITTED, question__kind__in=sorted(ANALYSED_KINDS))


def attachment_visible_to(user) -> QuerySet[Attachment]:
    """Return the files attached to answers `user` may read."""
    return Attachment.objects.filter(answer__in=answer_visible_to(user).values("pk"))


def reopen_request_visible_to(user) -> QuerySet[ReopenRequest]:
    """Return the reopen requests of reports `user` may read."""
    return ReopenRequest.objects.filter(report__in=report_visible_to(user).values("pk"))


def questionnaire_visible_to(user) -> QuerySet[Questionnaire]:
    """Return the questionnaires `user` may read: all of them (a convention's format is public once imported)."""
    return Questionnaire.objects.all()


# --- one object, read ---

def report_get_for(*, user, report_id: int) -> Report:
    """Return the report if `user` may read it (whole or in part); raise NotFound otherwise."""
    signed_in_check(user)
    report = (report_visible_to(user).select_related("questionnaire__convention__parent", "country")
              .filter(pk=id_known(report_id)).first())
    if report is None:
        raise NotFound(_("No such report."))
    return report


def report_sections_for(*, user, report: Report) -> set[int] | None:
    """Return the section ids `user` may see in `report` (a report they may read): None means every section."""
    if report_read_whole(user, report):
        return None
    return delegated_sections(user).get(report.pk, set())


def report_can_manage(*, user, report: Report) -> bool:
    """Return True if `user` is the report's focal point (for showing or hiding controls)."""
    access = access_for(user)
    if access.everything:
        return True
    return access.is_focal_point(report.country_id, report.questionnaire.convention_id)


# --- writes: each check raises inside the service ---

def report_check_manage(*, user, report: Report) -> None:
    """Raise NotAllowed unless `user` is the report's national focal point (delegate, submit, ask to reopen)."""
    signed_in_check(user)
    if report_can_manage(user=user, report=report):
        return
    raise NotAllowed(_("Only the national focal point may do this."))


report_check_submit = report_check_manage
report_check_delegate = report_check_manage
report_check_reopen_request = report_check_manage


def report_get_for_manage(*, user, report_id: int) -> Report:
    """Return the report if `user` may read it and is its national focal point."""
    report = report_get_for(user=user, report_id=report_id)
    report_check_manage(user=user, report=report)
    return report


def report_check_edit(*, user, report: Report, question: Question, delegated: set[int] | None = None) -> None:
    """Raise NotAllowed unless `user` may write the answer to `question` in `report` now.

    `delegated`: the sections of `report` delegated to `user`, when the caller checks many answers and read them
    once (`delegated_sections(user).get(report.pk, set())`); read here otherwise.
    """
    signed_in_check(user)
    if question.questionnaire_id != report.questionnaire_id:
        raise NotFound(_("No such question in this report."))
    if report.is_locked:
        raise NotAllowed(_("The report is submitted and locked; ask the secretariat to reopen it."))
    if question.retired_at is not None:
        raise NotAllowed(_("This question was dropped from the questionnaire; its answer is kept as it was."))
    if report_can_manage(user=user, report=report):
        return
    if delegated is None:
        delegated = delegated_sections(user).get(report.pk, set())
    if question.section_id in delegated:
        return
    raise NotAllowed(_("This question is in a section not delegated to you."))


def report_can_edit(*, user, report: Report, question: Question, delegated: set[int] | None = None) -> bool:
    """Return True if `report_check_edit` lets `user` write this answer."""
    try:
        report_check_edit(user=user, report=report, question=question, delegated=delegated)
    except (NotAllowed, NotFound, NotSignedIn):
        return False
    return True


def answer_get_for_edit(*, user, report_id: int, question_id: int) -> tuple[Report, Question]:
    """Return (report, question) if `user` may write this answer now; raise NotFound or NotAllowed otherwise."""
    report = report_get_for(user=user, report_id=report_id)
    question = Question.objects.select_related("section").filter(pk=id_known(question_id),
                                                                 questionnaire=report.questionnaire_id).first()
    if question is None:
        raise NotFound(_("No such question in this report."))
    report_check_edit(user=user, report=report, question=question)
    return report, question


def delegate_check(*, report: Report, delegate) -> None:
    """Raise NotAllowed unless `delegate` works for the report's country (focal point or contributor)."""
    if not delegate.is_active:
        raise NotAllowed(_("This account is not active."))
    if report.country_id not in access_for(delegate).countries:
        raise NotAllowed(_("Sections can be delegated only to people who work for %(country)s.")
                         % {"country": report.country.name})


def report_check_start(*, user, questionnaire: Questionnaire, country) -> None:
    """Raise NotAllowed unless `user` may open `country`'s report for `questionnaire`."""
    access = signed_in_check(user)
    if access.everything:
        return
    if access.is_focal_point(country.pk, questionnaire.convention_id):
        return
    raise NotAllowed(_("Only the national focal point may start this report."))


def staff_check(*, user, convention) -> None:
    """Raise NotAllowed unless `user` is staff of `convention`'s secretariat (or an administrator)."""
    signed_in_check(user)
    if staff_of(user, convention=convention):
        return
    raise NotAllowed(_("Only the convention's secretariat may do this."))


questionnaire_check_import = staff_check


def link_check_review(*, user, link: QuestionLink) -> None:
    """Raise NotAllowed unless `user` is staff of either convention the link joins."""
    signed_in_check(user)
    if staff_of(user, convention=link.source.questionnaire.convention):
        return
    if staff_of(user, convention=link.target.questionnaire.convention):
        return
    raise NotAllowed(_("Only the secretariat of one of the two conventions may review this link."))


def links_check_suggest(*, user, source: Questionnaire, target: Questionnaire) -> None:
    """Raise NotAllowed unless `user` is staff of the convention of either questionnaire."""
    signed_in_check(user)
    if staff_of(user, convention=source.convention) or staff_of(user, convention=target.convention):
        return
    raise NotAllowed(_("Suggest links that involve a convention you work for."))


def link_get_for_review(*, user, link_id: int) -> QuestionLink:
    """Return the link if `user` may review it; raise NotFound or NotAllowed otherwise."""
    signed_in_check(user)
    link = (QuestionLink.objects.select_related("source__questionnaire__convention",
                                                "target__questionnaire__convention")
            .filter(pk=id_known(link_id)).first())
    if link is None:
        raise NotFound(_("No such question link."))
    link_check_review(user=user, link=link)
    return link


def reopen_check_decide(*, user, request: ReopenRequest) -> None:
    """Raise NotAllowed unless `user` is staff of the report's convention."""
    signed_in_check(user)
    if staff_of(user, convention=request.report.questionnaire.convention):
        return
    raise NotAllowed(_("Only the convention's secretariat may do this."))


def reopen_get_for_decision(*, user, request_id: int) -> ReopenRequest:
    """Return the reopen request if `user` may read it and decide it; raise NotFound or NotAllowed otherwise."""
    signed_in_check(user)
    request = (reopen_request_visible_to(user).select_related("report__questionnaire__convention")
               .filter(pk=id_known(request_id)).first())
    if request is None:
        raise NotFound(_("No such request."))
    reopen_check_decide(user=user, request=request)
    return request
