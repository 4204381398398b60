"""The page of a country's coordination room."""

from __future__ import annotations

from django.shortcuts import render

from liaison.coordination.selectors import room_get


def room(request, iso3: str):
    return render(request, "coordination/room.html", {"room": room_get(user=request.user, iso3=iso3)})
