"""The report builder page: preview the Standing Committee report of a convention, download DOCX or PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from liaison.partnerships.committee.permissions import report_check_build
from liaison.partnerships.committee.render import CONTENT_TYPES, RenderError, report_html, report_render
from liaison.partnerships.committee.report import report_build
from liaison.partnerships.conventions import convention_resolve
from liaison.partnerships.forms import ReportForm


@login_required
def report_builder(request):
    convention = convention_resolve(user=request.user, acronym=(request.GET.get("convention") or "")[:32] or None)
    report_check_build(user=request.user, convention=convention)
    today = timezone.localdate()
    params = request.GET.copy()
    params.pop("convention", None)
    params.pop("format", None)
    form = ReportForm(params or None, initial=ReportForm.initial_default(today))
    fmt = request.GET.get("format", "")
    body, report = "", None
    if params and form.is_valid():
        report = report_build(user=request.user, convention=convention, today=today, **form.cleaned_data)
        if fmt in ("docx", "pdf"):
            try:
                data = report_render(report, fmt=fmt)
            except RenderError as exc:
                messages.error(request, str(exc))
            else:
                response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
                name = f"standing-committee-report-{convention.acronym}-{report.start}-{report.end}-{report.lang}.{fmt}"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
        body = report_html(report, standalone=False)
    return render(request, "partnerships/report_builder.html", {"form": form, "body": body, "report": report,
                                                                 "convention": convention})
