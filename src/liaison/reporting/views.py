"""Pages of national reporting: workspace, report (autosaving), print, dashboard, crosswalk review, import."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.catalogue.models import Convention
from liaison.core.errors import DomainError, NotAllowed, NotFound
from liaison.reporting import crosswalk, selectors, services
from liaison.reporting.cycles import cycle_summary, today_default
from liaison.reporting.formats import FormatError
from liaison.reporting.forms import DelegationForm, QuestionnaireUploadForm, ReopenForm
from liaison.reporting.models import Delegation, QuestionLink, ReopenRequest
from liaison.reporting.permissions import (
    attachment_visible_to,
    id_known,
    link_get_for_review,
    reopen_get_for_decision,
    report_can_manage,
    report_get_for,
    report_get_for_manage,
)
from liaison.reporting.questionnaires import questionnaire_import, questionnaire_parse
from liaison.reporting.uploads import upload_max_bytes


@login_required
def workspace(request):
    conventions = selectors.staff_conventions(user=request.user)
    return render(request, "reporting/workspace.html", {
        **selectors.workspace_for(user=request.user), "today": dt.date.today(),
        "staff_conventions": conventions.prefetch_related("questionnaires"),
        "reopen_requests": selectors.reopen_requests_pending(user=request.user, conventions=conventions),
    })


@login_required
@require_POST
def report_start(request, code: str, iso3: str):
    questionnaire = selectors.questionnaire_get(user=request.user, code=code)
    country = selectors.country_get(iso3=iso3)
    report, created = services.report_start(user=request.user, questionnaire=questionnaire, country=country)
    if created:
        n = report.answers.count()
        messages.success(request, _("Report opened: %(n)d answers prefilled from your earlier reports.") % {"n": n})
    return redirect("reporting:report", report_id=report.pk)


@login_required
def report_page(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    manage = report_can_manage(user=request.user, report=report)
    view = selectors.report_view(user=request.user, report=report)
    staff = selectors.staff_conventions(user=request.user).filter(pk=report.questionnaire.convention_id).exists()
    return render(request, "reporting/report.html", {
        **view, "manage": manage, "upload_max_bytes": upload_max_bytes(),
        "cycle": cycle_summary(questionnaire=report.questionnaire, report=report, today=today_default(None)),
        "editable": not report.is_locked and (manage or (view["partial"] and bool(view["sections"]))),
        "delegations": report.delegations.select_related("section", "user") if manage else [],
        "delegation_form": DelegationForm(report=report) if manage else None,
        "problems": services.report_problems(report=report) if manage and not report.is_locked else [],
        "snapshots": report.snapshots.all(), "reopen_form": ReopenForm() if manage and report.is_locked else None,
        "pending_reopen": report.reopen_requests.filter(status=ReopenRequest.PENDING).first(),
        "is_staff": staff,
        "rules": {i["question"].key: i["question"].show_if for s in view["sections"] for i in s["items"]
                  if i["question"].show_if},
    })


@login_required
def report_print(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    view = selectors.report_view(user=request.user, report=report)
    return render(request, "reporting/report_print.html", view)


@login_required
def report_pdf(request, report_id: int):
    from django.contrib.staticfiles import finders
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    from liaison.core.pdf import PdfUnavailable, pdf_render

    report = report_get_for(user=request.user, report_id=report_id)
    view = selectors.report_view(user=request.user, report=report)
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
def attachment_download(request, attachment_id: int):
    from django.http import FileResponse

    attachment = attachment_visible_to(request.user).filter(pk=id_known(attachment_id)).first()
    if attachment is None:
        raise NotFound(_("No such file."))
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


@login_required
@require_POST
def report_delegate(request, report_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    if request.POST.get("remove"):
        remove = request.POST["remove"]
        delegation = Delegation.objects.filter(pk=int(remove) if remove.isdigit() and len(remove) < 12 else 0,
                                               report=report).select_related("report", "section", "user").first()
        if delegation is None:
            raise NotFound(_("No such delegation."))
        services.delegation_remove(user=request.user, delegation=delegation)
        return redirect("reporting:report", report_id=report.pk)
    form = DelegationForm(request.POST, report=report)
    if form.is_valid():
        delegate = get_user_model().objects.get(username=form.cleaned_data["username"])
        try:
            services.section_delegate(user=request.user, report=report, section=form.cleaned_data["section"],
                                      delegate=delegate)
        except NotAllowed as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("Section delegated to %(user)s.") % {"user": delegate.username})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("reporting:report", report_id=report.pk)


@login_required
@require_POST
def report_submit(request, report_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    try:
        snapshot = services.report_submit(user=request.user, report=report,
                                          confirmed=request.POST.get("confirm") == "1")
    except services.ReportIncomplete as exc:
        messages.error(request, _("Not submitted: %(n)d answers are missing or invalid (listed below).")
                       % {"n": len(exc.problems)})
    except (services.ReportStateError, services.SubmitUnconfirmed) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Submitted and locked (version %(n)d kept).") % {"n": snapshot.number})
    return redirect("reporting:report", report_id=report.pk)


@login_required
@require_POST
def report_reopen(request, report_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_request_create(user=request.user, report=report, reason=form.cleaned_data["reason"])
            messages.success(request, _("Request sent to the secretariat."))
        except (services.ReportStateError, DomainError) as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Say why the report should be reopened."))
    return redirect("reporting:report", report_id=report.pk)


@login_required
@require_POST
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
    today = today_default(None)
    return render(request, "reporting/questionnaire_list.html", {"questionnaires": [
        (q, cycle_summary(questionnaire=q, report=None, today=today))
        for q in selectors.questionnaire_list(user=request.user)]})


def questionnaire_detail(request, code: str):
    questionnaire = selectors.questionnaire_get(user=request.user, code=code)
    sections = selectors.sections_ordered(list(questionnaire.sections.filter(retired_at__isnull=True)))
    questions = {}
    for q in questionnaire.questions.filter(retired_at__isnull=True):
        questions.setdefault(q.section_id, []).append(q)
    return render(request, "reporting/questionnaire_detail.html", {
        "questionnaire": questionnaire, "sections": [(s, d, questions.get(s.pk, [])) for s, d in sections]})


def dashboard(request, code: str):
    questionnaire = selectors.questionnaire_get(user=request.user, code=code)
    rows = selectors.convention_status(user=request.user, questionnaire=questionnaire)
    return render(request, "reporting/dashboard.html", {
        "questionnaire": questionnaire, "rows": rows, "counts": selectors.convention_status_counts(rows),
        "cycle_state": selectors.questionnaire_cycle_state(questionnaire=questionnaire),
        "detailed": any(r["progress"] is not None for r in rows),
        "basis": selectors.parties_expected(convention=questionnaire.convention)[1],
        "others": selectors.questionnaire_list(user=request.user).filter(convention=questionnaire.convention)
        .exclude(pk=questionnaire.pk)})


@login_required
def links_review(request):
    conventions = selectors.staff_conventions(user=request.user)
    if not conventions.exists():
        raise NotAllowed(_("Only secretariat staff review question links."))
    if request.method == "POST" and request.POST.get("suggest"):
        pair = [selectors.questionnaire_get(user=request.user, code=request.POST.get(k, "")[:64])
                for k in ("source", "target")]
        try:
            n = crosswalk.links_suggest(user=request.user, source=pair[0], target=pair[1])
        except RuntimeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(n)d new links suggested; review them below.") % {"n": n})
        return redirect(f"{request.path}?status=suggested")
    if request.method == "POST":
        link_id = request.POST.get("link", "")
        link = link_get_for_review(user=request.user, link_id=int(link_id) if link_id.isdigit()
                                   and len(link_id) < 12 else 0)
        status = request.POST.get("status")
        if status in (QuestionLink.ACCEPTED, QuestionLink.REJECTED):
            crosswalk.link_review(user=request.user, link=link, status=status)
        return redirect(request.get_full_path())
    status = request.GET.get("status")
    status = status if status in dict(QuestionLink.STATUSES) else QuestionLink.SUGGESTED
    found = selectors.question_links_for_review(user=request.user, status=status, conventions=conventions)
    return render(request, "reporting/links.html", {"links": found[:500], "total": found.count(), "status": status,
                                                    "statuses": QuestionLink.STATUSES,
                                                    "questionnaires": selectors.questionnaire_list(user=request.user)})


@login_required
def questionnaire_upload(request):
    conventions = selectors.staff_conventions(user=request.user)
    if not conventions.exists():
        raise NotAllowed(_("Only secretariat staff import questionnaires."))
    form = QuestionnaireUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            data = questionnaire_parse(form.cleaned_data["file"].read())
            if not Convention.objects.filter(acronym__iexact=data["convention"]).exists():
                raise FormatError([_("convention %(c)s is not in the catalogue") % {"c": data["convention"]}])
            questionnaire, created = questionnaire_import(data=data, user=request.user)
        except FormatError as exc:
            problems = exc.problems
        else:
            messages.success(request, _("%(code)s imported: %(n)d questions.")
                             % {"code": questionnaire.code, "n": questionnaire.questions.count()})
            return redirect("reporting:questionnaire", code=questionnaire.code)
    return render(request, "reporting/import.html", {"form": form, "problems": problems})
