"""Pages of the registry, work plans (timeline), the calendar, due diligence and the report builder.

Contribution pages are in views_contributions.py. Thin: a form, one gateway call, one service or selector.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.roles import user_is_admin, user_is_secretariat
from liaison.catalogue.models import Convention
from liaison.core.selectors import audit_list_for
from liaison.partnerships import permissions, selectors, services
from liaison.partnerships.calendar import calendar_ics
from liaison.partnerships.forms import (
    ActivityAddForm,
    ActivityForm,
    ReportForm,
    ScreeningDecisionForm,
    ScreeningForm,
    TransitionForm,
)
from liaison.partnerships.models import Partnership
from liaison.partnerships.report import report_build
from liaison.partnerships.report_render import CONTENT_TYPES, RenderError, report_html, report_render
from liaison.partnerships.targets import target_label


def found(fn, **kwargs):
    """Return fn(**kwargs), turning a missing or invisible object into a 404."""
    try:
        return fn(**kwargs)
    except ObjectDoesNotExist:
        raise Http404(_("No such record, or it is not visible to you.")) from None


def errors_add(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def partnership_list(request):
    filters = {k: request.GET.get(k) or None for k in ("q", "status", "instrument", "convention")}
    visible = permissions.partnership_list_for(user=request.user)
    partnerships = selectors.partnership_filter(visible, **filters)
    counts = {s: 0 for s, _label in Partnership.STATUSES}
    for status in visible.values_list("status", flat=True):
        counts[status] += 1
    return render(request, "partnerships/partnership_list.html", {
        "partnerships": partnerships, "filters": filters, "statuses": Partnership.STATUSES,
        "instruments": Partnership.INSTRUMENTS,
        "status_counts": [(s, label, counts[s]) for s, label in Partnership.STATUSES],
        "can_register": user_is_admin(request.user) or user_is_secretariat(request.user),
    })


def partnership_detail(request, partnership_id: int):
    partnership = found(permissions.partnership_get_for_view, user=request.user, partnership_id=partnership_id)
    can_edit = permissions.partnership_can_edit(user=request.user, partnership=partnership)
    form = TransitionForm(partnership=partnership) if can_edit and Partnership.TRANSITIONS[partnership.status] \
        else None
    if request.method == "POST":
        partnership = permissions.partnership_get_for_edit(user=request.user, partnership_id=partnership_id)
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
    partnership = selectors.partnership_filter(Partnership.objects.filter(pk=partnership.pk)).get()
    screenings = permissions.screening_list_for(user=request.user).filter(
        organization__in=partnership.organizations.all()) if can_edit else []
    return render(request, "partnerships/partnership_detail.html", {
        "p": partnership, "can_edit": can_edit, "form": form, "workplans": partnership.workplans.all(),
        "audit": audit_list_for(obj=partnership), "screenings": screenings,
        "blockers": services.screening_blockers(partnership) if can_edit else [],
        "contributions": partnership.contributions.filter(status="accepted"),
    })


def workplan_detail(request, workplan_id: int):
    workplan = found(permissions.workplan_get_for_view, user=request.user, workplan_id=workplan_id)
    add_form = None
    if permissions.partnership_can_edit(user=request.user, partnership=workplan.partnership):
        add_form = ActivityAddForm(request.POST or None, workplan=workplan)
    if request.method == "POST":
        workplan = permissions.workplan_get_for_edit(user=request.user, workplan_id=workplan_id)
        if add_form.is_valid():
            try:
                services.activity_create(user=request.user, workplan=workplan, **add_form.changes())
            except ValidationError as exc:
                errors_add(add_form, exc)
            else:
                messages.success(request, _("Activity added."))
                return redirect("partnerships:workplan_detail", workplan_id=workplan.pk)
    today = timezone.localdate()
    timeline = selectors.workplan_timeline(workplan=workplan, today=today)
    for row in timeline.rows:
        row["can_edit"] = permissions.activity_can_edit(user=request.user, activity=row["activity"])
        row["targets"] = [target_label(t.framework_code, t.target_code) for t in row["activity"].targets.all()]
    return render(request, "partnerships/workplan_detail.html", {
        "workplan": workplan, "timeline": timeline, "today": today,
        "overdue": sum(r["overdue"] for r in timeline.rows), "unstarted": sum(r["unstarted"] for r in timeline.rows),
        "add_form": add_form,
    })


@login_required
def activity_edit(request, activity_id: int):
    activity = found(permissions.activity_get_for_edit, user=request.user, activity_id=activity_id)
    form = ActivityForm(request.POST or None, initial=ActivityForm.initial_for(activity))
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(user=request.user, activity=activity, **form.changes())
        except ValidationError as exc:
            errors_add(form, exc)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("partnerships:workplan_detail", workplan_id=activity.workplan_id)
    return render(request, "partnerships/activity_edit.html", {
        "activity": activity, "form": form, "audit": audit_list_for(obj=activity)})


def calendar(request):
    return render(request, "partnerships/calendar.html", {"events": selectors.events_list(
        kind=request.GET.get("kind") or None)})


def calendar_feed(request):
    response = HttpResponse(calendar_ics(selectors.events_list()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="liaison-outreach.ics"'
    return response


@login_required
def screening_list(request):
    conventions = Convention.objects.filter(acronym="CMS")
    convention = conventions.first()
    permissions.screening_check_create(user=request.user, convention=convention)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            organization = services.organizations_get([data.pop("organization")])[0]
            services.screening_create(user=request.user, organization=organization, convention=convention, **data)
        except ValidationError as exc:
            errors_add(form, exc)
        else:
            messages.success(request, _("Screening opened; a reviewer decides it."))
            return redirect("partnerships:screening_list")
    return render(request, "partnerships/screening_list.html", {
        "screenings": permissions.screening_list_for(user=request.user).select_related("organization", "reviewer"),
        "form": form, "decision_form": ScreeningDecisionForm()})


@login_required
def screening_decide(request, screening_id: int):
    screening = found(permissions.screening_get_for_decide, user=request.user, screening_id=screening_id)
    form = ScreeningDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_decide(user=request.user, screening=screening, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Decision recorded."))
    elif request.method == "POST":
        messages.error(request, _("Give a decision and its reasons."))
    return redirect("partnerships:screening_list")


@login_required
def report_builder(request):
    permissions.report_check(user=request.user)
    today = timezone.localdate()
    form = ReportForm(request.GET or None, initial=ReportForm.initial_default(today))
    fmt = request.GET.get("format", "")
    body, report = "", None
    if request.GET and form.is_valid():
        convention = Convention.objects.get(acronym="CMS")
        report = report_build(convention=convention, today=today, **form.cleaned_data)
        if fmt in ("docx", "pdf"):
            try:
                data = report_render(report, fmt=fmt)
            except RenderError as exc:
                messages.error(request, str(exc))
            else:
                response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
                name = f"standing-committee-report-{report.start}-{report.end}-{report.lang}.{fmt}"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
        body = report_html(report, standalone=False)
    return render(request, "partnerships/report_builder.html", {"form": form, "body": body, "report": report})
