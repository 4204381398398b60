"""URLs of many objects of one route, for pages that link every row: the route is reversed once, not per row."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

MARKER = 987654321  # an id no row has, replaced by each row's id


def url_for_id(name: str, *args) -> Callable[[int], str]:
    """Return a function giving the URL of the route `name` (its leading `args`, then one int id) for an id."""
    prefix, found, suffix = reverse(name, args=[*args, MARKER]).rpartition(str(MARKER))
    if not found:
        raise ValueError(f"route {name} does not end in an id")
    return lambda pk: f"{prefix}{int(pk)}{suffix}"
