"""`{% load analysis_links %}`: `question|analysable` (has it an analysis page?) and `number|figure`."""

from __future__ import annotations

from django import template

from liaison.reporting.permissions import ANALYSED_KINDS

register = template.Library()


@register.filter
def analysable(question) -> bool:
    """Return True for a choice or number question (the kinds analysed across parties)."""
    return getattr(question, "kind", None) in ANALYSED_KINDS


@register.filter
def figure(value) -> str:
    """Return a number as people write it: 530 not 530.0, 1234.5 not 1234.500 (at most three decimals)."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number.is_integer():
        return str(int(number))
    return f"{round(number, 3)}"
