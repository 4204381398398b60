"""Reads of the registry, work plans (timeline), contributions, partner reporting status and the calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from liaison.catalogue.models import Organization
from liaison.partnerships.models import (
    Activity,
    Contribution,
    Event,
    Partnership,
    PartnershipDecision,
    PartnershipParty,
    WorkPlan,
)

OPEN_STATES = (Activity.PLANNED, Activity.IN_PROGRESS, Activity.DELAYED)


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


def workplan_timeline(*, workplan: WorkPlan, today: dt.date) -> Timeline:
    """Return the Gantt rows of a work plan: one bar per dated activity over months, and the today line."""
    activities = list(workplan.activities.select_related("owner", "lead").prefetch_related(
        "contributors", "targets", "milestones", "mandates__paragraph"))
    dates = [d for a in activities for d in (a.start, a.end) if d]
    dates += [d for d in (workplan.period_start, workplan.period_end) if d]
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
            left = pct(a.start or a.end)
            right = pct((a.end or a.start) + dt.timedelta(days=1))
            bar = {"left": left, "width": max(right - left, 0.6)}
        milestones = [{"title": m.title, "due": m.due, "pct": pct(m.due), "done": m.done_on is not None}
                      for m in a.milestones.all() if m.due]
        rows.append({"activity": a, "bar": bar, "milestones": milestones, **flags})
    month_cells = [{"date": m, "pct": pct(m), "label": m.strftime("%b")} for m in months]
    years = [{"year": m.year, "pct": pct(m)} for m in months if m.month == 1 or m == months[0]]
    today_pct = pct(today) if start <= today <= span_end else None
    return Timeline(start, end, month_cells, rows, today_pct, years)


def contributions_consolidated(*, convention: str | None = None) -> QuerySet[Contribution]:
    """Return the accepted contributions, newest first, with what they served (the view for Parties)."""
    qs = Contribution.objects.filter(status=Contribution.ACCEPTED).select_related(
        "organization", "convention", "partnership").prefetch_related(
        "targets", "mandates__paragraph", "mandates__decision", "activities", "evidence")
    if convention:
        qs = qs.filter(convention__acronym__iexact=convention)
    return qs.order_by("-accepted_at", "-id")


REPORTED, LATE, INACTIVE, NEVER = "reported", "late", "inactive", "never"
REPORTING_LABELS = {REPORTED: "Reported within a year", LATE: "Late (no report for over a year)",
                    INACTIVE: "Inactive (no report for over two years)", NEVER: "No report yet"}


def reporting_state(last: dt.date | None, *, today: dt.date) -> str:
    """Return the reporting state of a partner whose latest report was submitted on `last`."""
    if last is None:
        return NEVER
    age = (today - last).days
    if age <= 365:
        return REPORTED
    if age <= 730:
        return LATE
    return INACTIVE


def partner_reporting_status(*, today: dt.date, convention=None) -> list[dict]:
    """Return each partner organization of a signed or active partnership with its reporting state.

    Like the SDG partnership registry: reported within a year, late, inactive after two years.
    Secretariats of the convention itself are not partners of it and are left out.
    """
    live = Partnership.objects.filter(status__in=(Partnership.SIGNED, Partnership.ACTIVE))
    if convention is not None:
        live = live.filter(convention=convention)
    orgs = Organization.objects.filter(party_to__partnership__in=live).distinct()
    if convention is not None:
        orgs = orgs.exclude(kind="secretariat", convention=convention)
    received = Contribution.objects.exclude(status=Contribution.DRAFT).exclude(submitted_at__isnull=True)
    last = dict(received.values("organization").annotate(last=Max("submitted_at")).values_list("organization",
                                                                                              "last"))
    rows = []
    for org in orgs.order_by("name"):
        when = last.get(org.pk)
        day = when.date() if when else None
        state = reporting_state(day, today=today)
        rows.append({"organization": org, "last": day, "state": state, "label": REPORTING_LABELS[state]})
    return rows


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
