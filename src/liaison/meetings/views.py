"""Pages of meeting records: the list (filters, sorting, a timeline by year), one meeting, and the form staff
enter and change meetings with. Each page calls one selector or service; a refused value shows the form again."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention
from liaison.core.errors import Invalid, NotAllowed
from liaison.meetings import selectors, services
from liaison.meetings.models import Meeting
from liaison.meetings.permissions import (
    meeting_conventions_writable,
    meeting_get_for,
    meetings_can_write,
    meetings_visible_to,
)

PER_PAGE = 50
FORM_FIELDS = ("convention", "kind", "number", "symbol", "title", "start", "end", "precision", "city", "country",
               "url", "description")


def meeting_list(request):
    filters = selectors.meeting_filters_read(request.GET)
    meetings = selectors.meeting_list(user=request.user, filters=filters)
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    timeline = [(year, list(rows)) for year, rows in
                groupby(page.object_list, key=lambda m: m.start.year if m.start else None)]
    return render(request, "meetings/list.html", {
        "page": page, "filters": filters, "timeline": timeline, "kinds": Meeting.KINDS,
        "conventions": Convention.objects.filter(pk__in=meetings_visible_to(request.user).values("convention"))
        .order_by("acronym"),
        "years": selectors.meeting_years(user=request.user),
        "sort": ("-" if filters.descending else "") + filters.order,
        "next_sort": {key: ("" if filters.descending or key != filters.order else "-") + key
                      for key in selectors.ORDER},
        "can_add": meeting_conventions_writable(request.user).exists(),
    })


def meeting_detail(request, slug: str):
    meeting = meeting_get_for(user=request.user, slug=slug)
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "decisions": selectors.meeting_decisions(user=request.user, meeting=meeting),
        "can_edit": meetings_can_write(user=request.user, convention=meeting.convention),
    })


def form_data(post) -> dict:
    """Return the service's input from the meeting form (documents as lines "title | URL")."""
    data: dict = {name: post.get(name, "") for name in FORM_FIELDS}
    data["published"] = post.get("published") == "on"
    documents = []
    for line in post.get("documents", "").splitlines()[:60]:
        title, _sep, url = line.rpartition("|")
        if line.strip():
            documents.append({"title": title.strip(), "url": url.strip()})
    data["documents"] = documents
    return data


def form_render(request, *, meeting: Meeting | None, data: dict, error=None):
    return render(request, "meetings/form.html", {
        "meeting": meeting, "data": data, "error": error, "kinds": Meeting.KINDS, "precisions": Meeting.PRECISIONS,
        "error_messages": [f"{e['field']}: {e['message']}" for e in error.errors] if error else [],
        "conventions": meeting_conventions_writable(request.user).order_by("acronym"),
        "documents_text": "\n".join(f"{d.get('title', '')} | {d.get('url', '')}" for d in data.get("documents", [])),
    }, status=error.status if error else 200)


@login_required
def meeting_new(request):
    if not meeting_conventions_writable(request.user).exists():
        raise NotAllowed(_("The meetings of a convention are entered by its secretariat's staff."))
    if request.method == "POST":
        data = form_data(request.POST)
        try:
            meeting = services.meeting_create(user=request.user, data=data)
        except Invalid as error:
            return form_render(request, meeting=None, data=data, error=error)
        return redirect("meetings:detail", slug=meeting.slug)
    return form_render(request, meeting=None, data={"kind": "cop", "precision": "day", "published": False})


@login_required
def meeting_edit(request, slug: str):
    meeting = meeting_get_for(user=request.user, slug=slug)
    if not meetings_can_write(user=request.user, convention=meeting.convention):
        raise NotAllowed(_("The meetings of a convention are entered by its secretariat's staff."))
    if request.method == "POST":
        data = form_data(request.POST)
        try:
            meeting = services.meeting_update(user=request.user, meeting=meeting, data=data)
        except Invalid as error:
            return form_render(request, meeting=meeting, data=data, error=error)
        return redirect("meetings:detail", slug=meeting.slug)
    data = {name: getattr(meeting, name) for name in FORM_FIELDS}
    data.update(convention=meeting.convention.acronym, country=meeting.country.iso3 if meeting.country else "",
                start=meeting.start.isoformat() if meeting.start else "",
                end=meeting.end.isoformat() if meeting.end else "", number=meeting.number or "",
                published=meeting.published, documents=meeting.documents)
    return form_render(request, meeting=meeting, data=data)
