"""Pages of partner contributions: the consolidated view for Parties, reporting, evidence and review.

The convention is `?convention=<acronym>` (see partnerships.conventions for the default).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Organization
from liaison.core.errors import DomainError, NotAllowed, NotFound
from liaison.core.selectors import audit_list_for
from liaison.partnerships.bounds import id_parse
from liaison.partnerships.contributions import permissions, selectors, services
from liaison.partnerships.conventions import convention_resolve
from liaison.partnerships.forms import ContributionForm, EvidenceForm, ReviewForm
from liaison.partnerships.models import Contribution
from liaison.partnerships.registry.views import errors_add
from liaison.partnerships.targets import target_label


def convention_of(request):
    return convention_resolve(user=request.user, acronym=(request.GET.get("convention") or "")[:32] or None)


def contribution_list(request):
    """The consolidated view for Parties, the user's own reports, and the review queue."""
    convention = convention_of(request)
    accepted = list(selectors.contributions_consolidated(user=request.user, convention=convention))
    for c in accepted:
        c.target_labels = [target_label(t.framework_code, t.target_code) for t in c.targets.all()]
    return render(request, "partnerships/contribution_list.html", {
        "accepted": accepted, "convention": convention,
        "mine": selectors.contributions_mine(user=request.user, convention=convention),
        "queue": selectors.contributions_queue(user=request.user, convention=convention),
        "reporting": selectors.partner_reporting_status(user=request.user, today=timezone.localdate(),
                                                        convention=convention),
        "can_report": bool(access_for(request.user).organizations),
    })


@login_required
def contribution_new(request):
    convention = convention_of(request)
    access = access_for(request.user)
    organizations = Organization.objects.filter(pk__in=sorted(access.organizations))
    if access.everything and not access.organizations:  # an administrator reports for the partner named
        organizations = Organization.objects.exclude(kind="secretariat").filter(
            pk=id_parse(request.GET.get("organization")) or 0) or Organization.objects.exclude(kind="secretariat")
    organization = organizations.order_by("name").first()
    if organization is None:
        raise NotAllowed(_("Only members of a partner organization may report contributions."))
    form = ContributionForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.contribution_create(
                user=request.user, organization=organization, convention=convention, **form.values())
        except (ValidationError, DomainError) as exc:
            errors_add(form, exc)
        else:
            messages.success(request, _("Draft saved. Attach evidence, then submit it for review."))
            return redirect("partnerships:contribution_detail", contribution_id=contribution.pk)
    return render(request, "partnerships/contribution_form.html", {"form": form, "organization": organization,
                                                                    "convention": convention})


def contribution_detail(request, contribution_id: int):
    contribution = permissions.contribution_get(user=request.user, contribution_id=contribution_id)
    can_edit = permissions.contribution_may_edit(user=request.user, contribution=contribution)
    can_review = contribution.status == Contribution.SUBMITTED and \
        permissions.contribution_may_review(user=request.user, convention=contribution.convention)
    form = evidence_form = review_form = None
    if can_edit:
        form = ContributionForm(initial=ContributionForm.initial_for(contribution),
                                organization=contribution.organization)
        evidence_form = EvidenceForm()
    if can_review:
        review_form = ReviewForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "review":
            permissions.contribution_check_review(user=request.user, contribution=contribution)
            review_form = ReviewForm(request.POST)
            if review_form.is_valid() and done(request, review_form, lambda: services.contribution_review(
                    user=request.user, contribution=contribution, **review_form.cleaned_data)):
                return redirect("partnerships:contribution_detail", contribution_id=contribution_id)
        else:
            permissions.contribution_check_edit(user=request.user, contribution=contribution)
            if action == "evidence":
                evidence_form = EvidenceForm(request.POST, request.FILES)
                if evidence_form.is_valid() and done(request, evidence_form, lambda: services.evidence_add(
                        user=request.user, contribution=contribution, data=evidence_form.cleaned_data["file"].read(),
                        name=evidence_form.cleaned_data["file"].name)):
                    return redirect("partnerships:contribution_detail", contribution_id=contribution_id)
            elif action == "submit":
                if done(request, None, lambda: services.contribution_submit(user=request.user,
                                                                            contribution=contribution)):
                    return redirect("partnerships:contribution_detail", contribution_id=contribution_id)
            else:
                form = ContributionForm(request.POST, organization=contribution.organization)
                if form.is_valid() and done(request, form, lambda: services.contribution_update(
                        user=request.user, contribution=contribution, **form.values())):
                    return redirect("partnerships:contribution_detail", contribution_id=contribution_id)
    contribution.refresh_from_db()
    reviews = list(contribution.reviews.select_related("reviewer"))
    return render(request, "partnerships/contribution_detail.html", {
        "c": contribution, "can_edit": can_edit, "can_review": can_review, "form": form,
        "evidence_form": evidence_form, "review_form": review_form,
        "reviews": reviews, "last_review": reviews[-1] if reviews else None,
        "targets": [target_label(t.framework_code, t.target_code) for t in contribution.targets.all()],
        "audit": audit_list_for(obj=contribution) if can_edit or can_review else [],
    })


def done(request, form, write) -> bool:
    """Run a service; on a refusal show its message on the form (or as a page message)."""
    try:
        write()
    except (ValidationError, DomainError) as exc:
        if form is None:
            messages.error(request, " ".join(getattr(exc, "messages", None) or [getattr(exc, "detail", str(exc))]))
        else:
            errors_add(form, exc)
        return False
    messages.success(request, _("Saved."))
    return True


CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def evidence_download(request, contribution_id: int, evidence_id: int):
    """Serve an evidence file to whoever may read its contribution."""
    contribution = permissions.contribution_get(user=request.user, contribution_id=contribution_id)
    evidence = contribution.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound(_("No such evidence file."))
    response = FileResponse(evidence.file.open("rb"), content_type=CONTENT_TYPES[evidence.kind],
                            as_attachment=evidence.kind == "docx", filename=evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
