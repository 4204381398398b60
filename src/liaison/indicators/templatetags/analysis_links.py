"""`{% load analysis_links %}`: `question|analysable` says whether a question has an analysis page."""

from __future__ import annotations

from django import template

from liaison.reporting.permissions import ANALYSED_KINDS

register = template.Library()


@register.filter
def analysable(question) -> bool:
    """Return True for a choice or number question (the kinds analysed across parties)."""
    return getattr(question, "kind", None) in ANALYSED_KINDS
