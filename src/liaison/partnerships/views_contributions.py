"""Pages of partner contributions: the consolidated view for Parties, reporting, evidence and review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.roles import user_organizations
from liaison.catalogue.models import Convention, Organization
from liaison.core.selectors import audit_list_for
from liaison.partnerships import contributions, permissions, selectors
from liaison.partnerships.forms import ContributionForm, EvidenceForm, ReviewForm
from liaison.partnerships.models import Contribution
from liaison.partnerships.targets import target_label
from liaison.partnerships.views import errors_add, found


def contribution_list(request):
    """The consolidated view for Parties, the user's own reports, and the review queue."""
    convention = Convention.objects.filter(acronym="CMS").first()
    visible = permissions.contribution_list_for(user=request.user).select_related("organization")
    mine = visible.filter(organization_id__in=user_organizations(request.user))
    queue = visible.filter(status=Contribution.SUBMITTED) if convention and \
        permissions.contribution_can_review_any(user=request.user, convention=convention) else []
    accepted = list(selectors.contributions_consolidated())
    for c in accepted:
        c.target_labels = [target_label(t.framework_code, t.target_code) for t in c.targets.all()]
    return render(request, "partnerships/contribution_list.html", {
        "accepted": accepted, "mine": mine, "queue": queue,
        "reporting": selectors.partner_reporting_status(today=timezone.localdate(), convention=convention),
        "can_report": bool(user_organizations(request.user)),
    })


@login_required
def contribution_new(request):
    organizations = Organization.objects.filter(pk__in=user_organizations(request.user))
    organization = organizations.first()
    if organization is None:
        raise PermissionDenied(_("Only members of a partner organization may report contributions."))
    form = ContributionForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            contribution = contributions.contribution_create(
                user=request.user, organization=organization, convention=Convention.objects.get(acronym="CMS"),
                **form.values())
        except ValidationError as exc:
            errors_add(form, exc)
        else:
            messages.success(request, _("Draft saved. Attach evidence, then submit it for review."))
            return redirect("partnerships:contribution_detail", contribution_id=contribution.pk)
    return render(request, "partnerships/contribution_form.html", {"form": form, "organization": organization})


def contribution_detail(request, contribution_id: int):
    contribution = found(permissions.contribution_get_for_view, user=request.user, contribution_id=contribution_id)
    try:
        permissions.contribution_get_for_edit(user=request.user, contribution_id=contribution_id)
        can_edit = True
    except PermissionDenied:
        can_edit = False
    can_review = contribution.status == Contribution.SUBMITTED and \
        permissions.contribution_can_review_any(user=request.user, convention=contribution.convention)
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
            contribution = permissions.contribution_get_for_review(user=request.user, contribution_id=contribution_id)
            review_form = ReviewForm(request.POST)
            if review_form.is_valid() and done(request, review_form, lambda: contributions.contribution_review(
                    user=request.user, contribution=contribution, **review_form.cleaned_data)):
                return redirect("partnerships:contribution_detail", contribution_id=contribution_id)
        else:
            contribution = permissions.contribution_get_for_edit(user=request.user, contribution_id=contribution_id)
            if action == "evidence":
                evidence_form = EvidenceForm(request.POST, request.FILES)
                if evidence_form.is_valid() and done(request, evidence_form, lambda: contributions.evidence_add(
                        user=request.user, contribution=contribution, data=evidence_form.cleaned_data["file"].read(),
                        name=evidence_form.cleaned_data["file"].name)):
                    return redirect("partnerships:contribution_detail", contribution_id=contribution_id)
            elif action == "submit":
                if done(request, None, lambda: contributions.contribution_submit(user=request.user,
                                                                                 contribution=contribution)):
                    return redirect("partnerships:contribution_detail", contribution_id=contribution_id)
            else:
                form = ContributionForm(request.POST, organization=contribution.organization)
                if form.is_valid() and done(request, form, lambda: contributions.contribution_update(
                        user=request.user, contribution=contribution, **form.values())):
                    return redirect("partnerships:contribution_detail", contribution_id=contribution_id)
    contribution.refresh_from_db()
    return render(request, "partnerships/contribution_detail.html", {
        "c": contribution, "can_edit": can_edit, "can_review": can_review, "form": form,
        "evidence_form": evidence_form, "review_form": review_form,
        "targets": [target_label(t.framework_code, t.target_code) for t in contribution.targets.all()],
        "audit": audit_list_for(obj=contribution) if can_edit or can_review else [],
    })


def done(request, form, write) -> bool:
    """Run a service; on ValidationError show its message on the form (or as a page message)."""
    try:
        write()
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
        else:
            errors_add(form, exc)
        return False
    messages.success(request, _("Saved."))
    return True


def evidence_download(request, contribution_id: int, evidence_id: int):
    """Serve an evidence file to whoever may read its contribution."""
    from django.http import FileResponse, Http404

    contribution = found(permissions.contribution_get_for_view, user=request.user, contribution_id=contribution_id)
    evidence = contribution.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404(_("No such evidence file."))
    content_types = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
                     "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    response = FileResponse(evidence.file.open("rb"), content_type=content_types[evidence.kind],
                            as_attachment=evidence.kind == "docx", filename=evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
