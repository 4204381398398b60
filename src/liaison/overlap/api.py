"""JSON API of the overlap report, themes, runs and the lead-MEA register."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from liaison.catalogue.selectors import convention_get
from liaison.decisions.models import Decision
from liaison.overlap import selectors, services
from liaison.overlap.models import OverlapRun

router = Router(tags=["overlap"])


class PairFilters(Schema):
    convention: str | None = Field(None, max_length=32)
    theme: str | None = Field(None, max_length=120)
    min_score: float | None = Field(None, ge=0, le=1)
    internal: bool = False
    limit: int = Field(200, ge=1, le=5000)


class RunOut(Schema):
    id: int
    state: str
    step: str
    percent: int
    paragraphs: int
    threshold: float
    notes: list
    error: str


class RunIn(Schema):
    threshold: float = Field(0.85, gt=0, le=1)


class LeadIn(Schema):
    theme: str = Field(..., min_length=1, max_length=120)
    convention: str = Field(..., min_length=1, max_length=32)
    rationale: str = Field(..., min_length=1, max_length=5000)
    decision: int | None = None
    meeting: str = Field("", max_length=200)


class ErrorOut(Schema):
    detail: str


def run_out(run: OverlapRun) -> dict:
    return {"id": run.pk, "state": run.state, "step": run.step, "percent": run.percent, "paragraphs": run.paragraphs,
            "threshold": run.threshold, "notes": run.notes, "error": run.error}


@router.get("/overlap/pairs", response=list[dict])
def pairs_list(request, filters: Query[PairFilters]):
    run = selectors.run_latest_done()
    pairs = selectors.pair_list(run=run, convention=filters.convention, theme=filters.theme,
                                min_score=filters.min_score, cross=not filters.internal)
    return [{"a": p.a, "b": p.b, "score": p.score, "kind": p.kind, "shared": p.shared, "themes": p.themes}
            for p in list(pairs)[: filters.limit]]


@router.get("/overlap/themes", response=list[dict])
def themes_list(request):
    return [{"slug": t.slug, "label": t.label, "terms": t.terms, "conventions": t.conventions,
             "members": t.members, "lead": t.lead} for t in selectors.theme_list(run=selectors.run_latest_done())]


@router.get("/overlap/runs/{int:run_id}", response=RunOut)
def run_detail(request, run_id: int):
    return run_out(get_object_or_404(OverlapRun, pk=run_id))


@router.post("/overlap/runs", response={202: RunOut, 403: ErrorOut}, auth=django_auth)
def run_start(request, payload: RunIn):
    try:
        run = services.overlap_run_start(user=request.user, threshold=payload.threshold)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(202, run_out(run))


@router.get("/overlap/leads", response=list[dict])
def leads_list(request):
    return [{"theme": e.theme_slug, "theme_label": e.theme_label, "convention": e.convention.acronym,
             "rationale": e.rationale, "decision": e.decision_id, "meeting": e.meeting,
             "recorded": e.created_at.isoformat()} for e in selectors.lead_list()]


@router.post("/overlap/leads", response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}, auth=django_auth)
def lead_create(request, payload: LeadIn):
    theme = selectors.theme_get(run=selectors.run_latest_done(), slug=payload.theme)
    if theme is None:
        return Status(404, {"detail": f"No theme {payload.theme!r} in the latest overlap report."})
    convention = convention_get(acronym=payload.convention)
    decision = None
    if payload.decision is not None:
        decision = Decision.objects.filter(pk=payload.decision).first()
        if decision is None:
            return Status(400, {"detail": f"No decision with id {payload.decision}."})
    try:
        entry = services.lead_assign(user=request.user, theme_slug=theme.slug, theme_label=theme.label,
                                     convention=convention, rationale=payload.rationale, decision=decision,
                                     meeting=payload.meeting)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, {"id": entry.pk, "theme": entry.theme_slug, "convention": convention.acronym})
