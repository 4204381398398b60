"""Staff corrections of a draft batch: what the parser read, corrected before it is published.

A correction belongs to a batch file and names its target as a re-parse reproduces it (see
engine.decisions.corrections); it is applied to the parse both by the preview and by publish
(decisions.batch_files.file_ingest). Adding or removing one is for those who may publish the batch (the
convention's staff, administrators), only while it is a draft; each is audited on the batch, and the batch's
preview is computed again at once.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.errors import Conflict, Invalid, NotFound
from liaison.core.schemas import id_in_range
from liaison.core.services import audit_record
from liaison.core.text import text_clean
from liaison.decisions import batches, selectors
from liaison.decisions.batch_files import file_read
from liaison.decisions.models import BatchCorrection, IngestBatch, IngestFile
from liaison.decisions.permissions import batch_check_manage
from liaison.decisions.services import person_or_none
from liaison.engine.decisions import DocumentError
from liaison.engine.decisions import corrections as engine

OFFSET_MAX = 10_000_000
MANDATE_MAX = 10_000
BEFORE_MAX = 500
SPLITS = (engine.PARAGRAPH_SPLIT, engine.MANDATE_SPLIT)

# Why a correction is not applied, for the person reading the batch (engine outcome -> message).
OUTCOME_MESSAGES = {
    engine.NO_DECISION: gettext_lazy("The file holds no decision of this number."),
    engine.NO_PARAGRAPH: gettext_lazy("No paragraph reads as it did when this correction was made."),
    engine.NO_MANDATE: gettext_lazy("The paragraph has no mandate at this position."),
    engine.NO_NEXT: gettext_lazy("There is no next mandate in this paragraph to merge with."),
    engine.BAD_OFFSET: gettext_lazy("A split must leave text on both sides."),
    engine.BAD_VALUE: gettext_lazy("This value cannot be used here."),
    engine.UNCHANGED: gettext_lazy("This changes nothing: the paragraph already holds a mandate."),
}
OUTCOME_FIELDS = {engine.NO_DECISION: "decision", engine.NO_PARAGRAPH: "paragraph", engine.NO_MANDATE: "mandate",
                  engine.NO_NEXT: "mandate", engine.BAD_OFFSET: "offset", engine.BAD_VALUE: "value",
                  engine.UNCHANGED: "value"}


@dataclass
class FileReview:
    """A batch file as staff review it: its corrected decisions and each correction with what became of it."""

    file: IngestFile
    decisions: list[dict] = field(default_factory=list)  # {"symbol", "title", "paragraphs": [...]}
    corrections: list[tuple[BatchCorrection, str]] = field(default_factory=list)  # (correction, problem or "")
    error: str = ""


def batch_file_get(*, user, batch_id: int, file_id: int) -> tuple[IngestBatch, IngestFile]:
    """Return a batch `user` may review and one of its files; NotFound otherwise."""
    batch = selectors.batch_get(user=user, batch_id=batch_id)
    f = batch.files.filter(pk=file_id).first() if id_in_range(file_id) else None
    if f is None:
        raise NotFound(_("No file %(id)s in this batch.") % {"id": file_id})
    return batch, f


def file_review(*, f: IngestFile) -> FileReview:
    """Return what the parser read of a batch file with its corrections applied, for the review page and API."""
    fixes = list(f.corrections.select_related("created_by"))
    review = FileReview(file=f)
    try:
        parsed, outcomes = file_read(f, fixes)
    except DocumentError as exc:
        review.error = str(exc)
        review.corrections = [(c, str(OUTCOME_MESSAGES[engine.NO_PARAGRAPH])) for c in fixes]
        return review
    review.corrections = [(c, "" if o == engine.APPLIED else str(OUTCOME_MESSAGES.get(o, o)))
                          for c, o in zip(fixes, outcomes or [engine.APPLIED] * len(fixes), strict=True)]
    for symbol, decision in engine.decisions_of(parsed):
        paragraphs = []
        for i, p in enumerate(decision.get("operative") or [], start=1):
            mandates = p.get("mandates") or []
            paragraphs.append({
                "label": engine.paragraph_label(p, i), "lead": p.get("lead") or "", "text": p.get("text") or "",
                "subparagraphs": p.get("subparagraphs") or [], "corrected": bool(p.get("corrected")),
                "type": engine.OPERATIONAL if mandates else engine.INFORMATIONAL,
                "mandates": [{"position": j, "actor": m.get("actor") or "", "verb": m.get("verb") or "",
                              "action": m.get("action") or "", "deadline": m.get("deadline") or "",
                              "report_to": "; ".join(m.get("report_to") or []),
                              "corrected": bool(m.get("corrected"))} for j, m in enumerate(mandates)],
            })
        review.decisions.append({"symbol": symbol, "title": decision.get("title") or "", "paragraphs": paragraphs})
    return review


def _bounded(value, *, name: str, max_length: int) -> str:
    return " ".join(text_clean(value or "", max_length=max_length, field=name).split())


def correction_validate(*, f: IngestFile, kind: str, decision: str, paragraph: str, mandate: int | None,
                        field: str, value: str, offset: int | None, before: str, number: str) -> dict:
    """Return the correction as the engine applies it, checked against the file as now corrected; Invalid if bad."""
    if kind not in engine.KINDS:
        raise Invalid(errors=[{"field": "kind", "message": _("Choose one of: %(kinds)s.")
                               % {"kinds": ", ".join(engine.KINDS)}}])
    decision = _bounded(decision, name="decision", max_length=64)
    paragraph = _bounded(paragraph, name="paragraph", max_length=32)
    number = _bounded(number, name="number", max_length=engine.FIELD_MAX["number"]) if kind == engine.PARAGRAPH_SPLIT else ""
    before = text_clean(before or "", max_length=BEFORE_MAX, field="before").strip()
    errors = []
    if not paragraph:
        errors.append({"field": "paragraph", "message": _("Name the paragraph (its number).")})
    if kind in engine.MANDATE_KINDS and not (isinstance(mandate, int) and 0 <= mandate < MANDATE_MAX):
        errors.append({"field": "mandate", "message": _("Give the mandate's position in the paragraph (0, 1...).")})
    if kind not in engine.MANDATE_KINDS:
        mandate = None
    field = field if kind == engine.MANDATE_SET else ""
    if kind == engine.MANDATE_SET and field not in engine.MANDATE_FIELDS:
        errors.append({"field": "field", "message": _("Choose one of: %(fields)s.")
                       % {"fields": ", ".join(engine.MANDATE_FIELDS)}})
    limit = {engine.MANDATE_SET: engine.FIELD_MAX.get(field, 200), engine.PARAGRAPH_LEAD: engine.FIELD_MAX["lead"],
             engine.PARAGRAPH_TYPE: 16}.get(kind, 0)
    value = _bounded(value, name="value", max_length=limit) if limit else ""
    if kind == engine.PARAGRAPH_LEAD and not value:
        errors.append({"field": "value", "message": _("Give the lead.")})
    if kind == engine.MANDATE_SET and field in ("actor", "action") and not value:
        errors.append({"field": "value", "message": _("An actor or an action cannot be empty.")})
    if kind == engine.PARAGRAPH_TYPE and value not in engine.PARAGRAPH_TYPES:
        errors.append({"field": "value", "message": _("Choose operational or informational.")})
    if kind in SPLITS:
        if offset is not None and not (isinstance(offset, int) and 0 < offset < OFFSET_MAX):
            errors.append({"field": "offset", "message": _("Give where the split falls, in characters.")})
        elif offset is None and not before:
            errors.append({"field": "before", "message": _("Give the words before which the split falls.")})
    else:
        offset = None
    if errors:
        raise Invalid(errors=errors)
    try:
        parsed, _outcomes = file_read(f)
    except DocumentError as exc:
        raise Invalid(str(exc), errors=[{"field": "file", "message": str(exc)}]) from exc
    place = engine.paragraph_find(parsed, decision=decision, paragraph=paragraph)
    if isinstance(place, str):
        raise Invalid(errors=[{"field": OUTCOME_FIELDS[place],
                               "message": _("The file holds no paragraph %(p)s.") % {"p": paragraph}}])
    target = place[0][place[1]]
    mandates = target.get("mandates") or []
    if kind in engine.MANDATE_KINDS and mandate is not None and mandate >= len(mandates):
        raise Invalid(errors=[{"field": "mandate", "message": str(OUTCOME_MESSAGES[engine.NO_MANDATE])}])
    if kind in SPLITS and offset is None:
        text = target.get("text", "") if kind == engine.PARAGRAPH_SPLIT else (
            mandates[mandate].get("action", "") if mandate is not None and mandate < len(mandates) else "")
        offset = text.find(before, 1) if before else -1
        if offset <= 0:
            raise Invalid(errors=[{"field": "before", "message": _("These words are not in the text to split.")}])
    found = {"kind": kind, "decision": decision, "paragraph": paragraph, "text_hash": engine.text_hash(target["text"]),
             "mandate": mandate, "field": field, "value": value, "offset": offset, "number": number}
    outcome = engine.correction_apply(copy.deepcopy(parsed), found, convention=parsed.get("convention"))
    if outcome != engine.APPLIED:
        name = "before" if outcome == engine.BAD_OFFSET and before else OUTCOME_FIELDS.get(outcome, "kind")
        raise Invalid(errors=[{"field": name, "message": str(OUTCOME_MESSAGES[outcome])}])
    return found


def batch_check_correct(*, user, batch: IngestBatch) -> None:
    """Raise unless `user` may correct `batch`: those who may publish it, while it is a draft."""
    batch_check_manage(user=user, batch=batch)
    if batch.state != IngestBatch.DRAFT:
        raise Conflict(_("Only a draft batch is corrected; this one is %(state)s.")
                       % {"state": batch.get_state_display().lower()})


def correction_create(*, user, batch: IngestBatch, f: IngestFile, kind: str, paragraph: str, decision: str = "",
                      mandate: int | None = None, field: str = "", value: str = "", offset: int | None = None,
                      before: str = "", number: str = "") -> BatchCorrection:
    """Store a correction of a batch file, audit it and compute the batch's preview again; raise unless allowed."""
    [made] = corrections_create(user=user, batch=batch, f=f, items=[{
        "kind": kind, "paragraph": paragraph, "decision": decision, "mandate": mandate, "field": field,
        "value": value, "offset": offset, "before": before, "number": number}])
    return made


def corrections_create(*, user, batch: IngestBatch, f: IngestFile, items: list[dict]) -> list[BatchCorrection]:
    """Store several corrections of a batch file at once (all or none), each checked on the text as the earlier
    ones left it and audited; the preview is computed again once. Raise unless `user` may correct the batch."""
    batch_check_correct(user=user, batch=batch)
    if f.batch_id != batch.pk:
        raise NotFound(_("No file %(id)s in this batch.") % {"id": f.pk})
    made = []
    with transaction.atomic():
        for item in items:
            found = correction_validate(f=f, **{"decision": "", "mandate": None, "field": "", "value": "",
                                                "offset": None, "before": "", "number": "", **item})
            correction = BatchCorrection.objects.create(file=f, created_by=person_or_none(user), **found)
            audit_record(actor=user, action="correct", obj=batch,
                         changes={"file": f.name, "correction": correction.pk,
                                  **{k: (v[:200] if isinstance(v, str) else v) for k, v in found.items()
                                     if v not in ("", None)}})
            made.append(correction)
        if made:
            preview_refresh(user=user, batch=batch)
    return made


def correction_delete(*, user, batch: IngestBatch, f: IngestFile, correction_id: int) -> None:
    """Remove a correction of a draft batch, audit it and compute the preview again; raise unless allowed."""
    batch_check_correct(user=user, batch=batch)
    correction = (BatchCorrection.objects.filter(pk=correction_id, file=f, file__batch=batch).select_related("file").first()
                  if id_in_range(correction_id) else None)
    if correction is None:
        raise NotFound(_("No correction %(id)s in this batch.") % {"id": correction_id})
    with transaction.atomic():
        audit_record(actor=user, action="uncorrect", obj=batch,
                     changes={"file": correction.file.name, "correction": correction.pk, "kind": correction.kind,
                              "paragraph": correction.paragraph, "mandate": correction.mandate,
                              "field": correction.field, "value": correction.value[:200]})
        correction.delete()
        preview_refresh(user=user, batch=batch)


def preview_refresh(*, user, batch: IngestBatch) -> None:
    """Compute the preview of a draft batch again (its corrections changed)."""
    batch.preview = batches.batch_preview_compute(user=user, batch=batch)
    IngestBatch.objects.filter(pk=batch.pk).update(preview=batch.preview)
