"""Typed request and response schemas of partner contribution reports (the shared types are partnerships.schemas')."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from liaison.partnerships.bounds import TEXT_MAX
from liaison.partnerships.schemas import Acronym, Day, Id, Link, Paging, Ref, Target, TargetOut


class ContributionIn(Schema):
    organization: Ref | None = Field(None, description="Default: the caller's organization if exactly one.")
    convention: Acronym | None = Field(None, description="Default: the partnership's convention, else the "
                                                         "caller's secretariat if exactly one, else CMS.")
    partnership_id: Id | None = None
    title: str = Field(..., min_length=1, max_length=300)
    period_start: Day
    period_end: Day
    summary: str = Field(..., min_length=1, max_length=TEXT_MAX)
    links: list[Link] = Field([], max_length=50)
    targets: list[Target] = Field([], max_length=100)
    mandates: list[Id] = Field([], max_length=200)
    activities: list[Id] = Field([], max_length=200)


class ContributionPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    period_start: Day | None = None
    period_end: Day | None = None
    summary: str | None = Field(None, min_length=1, max_length=TEXT_MAX)
    links: list[Link] | None = Field(None, max_length=50)
    targets: list[Target] | None = Field(None, max_length=100)
    mandates: list[Id] | None = Field(None, max_length=200)
    activities: list[Id] | None = Field(None, max_length=200)


class ContributionReviewIn(Schema):
    decision: str = Field(..., pattern="^(accept|return|reject)$")
    comment: str = Field("", max_length=TEXT_MAX)


class ContributionFilters(Paging):
    status: str | None = Field(None, max_length=10)
    organization: str | None = Field(None, max_length=300)
    convention: Acronym | None = None


class ContributionEvidenceOut(Schema):
    id: int
    name: str
    kind: str
    size: int


class ReviewOut(Schema):
    decision: str
    comment: str
    at: dt.datetime
    by: str | None


class ContributionOut(Schema):
    id: int
    organization: str
    convention: str
    title: str
    status: str
    period_start: dt.date
    period_end: dt.date
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    targets: list[TargetOut]
    mandates: list[int]
    activities: list[int]


class ContributionDetailOut(ContributionOut):
    summary: str
    links: list[str]
    partnership: int | None
    evidence: list[ContributionEvidenceOut]
    reviews: list[ReviewOut]


class ReportingStatusOut(Schema):
    organization: str
    last_report: dt.date | None
    state: str
    label: str


class ContributionPage(Schema):
    count: int
    items: list[ContributionOut]


class ReportingStatusPage(Schema):
    count: int
    items: list[ReportingStatusOut]
