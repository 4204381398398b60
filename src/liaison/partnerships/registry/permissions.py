"""Who may see and change partnerships, work plans, activities, screenings (one filter per type, one check per write).

- Partnerships: published ones are public; unpublished ones are seen by their convention's secretariat and
  the members of their partner organizations.
- Work plans: public when they and their partnership are published; otherwise the convention's secretariat
  and the partners' members.
- Activities: those of visible work plans, plus the activities an organization owns, to its members.
- Screenings (due diligence) are never public: the convention's secretariat and reviewers read them; the
  secretariat opens them, the secretariat or a reviewer decides them.
Changes: the convention's secretariat; an activity also by members of the organization that owns it.
Histories (who changed what, with usernames) are read by those who may change the object.
Administrators and the system actor (loaders, the CLI) see and change everything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import Access, access_for
from liaison.core.errors import NotAllowed, NotFound, NotSignedIn
from liaison.partnerships.bounds import id_parse
from liaison.partnerships.models import Activity, Partnership, PartnershipParty, Screening, WorkPlan


def secretariat_of(access: Access) -> list[int]:
    """Return the convention ids whose secretariat the user works for."""
    return [c for c in access.secretariat if c is not None]


def signed_in_check(access: Access, message: str) -> None:
    if not access.authenticated:
        raise NotSignedIn(message)


def hidden(what: str = "record") -> NotFound:
    return NotFound(_("No such %(what)s, or it is not visible to you.") % {"what": what})


def partnerships_of_members(access: Access):
    """Return the ids of the partnerships the user's organizations are parties to (a subquery)."""
    return PartnershipParty.objects.filter(organization_id__in=sorted(access.organizations)).values("partnership_id")


def partnerships_visible_to(user) -> QuerySet[Partnership]:
    """Return the partnerships `user` may see."""
    access = access_for(user)
    if access.everything:
        return Partnership.objects.all()
    visible = Q(published=True) | Q(convention_id__in=secretariat_of(access))
    if access.organizations:
        visible |= Q(pk__in=partnerships_of_members(access))
    return Partnership.objects.filter(visible)


def workplans_visible_to(user) -> QuerySet[WorkPlan]:
    """Return the work plans `user` may see."""
    access = access_for(user)
    if access.everything:
        return WorkPlan.objects.all()
    visible = Q(published=True, partnership__published=True)
    visible |= Q(partnership__convention_id__in=secretariat_of(access))
    if access.organizations:
        visible |= Q(partnership_id__in=partnerships_of_members(access))
    return WorkPlan.objects.filter(visible)


def activities_visible_to(user) -> QuerySet[Activity]:
    """Return the activities `user` may see: those of visible work plans, and those their organization owns."""
    access = access_for(user)
    if access.everything:
        return Activity.objects.all()
    return Activity.objects.filter(Q(workplan__in=workplans_visible_to(user))
                                   | Q(owner_id__in=sorted(access.organizations)))


def screenings_visible_to(user) -> QuerySet[Screening]:
    """Return the screenings `user` may read (due diligence is not public)."""
    access = access_for(user)
    if access.everything:
        return Screening.objects.all()
    if None in access.reviews:
        return Screening.objects.all()
    return Screening.objects.filter(convention_id__in=secretariat_of(access) + sorted(access.reviews))


def partnership_get(*, user, partnership_id) -> Partnership:
    """Return the partnership if `user` may see it; raise NotFound otherwise (missing or hidden alike)."""
    pk = id_parse(partnership_id)
    partnership = partnerships_visible_to(user).select_related("convention").filter(pk=pk).first() if pk else None
    if partnership is None:
        raise hidden(_("partnership"))
    return partnership


def workplan_get(*, user, workplan_id) -> WorkPlan:
    """Return the work plan if `user` may see it; raise NotFound otherwise."""
    pk = id_parse(workplan_id)
    workplan = workplans_visible_to(user).select_related("partnership__convention").filter(pk=pk).first() \
        if pk else None
    if workplan is None:
        raise hidden(_("work plan"))
    return workplan


def activity_get(*, user, activity_id) -> Activity:
    """Return the activity if `user` may see it; raise NotFound otherwise."""
    pk = id_parse(activity_id)
    activity = activities_visible_to(user).select_related(
        "workplan__partnership__convention", "owner", "lead").filter(pk=pk).first() if pk else None
    if activity is None:
        raise hidden(_("activity"))
    return activity


def screening_get(*, user, screening_id) -> Screening:
    """Return the screening if `user` may read it; raise NotFound otherwise."""
    pk = id_parse(screening_id)
    screening = screenings_visible_to(user).select_related("organization", "convention", "reviewer").filter(
        pk=pk).first() if pk else None
    if screening is None:
        raise hidden(_("screening"))
    return screening


def partnership_may_change(*, user, partnership: Partnership) -> bool:
    """Return True if `user` may change the partnership (for showing edit controls)."""
    access = access_for(user)
    return access.everything or access.is_secretariat(partnership.convention_id)


def partnership_check_create(*, user, convention) -> None:
    """Raise unless `user` may register partnerships of `convention`."""
    access = access_for(user)
    if access.everything:
        return
    signed_in_check(access, _("Sign in as secretariat staff to register partnerships."))
    if access.is_secretariat(convention.pk):
        return
    raise NotAllowed(_("Only the secretariat of this convention may register its partnerships."))


def partnership_check_change(*, user, partnership: Partnership) -> None:
    """Raise unless `user` may change `partnership` (its status, documents, work plans)."""
    access = access_for(user)
    if access.everything:
        return
    signed_in_check(access, _("Sign in as secretariat staff to change partnerships."))
    if access.is_secretariat(partnership.convention_id):
        return
    raise NotAllowed(_("Only the secretariat of this partnership's convention may change it."))


def workplan_check_change(*, user, workplan: WorkPlan) -> None:
    """Raise unless `user` may add activities to `workplan` (the partnership's secretariat)."""
    partnership_check_change(user=user, partnership=workplan.partnership)


def activity_may_edit(*, user, activity: Activity) -> bool:
    """Return True if `user` may update the activity (for showing edit controls); costs no query."""
    access = access_for(user)
    if access.everything:
        return True
    if access.is_secretariat(activity.workplan.partnership.convention_id):
        return True
    return access.is_member_of(activity.owner_id)


def activity_check_edit(*, user, activity: Activity) -> None:
    """Raise unless `user` may update `activity`."""
    access = access_for(user)
    if access.everything:
        return
    signed_in_check(access, _("Sign in to update work-plan activities."))
    if activity_may_edit(user=user, activity=activity):
        return
    raise NotAllowed(_("Only members of %(owner)s, which owns this activity, or the convention's secretariat "
                       "may update it.") % {"owner": activity.owner.name})


def activity_check_reassign(*, user, activity: Activity) -> None:
    """Raise unless `user` may give the activity to another organization (the secretariat)."""
    access = access_for(user)
    if access.everything:
        return
    if access.is_secretariat(activity.workplan.partnership.convention_id):
        return
    raise NotAllowed(_("Only the convention's secretariat may give the activity to another organization."))


def screening_check_read(*, user) -> None:
    """Raise unless `user` works on due diligence at all (secretariat staff, reviewers, administrators)."""
    access = access_for(user)
    signed_in_check(access, _("Sign in as secretariat staff or reviewer to see due diligence."))
    if access.everything or access.is_secretariat() or access.is_reviewer():
        return
    raise NotAllowed(_("Only secretariat staff and reviewers see due diligence."))


def screening_may_create(*, user, convention) -> bool:
    """Return True if `user` opens screenings of companies for `convention` (its secretariat, administrators)."""
    access = access_for(user)
    return access.everything or access.is_secretariat(convention.pk)


def screening_check_create(*, user, convention) -> None:
    """Raise unless `user` may open a due-diligence screening for `convention`."""
    access = access_for(user)
    signed_in_check(access, _("Sign in as secretariat staff to screen a company."))
    if screening_may_create(user=user, convention=convention):
        return
    raise NotAllowed(_("Only the convention's secretariat may screen companies."))


def screening_check_decide(*, user, screening: Screening) -> None:
    """Raise unless `user` may decide `screening` (the convention's secretariat or reviewers)."""
    access = access_for(user)
    signed_in_check(access, _("Sign in as secretariat staff or reviewer to decide a screening."))
    if access.everything or access.is_secretariat(screening.convention_id) \
            or access.is_reviewer(screening.convention_id):
        return
    raise NotAllowed(_("Only the convention's secretariat or reviewers may decide screenings."))


def organization_check_register(*, user) -> None:
    """Raise unless `user` may add an organization to the catalogue (secretariat staff, administrators)."""
    access = access_for(user)
    if access.everything:
        return
    signed_in_check(access, _("Sign in as secretariat staff to register an organization."))
    if secretariat_of(access):
        return
    raise NotAllowed(_("Only secretariat staff may register organizations."))
