"""JSON API of frameworks, targets, links, suggestion jobs and synergy scores."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.security import django_auth
from pydantic import Field

from liaison.engine.frameworks import FrameworkImportError
from liaison.frameworks import selectors, services, suggestions
from liaison.frameworks.models import Framework, Link, SuggestJob, Target
from liaison.frameworks.permissions import (
    framework_get_for_edit,
    framework_get_for_view,
    link_create_check,
    link_get_for_review,
)

router = Router(tags=["frameworks"])

LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
STATE_PATTERN = "^(" + "|".join(s for s, _ in Link.STATES) + ")$"
SOURCE_TYPE_PATTERN = "^(" + "|".join(s for s, _ in Link.SOURCE_TYPES) + ")$"
RELATION_PATTERN = "^(" + "|".join(s for s, _ in Link.RELATIONS) + ")$"
FORMATS = {"csv": "csv", "json": "json", "yaml": "yaml", "yml": "yaml"}
CONTENT_TYPES = {"csv": "text/csv", "json": "application/json", "yaml": "application/yaml"}


class ErrorOut(Schema):
    detail: str | list | dict


class FrameworkOut(Schema):
    code: str
    name: str
    kind: str
    is_summary: bool
    is_bundled: bool
    is_published: bool
    convention: str | None
    country: str | None
    languages: list[str]
    targets_count: int = 0
    indicators_count: int = 0


class ImportProblemOut(Schema):
    row: int
    field: str
    reason: str


class ImportRefusedOut(Schema):
    detail: str
    problems: list[ImportProblemOut]


class ImportedOut(Schema):
    code: str
    state: str
    goals: int
    targets: int
    indicators: int


class SuggestIn(Schema):
    against: list[str] = Field(default_factory=lambda: list(suggestions.SUGGEST_AGAINST_DEFAULT), max_length=10)


class JobOut(Schema):
    id: int
    framework: str
    against: list[str]
    state: str
    total: int
    done: int
    percent: int
    suggested: int
    message: str


class LinkOut(Schema):
    id: int
    source_type: str
    source_id: int
    source: str
    source_framework: str
    target: int
    target_framework: str
    target_code: str
    relation: str
    confidence: float
    origin: str
    why: str
    review_state: str
    reviewed_by: str | None
    reviewed_at: str | None


class LinkPatch(Schema):
    review_state: str = Field(pattern="^(accepted|rejected|suggested)$")
    relation: str | None = Field(None, pattern=RELATION_PATTERN)


class LinkIn(Schema):
    source_type: str = Field(pattern=SOURCE_TYPE_PATTERN)
    source_id: int = Field(ge=1)
    target: int = Field(ge=1)
    relation: str = Field("contributes_to", pattern=RELATION_PATTERN)
    confidence: float = Field(1.0, ge=0, le=1)
    why: str = Field("", max_length=5000)


class SynergyIn(Schema):
    target_a: int
    target_b: int
    score: int
    evidence: str = Field("", max_length=5000)
    evidence_url: str = Field("", max_length=500)


class SynergyOut(Schema):
    id: int
    target_a: int
    target_b: int
    score: int
    evidence: str
    evidence_url: str


def framework_out(f: Framework) -> dict:
    return {"code": f.code, "name": f.name, "kind": f.kind, "is_summary": f.is_summary, "is_bundled": f.is_bundled,
            "is_published": f.is_published, "convention": f.convention.acronym if f.convention_id else None,
            "country": f.country.iso3 if f.country_id else None, "languages": f.languages,
            "targets_count": getattr(f, "targets_count", 0), "indicators_count": getattr(f, "indicators_count", 0)}


def shown(value: selectors.Shown) -> dict:
    return {"text": value.text, "lang": value.lang}


def target_out(t: Target, lang: str) -> dict:
    title, text = selectors.text_show(t.title, lang), selectors.text_show(t.text, lang)
    return {"id": t.pk, "code": t.code, "framework": t.framework.code, "goal": t.goal.code,
            "identifier": t.identifier, "title": title.text, "text": text.text, "lang": text.lang or title.lang,
            "translations": sorted(set(t.title) | set(t.text))}


def link_out(row: dict) -> dict:
    link = row["link"]
    return {"id": link.pk, "source_type": link.source_type, "source_id": link.source_id,
            "source": row["source_label"], "source_framework": row["source_group"], "target": link.target_id,
            "target_framework": link.target.framework.code, "target_code": link.target.code,
            "relation": link.relation, "confidence": round(link.confidence, 4), "origin": link.source,
            "why": link.why, "review_state": link.review_state,
            "reviewed_by": link.reviewed_by.username if link.reviewed_by_id else None,
            "reviewed_at": link.reviewed_at.isoformat() if link.reviewed_at else None}


def job_out(job: SuggestJob) -> dict:
    return {"id": job.pk, "framework": job.framework.code, "against": job.against, "state": job.state,
            "total": job.total, "done": job.done, "percent": job.percent, "suggested": job.suggested,
            "message": job.message}


@router.get("/frameworks", response=list[FrameworkOut])
def frameworks_list(request):
    return [framework_out(f) for f in selectors.framework_list(user=request.user)]


@router.post("/frameworks/import", response={201: ImportedOut, 200: ImportedOut, 400: ImportRefusedOut,
                                             403: ErrorOut}, auth=django_auth)
def framework_import(request, file: File[UploadedFile], format: Form[str | None] = None,
                     country: Form[str | None] = None, published: Form[bool] = True):
    """Import a framework from CSV, JSON or YAML; 400 lists every problem row and nothing is stored."""
    fmt = FORMATS.get((format or (file.name or "").rsplit(".", 1)[-1]).lower())
    if fmt is None:
        return Status(400, {"detail": "Say the format (csv, json or yaml) or name the file .csv, .json or .yaml.",
                            "problems": []})
    if file.size > settings.LIAISON_UPLOAD_MAX_BYTES:
        return Status(400, {"detail": "The file is too large.", "problems": []})
    try:
        framework, state = services.framework_import(data=file.read(), fmt=fmt, user=request.user,
                                                     country_iso3=country, published=published)
    except FrameworkImportError as exc:
        return Status(400, {"detail": f"{len(exc.problems)} problem(s) in the file; nothing was imported.",
                            "problems": [{"row": p.row, "field": p.field, "reason": p.reason}
                                         for p in exc.problems]})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(201 if state == "new" else 200, {
        "code": framework.code, "state": state, "goals": framework.goals.count(),
        "targets": framework.targets.count(), "indicators": framework.indicators.count()})


@router.get("/frameworks/{code}", response=dict)
def framework_detail(request, code: str, lang: str = Query("en", pattern=LANG_PATTERN)):
    """The framework's goals, targets and indicators; texts in `lang` when the data has it, else English."""
    framework = framework_get_for_view(user=request.user, code=code)
    goals = []
    for goal in selectors.framework_tree(framework=framework, lang=lang):
        goals.append({
            "code": goal["obj"].code, "kind": goal["obj"].kind, "title": shown(goal["title"]),
            "text": shown(goal["text"]),
            "indicators": [{"code": i["obj"].code, "type": i["obj"].type, "text": shown(i["text"])}
                           for i in goal["indicators"]],
            "targets": [
                {"id": t["obj"].pk, "code": t["obj"].code, "identifier": t["obj"].identifier,
                 "title": shown(t["title"]), "text": shown(t["text"]),
                 "indicators": [{"code": i["obj"].code, "type": i["obj"].type, "text": shown(i["text"])}
                                for i in t["indicators"]]}
                for t in goal["targets"]
            ],
        })
    return {**framework_out(framework), "lang": lang, "goals": goals}


@router.get("/frameworks/{code}/export")
def framework_export(request, code: str, format: str = Query("json", pattern="^(csv|json|yaml)$")):
    from liaison.engine.frameworks import framework_export as export

    framework = framework_get_for_view(user=request.user, code=code)
    data = export(selectors.framework_record(framework=framework), fmt=format)
    response = HttpResponse(data, content_type=f"{CONTENT_TYPES[format]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{framework.code}.{format}"'
    return response


@router.post("/frameworks/{code}/suggest", response={202: JobOut, 400: ErrorOut, 403: ErrorOut},
             auth=django_auth)
def framework_suggest(request, code: str, payload: SuggestIn | None = None):
    """Start suggesting links from the framework's targets to other frameworks' targets; returns the job."""
    framework = framework_get_for_edit(user=request.user, code=code)
    try:
        job = suggestions.suggest_job_start(user=request.user, framework=framework,
                                            against=payload.against if payload else None)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(202, job_out(job))


@router.get("/jobs/{int:job_id}", response=JobOut)
def job_detail(request, job_id: int):
    job = selectors.job_get(job_id=job_id)
    framework_get_for_view(user=request.user, code=job.framework.code)
    return job_out(job)


@router.get("/targets/{int:target_id}", response=dict)
def target_detail(request, target_id: int, lang: str = Query("en", pattern=LANG_PATTERN)):
    target = selectors.target_get(target_id=target_id)
    framework_get_for_view(user=request.user, code=target.framework.code)
    groups = selectors.target_links(target=target, lang=lang)
    links = [{**link_out(row), "direction": row["direction"]} for rows in groups.values() for row in rows]
    indicators = [{"code": i.code, "type": i.type, "text": selectors.text_show(i.text, lang).text}
                  for i in target.indicators.all()]
    return {**target_out(target, lang), "framework_is_summary": target.framework.is_summary,
            "indicators": indicators, "links": links}


@router.get("/links", response=list[LinkOut])
def links_list(request, target: int | None = None,
               source_type: str | None = Query(None, pattern=SOURCE_TYPE_PATTERN),
               state: str | None = Query(None, pattern=STATE_PATTERN),
               framework: str | None = Query(None, max_length=64),
               limit: int = Query(500, ge=1, le=5000)):
    qs = selectors.link_list(target_id=target, source_type=source_type, state=state, framework=framework)
    return [link_out(row) for row in selectors.links_describe(links=list(qs[:limit]))]


@router.post("/links", response={201: LinkOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}, auth=django_auth)
def link_create(request, payload: LinkIn):
    """State a link (curated, accepted) from an indicator, target or decision paragraph to a target."""
    link_create_check(user=request.user, source_type=payload.source_type, source_id=payload.source_id)
    target = Target.objects.filter(pk=payload.target).first()
    if target is None:
        raise Http404(f"No target with id {payload.target}.")
    try:
        link = services.link_create(user=request.user, source_type=payload.source_type, source_id=payload.source_id,
                                    target=target, relation=payload.relation, confidence=payload.confidence,
                                    why=payload.why)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, link_out(selectors.links_describe(links=[link])[0]))


@router.patch("/links/{int:link_id}", response={200: LinkOut, 403: ErrorOut, 404: ErrorOut}, auth=django_auth)
def link_patch(request, link_id: int, payload: LinkPatch):
    """Accept or reject a link (secretariat staff, reviewers, administrators)."""
    try:
        link = link_get_for_review(user=request.user, link_id=link_id)
    except Link.DoesNotExist:
        return Status(404, {"detail": f"No link with id {link_id}."})
    services.link_review(user=request.user, link=link, state=payload.review_state, relation=payload.relation)
    return link_out(selectors.links_describe(links=[link])[0])


@router.post("/synergies", response={201: SynergyOut, 400: ErrorOut, 404: ErrorOut}, auth=django_auth)
def synergy_create(request, payload: SynergyIn):
    """Score how progress on target A influences target B, from -3 (cancels) to +3 (indivisible)."""
    targets = Target.objects.in_bulk([payload.target_a, payload.target_b])
    if payload.target_a not in targets or payload.target_b not in targets:
        raise Http404("No such target.")
    try:
        scored = services.synergy_score_create(user=request.user, target_a=targets[payload.target_a],
                                               target_b=targets[payload.target_b], score=payload.score,
                                               evidence=payload.evidence, evidence_url=payload.evidence_url)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, {"id": scored.pk, "target_a": scored.target_a_id, "target_b": scored.target_b_id,
                        "score": scored.score, "evidence": scored.evidence, "evidence_url": scored.evidence_url})
