"""Pages of a working group's work (its page, a meeting, a set of coordinated positions), their forms, the
documents' gateway and the briefing note's downloads. Each form calls one service, then goes back to its page;
a refused value shows the page again with the message and its status, nothing stored."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.coordination import actions, briefing, meetings, positions, workspace
from liaison.coordination.models import MeetingDocument
from liaison.coordination.views import form_date
from liaison.coordination.work_permissions import action_check_delete, meeting_document_check_delete
from liaison.core.errors import DomainError, Invalid, NotAllowed, NotFound, NotSignedIn
from liaison.core.schemas import id_in_range

PASSED_ON = (NotSignedIn, NotAllowed)  # refusals of access go to the site's handlers (sign-in, 403, 404)


def form_ids(request, field: str) -> list[int]:
    """Return the ids a form's multiple choice sent; Invalid for anything that is not one."""
    out = []
    for value in request.POST.getlist(field):
        if not (value.isascii() and value.isdigit() and id_in_range(int(value))):
            raise Invalid(errors=[{"field": field, "message": _("choose from the list")}])
        out.append(int(value))
    return out


def form_optional_int(request, field: str) -> int | None:
    value = (request.POST.get(field) or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and id_in_range(int(value))):
        raise Invalid(errors=[{"field": field, "message": _("choose from the list")}])
    return int(value)


def error_context(error: DomainError | None) -> dict:
    return {"error": error,
            "error_messages": [f"{e['field']}: {e['message']}" for e in error.errors] if error else []}


def group_render(request, iso3: str, group_id: int, *, error: DomainError | None = None):
    work = workspace.group_work_get(user=request.user, iso3=iso3, group_id=group_id)
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    choices = workspace.action_choices(user=request.user, country=group.country) if work["can_write"] else {}
    return render(request, "coordination/group.html",
                  {"work": work, "choices": choices, "form": request.POST.dict() if error else {},
                   "today": dt.date.today(), **error_context(error)}, status=error.status if error else 200)


def group_page(request, iso3: str, group_id: int):
    return group_render(request, iso3, group_id)


def group_back(iso3: str, group_id: int, anchor: str = ""):
    return redirect(reverse("coordination:group", args=[iso3.upper(), group_id]) + (f"#{anchor}" if anchor else ""))


def agenda_lines(request) -> list[str]:
    return (request.POST.get("agenda") or "").splitlines()


@login_required
@require_POST
def meeting_create(request, iso3: str, group_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    try:
        meeting = meetings.meeting_create(user=request.user, group=group, title=request.POST.get("title", ""),
                                          date=form_date(request.POST.get("date")),
                                          place=request.POST.get("place", ""), online=bool(request.POST.get("online")),
                                          agenda=agenda_lines(request), minutes=request.POST.get("minutes", ""))
    except PASSED_ON:
        raise
    except DomainError as error:
        return group_render(request, iso3, group_id, error=error)
    return redirect(reverse("coordination:meeting", args=[iso3.upper(), group_id, meeting.pk]))


def meeting_render(request, iso3: str, group_id: int, meeting_id: int, *, error: DomainError | None = None):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    meeting = meetings.meeting_detail(user=request.user, group=group, meeting_id=meeting_id)
    return render(request, "coordination/meeting.html",
                  {"meeting": meeting, "group": group, "country": group.country,
                   "agenda_text": "\n".join(a["title"] for a in meeting["agenda"]),
                   "max_mb": meetings.document_limit() // 2**20, **error_context(error)},
                  status=error.status if error else 200)


def meeting_page(request, iso3: str, group_id: int, meeting_id: int):
    if request.method == "POST":
        return meeting_update(request, iso3, group_id, meeting_id)
    return meeting_render(request, iso3, group_id, meeting_id)


@login_required
@require_POST
def meeting_update(request, iso3: str, group_id: int, meeting_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    meeting = meetings.meeting_get(user=request.user, group=group, meeting_id=meeting_id)
    try:
        meetings.meeting_update(user=request.user, meeting=meeting, title=request.POST.get("title"),
                                date=form_date(request.POST.get("date")), place=request.POST.get("place"),
                                online=bool(request.POST.get("online")), agenda=agenda_lines(request),
                                minutes=request.POST.get("minutes"))
    except PASSED_ON:
        raise
    except DomainError as error:
        return meeting_render(request, iso3, group_id, meeting_id, error=error)
    return redirect(reverse("coordination:meeting", args=[iso3.upper(), group_id, meeting_id]))


@login_required
@require_POST
def meeting_document_add(request, iso3: str, group_id: int, meeting_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    meeting = meetings.meeting_get(user=request.user, group=group, meeting_id=meeting_id)
    try:
        meetings.meeting_document_add(user=request.user, meeting=meeting, file=request.FILES.get("file"))
    except PASSED_ON:
        raise
    except DomainError as error:
        return meeting_render(request, iso3, group_id, meeting_id, error=error)
    return redirect(reverse("coordination:meeting", args=[iso3.upper(), group_id, meeting_id]) + "#documents")


def delete_confirm(request, *, question: str, back: str):
    """The page asking to confirm a deletion: the form posts to the same URL, Cancel goes back."""
    return render(request, "coordination/delete_confirm.html", {"question": question, "back": back})


@login_required
def meeting_document_delete(request, iso3: str, group_id: int, meeting_id: int, document_id: int):
    """GET: ask to confirm; POST: delete the document (the service checks who may), back to the meeting."""
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    meeting = meetings.meeting_get(user=request.user, group=group, meeting_id=meeting_id)
    document = meetings.meeting_document_of(user=request.user, meeting=meeting, document_id=document_id)
    back = reverse("coordination:meeting", args=[iso3.upper(), group_id, meeting_id]) + "#documents"
    if request.method != "POST":
        meeting_document_check_delete(user=request.user, document=document)
        return delete_confirm(request, question=_("Delete the document “%(name)s”?") % {"name": document.name},
                              back=back)
    meetings.meeting_document_delete(user=request.user, document=document)
    return redirect(back)


@login_required
def meeting_document(request, iso3: str, document_id: int):
    """Serve a meeting document to who reads its group's meetings (404 to everyone else)."""
    document = meetings.meeting_document_get(user=request.user, document_id=document_id)
    if document.meeting.group.country.iso3 != iso3.upper():
        raise NotFound(_("No such document."))
    inline = document.kind in ("pdf", "png", "jpeg")
    response = FileResponse(document.file.open("rb"), content_type=MeetingDocument.KINDS[document.kind],
                            as_attachment=not inline, filename=document.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def action_create(request, iso3: str, group_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    try:
        action = actions.action_create(
            user=request.user, group=group, title=request.POST.get("title", ""),
            description=request.POST.get("description", ""), owner_id=form_optional_int(request, "owner"),
            deadline=form_date(request.POST.get("deadline")), status=request.POST.get("status") or "open",
            meeting_id=form_optional_int(request, "meeting"), mandates=form_ids(request, "mandates"),
            sections=form_ids(request, "sections"), targets=form_ids(request, "targets"))
    except PASSED_ON:
        raise
    except DomainError as error:
        return group_render(request, iso3, group_id, error=error)
    return group_back(iso3, group_id, f"action-{action.pk}")


@login_required
@require_POST
def action_update(request, iso3: str, group_id: int, action_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    action = actions.action_get(user=request.user, group=group, action_id=action_id)
    try:
        owner = form_optional_int(request, "owner")
        actions.action_update(user=request.user, action=action, status=request.POST.get("status") or None,
                              owner_id=owner, clear_owner=owner is None and "owner" in request.POST,
                              deadline=form_date(request.POST.get("deadline")),
                              clear_deadline="deadline" in request.POST and not request.POST.get("deadline"))
    except PASSED_ON:
        raise
    except DomainError as error:
        return group_render(request, iso3, group_id, error=error)
    return group_back(iso3, group_id, f"action-{action.pk}")


@login_required
def action_delete(request, iso3: str, group_id: int, action_id: int):
    """GET: ask to confirm; POST: delete the action (the service checks who may), back to the group's actions."""
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    action = actions.action_get(user=request.user, group=group, action_id=action_id)
    back = reverse("coordination:group", args=[iso3.upper(), group_id]) + "#actions"
    if request.method != "POST":
        action_check_delete(user=request.user, action=action)
        return delete_confirm(request, question=_("Delete the action “%(name)s”?") % {"name": action.title},
                              back=back)
    actions.action_delete(user=request.user, action=action)
    return redirect(back)


@login_required
@require_POST
def brief_create(request, iso3: str, group_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    try:
        brief = positions.brief_create(user=request.user, group=group, convention=request.POST.get("convention", ""),
                                       meeting=request.POST.get("meeting", ""),
                                       starts=form_date(request.POST.get("starts")),
                                       place=request.POST.get("place", ""))
    except PASSED_ON:
        raise
    except DomainError as error:
        return group_render(request, iso3, group_id, error=error)
    return redirect(reverse("coordination:brief", args=[iso3.upper(), group_id, brief.pk]))


def brief_render(request, iso3: str, group_id: int, brief_id: int, *, error: DomainError | None = None):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    detail = positions.brief_detail(user=request.user, group=group, brief_id=brief_id)
    return render(request, "coordination/brief.html",
                  {"brief": detail, "group": group, "country": group.country,
                   "form": request.POST.dict() if error else {}, **error_context(error)},
                  status=error.status if error else 200)


def brief_page(request, iso3: str, group_id: int, brief_id: int):
    return brief_render(request, iso3, group_id, brief_id)


@login_required
@require_POST
def position_create(request, iso3: str, group_id: int, brief_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    brief = positions.brief_get(user=request.user, group=group, brief_id=brief_id)
    try:
        position = positions.position_create(user=request.user, brief=brief,
                                             agenda_item=request.POST.get("agenda_item", ""),
                                             title=request.POST.get("title", ""), text=request.POST.get("text", ""),
                                             decisions=form_ids(request, "decisions"))
    except PASSED_ON:
        raise
    except DomainError as error:
        return brief_render(request, iso3, group_id, brief_id, error=error)
    return redirect(reverse("coordination:brief", args=[iso3.upper(), group_id, brief_id]) + f"#position-{position.pk}")


@login_required
@require_POST
def position_update(request, iso3: str, group_id: int, brief_id: int, position_id: int):
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    brief = positions.brief_get(user=request.user, group=group, brief_id=brief_id)
    position = positions.position_get(user=request.user, brief=brief, position_id=position_id)
    try:
        positions.position_update(user=request.user, position=position, title=request.POST.get("title"),
                                  text=request.POST.get("text"),
                                  decisions=form_ids(request, "decisions") if request.POST.get("decisions_sent")
                                  else None)
    except PASSED_ON:
        raise
    except DomainError as error:
        return brief_render(request, iso3, group_id, brief_id, error=error)
    return redirect(reverse("coordination:brief", args=[iso3.upper(), group_id, brief_id]) + f"#position-{position_id}")


def briefing_download(request, iso3: str, group_id: int, brief_id: int, fmt: str):
    """The briefing note of a set of positions, as DOCX or PDF, for who reads them."""
    group = workspace.group_of(user=request.user, iso3=iso3, group_id=group_id)
    detail = positions.brief_detail(user=request.user, group=group, brief_id=brief_id)
    blocks = briefing.briefing_blocks(detail, today=dt.date.today())
    name = slugify(f"briefing-{detail['country']['iso3']}-{detail['convention']}-{detail['meeting']}")[:80] or "briefing"
    if fmt == "pdf":
        data, content_type = briefing.briefing_pdf(blocks, title=blocks[0][1]), "application/pdf"
    else:
        data = briefing.briefing_docx(blocks)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def briefing_docx(request, iso3: str, group_id: int, brief_id: int):
    return briefing_download(request, iso3, group_id, brief_id, "docx")


def briefing_pdf(request, iso3: str, group_id: int, brief_id: int):
    return briefing_download(request, iso3, group_id, brief_id, "pdf")
