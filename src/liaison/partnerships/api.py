"""JSON API of partnerships, work plans, activities, contributions, screenings, the calendar and the report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.security import django_auth
from pydantic import Field

from liaison.catalogue.models import Convention, Organization
from liaison.core.selectors import audit_list_for
from liaison.partnerships import contributions, permissions, selectors, services
from liaison.partnerships.models import Activity, Partnership, Screening
from liaison.partnerships.out import (
    activity_out,
    contribution_out,
    partnership_out,
    screening_out,
    workplan_out,
)
from liaison.partnerships.report import report_build
from liaison.partnerships.report_render import CONTENT_TYPES, RenderError, report_render

router = Router(tags=["partnerships"])


def found(fn, **kwargs):
    """Return fn(**kwargs), turning a missing object into a 404."""
    try:
        return fn(**kwargs)
    except ObjectDoesNotExist:
        raise Http404("No such record, or it is not visible to you.") from None


def convention_get(acronym: str) -> Convention:
    convention = Convention.objects.filter(acronym__iexact=acronym).first()
    if convention is None:
        raise ValidationError(f"Unknown convention {acronym!r}.")
    return convention


class DecisionLinkIn(Schema):
    decision_id: int
    relation: str = Field("welcomes", pattern="^(welcomes|requests|notes)$")
    paragraph: str = Field("", max_length=32)


class PartnershipIn(Schema):
    title: str = Field(..., min_length=3, max_length=300)
    instrument: str = Field(..., max_length=16)
    convention: str = Field("CMS", max_length=32)
    organizations: list[str] = Field(..., min_length=1)
    status: str = "proposed"
    summary: str = ""
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    signed_on: dt.date | None = None
    expires_on: dt.date | None = None
    decisions: list[DecisionLinkIn] = []
    published: bool = True


class TransitionIn(Schema):
    status: str = Field(..., max_length=20)
    on: dt.date | None = None
    note: str = ""


class WorkPlanIn(Schema):
    partnership_id: int
    title: str = Field(..., max_length=300)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    aligned_with: str = ""


class MilestoneIn(Schema):
    title: str = Field(..., max_length=300)
    due: dt.date | None = None


class ActivityIn(Schema):
    title: str = Field(..., max_length=500)
    owner: str
    code: str = ""
    description: str = ""
    lead: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    status: str = "planned"
    budget: Decimal | None = None
    currency: str = ""
    funding_source: str = ""
    targets: list[str] = []
    mandates: list[int] = []
    contributors: list[str] = []
    milestones: list[MilestoneIn] = []


class ActivityPatch(Schema):
    title: str | None = None
    description: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None
    budget: Decimal | None = None
    currency: str | None = None
    funding_source: str | None = None
    owner: str | None = None
    targets: list[str] | None = None
    mandates: list[int] | None = None
    contributors: list[str] | None = None


class ContributionIn(Schema):
    organization: str | None = None
    convention: str = "CMS"
    partnership_id: int | None = None
    title: str = Field(..., max_length=300)
    period_start: dt.date
    period_end: dt.date
    summary: str
    links: list[str] = []
    targets: list[str] = []
    mandates: list[int] = []
    activities: list[int] = []


class ContributionPatch(Schema):
    title: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    summary: str | None = None
    links: list[str] | None = None
    targets: list[str] | None = None
    mandates: list[int] | None = None
    activities: list[int] | None = None


class ReviewIn(Schema):
    decision: str = Field(..., pattern="^(accept|return|reject)$")
    comment: str = ""


class ScreeningIn(Schema):
    organization: str
    convention: str = "CMS"
    sector: str
    harmful_activities: str
    conflicts_of_interest: str = ""
    reputational_risk: str


class ReportParams(Schema):
    start: dt.date
    end: dt.date
    format: str = Field("html", pattern="^(html|docx|pdf)$")
    lang: str = Field("en", pattern="^(en|fr|es)$")
    convention: str = Field("CMS", max_length=32)


class ScreeningDecisionIn(Schema):
    decision: str = Field(..., pattern="^(approved|rejected)$")
    reasons: str


@router.get("/partnerships", response=list[dict])
def partnerships_list(request, q: str | None = Query(None, max_length=200), status: str | None = None,
                      instrument: str | None = None, convention: str | None = Query(None, max_length=32)):
    qs = selectors.partnership_filter(permissions.partnership_list_for(user=request.user), q=q, status=status,
                                      instrument=instrument, convention=convention)
    return [partnership_out(p) for p in qs]


@router.get("/partnerships/reporting-status", response=list[dict])
def reporting_status(request, convention: str = "CMS"):
    rows = selectors.partner_reporting_status(today=timezone.localdate(), convention=convention_get(convention))
    return [{"organization": r["organization"].name, "last_report": r["last"], "state": r["state"],
             "label": r["label"]} for r in rows]


@router.get("/partnerships/{int:partnership_id}", response=dict)
def partnership_detail(request, partnership_id: int):
    partnership = found(permissions.partnership_get_for_view, user=request.user, partnership_id=partnership_id)
    return partnership_out(partnership, detail=True)


@router.post("/partnerships", response={201: dict}, auth=django_auth)
def partnership_create(request, payload: PartnershipIn):
    convention = convention_get(payload.convention)
    permissions.partnership_create_check(user=request.user, convention=convention)
    from liaison.decisions.models import Decision

    links = [(found(Decision.objects.get, pk=d.decision_id), d.relation, d.paragraph) for d in payload.decisions]
    data = payload.dict(exclude={"convention", "decisions"})
    partnership = services.partnership_create(user=request.user, convention=convention, decisions=links, **data)
    return Status(201, partnership_out(partnership, detail=True))


@router.post("/partnerships/{int:partnership_id}/transition", response=dict, auth=django_auth)
def partnership_transition(request, partnership_id: int, payload: TransitionIn):
    partnership = found(permissions.partnership_get_for_edit, user=request.user, partnership_id=partnership_id)
    services.partnership_transition(user=request.user, partnership=partnership, **payload.dict())
    return partnership_out(partnership, detail=True)


@router.post("/partnerships/{int:partnership_id}/documents", response={201: dict}, auth=django_auth)
def partnership_document_add(request, partnership_id: int, title: Form[str], url: Form[str] = "",
                             file: File[UploadedFile] = None):
    partnership = found(permissions.partnership_get_for_edit, user=request.user, partnership_id=partnership_id)
    document = services.partnership_document_add(
        user=request.user, partnership=partnership, title=title, url=url,
        data=file.read() if file else None, name=(file.name or "upload") if file else "")
    return Status(201, {"id": document.pk, "title": document.title, "url": document.url,
                        "file": document.file.name or None})


@router.get("/partnerships/{int:partnership_id}/history", response=list[dict])
def partnership_history(request, partnership_id: int):
    partnership = found(permissions.partnership_get_for_view, user=request.user, partnership_id=partnership_id)
    return history(partnership)


def history(obj) -> list[dict]:
    return [{"at": a.created_at.isoformat(), "by": a.actor.username if a.actor else None, "action": a.action,
             "changes": a.changes, "note": a.note} for a in audit_list_for(obj=obj)]


@router.post("/workplans", response={201: dict}, auth=django_auth)
def workplan_create(request, payload: WorkPlanIn):
    partnership = found(permissions.partnership_get_for_edit, user=request.user,
                        partnership_id=payload.partnership_id)
    workplan = services.workplan_create(user=request.user, partnership=partnership,
                                        **payload.dict(exclude={"partnership_id"}))
    return Status(201, workplan_out(workplan))


@router.get("/workplans/{int:workplan_id}", response=dict)
def workplan_detail(request, workplan_id: int):
    workplan = found(permissions.workplan_get_for_view, user=request.user, workplan_id=workplan_id)
    return workplan_out(workplan, today=timezone.localdate())


@router.post("/workplans/{int:workplan_id}/activities", response={201: dict}, auth=django_auth)
def activity_create(request, workplan_id: int, payload: ActivityIn):
    workplan = found(permissions.workplan_get_for_edit, user=request.user, workplan_id=workplan_id)
    data = payload.dict()
    data["milestones"] = [m for m in data["milestones"]]
    if data["lead"] is None:
        data.pop("lead")
    activity = services.activity_create(user=request.user, workplan=workplan, **data)
    return Status(201, activity_out(Activity.objects.get(pk=activity.pk), today=timezone.localdate()))


@router.patch("/activities/{int:activity_id}", response=dict, auth=django_auth)
def activity_patch(request, activity_id: int, payload: ActivityPatch):
    activity = found(permissions.activity_get_for_edit, user=request.user, activity_id=activity_id)
    services.activity_update(user=request.user, activity=activity, **payload.dict(exclude_unset=True))
    return activity_out(Activity.objects.get(pk=activity.pk), today=timezone.localdate())


@router.get("/activities/{int:activity_id}/history", response=list[dict])
def activity_history(request, activity_id: int):
    activity = found(Activity.objects.select_related("workplan").get, pk=activity_id)
    found(permissions.workplan_get_for_view, user=request.user, workplan_id=activity.workplan_id)
    return history(activity)


@router.get("/contributions", response=list[dict])
def contributions_list(request, status: str | None = None, organization: str | None = None):
    qs = permissions.contribution_list_for(user=request.user).select_related("organization", "convention")
    if status:
        qs = qs.filter(status=status)
    if organization:
        qs = qs.filter(organization__name=organization)
    return [contribution_out(c) for c in qs.prefetch_related("targets", "mandates", "activities", "evidence")]


@router.get("/contributions/{int:contribution_id}", response=dict)
def contribution_detail(request, contribution_id: int):
    contribution = found(permissions.contribution_get_for_view, user=request.user, contribution_id=contribution_id)
    return contribution_out(contribution, detail=True)


@router.post("/contributions", response={201: dict}, auth=django_auth)
def contribution_create(request, payload: ContributionIn):
    from liaison.accounts.roles import user_organizations

    mine = user_organizations(request.user)
    if payload.organization:
        organization = Organization.objects.filter(name=payload.organization).first()
        if organization is None:
            raise ValidationError(f"Unknown organization {payload.organization!r}.")
    elif len(mine) == 1:
        organization = Organization.objects.get(pk=mine[0])
    else:
        raise ValidationError("Say which organization reports.")
    permissions.contribution_create_check(user=request.user, organization=organization)
    partnership = (found(Partnership.objects.get, pk=payload.partnership_id) if payload.partnership_id else None)
    contribution = contributions.contribution_create(
        user=request.user, organization=organization, convention=convention_get(payload.convention),
        partnership=partnership, **payload.dict(exclude={"organization", "convention", "partnership_id"}))
    return Status(201, contribution_out(contribution, detail=True))


@router.patch("/contributions/{int:contribution_id}", response=dict, auth=django_auth)
def contribution_patch(request, contribution_id: int, payload: ContributionPatch):
    contribution = found(permissions.contribution_get_for_edit, user=request.user, contribution_id=contribution_id)
    contributions.contribution_update(user=request.user, contribution=contribution,
                                      **payload.dict(exclude_unset=True))
    return contribution_out(contribution, detail=True)


@router.post("/contributions/{int:contribution_id}/evidence", response={201: dict}, auth=django_auth)
def evidence_upload(request, contribution_id: int, file: File[UploadedFile]):
    contribution = found(permissions.contribution_get_for_edit, user=request.user, contribution_id=contribution_id)
    evidence = contributions.evidence_add(user=request.user, contribution=contribution, data=file.read(),
                                          name=file.name or "upload")
    return Status(201, {"id": evidence.pk, "name": evidence.name, "kind": evidence.kind, "size": evidence.size})


@router.post("/contributions/{int:contribution_id}/submit", response=dict, auth=django_auth)
def contribution_submit(request, contribution_id: int):
    contribution = found(permissions.contribution_get_for_edit, user=request.user, contribution_id=contribution_id)
    contributions.contribution_submit(user=request.user, contribution=contribution)
    return contribution_out(contribution, detail=True)


@router.post("/contributions/{int:contribution_id}/review", response=dict, auth=django_auth)
def contribution_review(request, contribution_id: int, payload: ReviewIn):
    contribution = found(permissions.contribution_get_for_review, user=request.user,
                         contribution_id=contribution_id)
    contributions.contribution_review(user=request.user, contribution=contribution, **payload.dict())
    return contribution_out(contribution, detail=True)


@router.get("/screenings", response=list[dict], auth=django_auth)
def screenings_list(request):
    return [screening_out(s) for s in permissions.screening_list_for(user=request.user).select_related(
        "organization", "convention", "reviewer")]


@router.post("/screenings", response={201: dict}, auth=django_auth)
def screening_create(request, payload: ScreeningIn):
    convention = convention_get(payload.convention)
    permissions.screening_check_create(user=request.user, convention=convention)
    organization = services.organizations_get([payload.organization])[0]
    screening = services.screening_create(user=request.user, organization=organization, convention=convention,
                                          **payload.dict(exclude={"organization", "convention"}))
    return Status(201, screening_out(screening))


@router.post("/screenings/{int:screening_id}/decision", response=dict, auth=django_auth)
def screening_decide(request, screening_id: int, payload: ScreeningDecisionIn):
    screening = found(permissions.screening_get_for_decide, user=request.user, screening_id=screening_id)
    services.screening_decide(user=request.user, screening=screening, **payload.dict())
    return screening_out(Screening.objects.select_related("organization", "convention", "reviewer").get(
        pk=screening.pk))


@router.get("/events", response=list[dict])
def events_list(request, kind: str | None = None):
    return [{"id": e.pk, "slug": e.slug, "title": e.title, "kind": e.kind, "start": e.start, "end": e.end,
             "precision": e.precision, "url": e.url, "source": e.source} for e in selectors.events_list(kind=kind)]


@router.get("/reports/standing-committee", auth=django_auth)
def report_standing_committee(request, params: Query[ReportParams]):
    start, end, format, lang = params.start, params.end, params.format, params.lang
    convention = params.convention
    permissions.report_check(user=request.user)
    if end < start:
        raise ValidationError(f"The period ends ({end}) before it starts ({start}).")
    report = report_build(convention=convention_get(convention), start=start, end=end, lang=lang)
    try:
        data = report_render(report, fmt=format)
    except RenderError as exc:
        raise ValidationError(str(exc)) from None
    response = HttpResponse(data, content_type=CONTENT_TYPES[format])
    if format != "html":
        name = f"standing-committee-report-{start}-{end}-{lang}.{format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response



