"""Reads of meeting records, each starting from `meetings_visible_to`: the list (filtered, sorted, paginated)
and one meeting with the decisions it adopted (read through `decision_visible_to`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention
from liaison.core.errors import DomainError
from liaison.decisions.permissions import decision_visible_to
from liaison.meetings.models import Meeting
from liaison.meetings.permissions import meetings_visible_to
from liaison.meetings.symbols import KINDS

ORDER = {"start": "start", "convention": "convention__acronym", "kind": "kind", "symbol": "symbol",
         "title": "title", "decisions": "decisions_count"}
PAGE_MAX = 200


class FilterInvalid(DomainError):
    """A filter of the meetings list the list cannot apply (an unknown convention, a year that is no year)."""

    status = 400


@dataclass(frozen=True)
class MeetingFilters:
    convention: Convention | None = None
    kind: str = ""
    year: int | None = None
    order: str = "start"
    descending: bool = False


def meeting_filters_read(params) -> MeetingFilters:
    """Return the list's filters from query parameters; FilterInvalid (400) naming what is wrong."""
    code = str(params.get("convention") or "").strip()[:64]
    convention = None
    if code:
        convention = (Convention.objects.filter(acronym__iexact=code).first()
                      or Convention.objects.filter(informea_code__iexact=code).first())
        if convention is None:
            raise FilterInvalid(_("No convention %(code)r.") % {"code": code[:40]})
    kind = str(params.get("kind") or "").strip()
    if kind and kind not in KINDS:
        raise FilterInvalid(_("kind is one of %(kinds)s.") % {"kinds": ", ".join(KINDS)})
    year_text = str(params.get("year") or "").strip()
    year = None
    if year_text:
        if not year_text.isdigit() or not 1900 <= int(year_text) <= 2100:
            raise FilterInvalid(_("year is a year from 1900 to 2100."))
        year = int(year_text)
    sort = str(params.get("sort") or "start").strip()
    descending = sort.startswith("-")
    if sort.lstrip("-") not in ORDER:
        raise FilterInvalid(_("sort is one of %(keys)s (- before it for descending).")
                            % {"keys": ", ".join(ORDER)})
    return MeetingFilters(convention=convention, kind=kind, year=year, order=sort.lstrip("-"),
                          descending=descending)


def meeting_list(*, user, filters: MeetingFilters) -> QuerySet[Meeting]:
    """Return the meetings `user` may read that the filters keep, in the asked order, with their decisions
    counted."""
    qs = meetings_visible_to(user).select_related("convention", "country")
    if filters.convention is not None:
        qs = qs.filter(convention=filters.convention)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year is not None:
        qs = qs.filter(Q(start__year__lte=filters.year, end__year__gte=filters.year) | Q(start__year=filters.year))
    qs = qs.annotate(decisions_count=Count("decisions", filter=Q(decisions__in=decision_visible_to(user)),
                                           distinct=True))
    key = ORDER[filters.order]
    nulls = {"nulls_last": True} if filters.order == "start" else {}
    expression = F(key).desc(**nulls) if filters.descending else F(key).asc(**nulls)
    return qs.order_by(expression, "convention__acronym", "symbol", "pk")


def meeting_decisions(*, user, meeting: Meeting):
    """Return the decisions `user` may read that `meeting` adopted, in their order."""
    return (decision_visible_to(user).filter(adopting_meeting=meeting).select_related("convention")
            .order_by("kind", "number"))


def meeting_years(*, user) -> list[int]:
    """Return the years of the meetings `user` may read, latest first (for the list's year filter)."""
    years = meetings_visible_to(user).exclude(start__isnull=True).dates("start", "year", order="DESC")
    return [d.year for d in years]
