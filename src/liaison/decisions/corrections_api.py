"""JSON API of staff corrections inside a draft batch: read a file as corrected, list, add and remove corrections.

Registered on decisions.api.router (through batches_api). Handlers are thin: decisions.corrections holds the rules.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Schema, Status
from pydantic import Field

from liaison.core.apiauth import django_auth
from liaison.core.schemas import ErrorOut
from liaison.decisions import corrections
from liaison.decisions.api import router
from liaison.engine.decisions import corrections as engine

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
KIND_PATTERN = "^(" + "|".join(engine.KINDS) + ")$"
FIELD_PATTERN = "^(" + "|".join(engine.MANDATE_FIELDS) + ")?$"
FILE_PATH = "/batches/{int:batch_id}/files/{int:file_id}"


class BatchCorrectionIn(Schema):
    kind: str = Field(..., pattern=KIND_PATTERN, description="What is corrected: " + ", ".join(engine.KINDS) + ".")
    decision: str = Field("", max_length=64, description="The decision's symbol, in a file of many decisions.")
    paragraph: str = Field(..., min_length=1, max_length=32,
                           description="The operative paragraph, by its number (its position if unnumbered).")
    mandate: int | None = Field(None, ge=0, lt=corrections.MANDATE_MAX,
                                description="Position of the mandate in the paragraph (0 is the first).")
    field: str = Field("", pattern=FIELD_PATTERN, description="mandate_set: actor, action, deadline or report_to.")
    value: str = Field("", max_length=engine.FIELD_MAX["action"],
                       description="The value set: a mandate's field, the lead, or operational/informational.")
    offset: int | None = Field(None, ge=1, lt=corrections.OFFSET_MAX,
                               description="Splits: where the split falls in the text, in characters.")
    before: str = Field("", max_length=corrections.BEFORE_MAX,
                        description="Splits, instead of offset: the words that open the second part.")
    number: str = Field("", max_length=32, description="paragraph_split: the new paragraph's number.")


class BatchCorrectionOut(Schema):
    id: int
    kind: str
    decision: str
    paragraph: str
    text_hash: str = Field(..., description="Hash of the paragraph's text when it was corrected.")
    mandate: int | None
    field: str
    value: str
    offset: int | None
    number: str
    created_at: datetime
    created_by: str | None
    applied: bool = Field(..., description="False when the text no longer reads as it did (see problem).")
    problem: str = ""


class BatchCorrectionPage(Schema):
    count: int
    items: list[BatchCorrectionOut]


class BatchReadMandateOut(Schema):
    position: int
    actor: str
    verb: str
    action: str
    deadline: str
    report_to: str
    corrected: bool


class BatchReadParagraphOut(Schema):
    label: str = Field(..., description="The paragraph's number (its position if unnumbered).")
    lead: str
    text: str
    subparagraphs: list[str]
    type: str = Field(..., description="operational (it holds a mandate) or informational.")
    corrected: bool
    mandates: list[BatchReadMandateOut]


class BatchReadDecisionOut(Schema):
    symbol: str = Field(..., description="The decision's symbol in a file of many decisions, else empty.")
    title: str
    paragraphs: list[BatchReadParagraphOut]


class BatchFileReadOut(Schema):
    id: int
    name: str
    error: str = Field("", description="Why the file cannot be read.")
    decisions: list[BatchReadDecisionOut]
    corrections: list[BatchCorrectionOut]


def correction_out(c, problem: str) -> dict:
    return {"id": c.pk, "kind": c.kind, "decision": c.decision, "paragraph": c.paragraph,
            "text_hash": c.text_hash, "mandate": c.mandate, "field": c.field, "value": c.value,
            "offset": c.offset, "number": c.number, "created_at": c.created_at,
            "created_by": str(c.created_by) if c.created_by_id else None, "applied": not problem,
            "problem": problem}


@router.get(FILE_PATH, response={200: BatchFileReadOut, **ERRORS}, auth=django_auth,
            description="What the parser read of one file of a batch, with the staff corrections applied: each "
                        "decision's operative paragraphs and their mandates, as publishing will store them. "
                        "The convention's staff and administrators (404 to everyone else).")
def batch_file_read(request, batch_id: int, file_id: int):
    _batch, f = corrections.batch_file_get(user=request.user, batch_id=batch_id, file_id=file_id)
    review = corrections.file_review(f=f)
    return {"id": f.pk, "name": f.name, "error": review.error, "decisions": review.decisions,
            "corrections": [correction_out(c, problem) for c, problem in review.corrections]}


@router.get(FILE_PATH + "/corrections", response={200: BatchCorrectionPage, **ERRORS}, auth=django_auth,
            description="The staff corrections of one file of a batch, in the order they apply, each saying "
                        "whether it still applies to the text.")
def batch_corrections_list(request, batch_id: int, file_id: int):
    _batch, f = corrections.batch_file_get(user=request.user, batch_id=batch_id, file_id=file_id)
    review = corrections.file_review(f=f)
    return {"count": len(review.corrections),
            "items": [correction_out(c, problem) for c, problem in review.corrections]}


@router.post(FILE_PATH + "/corrections", response={201: BatchCorrectionOut, **ERRORS}, auth=django_auth,
             description="Correct what the parser read of a draft batch's file before publishing: split a "
                         "paragraph (offset or before), set its lead, mark it operational or informational, set a "
                         "mandate's actor, action, deadline or report_to, merge a mandate with the next, split a "
                         "mandate. The correction is checked against the text (422 with field errors, nothing "
                         "stored), audited, and the batch's preview is computed again. 409 unless a draft.")
def batch_correction_create(request, batch_id: int, file_id: int, payload: BatchCorrectionIn):
    batch, f = corrections.batch_file_get(user=request.user, batch_id=batch_id, file_id=file_id)
    made = corrections.correction_create(user=request.user, batch=batch, f=f, **payload.model_dump())
    return Status(201, correction_out(made, ""))


@router.delete(FILE_PATH + "/corrections/{int:correction_id}", response={204: None, **ERRORS}, auth=django_auth,
               description="Remove a correction of a draft batch (audited; the preview is computed again). "
                           "Corrections made after it on the paragraphs it made may then no longer apply.")
def batch_correction_delete(request, batch_id: int, file_id: int, correction_id: int):
    batch, f = corrections.batch_file_get(user=request.user, batch_id=batch_id, file_id=file_id)
    corrections.correction_delete(user=request.user, batch=batch, f=f, correction_id=correction_id)
    return Status(204, None)
