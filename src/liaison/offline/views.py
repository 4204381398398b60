"""Pages of offline reports: upload a filled file, its preview and confirm; staff read a questionnaire form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.catalogue.models import Convention
from liaison.core.errors import DomainError, NotAllowed
from liaison.offline import services
from liaison.offline.selectors import form_import_get_for, upload_get_for
from liaison.reporting.permissions import report_get_for, staff_of
from liaison.reporting.selectors import staff_conventions
from liaison.reporting.uploads import upload_max_bytes, upload_size_check


def file_read(request) -> tuple[str, bytes]:
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(_("Choose a file to upload."))
    upload_size_check(upload.size)
    return upload.name or "", upload.read(upload_max_bytes() + 1)


@login_required
@require_POST
def upload_create(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    try:
        name, data = file_read(request)
        upload = services.upload_preview(user=request.user, report=report, name=name, data=data)
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect("reporting:report", report_id=report.pk)
    return redirect("offline:upload", upload_id=upload.pk)


@login_required
def upload_page(request, upload_id: int):
    upload = upload_get_for(user=request.user, upload_id=upload_id)
    if request.method == "POST":
        keep = {r["id"]: request.POST.get(f"keep-{r['id']}", "") for r in upload.rows if r["status"] == "conflict"}
        skip = [r["id"] for r in upload.rows if r["status"] == "change" and not request.POST.get(f"apply-{r['id']}")]
        try:
            if request.POST.get("discard"):
                services.upload_discard(user=request.user, upload=upload)
                messages.success(request, _("The upload was discarded; nothing was changed."))
            else:
                n = services.upload_confirm(user=request.user, upload=upload, keep=keep, skip=skip)
                messages.success(request, _("%(n)d answers from the offline file were saved.") % {"n": n})
        except DomainError as exc:
            messages.error(request, str(exc.detail))
            return redirect("offline:upload", upload_id=upload.pk)
        return redirect("reporting:report", report_id=upload.report_id)
    rows = upload.rows
    return render(request, "offline/upload.html", {
        "upload": upload, "report": upload.report, "changes": [r for r in rows if r["status"] == "change"],
        "conflicts": [r for r in rows if r["status"] == "conflict"],
        "invalid": [r for r in rows if r["status"] == "invalid"]})


@login_required
def form_import(request):
    conventions = staff_conventions(user=request.user)
    if not conventions.exists():
        raise NotAllowed(_("Only secretariat staff import questionnaires."))
    if request.method == "POST":
        try:
            convention = Convention.objects.filter(pk=int(request.POST.get("convention") or 0)).first()
            if convention is None or not staff_of(request.user, convention=convention):
                raise NotAllowed(_("Only the convention's secretariat imports its questionnaire."))
            name, data = file_read(request)
            found = services.form_import_preview(
                user=request.user, convention=convention, name=name, data=data,
                code=request.POST.get("code", "").strip(), title=request.POST.get("title", "").strip(),
                cycle=request.POST.get("cycle", "").strip())
        except DomainError as exc:
            messages.error(request, " ".join([str(exc.detail), *(e["message"] for e in exc.errors[:10])]))
            return redirect("offline:form_import")
        return redirect("offline:form_preview", import_id=found.pk)
    return render(request, "offline/form_import.html", {"conventions": conventions})


@login_required
def form_preview(request, import_id: int):
    found = form_import_get_for(user=request.user, import_id=import_id)
    if request.method == "POST":
        try:
            questionnaire, _created = services.form_import_store(user=request.user, form_import=found)
        except DomainError as exc:
            messages.error(request, str(exc.detail))
            return redirect("offline:form_preview", import_id=found.pk)
        messages.success(request, _("Questionnaire %(code)s stored.") % {"code": questionnaire.code})
        return redirect("reporting:questionnaire", code=questionnaire.code)
    return render(request, "offline/form_preview.html", {"found": found, "data": found.data})

