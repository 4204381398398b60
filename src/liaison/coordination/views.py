"""The page of a country's coordination room, and its forms (each calls one service, then back to the room)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.coordination import services
from liaison.coordination.crossover import touching_of
from liaison.coordination.permissions import country_get, working_group_get
from liaison.coordination.selectors import people_to_add, room_get
from liaison.core.errors import Conflict, Invalid
from liaison.core.schemas import id_in_range


def room_render(request, iso3: str, *, error: Invalid | Conflict | None = None, form: dict | None = None):
    room = room_get(user=request.user, iso3=iso3)
    context = {"room": room, "error": error, "form": form or {}, "mandate_list_url": reverse("decisions:mandate_list"),
               "error_messages": [f"{e['field']}: {e['message']}" for e in error.errors] if error else [],
               "people": people_to_add(user=request.user, country=room["country"], room=room) if room["manages_groups"] else {},
               # a country without a working group has nothing prepared in one: no actions, notes or positions
               "touching": touching_of(user=request.user, country=room["country"], party_to=room["party_to"],
                                       any_notes=any(g["notes"] for g in room["working_groups"]))
               if room["working_groups"] else []}
    return render(request, "coordination/room.html", context, status=error.status if error else 200)


def room(request, iso3: str):
    return room_render(request, iso3)


def room_back(iso3: str, group_id: int | None = None):
    url = reverse("coordination:room", args=[iso3.upper()])
    return redirect(url + (f"#group-{group_id}" if group_id else ""))


def form_int(value: str | None, *, field: str) -> int:
    """Return the id a form sent; Invalid (422) for anything that is not one."""
    try:
        number = int(value or "")
    except ValueError:
        number = 0
    if not id_in_range(number):
        raise Invalid(errors=[{"field": field, "message": _("choose a person")}])
    return number


def form_date(value: str | None) -> dt.date | None:
    """Return the date a form sent (YYYY-MM-DD; None when empty); Invalid (422) for anything else."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(errors=[{"field": "date", "message": _("a date as YYYY-MM-DD")}]) from exc


@login_required
@require_POST
def group_create(request, iso3: str):
    country = country_get(iso3=iso3)
    try:
        group = services.working_group_create(user=request.user, country=country, name=request.POST.get("name", ""),
                                              description=request.POST.get("description", ""))
    except (Invalid, Conflict) as error:
        return room_render(request, iso3, error=error, form=request.POST.dict())
    return room_back(iso3, group.pk)


@login_required
@require_POST
def member_add(request, iso3: str, group_id: int):
    group = working_group_get(user=request.user, country=country_get(iso3=iso3), group_id=group_id)
    try:
        services.working_group_member_add(user=request.user, group=group,
                                          member_id=form_int(request.POST.get("user"), field="user"),
                                          role=request.POST.get("role", ""))
    except (Invalid, Conflict) as error:
        return room_render(request, iso3, error=error, form=request.POST.dict())
    return room_back(iso3, group.pk)


@login_required
@require_POST
def member_remove(request, iso3: str, group_id: int, user_id: int):
    group = working_group_get(user=request.user, country=country_get(iso3=iso3), group_id=group_id)
    services.working_group_member_remove(user=request.user, group=group, member_id=user_id)
    return room_back(iso3, group.pk)


@login_required
@require_POST
def members_remove(request, iso3: str, group_id: int):
    group = working_group_get(user=request.user, country=country_get(iso3=iso3), group_id=group_id)
    try:
        member_id = form_int(request.POST.get("user"), field="user")
    except Invalid:
        member_id = 0  # nobody: the service checks the sender first (403), then answers 404, not a member
    services.working_group_member_remove(user=request.user, group=group, member_id=member_id)
    return room_back(iso3, group.pk)


@login_required
@require_POST
def note_create(request, iso3: str, group_id: int):
    """Add a note from the room (text and date) or from the group's page (with its links), then back there."""
    from liaison.coordination import views_work  # the group's page, which imports this module's form readers

    group = working_group_get(user=request.user, country=country_get(iso3=iso3), group_id=group_id)
    from_group = request.POST.get("back") == "group"
    try:
        note = services.working_group_note_create(
            user=request.user, group=group, text=request.POST.get("text", ""),
            date=form_date(request.POST.get("date")), mandates=views_work.form_ids(request, "mandates"),
            sections=views_work.form_ids(request, "sections"), targets=views_work.form_ids(request, "targets"))
    except (Invalid, Conflict) as error:
        if from_group:
            return views_work.group_render(request, iso3, group.pk, error=error)
        return room_render(request, iso3, error=error, form=request.POST.dict())
    if from_group:
        return views_work.group_back(iso3, group.pk, f"note-{note.pk}")
    return room_back(iso3, group.pk)
