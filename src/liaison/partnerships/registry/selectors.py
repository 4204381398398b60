"""Reads of the registry, work plans (timeline) and the calendar; each starts from a visibility filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from liaison.partnerships.bounds import DAY_MAX, DAY_MIN
from liaison.partnerships.models import (
    Activity,
    Event,
    Partnership,
    PartnershipDecision,
    PartnershipParty,
    WorkPlan,
)
from liaison.partnerships.registry.permissions import (
    activities_visible_to,
    partnerships_visible_to,
    workplans_visible_to,
)

OPEN_STATES = (Activity.PLANNED, Activity.IN_PROGRESS, Activity.DELAYED)


def partnerships_list(*, user, q: str | None = None, status: str | None = None, instrument: str | None = None,
                      convention=None) -> QuerySet[Partnership]:
    """Return the partnerships `user` may see matching the filters (convention: a Convention or None)."""
    qs = partnerships_visible_to(user)
    if convention is not None:
        qs = qs.filter(convention=convention)
    return partnership_filter(qs, q=q, status=status, instrument=instrument)


def partnership_detail_get(*, user, partnership_id: int) -> Partnership:
    """Return one visible partnership with its parties and decisions prefetched."""
    return partnership_filter(partnerships_visible_to(user).filter(pk=partnership_id)).get()


def partnership_workplans(*, user, partnership: Partnership) -> QuerySet[WorkPlan]:
    """Return the partnership's work plans `user` may see."""
    return workplans_visible_to(user).filter(partnership=partnership)


def partnerships_published(*, user, convention) -> QuerySet[Partnership]:
    """Return the published partnerships of `convention` (what leaves the secretariat, e.g. in a report)."""
    return partnerships_visible_to(user).filter(convention=convention, published=True)


def workplans_published(*, user, convention) -> QuerySet[WorkPlan]:
    """Return the published work plans of published partnerships of `convention`."""
    return workplans_visible_to(user).filter(partnership__convention=convention, published=True,
                                             partnership__published=True)


def activities_published(*, user, convention) -> QuerySet[Activity]:
    """Return the activities of the published work plans of `convention`."""
    return activities_visible_to(user).filter(workplan__in=workplans_published(user=user, convention=convention))


def partnership_filter(qs: QuerySet[Partnership], *, q: str | None = None, status: str | None = None,
                       instrument: str | None = None, convention: str | None = None) -> QuerySet[Partnership]:
    """Return the partnerships of `qs` matching the filters, with their parties and decisions."""
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(organizations__name__icontains=q)
                       | Q(organizations__acronym__icontains=q) | Q(organizations__former_names__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if instrument:
        qs = qs.filter(instrument=instrument)
    if convention:
        qs = qs.filter(convention__acronym__iexact=convention)
    return qs.distinct().select_related("convention").prefetch_related(
        Prefetch("parties", queryset=PartnershipParty.objects.select_related("organization")),
        Prefetch("decision_links", queryset=PartnershipDecision.objects.select_related("decision__convention")),
    )


def activity_flags(activity: Activity, *, today: dt.date) -> dict:
    """Return whether an activity is overdue, should have started, or has unknown dates."""
    open_ = activity.status in OPEN_STATES
    return {
        "overdue": bool(open_ and activity.end and activity.end < today),
        "unstarted": bool(activity.status == Activity.PLANNED and activity.start and activity.start <= today),
        "undated": activity.start is None or activity.end is None,
    }


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


@dataclass
class Timeline:
    start: dt.date
    end: dt.date
    months: list[dict]
    rows: list[dict]
    today_pct: float | None
    years: list[dict]


def clamp(day: dt.date) -> dt.date:
    """Return `day` within 1900..2200: a row stored before dates were bounded still draws, at the edge."""
    return min(max(day, DAY_MIN), DAY_MAX)


def workplan_activities(*, user, workplan: WorkPlan) -> QuerySet[Activity]:
    """Return the activities of `workplan` with everything its page shows, in a fixed number of queries."""
    return activities_visible_to(user).filter(workplan=workplan).select_related(
        "owner", "lead", "workplan__partnership").prefetch_related(
        "contributors", "targets", "milestones", "mandates__paragraph").order_by("start", "code", "id")


def workplan_timeline(*, workplan: WorkPlan, today: dt.date, activities=None) -> Timeline:
    """Return the Gantt rows of a work plan: one bar per dated activity over months, and the today line."""
    if activities is None:
        activities = workplan.activities.select_related("owner", "lead").prefetch_related(
            "contributors", "targets", "milestones", "mandates__paragraph")
    activities = list(activities)
    dates = [clamp(d) for a in activities for d in (a.start, a.end) if d]
    dates += [clamp(d) for d in (workplan.period_start, workplan.period_end) if d]
    if not dates:  # nothing dated: a year around today, so the page still shows where today is
        dates = [today - dt.timedelta(days=180)]
    start = min(dates + [today]).replace(day=1)
    end = max(dates + [today, start + dt.timedelta(days=334)])  # at least twelve months wide
    months = months_between(start, end)
    span_end = (months[-1].replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    total = (span_end - start).days or 1

    def pct(day: dt.date) -> float:
        return round(100 * (day - start).days / total, 2)

    rows = []
    for a in activities:
        flags = activity_flags(a, today=today)
        bar = None
        if a.start or a.end:
            first, last = clamp(a.start or a.end), clamp(a.end or a.start)
            left = pct(first)
            right = pct(last + dt.timedelta(days=1))
            bar = {"left": left, "width": max(right - left, 0.6)}
        milestones = [{"title": m.title, "due": m.due, "pct": pct(clamp(m.due)), "done": m.done_on is not None}
                      for m in a.milestones.all() if m.due]
        rows.append({"activity": a, "bar": bar, "milestones": milestones, **flags})
    month_cells = [{"date": m, "pct": pct(m), "label": m.strftime("%b")} for m in months]
    years = [{"year": m.year, "pct": pct(m)} for m in months if m.month == 1 or m == months[0]]
    years = years[::max(1, len(years) // 24)]  # a plan over decades labels at most about 24 years
    today_pct = pct(today) if start <= today <= span_end else None
    return Timeline(start, end, month_cells, rows, today_pct, years)


def events_list(*, kind: str | None = None) -> QuerySet[Event]:
    """Return the published calendar entries, by start date."""
    qs = Event.objects.filter(published=True).select_related("convention").prefetch_related("organizations")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("start", "title")


def workplans_progress(*, workplans: QuerySet[WorkPlan], on: dt.date) -> QuerySet[WorkPlan]:
    """Return work plans annotated with activity counts: total, done, late, unstarted, in progress, undated."""
    open_ = Q(activities__status__in=OPEN_STATES)
    return workplans.annotate(
        n_total=Count("activities"),
        n_done=Count("activities", filter=Q(activities__status=Activity.DONE)),
        n_late=Count("activities", filter=open_ & Q(activities__end__lt=on)),
        n_unstarted=Count("activities", filter=Q(activities__status=Activity.PLANNED, activities__start__lte=on)),
        n_progress=Count("activities", filter=Q(activities__status=Activity.IN_PROGRESS)),
        n_undated=Count("activities", filter=Q(activities__start__isnull=True) | Q(activities__end__isnull=True)),
    )
