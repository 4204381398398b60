"""The permission gateway of partnerships, work plans, activities, contributions and screenings.

Published partnerships and work plans, and accepted contributions, are public. Drafts are seen by their
organization's members and the convention's secretariat; submitted reports also by the convention's reviewers.
Activities are changed by members of the organization that owns them, the convention's secretariat and
administrators. Contributions and screenings are reviewed by the convention's secretariat or reviewers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from liaison.accounts.roles import (
    user_is_admin,
    user_is_reviewer,
    user_is_secretariat,
    user_organizations,
    user_secretariat_conventions,
)
from liaison.partnerships.models import Activity, Contribution, Partnership, Screening, WorkPlan


def signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def partnership_list_for(*, user) -> QuerySet[Partnership]:
    """Return the partnerships `user` may see: published ones, plus unpublished ones of their secretariat."""
    qs = Partnership.objects.all()
    if user_is_admin(user):
        return qs
    return qs.filter(Q(published=True) | Q(convention_id__in=user_secretariat_conventions(user)))


def partnership_get_for_view(*, user, partnership_id: int) -> Partnership:
    """Return the partnership if `user` may see it; raise Partnership.DoesNotExist otherwise (no leak)."""
    return partnership_list_for(user=user).select_related("convention").get(pk=partnership_id)


def partnership_can_edit(*, user, partnership: Partnership) -> bool:
    """Return True if `user` may change the partnership (for showing edit controls)."""
    if user_is_admin(user):
        return True
    return user_is_secretariat(user, convention=partnership.convention)


def partnership_create_check(*, user, convention) -> None:
    """Raise PermissionDenied unless `user` may register partnerships of `convention`."""
    if user_is_admin(user):
        return
    if not signed_in(user):
        raise PermissionDenied("Sign in as secretariat staff to register partnerships.")
    if user_is_secretariat(user, convention=convention):
        return
    raise PermissionDenied("Only the secretariat of this convention may register its partnerships.")


def partnership_get_for_edit(*, user, partnership_id: int) -> Partnership:
    """Return the partnership if `user` may change it; raise PermissionDenied (or DoesNotExist) otherwise."""
    partnership = Partnership.objects.select_related("convention").get(pk=partnership_id)
    if user_is_admin(user):
        return partnership
    if not signed_in(user):
        raise PermissionDenied("Sign in as secretariat staff to change partnerships.")
    if user_is_secretariat(user, convention=partnership.convention):
        return partnership
    raise PermissionDenied("Only the secretariat of this partnership's convention may change it.")


def workplan_get_for_view(*, user, workplan_id: int) -> WorkPlan:
    """Return the work plan if `user` may see it; raise WorkPlan.DoesNotExist otherwise."""
    workplan = WorkPlan.objects.select_related("partnership__convention").get(pk=workplan_id)
    if workplan.published and workplan.partnership.published:
        return workplan
    if partnership_can_edit(user=user, partnership=workplan.partnership):
        return workplan
    raise WorkPlan.DoesNotExist


def workplan_get_for_edit(*, user, workplan_id: int) -> WorkPlan:
    """Return the work plan if `user` may add activities to it; raise PermissionDenied otherwise."""
    workplan = WorkPlan.objects.select_related("partnership__convention").get(pk=workplan_id)
    partnership_get_for_edit(user=user, partnership_id=workplan.partnership_id)
    return workplan


def activity_can_edit(*, user, activity: Activity) -> bool:
    """Return True if `user` may update the activity (for showing edit controls)."""
    try:
        activity_check_edit(user=user, activity=activity)
    except PermissionDenied:
        return False
    return True


def activity_check_edit(*, user, activity: Activity) -> None:
    """Raise PermissionDenied unless `user` may update `activity`."""
    if user_is_admin(user):
        return
    if not signed_in(user):
        raise PermissionDenied("Sign in to update work-plan activities.")
    if user_is_secretariat(user, convention=activity.workplan.partnership.convention):
        return
    if activity.owner_id in user_organizations(user):
        return
    raise PermissionDenied(f"Only members of {activity.owner.name}, which owns this activity, or the "
                           "convention's secretariat may update it.")


def activity_get_for_edit(*, user, activity_id: int) -> Activity:
    """Return the activity if `user` may update it; raise PermissionDenied (or DoesNotExist) otherwise."""
    activity = Activity.objects.select_related("workplan__partnership__convention", "owner").get(pk=activity_id)
    activity_check_edit(user=user, activity=activity)
    return activity


def contribution_visible(*, user, contribution: Contribution) -> bool:
    """Return True if `user` may read the contribution."""
    if contribution.status == Contribution.ACCEPTED:
        return True
    if user_is_admin(user):
        return True
    if contribution.organization_id in user_organizations(user):
        return True
    if user_is_secretariat(user, convention=contribution.convention):
        return True
    if contribution.status == Contribution.DRAFT:
        return False  # reviewers see a report once it is submitted
    return user_is_reviewer(user, convention=contribution.convention)


def contribution_list_for(*, user) -> QuerySet[Contribution]:
    """Return the contributions `user` may read."""
    qs = Contribution.objects.all()
    if user_is_admin(user):
        return qs
    visible = Q(status=Contribution.ACCEPTED) | Q(organization_id__in=user_organizations(user))
    visible |= Q(convention_id__in=user_secretariat_conventions(user))
    if signed_in(user):
        reviewing = user.roles.filter(kind="reviewer").values_list("convention_id", flat=True)
        visible |= Q(convention_id__in=list(reviewing)) & ~Q(status=Contribution.DRAFT)
    return qs.filter(visible)


def contribution_get_for_view(*, user, contribution_id: int) -> Contribution:
    """Return the contribution if `user` may read it; raise Contribution.DoesNotExist otherwise (no leak)."""
    contribution = Contribution.objects.select_related("organization", "convention").get(pk=contribution_id)
    if not contribution_visible(user=user, contribution=contribution):
        raise Contribution.DoesNotExist
    return contribution


def contribution_create_check(*, user, organization) -> None:
    """Raise PermissionDenied unless `user` may report for `organization`."""
    if user_is_admin(user):
        return
    if not signed_in(user):
        raise PermissionDenied("Sign in as a member of a partner organization to report a contribution.")
    if organization.pk in user_organizations(user):
        return
    raise PermissionDenied("You may report only for your own organization.")


def contribution_get_for_edit(*, user, contribution_id: int) -> Contribution:
    """Return the contribution if `user` may edit or submit it; raise PermissionDenied otherwise."""
    contribution = contribution_get_for_view(user=user, contribution_id=contribution_id)
    if not signed_in(user):
        raise PermissionDenied("Sign in to change a contribution.")
    if contribution.organization_id not in user_organizations(user) and not user_is_admin(user):
        raise PermissionDenied("Only members of the reporting organization may change its contribution.")
    if contribution.status not in (Contribution.DRAFT, Contribution.RETURNED):
        raise PermissionDenied(f"This contribution is {contribution.get_status_display().lower()}; "
                               "it can no longer be changed.")
    return contribution


def contribution_can_review_any(*, user, convention) -> bool:
    """Return True if `user` reviews contributions made to `convention`."""
    if user_is_admin(user):
        return True
    if user_is_secretariat(user, convention=convention):
        return True
    return user_is_reviewer(user, convention=convention)


def contribution_get_for_review(*, user, contribution_id: int) -> Contribution:
    """Return the contribution if `user` may review it; raise PermissionDenied otherwise."""
    contribution = Contribution.objects.select_related("organization", "convention").get(pk=contribution_id)
    if not signed_in(user):
        raise PermissionDenied("Sign in as secretariat staff or reviewer to review contributions.")
    if not contribution_can_review_any(user=user, convention=contribution.convention):
        raise PermissionDenied("Only the convention's secretariat or reviewers may review contributions.")
    return contribution


def screening_check_create(*, user, convention) -> None:
    """Raise PermissionDenied unless `user` may open a due-diligence screening for `convention`."""
    if not signed_in(user):
        raise PermissionDenied("Sign in as secretariat staff to screen a company.")
    if not contribution_can_review_any(user=user, convention=convention):
        raise PermissionDenied("Only the convention's secretariat or reviewers may screen companies.")


def screening_get_for_decide(*, user, screening_id: int) -> Screening:
    """Return the screening if `user` may decide it; raise PermissionDenied otherwise."""
    screening = Screening.objects.select_related("organization", "convention").get(pk=screening_id)
    screening_check_create(user=user, convention=screening.convention)
    return screening


def screening_list_for(*, user) -> QuerySet[Screening]:
    """Return the screenings `user` may read (due diligence is not public)."""
    if user_is_admin(user):
        return Screening.objects.all()
    conventions = user_secretariat_conventions(user)
    if signed_in(user):
        conventions += list(user.roles.filter(kind="reviewer").values_list("convention_id", flat=True))
    return Screening.objects.filter(convention_id__in=conventions)


def report_check(*, user) -> None:
    """Raise PermissionDenied unless `user` may build Standing Committee reports (secretariat, admin)."""
    if user_is_admin(user):
        return
    if not signed_in(user):
        raise PermissionDenied("Sign in as secretariat staff to build reports.")
    if user_secretariat_conventions(user):
        return
    raise PermissionDenied("Only secretariat staff may build Standing Committee reports.")
