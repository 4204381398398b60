"""JSON API of ingest batches: upload a draft, read its preview, publish, undo. Registered on decisions.api.router."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Schema, Status, UploadedFile
from pydantic import Field

from liaison.core.apiauth import django_auth
from liaison.core.errors import Invalid, TooLarge
from liaison.core.schemas import ErrorOut, PageIn, page_slice
from liaison.decisions import batches, selectors
from liaison.decisions.api import KIND_PATTERN, router
from liaison.decisions.forms import MAX_FILES
from liaison.decisions.models import IngestBatch
from liaison.engine.decisions import DocumentError

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut,
          415: ErrorOut, 422: ErrorOut}
STATE_PATTERN = "^(" + "|".join(s for s, _ in IngestBatch.STATES) + ")$"


class BatchFileOut(Schema):
    name: str
    file: int | None = Field(None, description="Id of the batch file (its corrections: /files/{file}/corrections).")
    corrections: int = Field(0, description="Staff corrections of this file.")
    corrections_stale: int = Field(0, description="Of those, the ones that no longer apply to the text.")
    error: str | None = None
    decision: int | None = Field(None, description="Id of the decision (only meaningful once published).")
    decision_label: str | None = None
    created: bool = Field(False, description="False when this exact text was already stored.")
    new_decision: bool = False
    revision: str | None = None
    operative: int = 0
    mandates: int = 0
    repeals: list[str] = []
    carried: int = Field(0, description="Mandates of the replaced texts carried over to this one.")
    unmatched: int = Field(0, description="Mandates of the replaced texts left for staff to resolve.")
    warnings: list[str] = []


class BatchPreviewOut(Schema):
    decisions_new: int = 0
    revisions_new: int = 0
    unchanged: int = 0
    errors: int = 0
    leaving_in_effect: list[str] = Field([], description="Decisions the batch repeals or supersedes.")
    mandates_new: int = 0
    mandates_superseded: int = 0
    mandates_carried: int = 0
    mandates_unmatched: int = 0
    references_new: int = 0
    references_resolving: int = 0
    references_waiting: int = 0
    files: list[BatchFileOut] = []


class BatchOut(Schema):
    id: int
    label: str
    convention: str | None
    state: str
    created_at: datetime
    published_at: datetime | None
    undone_at: datetime | None
    preview: BatchPreviewOut
    total: int = Field(0, description="Files of the batch.")
    done: int = Field(0, description="Files read so far by the background parse.")
    percent: int = Field(0, description="How far the parse is, 0..100 (100 once it is over).")
    step: str = Field("", description="What the background parse is doing now (state parsing).")
    message: str = Field("", description="Why the parse failed (state failed).")


class BatchPage(Schema):
    count: int
    items: list[BatchOut]


class BatchFilters(PageIn):
    state: str | None = Field(None, pattern=STATE_PATTERN)


def batch_out(b: IngestBatch) -> dict:
    return {"id": b.pk, "label": b.label, "convention": b.convention.acronym if b.convention_id else None,
            "state": b.state, "created_at": b.created_at, "published_at": b.published_at,
            "undone_at": b.undone_at, "preview": b.preview or {}, "total": b.total, "done": b.done,
            "percent": b.percent, "step": b.step, "message": b.message}


@router.get("/batches", response={200: BatchPage, **ERRORS}, auth=django_auth,
            description="Batches of decision texts of the conventions the caller serves (all for administrators), "
                        "newest first; filter by state (parsing, failed, draft, published, undone). Paginated with "
                        "limit/offset.")
def batches_list(request, filters: Query[BatchFilters]):
    count, rows = page_slice(selectors.batch_list(user=request.user, state=filters.state), page=filters)
    return {"count": count, "items": [batch_out(b) for b in rows]}


@router.post("/batches", response={202: BatchOut, **ERRORS}, auth=django_auth,
             description=f"Store one to {MAX_FILES} decision texts in a batch (nothing public yet) and answer 202 "
                         "at once with the batch in state `parsing`: the background worker reads the files one by "
                         "one and computes the preview (new decisions and revisions, what each repeals, mandates "
                         "carried over or left to resolve, references that will resolve, parser warnings). Poll "
                         "`GET /api/batches/{id}` (`done`/`total`, `percent`, `step`) until the state is `draft` "
                         "(preview ready) or `failed` (`message` says why; nothing is published). Secretariat "
                         "staff of the convention. `POST /api/decisions` instead parses and publishes at once, "
                         "synchronously.")
def batch_upload(request, files: list[UploadedFile] = File(...),  # noqa: B008 (ninja declares parameters so)
                 convention: str = Form(..., min_length=1, max_length=32),
                 symbol: str | None = Form(None, max_length=64),
                 kind: str | None = Form(None, pattern=KIND_PATTERN),
                 revision: str = Form("", max_length=64)):
    limit = settings.LIAISON_UPLOAD_MAX_BYTES
    if len(files) > MAX_FILES:
        raise Invalid(errors=[{"field": "files", "message": f"At most {MAX_FILES} files at once."}])
    for f in files:
        if f.size > limit:
            raise TooLarge(_("%(name)s is larger than %(mb)s MB.") % {"name": f.name, "mb": limit // 2**20})
    try:
        batch = batches.batch_create(user=request.user, files=[(f.name or "upload", f.read()) for f in files],
                                     convention=convention, symbol=symbol, kind=kind, revision_label=revision,
                                     label=", ".join(f.name or "upload" for f in files)[:200],
                                     background=True)
    except DocumentError as exc:
        return Status(400, {"detail": str(exc), "errors": [{"field": "files", "message": str(exc)}]})
    return Status(202, batch_out(batch))


@router.get("/batches/{int:batch_id}", response={200: BatchOut, **ERRORS}, auth=django_auth,
            description="One batch with its preview (for a published batch: what it changed) and the "
                        "progress of its background parse (`done`/`total`, `percent`, `step`; `message` when "
                        "it failed): the batch page polls it while the state is `parsing`.")
def batch_detail(request, batch_id: int):
    return batch_out(selectors.batch_get(user=request.user, batch_id=batch_id))


@router.post("/batches/{int:batch_id}/publish", response={200: BatchOut, **ERRORS}, auth=django_auth,
             description="Publish a draft batch in one transaction; one overlap recomputation is queued. "
                         "409 when it is not a draft (still parsing, failed, published or undone).")
def batch_publish(request, batch_id: int):
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    return batch_out(batches.batch_publish(user=request.user, batch=batch))


@router.post("/batches/{int:batch_id}/undo", response={200: BatchOut, **ERRORS}, auth=django_auth,
             description="Undo a published batch: the record is restored as it was before it. 409 when it is not "
                         "published, or a later batch was published after it (undo that one first).")
def batch_undo(request, batch_id: int):
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    return batch_out(batches.batch_undo(user=request.user, batch=batch))


from liaison.decisions import corrections_api  # noqa: E402, F401 (registers the correction operations)
