"""Pages of the registry, work plans (timeline), the calendar and due diligence.

Registration pages are in views_pages.py; contributions and the committee report in their own packages.
Thin: a form, one gateway call, one service or selector. The convention is `?convention=<acronym>` (see
partnerships.conventions for the default).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Convention
from liaison.core.errors import DomainError
from liaison.core.selectors import audit_list_for
from liaison.partnerships.calendar import calendar_ics
from liaison.partnerships.contributions.selectors import contributions_consolidated
from liaison.partnerships.conventions import convention_resolve
from liaison.partnerships.forms import (
    ActivityAddForm,
    ActivityForm,
    ScreeningDecisionForm,
    ScreeningForm,
    TransitionForm,
)
from liaison.partnerships.models import Partnership
from liaison.partnerships.registry import diligence, permissions, selectors, services
from liaison.partnerships.targets import target_label


def errors_add(form, exc: ValidationError | DomainError) -> None:
    """Show a service's refusal on the form."""
    for message in getattr(exc, "messages", None) or [getattr(exc, "detail", str(exc))]:
        form.add_error(None, message)


def partnership_list(request):
    filters = {k: (request.GET.get(k) or "")[:200] or None for k in ("q", "status", "instrument", "convention")}
    convention = convention_resolve(user=request.user, acronym=filters["convention"]) if filters["convention"] \
        else None
    visible = permissions.partnerships_visible_to(request.user)
    if convention is not None:
        visible = visible.filter(convention=convention)
    partnerships = selectors.partnership_filter(visible, q=filters["q"], status=filters["status"],
                                                instrument=filters["instrument"])
    counts = {s: 0 for s, _label in Partnership.STATUSES}
    for status in visible.values_list("status", flat=True):
        counts[status] += 1
    access = access_for(request.user)
    return render(request, "partnerships/partnership_list.html", {
        "partnerships": partnerships, "filters": filters, "statuses": Partnership.STATUSES,
        "instruments": Partnership.INSTRUMENTS, "convention": convention,
        "conventions": Convention.objects.filter(partnerships__in=permissions.partnerships_visible_to(
            request.user)).distinct().order_by("acronym"),
        "status_counts": [(s, label, counts[s]) for s, label in Partnership.STATUSES],
        "can_register": access.everything or access.is_secretariat(),
    })


def partnership_detail(request, partnership_id: int):
    partnership = permissions.partnership_get(user=request.user, partnership_id=partnership_id)
    can_edit = permissions.partnership_may_change(user=request.user, partnership=partnership)
    form = TransitionForm(partnership=partnership) if can_edit and Partnership.TRANSITIONS[partnership.status] \
        else None
    if request.method == "POST":
        permissions.partnership_check_change(user=request.user, partnership=partnership)
        form = TransitionForm(request.POST, partnership=partnership)
        if form.is_valid():
            try:
                services.partnership_transition(user=request.user, partnership=partnership, **form.cleaned_data)
            except ValidationError as exc:
                errors_add(form, exc)
                partnership.refresh_from_db()
            else:
                messages.success(request, _("Status changed to %(status)s.")
                                 % {"status": partnership.get_status_display()})
                return redirect("partnerships:partnership_detail", partnership_id=partnership.pk)
    partnership = selectors.partnership_detail_get(user=request.user, partnership_id=partnership.pk)
    screenings = permissions.screenings_visible_to(request.user).filter(
        organization__in=partnership.organizations.all()) if can_edit else []
    return render(request, "partnerships/partnership_detail.html", {
        "p": partnership, "can_edit": can_edit, "form": form,
        "workplans": selectors.partnership_workplans(user=request.user, partnership=partnership),
        "audit": audit_list_for(obj=partnership), "screenings": screenings,
        "blockers": services.screening_blockers(partnership) if can_edit else [],
        "contributions": contributions_consolidated(user=request.user).filter(partnership=partnership),
    })


def workplan_detail(request, workplan_id: int):
    workplan = permissions.workplan_get(user=request.user, workplan_id=workplan_id)
    add_form = None
    if permissions.partnership_may_change(user=request.user, partnership=workplan.partnership):
        add_form = ActivityAddForm(request.POST or None, workplan=workplan)
    if request.method == "POST":
        permissions.workplan_check_change(user=request.user, workplan=workplan)
        if add_form.is_valid():
            try:
                services.activity_create(user=request.user, workplan=workplan, **add_form.changes())
            except (ValidationError, DomainError) as exc:
                errors_add(add_form, exc)
            else:
                messages.success(request, _("Activity added."))
                return redirect("partnerships:workplan_detail", workplan_id=workplan.pk)
    today = timezone.localdate()
    activities = selectors.workplan_activities(user=request.user, workplan=workplan)
    timeline = selectors.workplan_timeline(workplan=workplan, today=today, activities=activities)
    for row in timeline.rows:
        row["can_edit"] = permissions.activity_may_edit(user=request.user, activity=row["activity"])
        row["targets"] = [target_label(t.framework_code, t.target_code) for t in row["activity"].targets.all()]
    return render(request, "partnerships/workplan_detail.html", {
        "workplan": workplan, "timeline": timeline, "today": today,
        "overdue": sum(r["overdue"] for r in timeline.rows), "unstarted": sum(r["unstarted"] for r in timeline.rows),
        "add_form": add_form,
    })


@login_required
def activity_edit(request, activity_id: int):
    activity = permissions.activity_get(user=request.user, activity_id=activity_id)
    permissions.activity_check_edit(user=request.user, activity=activity)
    form = ActivityForm(request.POST or None, initial=ActivityForm.initial_for(activity))
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(user=request.user, activity=activity, **form.changes())
        except (ValidationError, DomainError) as exc:
            errors_add(form, exc)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("partnerships:workplan_detail", workplan_id=activity.workplan_id)
    return render(request, "partnerships/activity_edit.html", {
        "activity": activity, "form": form, "audit": audit_list_for(obj=activity)})


def calendar(request):
    return render(request, "partnerships/calendar.html", {"events": selectors.events_list(
        kind=(request.GET.get("kind") or "")[:20] or None)})


def calendar_feed(request):
    response = HttpResponse(calendar_ics(selectors.events_list()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="liaison-outreach.ics"'
    return response


@login_required
def screening_list(request):
    convention = convention_resolve(user=request.user, acronym=(request.GET.get("convention") or "")[:32] or None)
    permissions.screening_check_read(user=request.user)
    may_open = permissions.screening_may_create(user=request.user, convention=convention)
    form = ScreeningForm(request.POST or None) if may_open else None
    if request.method == "POST":
        permissions.screening_check_create(user=request.user, convention=convention)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        company = data.pop("organization")
        register = {key: data.pop(key) for key in ("register", "website", "country")}
        try:
            if register["register"]:
                organization = diligence.organization_register(
                    user=request.user, name=company, kind="private", website=register["website"],
                    country=register["country"])
            else:
                organization = services.organizations_get([company])[0]
            diligence.screening_create(user=request.user, organization=organization, convention=convention, **data)
        except (ValidationError, DomainError) as exc:
            errors_add(form, exc)
        else:
            messages.success(request, _("Screening opened; a reviewer decides it."))
            return redirect(f"{request.path}?convention={convention.acronym}")
    return render(request, "partnerships/screening_list.html", {
        "screenings": permissions.screenings_visible_to(request.user).filter(convention=convention).select_related(
            "organization", "reviewer"),
        "form": form, "decision_form": ScreeningDecisionForm(), "convention": convention})


@login_required
def screening_decide(request, screening_id: int):
    screening = permissions.screening_get(user=request.user, screening_id=screening_id)
    permissions.screening_check_decide(user=request.user, screening=screening)
    form = ScreeningDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            diligence.screening_decide(user=request.user, screening=screening, **form.cleaned_data)
        except (ValidationError, DomainError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Decision recorded."))
    elif request.method == "POST":
        messages.error(request, _("Give a decision and its reasons."))
    return redirect(f"{reverse('partnerships:screening_list')}?convention={screening.convention.acronym}")
