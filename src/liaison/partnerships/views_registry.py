"""Pages that register partnerships and their joint work plans (secretariat staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liaison.accounts.roles import user_is_admin, user_secretariat_conventions
from liaison.catalogue.models import Convention
from liaison.partnerships import permissions, services
from liaison.partnerships.forms_registry import PartnershipForm, WorkPlanForm


def conventions_for(user):
    """Return the conventions whose partnerships `user` may register."""
    if user_is_admin(user):
        return Convention.objects.all()
    return Convention.objects.filter(pk__in=user_secretariat_conventions(user))


def form_errors_add(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def partnership_new(request):
    conventions = conventions_for(request.user)
    if not conventions.exists():
        raise PermissionDenied(_("Only secretariat staff may register partnerships."))
    form = PartnershipForm(request.POST or None, conventions=conventions)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        permissions.partnership_create_check(user=request.user, convention=data["convention"])
        try:
            partnership = services.partnership_create(user=request.user, **data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Partnership registered."))
            return redirect("partnerships:partnership_detail", partnership_id=partnership.pk)
    return render(request, "partnerships/partnership_new.html", {"form": form})


@login_required
def workplan_new(request, partnership_id: int):
    partnership = permissions.partnership_get_for_edit(user=request.user, partnership_id=partnership_id)
    form = WorkPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workplan = services.workplan_create(user=request.user, partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Work plan added; add its activities below."))
            return redirect("partnerships:workplan_detail", workplan_id=workplan.pk)
    return render(request, "partnerships/workplan_new.html", {"form": form, "partnership": partnership})
