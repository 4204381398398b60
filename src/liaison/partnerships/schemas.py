"""Typed request and response schemas of the partnerships API, with the bounds of partnerships.bounds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, Field

from liaison.partnerships.bounds import BUDGET_MAX, DAY_MAX, DAY_MIN, ID_MAX, TEXT_MAX


def _day(value: dt.date) -> dt.date:
    if not DAY_MIN <= value <= DAY_MAX:
        raise ValueError(_("must lie between %(min)d and %(max)d") % {"min": DAY_MIN.year, "max": DAY_MAX.year})
    return value


Day = Annotated[dt.date, AfterValidator(_day)]
Money = Annotated[Decimal, Field(ge=0, le=BUDGET_MAX, max_digits=14, decimal_places=2,
                                 description="At most 999,999,999,999.99, two decimals.")]
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Ref = Annotated[str, Field(min_length=1, max_length=300, description="An organization's id, name or acronym.")]
Target = Annotated[str, Field(min_length=1, max_length=80, description="e.g. 'SPMS 9', 'GBF 3'.")]
Link = Annotated[str, Field(max_length=500)]
Acronym = Annotated[str, Field(min_length=1, max_length=32, description="A convention's acronym, e.g. CMS, CBD.")]


class Paging(Schema):
    limit: int = Field(100, ge=1, le=500, description="At most 500 rows per page.")
    offset: int = Field(0, ge=0, le=ID_MAX)


# ---- requests


class DecisionLinkIn(Schema):
    decision_id: Id
    relation: str = Field("welcomes", pattern="^(welcomes|requests|notes)$")
    paragraph: str = Field("", max_length=32)


class PartnershipIn(Schema):
    title: str = Field(..., min_length=3, max_length=300)
    instrument: str = Field(..., pattern="^(mou|moc|jwp|informal|commitment)$")
    convention: Acronym | None = Field(None, description="Default: the caller's secretariat if exactly one, "
                                                         "else CMS.")
    organizations: list[Ref] = Field(..., min_length=1, max_length=50)
    status: str = Field("proposed", pattern="^(proposed|under_negotiation)$")
    summary: str = Field("", max_length=TEXT_MAX)
    started_on: Day | None = None
    ended_on: Day | None = None
    signed_on: Day | None = None
    expires_on: Day | None = None
    decisions: list[DecisionLinkIn] = Field([], max_length=50)
    published: bool = True


class TransitionIn(Schema):
    status: str = Field(..., max_length=20)
    on: Day | None = None
    note: str = Field("", max_length=500)


class WorkPlanIn(Schema):
    partnership_id: Id
    title: str = Field(..., min_length=1, max_length=300)
    period_start: Day | None = None
    period_end: Day | None = None
    aligned_with: str = Field("", max_length=200)


class MilestoneIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    due: Day | None = None


class ActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=500)
    owner: Ref
    code: str = Field("", max_length=32)
    description: str = Field("", max_length=TEXT_MAX)
    lead: Ref | None = None
    start: Day | None = None
    end: Day | None = None
    status: str = Field("planned", max_length=12)
    budget: Money | None = None
    currency: str = Field("", max_length=3)
    funding_source: str = Field("", max_length=300)
    targets: list[Target] = Field([], max_length=100)
    mandates: list[Id] = Field([], max_length=200)
    contributors: list[Ref] = Field([], max_length=50)
    milestones: list[MilestoneIn] = Field([], max_length=100)


class ActivityPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=500)
    description: str | None = Field(None, max_length=TEXT_MAX)
    start: Day | None = None
    end: Day | None = None
    status: str | None = Field(None, max_length=12)
    budget: Money | None = None
    currency: str | None = Field(None, max_length=3)
    funding_source: str | None = Field(None, max_length=300)
    owner: Ref | None = None
    targets: list[Target] | None = Field(None, max_length=100)
    mandates: list[Id] | None = Field(None, max_length=200)
    contributors: list[Ref] | None = Field(None, max_length=50)


class ScreeningIn(Schema):
    organization: Ref
    convention: Acronym | None = Field(None, description="Default: the caller's secretariat if exactly one, "
                                                         "else CMS.")
    sector: str = Field(..., min_length=1, max_length=200)
    harmful_activities: str = Field(..., min_length=1, max_length=TEXT_MAX)
    conflicts_of_interest: str = Field("", max_length=TEXT_MAX)
    reputational_risk: str = Field(..., pattern="^(low|medium|high)$")


class ScreeningDecisionIn(Schema):
    decision: str = Field(..., pattern="^(approved|rejected)$")
    reasons: str = Field(..., min_length=1, max_length=TEXT_MAX)


class OrganizationIn(Schema):
    name: str = Field(..., min_length=2, max_length=300)
    kind: str = Field("private", pattern="^(igo|ngo|private|academic|government)$",
                      description="Default private (a company to screen).")
    acronym: str = Field("", max_length=40)
    website: str = Field("", max_length=200)
    country: str = Field("", max_length=3, description="ISO 3166 alpha-3 code, e.g. SWE.")


class ReportParams(Schema):
    start: Day
    end: Day
    format: str = Field("html", pattern="^(html|docx|pdf)$")
    lang: str = Field("en", pattern="^(en|fr|es)$")
    convention: Acronym | None = Field(None, description="Default: the caller's secretariat if exactly one, "
                                                         "else CMS.")


class PartnershipFilters(Paging):
    q: str | None = Field(None, max_length=200)
    status: str | None = Field(None, max_length=20)
    instrument: str | None = Field(None, max_length=16)
    convention: Acronym | None = None


class ConventionParam(Schema):
    convention: Acronym | None = Field(None, description="Default: the caller's secretariat if exactly one, "
                                                         "else CMS.")


class ScreeningFilters(Paging):
    convention: Acronym | None = None


class EventFilters(Paging):
    kind: str | None = Field(None, max_length=12)


# ---- responses


class OrganizationOut(Schema):
    id: int
    name: str
    acronym: str
    kind: str
    country: str | None
    website: str
    former_names: list[str]


class DecisionLinkOut(Schema):
    decision: int
    symbol: str
    relation: str
    paragraph: str


class WorkPlanRef(Schema):
    id: int
    title: str


class DocumentRef(Schema):
    title: str
    url: str


class PartnershipOut(Schema):
    id: int
    slug: str
    title: str
    instrument: str
    status: str
    convention: str
    signed_on: dt.date | None
    started_on: dt.date | None
    ended_on: dt.date | None
    expires_on: dt.date | None
    status_source: str
    parties: list[OrganizationOut]
    decisions: list[DecisionLinkOut]


class PartnershipDetailOut(PartnershipOut):
    summary: str
    next_statuses: list[str]
    workplans: list[WorkPlanRef]
    documents: list[DocumentRef]


class TargetOut(Schema):
    framework: str
    target: str
    label: str


class MilestoneOut(Schema):
    title: str
    due: dt.date | None
    done_on: dt.date | None


class ActivityOut(Schema):
    id: int
    workplan: int
    code: str
    title: str
    description: str
    owner: str
    lead: str | None
    contributors: list[str]
    start: dt.date | None
    end: dt.date | None
    status: str
    budget: str | None
    currency: str
    funding_source: str
    targets: list[TargetOut]
    mandates: list[int]
    milestones: list[MilestoneOut]
    overdue: bool
    unstarted: bool
    undated: bool


class WorkPlanOut(Schema):
    id: int
    partnership: int
    title: str
    period_start: dt.date | None
    period_end: dt.date | None
    aligned_with: str


class WorkPlanDetailOut(WorkPlanOut):
    activities: list[ActivityOut]


class ScreeningOut(Schema):
    id: int
    organization: str
    convention: str
    sector: str
    harmful_activities: str
    conflicts_of_interest: str
    reputational_risk: str
    decision: str
    reasons: str
    reviewer: str | None
    decided_at: dt.datetime | None


class EventOut(Schema):
    id: int
    slug: str
    title: str
    kind: str
    start: dt.date
    end: dt.date
    precision: str
    url: str
    source: str


class PartnerChangeOut(Schema):
    at: str
    by: str | None
    action: str
    changes: dict
    note: str


class DocumentOut(Schema):
    id: int
    title: str
    url: str
    file: str | None


class PartnershipPage(Schema):
    count: int
    items: list[PartnershipOut]


class ScreeningPage(Schema):
    count: int
    items: list[ScreeningOut]


class EventPage(Schema):
    count: int
    items: list[EventOut]


class PartnerChangePage(Schema):
    count: int
    items: list[PartnerChangeOut]


