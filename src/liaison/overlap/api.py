"""JSON API of the overlap report, themes, runs and the lead-MEA register. Thin: one selector or service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from liaison.catalogue.selectors import convention_get
from liaison.core.apiauth import django_auth
from liaison.core.errors import NotFound
from liaison.core.schemas import ID_MAX, ErrorOut, PageIn, page_slice
from liaison.decisions.selectors import decision_get
from liaison.overlap import selectors, services
from liaison.overlap.models import RATIONALE_MAX, OverlapRun
from liaison.overlap.pairs import pair_query_make, pair_search, pairs_page

router = Router(tags=["overlap"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PairFilters(PageIn):
    convention: str | None = Field(None, max_length=32, description="Pairs with a paragraph of this convention "
                                   "(either side).")
    theme: str | None = Field(None, max_length=120, description="Theme slug.")
    status: Literal["in_effect", "superseded", "repealed"] | None = Field(
        None, description="in_effect: both paragraphs in effect (treaty articles are); superseded or repealed: "
                          "at least one paragraph's decision is.")
    min_score: float | None = Field(None, ge=0, le=1, description="Lowest score (cosine for semantic pairs, "
                                    "Jaccard for near-duplicates).")
    internal: bool = Field(False, description="Pairs within one convention instead of across two.")
    reading: Literal["worth", "formulaic", "weak", "all"] | None = Field(
        None, description="worth (default across conventions): neither paragraph is treaty machinery and the two "
                          "share specific words; formulaic; weak (no common subject); all (default within one).")
    sort: Literal["priority", "score", "score_asc", "convention", "document"] = Field(
        "priority", description="priority: both in effect first, then highest score.")


class ParagraphRefOut(Schema):
    document: str
    convention: str
    paragraph: str
    text: str = ""
    url: str = ""


class PairSideOut(Schema):
    document: str
    convention: str
    paragraph: str
    text: str = ""
    status: str = Field(..., description="in_effect, superseded or repealed (a treaty article is in effect).")
    decision: int | None = Field(None, description="The decision's id; none for a treaty article.")
    url: str = ""


class PairOut(Schema):
    id: int
    a: PairSideOut
    b: PairSideOut
    score: float
    kind: str = Field(..., description="near-duplicate or semantic")
    reading: str = Field(..., description="worth, formulaic (treaty machinery or a formula on either side) or weak "
                                          "(no common subject).")
    shared: list[str]
    themes: list[str]


class FacetCountOut(Schema):
    value: str
    count: int


class PairFacetsOut(Schema):
    """How many pairs each value of a filter would give, the other filters applied."""

    convention: list[FacetCountOut]
    theme: list[FacetCountOut]
    status: list[FacetCountOut]
    reading: list[FacetCountOut]


class PairPage(Schema):
    count: int
    items: list[PairOut]
    facets: PairFacetsOut


class LeadRankOut(Schema):
    convention: str
    score: float
    mandates: int = 0
    share: float = 0.0
    latest_year: int | None = None
    treaty_articles: list[str] | None = None


class LeadProposalOut(Schema):
    convention: str | None = None
    score: float = 0.0
    why: str = ""
    ranking: list[LeadRankOut] = []


class ThemeOut(Schema):
    slug: str
    label: str
    terms: list[str]
    conventions: list[str]
    members: list[ParagraphRefOut]
    lead: LeadProposalOut


class ThemePage(Schema):
    count: int
    items: list[ThemeOut]


class RunOut(Schema):
    id: int
    state: str
    step: str
    percent: int
    paragraphs: int
    threshold: float
    notes: list[str]
    error: str


class RunIn(Schema):
    threshold: float = Field(0.85, gt=0, le=1)


class LeadIn(Schema):
    theme: str = Field(..., min_length=1, max_length=120)
    convention: str = Field(..., min_length=1, max_length=32)
    rationale: str = Field(..., min_length=1, max_length=RATIONALE_MAX)
    decision: int | None = Field(None, ge=1, le=ID_MAX)
    meeting: str = Field("", max_length=200)


class LeadOut(Schema):
    id: int
    theme: str
    theme_label: str
    convention: str
    rationale: str
    decision: int | None
    meeting: str
    recorded: datetime


class LeadPage(Schema):
    count: int
    items: list[LeadOut]


def run_out(run: OverlapRun) -> dict:
    return {"id": run.pk, "state": run.state, "step": run.step, "percent": run.percent, "paragraphs": run.paragraphs,
            "threshold": run.threshold, "notes": [str(n) for n in run.notes], "error": run.error}


def lead_out(e) -> dict:
    return {"id": e.pk, "theme": e.theme_slug, "theme_label": e.theme_label, "convention": e.convention.acronym,
            "rationale": e.rationale, "decision": e.decision_id, "meeting": e.meeting, "recorded": e.created_at}


def pair_side_out(ref: dict, status: str, decision: int | None, url: str) -> dict:
    return {"document": ref.get("document", ""), "convention": ref.get("convention", ""),
            "paragraph": str(ref.get("paragraph", "")), "text": ref.get("text", ""), "status": status,
            "decision": decision, "url": url}


@router.get("/overlap/pairs", response={200: PairPage, **ERRORS},
            description="Pairs of overlapping paragraphs of the latest finished report, as on the report page: "
                        "by default across conventions, only pairs worth reading, both in effect first and then "
                        "highest score. Filter by convention (either side), theme slug, decision status, minimum "
                        "score and reading; facets count the pairs of each filter value. Pairs of decisions the "
                        "caller may not read never appear. Paginated with limit/offset.")
def pairs_list(request, filters: Query[PairFilters]):
    query = pair_query_make(convention=filters.convention, theme=filters.theme, status=filters.status,
                            min_score=filters.min_score, internal=filters.internal, reading=filters.reading,
                            sort=filters.sort)
    search = pair_search(user=request.user, run=selectors.run_latest_done(), query=query)
    rows = pairs_page(user=request.user, search=search, offset=filters.offset, limit=filters.limit)
    facets = {name: [{"value": value, "count": n} for value, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
              for name, counts in search.facets.items()}
    return {"count": search.count, "facets": facets, "items": [
        {"id": p.pk, "a": pair_side_out(p.a, p.status_a, p.decision_a, p.link_a),
         "b": pair_side_out(p.b, p.status_b, p.decision_b, p.link_b), "score": p.score, "kind": p.kind,
         "reading": p.reading, "shared": p.shared, "themes": p.themes} for p in rows]}


@router.get("/overlap/themes", response={200: ThemePage, **ERRORS},
            description="Themes of the latest finished report by label, with the proposed lead convention. "
                        "Paginated with limit/offset.")
def themes_list(request, page: Query[PageIn]):
    count, rows = page_slice(selectors.theme_list(run=selectors.run_latest_done()), page=page)
    return {"count": count, "items": [{"slug": t.slug, "label": t.label, "terms": t.terms,
                                       "conventions": t.conventions, "members": t.members, "lead": t.lead or {}}
                                      for t in rows]}


@router.get("/overlap/runs/{int:run_id}", response={200: RunOut, **ERRORS})
def run_detail(request, run_id: int):
    return run_out(selectors.run_get(run_id=run_id))


@router.post("/overlap/runs", response={202: RunOut, **ERRORS}, auth=django_auth,
             description="Queue a recomputation (secretariat staff); poll the run for its progress.")
def run_start(request, payload: RunIn):
    run = services.overlap_run_start(user=request.user, threshold=payload.threshold)
    return Status(202, run_out(run))


@router.get("/overlap/leads", response={200: LeadPage, **ERRORS},
            description="The lead-MEA register by theme label, newest first within a theme. Paginated with "
                        "limit/offset.")
def leads_list(request, page: Query[PageIn]):
    count, rows = page_slice(selectors.lead_list(), page=page)
    return {"count": count, "items": [lead_out(e) for e in rows]}


@router.post("/overlap/leads", response={201: LeadOut, **ERRORS}, auth=django_auth,
             description="Record which convention leads on a theme of the latest report (secretariat staff).")
def lead_create(request, payload: LeadIn):
    theme = selectors.theme_get(run=selectors.run_latest_done(), slug=payload.theme)
    if theme is None:
        raise NotFound(_("No theme %(theme)s in the latest overlap report.") % {"theme": repr(payload.theme)})
    convention = convention_get(acronym=payload.convention)
    decision = None
    if payload.decision is not None:
        decision = decision_get(user=request.user, decision_id=payload.decision)
    entry = services.lead_assign(user=request.user, theme_slug=theme.slug, theme_label=theme.label,
                                 convention=convention, rationale=payload.rationale, decision=decision,
                                 meeting=payload.meeting)
    return Status(201, lead_out(entry))
