"""JSON API of partnerships, work plans, activities, contributions, screenings, the calendar and the report.

Thin: parse the typed schema, call one gateway and one service or selector, answer a typed shape. Lists are
paginated (`limit` at most 500, `offset`) and answer `{"count": N, "items": [...]}`. Refusals are domain
errors (401/403/404/413/415), bad values 400 or 422, in the API's one error shape.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from liaison.accounts.access import access_for
from liaison.catalogue.models import Organization
from liaison.core.apiauth import django_auth
from liaison.core.errors import NotFound, TooLarge
from liaison.core.selectors import audit_list_for
from liaison.partnerships.bounds import MAX_UPLOAD_BYTES
from liaison.partnerships.committee.render import CONTENT_TYPES, RenderError, report_render
from liaison.partnerships.committee.report import report_build
from liaison.partnerships.contributions import permissions as contribution_permissions
from liaison.partnerships.contributions import selectors as contribution_selectors
from liaison.partnerships.contributions import services as contribution_services
from liaison.partnerships.contributions.schemas import (
    ContributionDetailOut,
    ContributionEvidenceOut,
    ContributionFilters,
    ContributionIn,
    ContributionPage,
    ContributionPatch,
    ContributionReviewIn,
    ReportingStatusPage,
)
from liaison.partnerships.conventions import convention_resolve
from liaison.partnerships.out import (
    activity_out,
    contribution_out,
    organization_out,
    partnership_out,
    screening_out,
    workplan_out,
)
from liaison.partnerships.registry import diligence, permissions, selectors, services
from liaison.partnerships.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    ConventionParam,
    DocumentOut,
    EventFilters,
    EventPage,
    OrganizationIn,
    OrganizationOut,
    Paging,
    PartnerChangePage,
    PartnershipDetailOut,
    PartnershipFilters,
    PartnershipIn,
    PartnershipPage,
    ReportParams,
    ScreeningDecisionIn,
    ScreeningFilters,
    ScreeningIn,
    ScreeningOut,
    ScreeningPage,
    TransitionIn,
    WorkPlanDetailOut,
    WorkPlanIn,
    WorkPlanOut,
)

router = Router(tags=["partnerships"])
CONVENTION_DEFAULT = "`convention`: an acronym; default the caller's own secretariat if exactly one, else CMS."
UPLOAD_NOTE = (f"PDF, DOCX, PNG or JPEG, checked by content, at most {MAX_UPLOAD_BYTES // 2**20} MB: "
               "413 when larger, 415 when the content is not the type its name claims.")


def page(qs, paging: Paging, shape) -> dict:
    """Return one page of `qs` as {"count", "items"}, each item shaped by `shape`."""
    return {"count": qs.count(), "items": [shape(x) for x in qs[paging.offset:paging.offset + paging.limit]]}


def listed(rows: list, paging: Paging) -> dict:
    return {"count": len(rows), "items": rows[paging.offset:paging.offset + paging.limit]}


def upload_read(file: UploadedFile | None) -> tuple[bytes | None, str]:
    """Return the bytes and name of an upload, refusing one over the size limit before reading it."""
    if file is None:
        return None, ""
    if (file.size or 0) > MAX_UPLOAD_BYTES:
        raise TooLarge(_("%(name)s is larger than %(n)d MB.") % {"name": repr(file.name), "n": MAX_UPLOAD_BYTES // 2**20})
    return file.read(), (file.name or "upload")


def partnership_detail_out(request, partnership) -> dict:
    detail = selectors.partnership_detail_get(user=request.user, partnership_id=partnership.pk)
    workplans = selectors.partnership_workplans(user=request.user, partnership=detail)
    return partnership_out(detail, detail=True, workplans=workplans)


@router.get("/partnerships", response=PartnershipPage,
            description="Partnerships the caller may see, by title. Filters: `q` (title, partner, former name), "
                        "`status`, `instrument`, `convention` (acronym; all conventions when omitted).")
def partnerships_list(request, params: Query[PartnershipFilters]):
    convention = convention_resolve(user=request.user, acronym=params.convention) if params.convention else None
    qs = selectors.partnerships_list(user=request.user, q=params.q, status=params.status,
                                     instrument=params.instrument, convention=convention)
    return page(qs, params, partnership_out)


@router.get("/partnerships/reporting-status", response=ReportingStatusPage,
            description="Partners of published signed or active partnerships with their reporting state, by "
                        f"name. {CONVENTION_DEFAULT}")
def reporting_status(request, params: Query[ConventionParam], paging: Query[Paging]):
    convention = convention_resolve(user=request.user, acronym=params.convention)
    rows = contribution_selectors.partner_reporting_status(user=request.user, today=timezone.localdate(),
                                                           convention=convention)
    return listed([{"organization": r["organization"].name, "last_report": r["last"], "state": r["state"],
                    "label": r["label"]} for r in rows], paging)


@router.get("/partnerships/{int:partnership_id}", response=PartnershipDetailOut)
def partnership_detail(request, partnership_id: int):
    partnership = permissions.partnership_get(user=request.user, partnership_id=partnership_id)
    return partnership_detail_out(request, partnership)


@router.post("/partnerships", response={201: PartnershipDetailOut}, auth=django_auth,
             description=f"Register a partnership (the convention's secretariat). {CONVENTION_DEFAULT}")
def partnership_create(request, payload: PartnershipIn):
    convention = convention_resolve(user=request.user, acronym=payload.convention)
    permissions.partnership_check_create(user=request.user, convention=convention)
    from liaison.decisions.models import Decision

    links = []
    for d in payload.decisions:
        decision = Decision.objects.filter(pk=d.decision_id).first()
        if decision is None:
            raise NotFound(_("No decision %(id)s.") % {"id": d.decision_id})
        links.append((decision, d.relation, d.paragraph))
    data = payload.dict(exclude={"convention", "decisions"})
    partnership = services.partnership_create(user=request.user, convention=convention, decisions=links, **data)
    return Status(201, partnership_detail_out(request, partnership))


@router.post("/partnerships/{int:partnership_id}/transition", response=PartnershipDetailOut, auth=django_auth)
def partnership_transition(request, partnership_id: int, payload: TransitionIn):
    partnership = permissions.partnership_get(user=request.user, partnership_id=partnership_id)
    services.partnership_transition(user=request.user, partnership=partnership, **payload.dict())
    return partnership_detail_out(request, partnership)


@router.post("/partnerships/{int:partnership_id}/documents", response={201: DocumentOut}, auth=django_auth,
             description=f"Attach a link or a file to a partnership. {UPLOAD_NOTE}")
def partnership_document_add(request, partnership_id: int, title: Form[str], url: Form[str] = "",
                             file: File[UploadedFile] = None):
    partnership = permissions.partnership_get(user=request.user, partnership_id=partnership_id)
    data, name = upload_read(file)
    document = services.partnership_document_add(user=request.user, partnership=partnership, title=title,
                                                 url=url, data=data, name=name)
    return Status(201, {"id": document.pk, "title": document.title, "url": document.url,
                        "file": document.file.name or None})


def history(obj, paging: Paging) -> dict:
    rows = [{"at": a.created_at.isoformat(), "by": a.actor.username if a.actor else (a.actor_label or None),
             "action": a.action, "changes": a.changes, "note": a.note} for a in audit_list_for(obj=obj)]
    return listed(rows, paging)


@router.get("/partnerships/{int:partnership_id}/history", response=PartnerChangePage,
            description="Changes to the partnership, newest first (those who may change it).")
def partnership_history(request, partnership_id: int, paging: Query[Paging]):
    partnership = permissions.partnership_get(user=request.user, partnership_id=partnership_id)
    permissions.partnership_check_change(user=request.user, partnership=partnership)  # it names people
    return history(partnership, paging)


@router.post("/organizations/register", response={201: OrganizationOut}, auth=django_auth,
             description="Add an organization to the catalogue, by default a private-sector company to screen "
                         "(secretariat staff).")
def organization_register(request, payload: OrganizationIn):
    organization = diligence.organization_register(user=request.user, **payload.dict())
    return Status(201, organization_out(Organization.objects.select_related("country").get(pk=organization.pk)))


@router.post("/workplans", response={201: WorkPlanOut}, auth=django_auth)
def workplan_create(request, payload: WorkPlanIn):
    partnership = permissions.partnership_get(user=request.user, partnership_id=payload.partnership_id)
    workplan = services.workplan_create(user=request.user, partnership=partnership,
                                        **payload.dict(exclude={"partnership_id"}))
    return Status(201, workplan_out(workplan))


@router.get("/workplans/{int:workplan_id}", response=WorkPlanDetailOut,
            description="A work plan with its activities, by start date.")
def workplan_detail(request, workplan_id: int):
    workplan = permissions.workplan_get(user=request.user, workplan_id=workplan_id)
    activities = selectors.workplan_activities(user=request.user, workplan=workplan)
    return workplan_out(workplan, today=timezone.localdate(), activities=activities)


def activity_fresh_out(request, activity_id: int) -> dict:
    activity = permissions.activities_visible_to(request.user).select_related("owner", "lead").prefetch_related(
        "contributors", "targets", "milestones", "mandates").filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("No such activity, or it is not visible to you."))
    return activity_out(activity, today=timezone.localdate())


@router.post("/workplans/{int:workplan_id}/activities", response={201: ActivityOut}, auth=django_auth)
def activity_create(request, workplan_id: int, payload: ActivityIn):
    workplan = permissions.workplan_get(user=request.user, workplan_id=workplan_id)
    data = payload.dict()
    if data["lead"] is None:
        data.pop("lead")
    activity = services.activity_create(user=request.user, workplan=workplan, **data)
    return Status(201, activity_fresh_out(request, activity.pk))


@router.patch("/activities/{int:activity_id}", response=ActivityOut, auth=django_auth)
def activity_patch(request, activity_id: int, payload: ActivityPatch):
    activity = permissions.activity_get(user=request.user, activity_id=activity_id)
    services.activity_update(user=request.user, activity=activity, **payload.dict(exclude_unset=True))
    return activity_fresh_out(request, activity.pk)


@router.get("/activities/{int:activity_id}/history", response=PartnerChangePage,
            description="Changes to the activity, newest first (those who may update it).")
def activity_history(request, activity_id: int, paging: Query[Paging]):
    activity = permissions.activity_get(user=request.user, activity_id=activity_id)
    permissions.activity_check_edit(user=request.user, activity=activity)  # it names people
    return history(activity, paging)


@router.get("/contributions", response=ContributionPage,
            description="Contributions the caller may read, newest submission first. Filters: `status`, "
                        "`organization` (name), `convention` (acronym; all when omitted).")
def contributions_list(request, params: Query[ContributionFilters]):
    convention = convention_resolve(user=request.user, acronym=params.convention) if params.convention else None
    qs = contribution_selectors.contributions_list(user=request.user, convention=convention, status=params.status,
                                                   organization=params.organization)
    return page(qs, params, contribution_out)


@router.get("/contributions/{int:contribution_id}", response=ContributionDetailOut)
def contribution_detail(request, contribution_id: int):
    contribution = contribution_permissions.contribution_get(user=request.user, contribution_id=contribution_id)
    return contribution_out(contribution, detail=True)


@router.post("/contributions", response={201: ContributionDetailOut}, auth=django_auth,
             description="Start a draft contribution report for the caller's organization.")
def contribution_create(request, payload: ContributionIn):
    mine = sorted(access_for(request.user).organizations)
    if payload.organization:
        organization = services.organizations_get([payload.organization])[0]
    elif len(mine) == 1:
        organization = Organization.objects.get(pk=mine[0])
    else:
        raise ValidationError(_("Say which organization reports."))
    contribution_permissions.contribution_check_create(user=request.user, organization=organization)
    partnership = permissions.partnership_get(user=request.user, partnership_id=payload.partnership_id) \
        if payload.partnership_id else None
    if payload.convention or partnership is None:
        convention = convention_resolve(user=request.user, acronym=payload.convention)
    else:
        convention = partnership.convention
    contribution = contribution_services.contribution_create(
        user=request.user, organization=organization, convention=convention, partnership=partnership,
        **payload.dict(exclude={"organization", "convention", "partnership_id"}))
    return Status(201, contribution_out(contribution, detail=True))


@router.patch("/contributions/{int:contribution_id}", response=ContributionDetailOut, auth=django_auth)
def contribution_patch(request, contribution_id: int, payload: ContributionPatch):
    contribution = contribution_permissions.contribution_get(user=request.user, contribution_id=contribution_id)
    contribution_services.contribution_update(user=request.user, contribution=contribution,
                                              **payload.dict(exclude_unset=True))
    return contribution_out(contribution, detail=True)


@router.post("/contributions/{int:contribution_id}/evidence", response={201: ContributionEvidenceOut}, auth=django_auth,
             description=f"Attach an evidence file to a draft or returned report. {UPLOAD_NOTE}")
def evidence_upload(request, contribution_id: int, file: File[UploadedFile]):
    contribution = contribution_permissions.contribution_get(user=request.user, contribution_id=contribution_id)
    contribution_permissions.contribution_check_edit(user=request.user, contribution=contribution)
    data, name = upload_read(file)
    evidence = contribution_services.evidence_add(user=request.user, contribution=contribution, data=data,
                                                  name=name)
    return Status(201, {"id": evidence.pk, "name": evidence.name, "kind": evidence.kind, "size": evidence.size})


@router.post("/contributions/{int:contribution_id}/submit", response=ContributionDetailOut, auth=django_auth)
def contribution_submit(request, contribution_id: int):
    contribution = contribution_permissions.contribution_get(user=request.user, contribution_id=contribution_id)
    contribution_services.contribution_submit(user=request.user, contribution=contribution)
    return contribution_out(contribution, detail=True)


@router.post("/contributions/{int:contribution_id}/review", response=ContributionDetailOut, auth=django_auth)
def contribution_review(request, contribution_id: int, payload: ContributionReviewIn):
    contribution = contribution_permissions.contribution_get_for_review(user=request.user,
                                                                        contribution_id=contribution_id)
    contribution_services.contribution_review(user=request.user, contribution=contribution, **payload.dict())
    return contribution_out(contribution, detail=True)


@router.get("/screenings", response=ScreeningPage, auth=django_auth,
            description="Due-diligence screenings the caller may read, newest first. Filter: `convention`.")
def screenings_list(request, params: Query[ScreeningFilters]):
    permissions.screening_check_read(user=request.user)
    qs = permissions.screenings_visible_to(request.user).select_related("organization", "convention", "reviewer")
    if params.convention:
        qs = qs.filter(convention=convention_resolve(user=request.user, acronym=params.convention))
    return page(qs.order_by("-created_at", "-id"), params, screening_out)


@router.post("/screenings", response={201: ScreeningOut}, auth=django_auth,
             description="Open a screening of a company already in the catalogue (register one with "
                         f"POST /api/organizations/register). {CONVENTION_DEFAULT}")
def screening_create(request, payload: ScreeningIn):
    convention = convention_resolve(user=request.user, acronym=payload.convention)
    permissions.screening_check_create(user=request.user, convention=convention)
    organization = services.organizations_get([payload.organization])[0]
    screening = diligence.screening_create(user=request.user, organization=organization, convention=convention,
                                          **payload.dict(exclude={"organization", "convention"}))
    return Status(201, screening_out(screening))


@router.post("/screenings/{int:screening_id}/decision", response=ScreeningOut, auth=django_auth)
def screening_decide(request, screening_id: int, payload: ScreeningDecisionIn):
    screening = permissions.screening_get(user=request.user, screening_id=screening_id)
    diligence.screening_decide(user=request.user, screening=screening, **payload.dict())
    return screening_out(permissions.screening_get(user=request.user, screening_id=screening.pk))


@router.get("/events", response=EventPage, description="Published calendar entries by start date. Filter: `kind`.")
def events_list(request, params: Query[EventFilters]):
    return page(selectors.events_list(kind=params.kind), params, lambda e: {
        "id": e.pk, "slug": e.slug, "title": e.title, "kind": e.kind, "start": e.start, "end": e.end,
        "precision": e.precision, "url": e.url, "source": e.source})


@router.get("/reports/standing-committee", auth=django_auth,
            description="The progress report to the Standing Committee of a convention over [start, end], as "
                        "HTML, DOCX or PDF (the convention's secretariat only). Only published partnerships and "
                        f"work plans and accepted contributions are included. {CONVENTION_DEFAULT}",
            openapi_extra={"responses": {200: {"description": "The report document", "content": {
                ctype.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for ctype in CONTENT_TYPES.values()}}}})
def report_standing_committee(request, params: Query[ReportParams]):
    convention = convention_resolve(user=request.user, acronym=params.convention)
    from liaison.partnerships.committee.permissions import report_check_build

    report_check_build(user=request.user, convention=convention)
    if params.end < params.start:
        raise ValidationError(_("The period ends (%(end)s) before it starts (%(start)s).")
                              % {"end": params.end, "start": params.start})
    report = report_build(user=request.user, convention=convention, start=params.start, end=params.end,
                          lang=params.lang)
    try:
        data = report_render(report, fmt=params.format)
    except RenderError as exc:
        raise ValidationError(str(exc)) from None
    response = HttpResponse(data, content_type=CONTENT_TYPES[params.format])
    if params.format != "html":
        name = f"standing-committee-report-{convention.acronym}-{params.start}-{params.end}-{params.lang}." \
               f"{params.format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
