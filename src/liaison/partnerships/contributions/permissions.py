"""Who may read, write and review partner contributions (one filter, one check per write).

Accepted contributions are public. Drafts are seen by their organization's members and the convention's
secretariat; submitted reports also by the convention's reviewers. Only the reporting organization's members
change a draft or returned report; the convention's secretariat and reviewers review it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.core.errors import NotAllowed, NotFound, NotSignedIn
from liaison.partnerships.bounds import id_parse
from liaison.partnerships.models import Contribution


def contributions_visible_to(user) -> QuerySet[Contribution]:
    """Return the contributions `user` may read."""
    access = access_for(user)
    if access.everything:
        return Contribution.objects.all()
    secretariat = [c for c in access.secretariat if c is not None]
    visible = Q(status=Contribution.ACCEPTED)
    visible |= Q(organization_id__in=sorted(access.organizations))
    visible |= Q(convention_id__in=secretariat)
    if None in access.reviews:
        visible |= ~Q(status=Contribution.DRAFT)  # reviewers see a report once it is submitted
    elif access.reviews:
        visible |= Q(convention_id__in=sorted(access.reviews)) & ~Q(status=Contribution.DRAFT)
    return Contribution.objects.filter(visible)


def contribution_get(*, user, contribution_id) -> Contribution:
    """Return the contribution if `user` may read it; raise NotFound otherwise (missing or hidden alike)."""
    pk = id_parse(contribution_id)
    contribution = contributions_visible_to(user).select_related("organization", "convention").filter(
        pk=pk).first() if pk else None
    if contribution is None:
        raise NotFound(_("No such contribution, or it is not visible to you."))
    return contribution


def contribution_get_for_review(*, user, contribution_id) -> Contribution:
    """Return the contribution for `user` to review: one they may read, or one made to a convention they review
    (a draft then answers 409 from the service, not 404); raise NotFound otherwise."""
    access = access_for(user)
    pk = id_parse(contribution_id)
    qs = Contribution.objects.select_related("organization", "convention")
    contribution = qs.filter(pk=pk).first() if pk else None
    if contribution is not None and (contributions_visible_to(user).filter(pk=pk).exists()
                                     or contribution_may_review(user=user, convention=contribution.convention)):
        return contribution
    if not access.authenticated:
        raise NotSignedIn(_("Sign in as secretariat staff or reviewer to review contributions."))
    raise NotFound(_("No such contribution, or it is not visible to you."))


def contribution_check_create(*, user, organization) -> None:
    """Raise unless `user` may report for `organization`."""
    access = access_for(user)
    if access.everything:
        return
    if not access.authenticated:
        raise NotSignedIn(_("Sign in as a member of a partner organization to report a contribution."))
    if access.is_member_of(organization.pk):
        return
    raise NotAllowed(_("You may report only for your own organization."))


def contribution_may_edit(*, user, contribution: Contribution) -> bool:
    """Return True if `user` may change or submit the contribution now."""
    try:
        contribution_check_edit(user=user, contribution=contribution)
    except (NotAllowed, NotSignedIn):
        return False
    return True


def contribution_check_edit(*, user, contribution: Contribution) -> None:
    """Raise unless `user` may change, add evidence to or submit `contribution`."""
    access = access_for(user)
    if not access.authenticated:
        raise NotSignedIn(_("Sign in to change a contribution."))
    if not access.everything and not access.is_member_of(contribution.organization_id):
        raise NotAllowed(_("Only members of the reporting organization may change its contribution."))
    if contribution.status not in (Contribution.DRAFT, Contribution.RETURNED):
        raise NotAllowed(_("This contribution is %(status)s; it can no longer be changed.")
                         % {"status": contribution.get_status_display().lower()})


def contribution_may_review(*, user, convention) -> bool:
    """Return True if `user` reviews contributions made to `convention`."""
    access = access_for(user)
    return access.everything or access.is_secretariat(convention.pk) or access.is_reviewer(convention.pk)


def contribution_check_review(*, user, contribution: Contribution) -> None:
    """Raise unless `user` may review `contribution`."""
    access = access_for(user)
    if not access.authenticated:
        raise NotSignedIn(_("Sign in as secretariat staff or reviewer to review contributions."))
    if not contribution_may_review(user=user, convention=contribution.convention):
        raise NotAllowed(_("Only the convention's secretariat or reviewers may review contributions."))


def contribution_receipts_public() -> QuerySet[Contribution]:
    """Return the contributions whose receipt is public: every report submitted (not drafts).

    Only who reported and when may be read from it (the partners' reporting status, as the SDG partnership
    registry publishes it); a report's content stays behind `contributions_visible_to`.
    """
    return Contribution.objects.exclude(status=Contribution.DRAFT).exclude(submitted_at__isnull=True)
