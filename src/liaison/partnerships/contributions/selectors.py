"""Reads of partner contributions: the consolidated view, the user's own, the review queue, reporting status."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, QuerySet

from liaison.accounts.access import access_for
from liaison.catalogue.models import Organization
from liaison.partnerships.contributions.permissions import (
    contribution_may_review,
    contribution_receipts_public,
    contributions_visible_to,
)
from liaison.partnerships.models import Contribution, Partnership
from liaison.partnerships.registry.selectors import partnerships_published

WITH_LINKS = ("targets", "mandates__paragraph", "mandates__decision", "activities", "evidence")


def contributions_list(*, user, convention=None, status: str | None = None,
                       organization: str | None = None) -> QuerySet[Contribution]:
    """Return the contributions `user` may read, filtered, newest submission first."""
    qs = contributions_visible_to(user).select_related("organization", "convention")
    if convention is not None:
        qs = qs.filter(convention=convention)
    if status:
        qs = qs.filter(status=status)
    if organization:
        qs = qs.filter(organization__name=organization)
    return qs.prefetch_related(*WITH_LINKS).order_by("-submitted_at", "-id")


def contributions_consolidated(*, user, convention=None) -> QuerySet[Contribution]:
    """Return the accepted contributions, newest first, with what they served (the view for Parties)."""
    qs = contributions_visible_to(user).filter(status=Contribution.ACCEPTED).select_related(
        "organization", "convention", "partnership").prefetch_related(*WITH_LINKS)
    if convention is not None:
        qs = qs.filter(convention=convention)
    return qs.order_by("-accepted_at", "-id")


def contributions_accepted(*, user, convention, start: dt.date, end: dt.date) -> QuerySet[Contribution]:
    """Return the accepted contributions to `convention` submitted in [start, end] (what a report may show)."""
    return contributions_visible_to(user).filter(convention=convention, status=Contribution.ACCEPTED,
                                                 submitted_at__date__range=(start, end))


def contributions_mine(*, user, convention=None) -> QuerySet[Contribution]:
    """Return the contributions of the user's organizations."""
    qs = contributions_visible_to(user).filter(organization_id__in=sorted(access_for(user).organizations))
    if convention is not None:
        qs = qs.filter(convention=convention)
    return qs.select_related("organization")


def contributions_queue(*, user, convention) -> QuerySet[Contribution] | list:
    """Return the submitted contributions to `convention` awaiting the user's review ([] if not a reviewer)."""
    if not contribution_may_review(user=user, convention=convention):
        return []
    return contributions_visible_to(user).filter(convention=convention, status=Contribution.SUBMITTED
                                                 ).select_related("organization")


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


def partner_reporting_status(*, user, today: dt.date, convention) -> list[dict]:
    """Return each partner organization of a published signed or active partnership with its reporting state.

    Like the SDG partnership registry: reported within a year, late, inactive after two years.
    Secretariats of the convention itself are not partners of it and are left out.
    """
    live = partnerships_published(user=user, convention=convention).filter(
        status__in=(Partnership.SIGNED, Partnership.ACTIVE))
    orgs = Organization.objects.filter(party_to__partnership__in=live).distinct()
    orgs = orgs.exclude(kind="secretariat", convention=convention)
    received = contribution_receipts_public().filter(convention=convention)
    last = dict(received.values("organization").annotate(last=Max("submitted_at")).values_list("organization",
                                                                                              "last"))
    rows = []
    for org in orgs.order_by("name"):
        when = last.get(org.pk)
        day = when.date() if when else None
        state = reporting_state(day, today=today)
        rows.append({"organization": org, "last": day, "state": state, "label": REPORTING_LABELS[state]})
    return rows
