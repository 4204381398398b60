"""Pages of national reporting: workspace, report (autosaving), print, dashboard, crosswalk review, import."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.roles import user_is_admin, user_secretariat_conventions
from liaison.catalogue.models import Convention, Country
from liaison.reporting import crosswalk, selectors, services
from liaison.reporting.formats import FormatError
from liaison.reporting.forms import DelegationForm, QuestionnaireUploadForm, ReopenForm
from liaison.reporting.models import Delegation, QuestionLink, Questionnaire, ReopenRequest
from liaison.reporting.permissions import (
    delegate_check,
    link_get_for_review,
    reopen_get_for_decision,
    report_can_manage,
    report_get_for,
    report_get_for_manage,
    report_sections_for,
    report_start_check,
    staff_check,
)
from liaison.reporting.questionnaires import questionnaire_import, questionnaire_parse


def found_or_404(view):
    """Turn a missing object (a gateway's DoesNotExist) into a 404 page."""
    from functools import wraps

    from django.core.exceptions import ObjectDoesNotExist
    from django.http import Http404

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404(_("Not found.")) from None
    return wrapper


def staff_conventions(user):
    if user_is_admin(user):
        return Convention.objects.filter(questionnaires__isnull=False).distinct()
    served = user_secretariat_conventions(user)  # and the protocols their secretariat serves
    return Convention.objects.filter(Q(pk__in=served) | Q(kind="protocol", parent__in=served))


@login_required
@found_or_404
def workspace(request):
    conventions = staff_conventions(request.user)
    return render(request, "reporting/workspace.html", {
        **selectors.workspace_for(user=request.user), "today": dt.date.today(),
        "staff_conventions": conventions,
        "reopen_requests": ReopenRequest.objects.filter(status=ReopenRequest.PENDING,
                                                        report__questionnaire__convention__in=conventions)
        .select_related("report__country", "report__questionnaire", "requested_by"),
    })


@login_required
@require_POST
@found_or_404
def report_start(request, code: str, iso3: str):
    questionnaire = get_object_or_404(Questionnaire, code=code)
    country = get_object_or_404(Country, iso3=iso3)
    report_start_check(user=request.user, questionnaire=questionnaire, country=country)
    report, created = services.report_start(user=request.user, questionnaire=questionnaire, country=country)
    if created:
        n = report.answers.count()
        messages.success(request, _("Report opened: %(n)d answers prefilled from your earlier reports.") % {"n": n})
    return redirect("reporting:report", report_id=report.pk)


@login_required
@found_or_404
def report_page(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    sections = report_sections_for(user=request.user, report=report)
    manage = report_can_manage(user=request.user, report=report)
    view = selectors.report_view(report=report, sections=sections)
    return render(request, "reporting/report.html", {
        **view, "manage": manage, "editable": not report.is_locked and (manage or bool(sections)),
        "delegations": report.delegations.select_related("section", "user") if manage else [],
        "delegation_form": DelegationForm(report=report) if manage else None,
        "problems": services.report_problems(report=report) if manage and not report.is_locked else [],
        "snapshots": report.snapshots.all(), "reopen_form": ReopenForm() if manage and report.is_locked else None,
        "pending_reopen": report.reopen_requests.filter(status=ReopenRequest.PENDING).first(),
        "is_staff": staff_conventions(request.user).filter(pk=report.questionnaire.convention_id).exists(),
        "partial": sections is not None,
        "rules": {i["question"].key: i["question"].show_if for s in view["sections"] for i in s["items"]
                  if i["question"].show_if},
    })


@login_required
@found_or_404
def report_print(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    view = selectors.report_view(report=report, sections=report_sections_for(user=request.user, report=report))
    return render(request, "reporting/report_print.html", view)


@login_required
@found_or_404
def report_pdf(request, report_id: int):
    from django.contrib.staticfiles import finders
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    from liaison.core.pdf import PdfUnavailable, pdf_render

    report = report_get_for(user=request.user, report_id=report_id)
    view = selectors.report_view(report=report, sections=report_sections_for(user=request.user, report=report))
    css = "\n".join(open(finders.find(p), encoding="utf-8").read()
                    for p in ("liaison/liaison.css", "reporting/reporting.css"))
    try:
        data = pdf_render(html=render_to_string("reporting/report_pdf.html", {**view, "css": css}, request=request))
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("reporting:report_print", report_id=report.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="{report.questionnaire.code}-'
                                       f'{report.country.iso3}.pdf"')
    return response


@login_required
@found_or_404
def attachment_download(request, attachment_id: int):
    from django.http import FileResponse

    from liaison.reporting.models import Attachment

    attachment = get_object_or_404(Attachment.objects.select_related("answer__question"), pk=attachment_id)
    report = report_get_for(user=request.user, report_id=attachment.answer.report_id)
    sections = report_sections_for(user=request.user, report=report)
    if sections is not None and attachment.answer.question.section_id not in sections:
        raise PermissionDenied(_("This file belongs to a section not delegated to you."))
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


@login_required
@require_POST
@found_or_404
def report_delegate(request, report_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    if request.POST.get("remove"):
        delegation = get_object_or_404(Delegation, pk=request.POST["remove"], report=report)
        services.delegation_remove(user=request.user, delegation=delegation)
        return redirect("reporting:report", report_id=report.pk)
    form = DelegationForm(request.POST, report=report)
    if form.is_valid():
        delegate = get_user_model().objects.get(username=form.cleaned_data["username"])
        try:
            delegate_check(report=report, delegate=delegate)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            services.section_delegate(user=request.user, report=report, section=form.cleaned_data["section"],
                                      delegate=delegate)
            messages.success(request, _("Section delegated to %(user)s.") % {"user": delegate.username})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("reporting:report", report_id=report.pk)


@login_required
@require_POST
@found_or_404
def report_submit(request, report_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    try:
        snapshot = services.report_submit(user=request.user, report=report)
    except services.ReportIncomplete as exc:
        messages.error(request, _("Not submitted: %(n)d answers are missing or invalid (listed below).")
                       % {"n": len(exc.problems)})
    except services.ReportStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Submitted and locked (version %(n)d kept).") % {"n": snapshot.number})
    return redirect("reporting:report", report_id=report.pk)


@login_required
@require_POST
@found_or_404
def report_reopen(request, report_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_request_create(user=request.user, report=report, reason=form.cleaned_data["reason"])
            messages.success(request, _("Request sent to the secretariat."))
        except services.ReportStateError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Say why the report should be reopened."))
    return redirect("reporting:report", report_id=report.pk)


@login_required
@require_POST
@found_or_404
def reopen_decide(request, request_id: int):
    reopen = reopen_get_for_decision(user=request.user, request_id=request_id)
    try:
        services.reopen_decide(user=request.user, request=reopen, approve=request.POST.get("approve") == "1")
    except services.ReportStateError as exc:
        messages.error(request, str(exc))
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "reporting:workspace"
    return redirect(target)


def questionnaire_list(request):
    return render(request, "reporting/questionnaire_list.html",
                  {"questionnaires": selectors.questionnaire_list()})


def questionnaire_detail(request, code: str):
    questionnaire = get_object_or_404(Questionnaire.objects.select_related("convention"), code=code)
    sections = selectors.sections_ordered(list(questionnaire.sections.all()))
    questions = {}
    for q in questionnaire.questions.all():
        questions.setdefault(q.section_id, []).append(q)
    return render(request, "reporting/questionnaire_detail.html", {
        "questionnaire": questionnaire, "sections": [(s, d, questions.get(s.pk, [])) for s, d in sections]})


def dashboard(request, code: str):
    questionnaire = get_object_or_404(Questionnaire.objects.select_related("convention"), code=code)
    rows = selectors.convention_status(questionnaire=questionnaire)
    counts = {state: sum(1 for r in rows if r["state"] == state) for state in ("submitted", "underway", "not_started")}
    return render(request, "reporting/dashboard.html", {
        "questionnaire": questionnaire, "rows": rows, "counts": counts,
        "basis": selectors.parties_expected(convention=questionnaire.convention)[1],
        "others": Questionnaire.objects.filter(convention=questionnaire.convention).exclude(pk=questionnaire.pk)})


@login_required
@found_or_404
def links_review(request):
    conventions = staff_conventions(request.user)
    if not conventions.exists():
        raise PermissionDenied(_("Only secretariat staff review question links."))
    if request.method == "POST" and request.POST.get("suggest"):
        pair = [get_object_or_404(Questionnaire, code=request.POST.get(k, "")) for k in ("source", "target")]
        if not any(q.convention_id in set(conventions.values_list("pk", flat=True)) for q in pair):
            raise PermissionDenied(_("Suggest links that involve a convention you work for."))
        try:
            n = crosswalk.links_suggest(source=pair[0], target=pair[1])
        except RuntimeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(n)d new links suggested; review them below.") % {"n": n})
        return redirect(f"{request.path}?status=suggested")
    if request.method == "POST":
        link_id = request.POST.get("link", "")
        link = link_get_for_review(user=request.user, link_id=int(link_id) if link_id.isdigit() else 0)
        status = request.POST.get("status")
        if status in (QuestionLink.ACCEPTED, QuestionLink.REJECTED):
            crosswalk.link_review(user=request.user, link=link, status=status)
        return redirect(request.get_full_path())
    status = request.GET.get("status") or QuestionLink.SUGGESTED
    found = (QuestionLink.objects.filter(status=status)
             .filter(Q(source__questionnaire__convention__in=conventions)
                     | Q(target__questionnaire__convention__in=conventions))
             .select_related("source__questionnaire__convention", "target__questionnaire__convention"))
    return render(request, "reporting/links.html", {"links": found[:500], "total": found.count(), "status": status,
                                                    "statuses": QuestionLink.STATUSES,
                                                    "questionnaires": Questionnaire.objects.all()})


@login_required
@found_or_404
def questionnaire_upload(request):
    conventions = staff_conventions(request.user)
    if not conventions.exists():
        raise PermissionDenied(_("Only secretariat staff import questionnaires."))
    form = QuestionnaireUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            data = questionnaire_parse(form.cleaned_data["file"].read())
            convention = Convention.objects.filter(acronym__iexact=data["convention"]).first()
            if convention is None:
                raise FormatError([_("convention %(c)s is not in the catalogue") % {"c": data["convention"]}])
            staff_check(user=request.user, convention=convention)
            questionnaire, created = questionnaire_import(data=data, user=request.user)
        except FormatError as exc:
            problems = exc.problems
        else:
            messages.success(request, _("%(code)s imported: %(n)d questions.")
                             % {"code": questionnaire.code, "n": questionnaire.questions.count()})
            return redirect("reporting:questionnaire", code=questionnaire.code)
    return render(request, "reporting/import.html", {"form": form, "problems": problems})
