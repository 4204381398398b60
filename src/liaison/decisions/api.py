"""JSON API of decisions, in-effect lists, mandates, their history and evidence. Thin: one selector or service."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from liaison.catalogue.selectors import convention_get
from liaison.core.apiauth import django_auth
from liaison.core.errors import TooLarge
from liaison.core.schemas import ID_MAX, ErrorOut, PageIn, page_slice
from liaison.decisions import batches, selectors, services, tracking
from liaison.decisions.models import ACTION_MAX, NOTE_MAX, URL_MAX, Decision, Mandate, MandateEvidence
from liaison.decisions.permissions import mandate_get_for_edit
from liaison.engine.decisions import DocumentError

router = Router(tags=["decisions"])
TRACKING_HELP = ("Status in the CBD Decision Tracking vocabulary: active, implemented, elapsed (a deadline has "
                 "passed), superseded, retired, inactive, require-funding (decisions.tracking).")

STATUS_PATTERN = "^(" + "|".join(s for s, _ in Decision.STATUSES) + ")$"
KIND_PATTERN = "^(" + "|".join(k for k, _ in Decision.KINDS) + ")$"
MANDATE_STATUS_PATTERN = "^(" + "|".join(s for s, _ in Mandate.STATUSES) + ")$"
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 415: ErrorOut,
          422: ErrorOut}


class DecisionOut(Schema):
    id: int
    convention: str
    kind: str
    number: str
    title: str
    status: str
    repealed_by: int | None
    has_text: bool
    mandates_count: int = 0


class DecisionPage(Schema):
    count: int
    items: list[DecisionOut]


class ParagraphOut(Schema):
    number: str
    lead: str
    text: str
    subparagraphs: list[str] = []


class ReferenceOut(Schema):
    type: str
    convention: str | None
    id: str
    relation: str
    paragraph: str
    decision: int | None = Field(None, description="The referenced decision's id, when it is known.")


class DecisionDetailOut(DecisionOut):
    revision: str | None
    preamble: list[ParagraphOut]
    operative: list[ParagraphOut]
    references: list[ReferenceOut]
    repealed: list[int]
    footnotes: list[str]
    tracking_status: str = Field(..., description=TRACKING_HELP)


class DecisionFilters(PageIn):
    convention: str | None = Field(None, max_length=32, description="Convention acronym, e.g. CMS.")
    status: str | None = Field(None, pattern=STATUS_PATTERN)
    q: str | None = Field(None, max_length=200, description="Words of the title or the number.")


class MandateOut(Schema):
    id: int
    decision: int
    convention: str
    paragraph: str
    actor: str
    actor_code: str
    verb: str
    action: str
    deadline: str
    report_to: str
    status: str
    corrected: bool
    tracking_status: str = Field(..., description=TRACKING_HELP)


class MandatePage(Schema):
    count: int
    items: list[MandateOut]


class MandateFilters(PageIn):
    convention: str | None = Field(None, max_length=32, description="Convention acronym, e.g. CMS.")
    decision: int | None = Field(None, ge=1, le=ID_MAX, description="Id of one decision.")
    actor: str | None = Field(None, max_length=64, description="Actor code, e.g. secretariat.")
    status: str | None = Field(None, pattern=MANDATE_STATUS_PATTERN,
                               description="Without it, superseded mandates are left out.")
    with_deadline: bool | None = None


class MandatePatch(Schema):
    status: str | None = Field(None, pattern=MANDATE_STATUS_PATTERN)
    actor: str | None = Field(None, min_length=1, max_length=200)
    action: str | None = Field(None, min_length=1, max_length=ACTION_MAX)
    deadline: str | None = Field(None, max_length=200)
    report_to: str | None = Field(None, max_length=200)


class MandateChangeOut(Schema):
    at: datetime
    action: str
    by: str = Field(..., description="Who made the change: a username, or the system actor's label.")
    changes: dict


class MandateChangePage(Schema):
    count: int
    items: list[MandateChangeOut]


class MandateEvidenceOut(Schema):
    id: int
    note: str
    url: str
    file: str | None = Field(None, description="Address of the file, served through its permission check.")
    kind: str
    name: str
    added_at: datetime


class EvidencePage(Schema):
    count: int
    items: list[MandateEvidenceOut]


def decision_out(d: Decision) -> dict:
    return {"id": d.pk, "convention": d.convention.acronym, "kind": d.kind, "number": d.number, "title": d.title,
            "status": d.status, "repealed_by": d.repealed_by_id, "has_text": d.has_text,
            "mandates_count": getattr(d, "mandates_count", 0)}


def mandate_out(m: Mandate) -> dict:
    return {"id": m.pk, "decision": m.decision_id, "convention": m.decision.convention.acronym,
            "paragraph": m.paragraph.number, "actor": m.actor.label, "actor_code": m.actor.code, "verb": m.verb,
            "action": m.action, "deadline": m.deadline, "report_to": m.report_to, "status": m.status,
            "corrected": m.corrected, "tracking_status": tracking.mandate_tracking_status(m)}


def evidence_out(e: MandateEvidence) -> dict:
    from django.urls import reverse

    return {"id": e.pk, "note": e.note, "url": e.url, "kind": e.kind, "name": e.name, "added_at": e.added_at,
            "file": reverse("decisions:evidence_file", args=[e.pk]) if e.file else None}


@router.get("/decisions", response={200: DecisionPage, **ERRORS},
            description="Decisions by convention, kind and number; filter by convention, status and words of "
                        "the title or number. Paginated with limit/offset.")
def decisions_list(request, filters: Query[DecisionFilters]):
    qs = selectors.decision_list(user=request.user, convention=filters.convention, status=filters.status,
                                 q=filters.q)
    count, rows = page_slice(qs, page=filters)
    return {"count": count, "items": [decision_out(d) for d in rows]}


@router.get("/decisions/{int:decision_id}", response={200: DecisionDetailOut, **ERRORS})
def decision_detail(request, decision_id: int):
    decision = selectors.decision_get(user=request.user, decision_id=decision_id)
    paragraphs = selectors.decision_paragraphs(decision=decision)
    revision = decision.current_revision

    def para(p):
        return {"number": p.number, "lead": p.lead, "text": p.text, "subparagraphs": p.subparagraphs}

    references = [
        {"type": r.target_type, "convention": r.target_convention or None, "id": r.target_number, "relation": r.relation,
         "paragraph": p.anchor, "decision": r.target_id}
        for p in paragraphs["preamble"] + paragraphs["operative"] for r in p.reference_list
    ]
    return {**decision_out(decision), "revision": revision.label if revision else None,
            "preamble": [para(p) for p in paragraphs["preamble"]],
            "operative": [para(p) for p in paragraphs["operative"]], "references": references,
            "repealed": list(decision.repeals.values_list("pk", flat=True)),
            "footnotes": (revision.parsed.get("footnotes") if revision else None) or [],
            "tracking_status": tracking.decision_tracking_status(
                decision, list(selectors.mandate_list(user=request.user, decision_id=decision.pk)))}


@router.post("/decisions", response={201: DecisionOut, 200: DecisionOut, **ERRORS}, auth=django_auth,
             description="Add a decision text (PDF, DOCX, HTML, Markdown or plain text, at most "
                         f"{settings.LIAISON_UPLOAD_MAX_BYTES // 2**20} MB): secretariat staff of its convention. "
                         "Parsed inside the request and published at once (synchronous), as a batch of one file "
                         "that can be undone (POST /api/batches parses in the background into a draft to preview "
                         "first). 201 when stored, 200 when this exact text was already stored.")
def decision_upload(request, file: UploadedFile = File(...),  # noqa: B008 (ninja declares parameters so)
                    convention: str | None = Form(None, max_length=32),
                    symbol: str | None = Form(None, max_length=64),
                    kind: str | None = Form(None, pattern=KIND_PATTERN),
                    revision: str = Form("", max_length=64)):
    limit = settings.LIAISON_UPLOAD_MAX_BYTES
    if file.size > limit:
        raise TooLarge(_("The file is larger than %(mb)s MB.") % {"mb": limit // 2**20})
    try:
        batch = batches.batch_ingest_publish(user=request.user, files=[(file.name or "upload", file.read())],
                                             convention=convention, symbol=symbol, kind=kind,
                                             revision_label=revision, label=f"API upload {file.name or ''}"[:200])
    except DocumentError as exc:
        return Status(400, {"detail": str(exc), "errors": [{"field": "file", "message": str(exc)}]})
    outcome = batch.preview["files"][0]
    decision = selectors.decision_list(user=request.user).get(pk=outcome["decision"])
    return Status(201 if outcome["created"] else 200, decision_out(decision))


@router.get("/conventions/{acronym}/in-effect", response={200: DecisionPage, **ERRORS},
            description="A convention's decisions in effect, by kind and number. Paginated with limit/offset.")
def in_effect(request, acronym: str, page: Query[PageIn]):
    convention = convention_get(acronym=acronym[:32])
    qs = selectors.decisions_in_effect(user=request.user, convention=convention)["in_effect"]
    count, rows = page_slice(qs, page=page)
    return {"count": count, "items": [decision_out(d) for d in rows]}


@router.get("/mandates", response={200: MandatePage, **ERRORS},
            description="Mandates ordered by convention, decision number, paragraph and order; filter by "
                        "convention, decision, actor code, status and having a deadline. Paginated with "
                        "limit/offset.")
def mandates_list(request, filters: Query[MandateFilters]):
    qs = selectors.mandate_list(user=request.user, convention=filters.convention, actor=filters.actor,
                                status=filters.status, has_deadline=filters.with_deadline,
                                decision_id=filters.decision, current_only=not filters.status)
    count, rows = page_slice(qs, page=filters)
    return {"count": count, "items": [mandate_out(m) for m in rows]}


@router.get("/mandates/{int:mandate_id}", response={200: MandateOut, **ERRORS})
def mandate_detail(request, mandate_id: int):
    return mandate_out(selectors.mandate_get(user=request.user, mandate_id=mandate_id))


@router.patch("/mandates/{int:mandate_id}", response={200: MandateOut, **ERRORS}, auth=django_auth,
              description="Correct or update a mandate: secretariat staff of its decision's convention.")
def mandate_patch(request, mandate_id: int, payload: MandatePatch):
    mandate = mandate_get_for_edit(user=request.user, mandate_id=mandate_id)
    services.mandate_update(user=request.user, mandate=mandate, **payload.dict(exclude_unset=True))
    return mandate_out(mandate)


@router.get("/mandates/{int:mandate_id}/history", response={200: MandateChangePage, **ERRORS},
            description="Who changed what on a mandate, newest first (the latest 50): for secretariat staff of "
                        "its convention, its reviewers and administrators (401/403 for others).")
def mandate_history(request, mandate_id: int):
    mandate = selectors.mandate_get(user=request.user, mandate_id=mandate_id)
    events = selectors.mandate_history(user=request.user, mandate=mandate)
    items = [{"at": e.created_at, "action": e.action, "by": e.actor.username if e.actor else e.actor_label or "system",
              "changes": e.changes} for e in events]
    return {"count": len(items), "items": items}


@router.get("/mandates/{int:mandate_id}/evidence", response={200: EvidencePage, **ERRORS},
            description="Evidence attached to a mandate, newest first: for secretariat staff of its convention, "
                        "its reviewers and administrators (401/403 for others). Paginated with limit/offset.")
def mandate_evidence_list(request, mandate_id: int, page: Query[PageIn]):
    mandate = selectors.mandate_get(user=request.user, mandate_id=mandate_id)
    count, rows = page_slice(selectors.evidence_list(user=request.user, mandate=mandate), page=page)
    return {"count": count, "items": [evidence_out(e) for e in rows]}


@router.post("/mandates/{int:mandate_id}/evidence", response={201: MandateEvidenceOut, **ERRORS}, auth=django_auth,
             description="Attach evidence: a note (at most 5,000 characters), a link (at most 500) and/or a file "
                         "(PDF, PNG, JPEG, DOCX, XLSX or ODT, recognised by its content; at most "
                         f"{services.evidence_max_bytes() // 2**20} MB). 413 when the file is too large, 415 when "
                         "it is of another type. Secretariat staff of the decision's convention.")
def mandate_evidence_add(request, mandate_id: int, file: UploadedFile | None = File(None),  # noqa: B008
                         note: str = Form("", max_length=NOTE_MAX), url: str = Form("", max_length=URL_MAX)):
    mandate = mandate_get_for_edit(user=request.user, mandate_id=mandate_id)
    evidence = services.mandate_evidence_add(user=request.user, mandate=mandate, note=note, url=url, file=file)
    return Status(201, evidence_out(evidence))


from liaison.decisions import batches_api, draftcheck_api  # noqa: E402, F401 (register the batch and draft-check operations)
