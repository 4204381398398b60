"""JSON API of frameworks, targets, links, suggestion jobs and synergy scores.

Every operation reads through the visibility filters of frameworks.permissions (a hidden national plan
answers 404 to those who may not read it) and answers errors as {"detail", "errors"} (config/api.py).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import File, Form, Path, Query, Router, Status, UploadedFile

from liaison.core.apiauth import django_auth
from liaison.core.errors import Invalid, NotFound
from liaison.core.schemas import ID_MAX, ErrorOut
from liaison.engine.frameworks import FrameworkImportError
from liaison.frameworks import selectors, services, suggestions
from liaison.frameworks.exports import framework_export_bytes
from liaison.frameworks.models import Framework, Link, SuggestJob, Target
from liaison.frameworks.permissions import framework_get_for_edit, framework_get_for_view, link_get_for_review
from liaison.frameworks.schemas import (
    SOURCE_TYPE_PATTERN,
    FrameworkDetailOut,
    FrameworkPage,
    ImportedOut,
    ImportRefusedOut,
    JobOut,
    LinkIn,
    LinkOut,
    LinkPage,
    LinkPatch,
    SuggestIn,
    SynergyIn,
    SynergyOut,
    TargetDetailOut,
)

router = Router(tags=["frameworks"])

MAX_OFFSET = 2**31
LIMIT_MAX = 500
CODE_MAX = 64
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
STATE_PATTERN = "^(" + "|".join(s for s, _ in Link.STATES) + ")$"
FORMATS = {"csv": "csv", "json": "json", "yaml": "yaml", "yml": "yaml"}


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
            "translations": sorted(set(t.title) | set(t.text)), "retired": t.retired_at is not None}


def link_out(row: dict) -> dict:
    link = row["link"]
    return {"id": link.pk, "source_type": link.source_type, "source_id": link.source_id,
            "source": row["source_label"], "source_framework": row["source_group"], "target": link.target_id,
            "target_framework": link.target.framework.code, "target_code": link.target.code,
            "target_retired": link.target.retired_at is not None,
            "relation": link.relation, "confidence": round(link.confidence, 4), "origin": link.source,
            "why": link.why, "review_state": link.review_state,
            "reviewed_by": link.reviewed_by.username if link.reviewed_by_id else None,
            "reviewed_at": link.reviewed_at.isoformat() if link.reviewed_at else None}


def job_out(job: SuggestJob) -> dict:
    return {"id": job.pk, "framework": job.framework.code, "against": job.against, "state": job.state,
            "total": job.total, "done": job.done, "percent": job.percent, "suggested": job.suggested,
            "message": job.message}


def indicator_out(row: dict) -> dict:
    return {"code": row["obj"].code, "type": row["obj"].type, "text": shown(row["text"])}


@router.get("/frameworks", response=FrameworkPage)
def frameworks_list(request, limit: int = Query(100, ge=1, le=LIMIT_MAX), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """The frameworks you may read (bundled first, then by code), with their current target and indicator
    counts; `limit` (at most 500) and `offset` page through them, `count` is the total."""
    frameworks = selectors.framework_list(user=request.user)
    return {"count": len(frameworks), "items": [framework_out(f) for f in frameworks[offset:offset + limit]]}


@router.post("/frameworks/import", response={201: ImportedOut, 200: ImportedOut, 400: ImportRefusedOut,
                                             401: ErrorOut, 403: ErrorOut, 413: ErrorOut}, auth=django_auth)
def framework_import(request, file: File[UploadedFile], format: str | None = Form(None, max_length=8),
                     country: str | None = Form(None, max_length=3), published: bool = Form(True)):
    """Import a framework from CSV, JSON or YAML; 400 lists every problem row and nothing is stored."""
    fmt = FORMATS.get((format or (file.name or "").rsplit(".", 1)[-1]).lower())
    if fmt is None:
        return Status(400, {"detail": _("Say the format (csv, json or yaml) or name the file .csv, .json or .yaml."),
                            "errors": [{"field": "format", "message": _("unknown format")}], "problems": []})
    if file.size > settings.LIAISON_UPLOAD_MAX_BYTES:
        return Status(413, {"detail": _("The file is too large."), "errors": []})
    try:
        framework, state = services.framework_import(data=file.read(), fmt=fmt, user=request.user,
                                                     country_iso3=country, published=published)
    except FrameworkImportError as exc:
        n = len(exc.problems)
        return Status(400, {"detail": ngettext("%(n)d problem in the file; nothing was imported.",
                                               "%(n)d problems in the file; nothing was imported.", n) % {"n": n},
                            "errors": [{"field": p.field, "message": _("row %(row)s: %(reason)s")
                                        % {"row": p.row, "reason": p.reason}}
                                       for p in exc.problems],
                            "problems": [{"row": p.row, "field": p.field, "reason": p.reason}
                                         for p in exc.problems]})
    return Status(201 if state == "new" else 200, {
        "code": framework.code, "state": state, "goals": framework.goals.filter(retired_at__isnull=True).count(),
        "targets": framework.targets.filter(retired_at__isnull=True).count(),
        "indicators": framework.indicators.filter(retired_at__isnull=True).count()})


@router.get("/frameworks/{code}", response={200: FrameworkDetailOut, 404: ErrorOut})
def framework_detail(request, code: str = Path(..., max_length=CODE_MAX),
                     lang: str = Query("en", pattern=LANG_PATTERN, max_length=20)):
    """The framework's current goals, targets and indicators; texts in `lang` when the data has it, else English."""
    framework = framework_get_for_view(user=request.user, code=code)
    goals = []
    for goal in selectors.framework_tree(framework=framework, lang=lang):
        goals.append({
            "code": goal["obj"].code, "kind": goal["obj"].kind, "title": shown(goal["title"]),
            "text": shown(goal["text"]), "indicators": [indicator_out(i) for i in goal["indicators"]],
            "targets": [
                {"id": t["obj"].pk, "code": t["obj"].code, "identifier": t["obj"].identifier,
                 "title": shown(t["title"]), "text": shown(t["text"]),
                 "indicators": [indicator_out(i) for i in t["indicators"]]}
                for t in goal["targets"]
            ],
        })
    framework.targets_count = sum(len(g["targets"]) for g in goals)
    framework.indicators_count = sum(len(g["indicators"]) + sum(len(t["indicators"]) for t in g["targets"])
                                     for g in goals)
    return {**framework_out(framework), "lang": lang, "goals": goals}


@router.get("/frameworks/{code}/export", response={200: None, 404: ErrorOut})
def framework_export(request, code: str = Path(..., max_length=CODE_MAX),
                     format: str = Query("json", pattern="^(csv|json|yaml)$")):
    """The framework's current text as a file in Liaison's exchange format (CSV cells are formula-safe)."""
    framework = framework_get_for_view(user=request.user, code=code)
    data, content_type = framework_export_bytes(framework=framework, fmt=format)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{framework.code}.{format}"'
    return response


@router.post("/frameworks/{code}/suggest", response={202: JobOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut,
                                                     404: ErrorOut}, auth=django_auth)
def framework_suggest(request, code: str = Path(..., max_length=CODE_MAX), payload: SuggestIn | None = None):
    """Start suggesting links from the framework's targets to other frameworks' targets; returns the job."""
    framework = framework_get_for_edit(user=request.user, code=code)
    against = payload.against if payload else None
    if against and any(len(c) > CODE_MAX for c in against):
        raise Invalid(errors=[{"field": "against", "message": _("framework codes have at most %(n)d characters")
                               % {"n": CODE_MAX}}])
    try:
        job = suggestions.suggest_job_start(user=request.user, framework=framework, against=against)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(202, job_out(job))


@router.get("/jobs/{job_id}", response={200: JobOut, 404: ErrorOut})
def job_detail(request, job_id: int = Path(..., ge=1, le=ID_MAX)):
    """The progress of a suggestion job (to its starter and those who may edit its framework)."""
    return job_out(selectors.job_get(user=request.user, job_id=job_id))


@router.get("/targets/{target_id}", response={200: TargetDetailOut, 404: ErrorOut})
def target_detail(request, target_id: int = Path(..., ge=1, le=ID_MAX),
                  lang: str = Query("en", pattern=LANG_PATTERN, max_length=20)):
    """A target with its indicators and every link you may read, both ways (rejected links left out)."""
    target = selectors.target_get(user=request.user, target_id=target_id)
    groups = selectors.target_links(user=request.user, target=target, lang=lang)
    links = [{**link_out(row), "direction": row["direction"]} for rows in groups.values() for row in rows]
    indicators = [{"code": i.code, "type": i.type, "text": selectors.text_show(i.text, lang).text}
                  for i in target.indicators.filter(retired_at__isnull=True)]
    return {**target_out(target, lang), "framework_is_summary": target.framework.is_summary,
            "indicators": indicators, "links": links}


@router.get("/links", response=LinkPage)
def links_list(request, target: int | None = Query(None, ge=1, le=ID_MAX),
               source_type: str | None = Query(None, pattern=SOURCE_TYPE_PATTERN),
               state: str | None = Query(None, pattern=STATE_PATTERN),
               framework: str | None = Query(None, max_length=CODE_MAX),
               limit: int = Query(LIMIT_MAX, ge=1, le=LIMIT_MAX), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """The links you may read (both ends visible to you), filtered by `target` id, `source_type`, review
    `state` and the target's `framework` code; ordered by the target's framework, the target, then confidence
    (best first). `limit` (at most 500) and `offset` page through them, `count` is the total."""
    qs = selectors.link_list(user=request.user, target_id=target, source_type=source_type, state=state,
                             framework=framework)
    rows = selectors.links_describe(links=list(qs[offset:offset + limit]))
    return {"count": qs.count(), "items": [link_out(row) for row in rows]}


@router.post("/links", response={201: LinkOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             auth=django_auth)
def link_create(request, payload: LinkIn):
    """State a link (curated, accepted) from an indicator, target or decision paragraph to a target."""
    try:
        link = services.link_create(user=request.user, source_type=payload.source_type, source_id=payload.source_id,
                                    target_id=payload.target, relation=payload.relation,
                                    confidence=payload.confidence, why=payload.why)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, link_out(selectors.links_describe(links=[link])[0]))


@router.patch("/links/{link_id}", response={200: LinkOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
              auth=django_auth)
def link_patch(request, payload: LinkPatch, link_id: int = Path(..., ge=1, le=ID_MAX)):
    """Accept or reject a link (secretariat staff, reviewers, administrators, the plan's focal points)."""
    link = link_get_for_review(user=request.user, link_id=link_id)
    services.link_review(user=request.user, link=link, state=payload.review_state, relation=payload.relation)
    return link_out(selectors.links_describe(links=[link])[0])


@router.post("/synergies", response={201: SynergyOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
             auth=django_auth)
def synergy_create(request, payload: SynergyIn):
    """Score how progress on target A influences target B, from -3 (cancels) to +3 (indivisible); both targets
    must be ones you may read."""
    targets = Target.objects.in_bulk([payload.target_a, payload.target_b])
    if payload.target_a not in targets or payload.target_b not in targets:
        raise NotFound(_("No such target."))
    try:
        scored = services.synergy_score_create(user=request.user, target_a=targets[payload.target_a],
                                               target_b=targets[payload.target_b], score=payload.score,
                                               evidence=payload.evidence, evidence_url=payload.evidence_url)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, {"id": scored.pk, "target_a": scored.target_a_id, "target_b": scored.target_b_id,
                        "score": scored.score, "evidence": scored.evidence, "evidence_url": scored.evidence_url})
