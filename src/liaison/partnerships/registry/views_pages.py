"""Pages that register partnerships and their joint work plans (secretariat staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Convention
from liaison.core.errors import DomainError, NotAllowed
from liaison.partnerships.registry import permissions, services
from liaison.partnerships.registry.forms_registry import PartnershipForm, WorkPlanForm


def conventions_for(user):
    """Return the conventions whose partnerships `user` may register."""
    access = access_for(user)
    if access.everything:
        return Convention.objects.all()
    return Convention.objects.filter(pk__in=[c for c in access.secretariat if c is not None])


def form_errors_add(form, exc: ValidationError | DomainError) -> None:
    for message in getattr(exc, "messages", None) or [getattr(exc, "detail", str(exc))]:
        form.add_error(None, message)


@login_required
def partnership_new(request):
    conventions = conventions_for(request.user)
    if not conventions.exists():
        raise NotAllowed(_("Only secretariat staff may register partnerships."))
    form = PartnershipForm(request.POST or None, conventions=conventions)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        permissions.partnership_check_create(user=request.user, convention=data["convention"])
        try:
            partnership = services.partnership_create(user=request.user, **data)
        except (ValidationError, DomainError) as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Partnership registered."))
            return redirect("partnerships:partnership_detail", partnership_id=partnership.pk)
    return render(request, "partnerships/partnership_new.html", {"form": form})


@login_required
def workplan_new(request, partnership_id: int):
    partnership = permissions.partnership_get(user=request.user, partnership_id=partnership_id)
    permissions.partnership_check_change(user=request.user, partnership=partnership)
    form = WorkPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workplan = services.workplan_create(user=request.user, partnership=partnership, **form.cleaned_data)
        except (ValidationError, DomainError) as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Work plan added; add its activities below."))
            return redirect("partnerships:workplan_detail", workplan_id=workplan.pk)
    return render(request, "partnerships/workplan_new.html", {"form": form, "partnership": partnership})
