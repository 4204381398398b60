"""A batch file as it is read and stored: its options, its parse with staff's corrections applied, its ingest.

Both the preview (a rolled-back application) and publish go through `file_ingest`, so the preview shows the
corrected text and publish stores it. A file without corrections is ingested by `decision_ingest` as before;
a file with corrections is parsed here, corrected (engine.decisions.corrections), then stored by the same
`decision_store`/`compilation_ingest` that `decision_ingest` uses. A text already stored (same bytes) is not
stored again, so corrections of it do not apply: a published text is corrected on its mandates' pages.
"""

from __future__ import annotations

from django.db.models import Q

from liaison.core.services import audit_record
from liaison.decisions.models import (
    BatchCorrection,
    DecisionRevision,
    IngestBatch,
    IngestFile,
    Mandate,
    Paragraph,
)
from liaison.decisions.permissions import batch_visible_to, decision_check_ingest
from liaison.decisions.services import (
    IngestResult,
    convention_resolve,
    decision_ingest,
    parsed_store,
    person_or_none,
)
from liaison.engine.decisions import document_parse
from liaison.engine.decisions.corrections import corrections_apply


def file_options(f: IngestFile) -> dict:
    """Return the keyword arguments of `decision_ingest` stored with a batch file."""
    options = dict(f.options)
    return {"convention": options.get("convention"), "symbol": options.get("symbol") or None,
            "kind": options.get("kind") or None, "revision_label": options.get("revision_label") or "",
            "meeting": options.get("meeting") or "", "year": options.get("year"),
            "max_bytes": options.get("max_bytes")}


def correction_as_engine(c) -> dict:
    """Return a stored correction as the engine applies it."""
    return {"kind": c.kind, "decision": c.decision, "paragraph": c.paragraph, "text_hash": c.text_hash,
            "mandate": c.mandate, "field": c.field, "value": c.value, "offset": c.offset, "number": c.number}


def file_read(f: IngestFile, corrections: list | None = None) -> tuple[dict, list[str]]:
    """Return a batch file's parse with its corrections applied, and what became of each correction.

    DocumentError when the file cannot be read.
    """
    options = file_options(f)
    fixes = list(f.corrections.all()) if corrections is None else corrections
    parsed = document_parse(bytes(f.data), filename=f.name, convention=options["convention"],
                            symbol=options["symbol"],
                            **({"max_bytes": options["max_bytes"]} if options["max_bytes"] else {}))
    if not fixes:
        return parsed, []
    return corrections_apply(parsed, [correction_as_engine(c) for c in fixes], convention=parsed.get("convention"))


def file_ingest(*, user, f: IngestFile) -> tuple[IngestResult, list[str]]:
    """Store a batch file's text with its corrections applied (inside the caller's transaction).

    Return the result of `decision_ingest` and what became of each correction (empty without corrections).
    """
    fixes = list(f.corrections.all())
    options = file_options(f)
    data = bytes(f.data)
    if not fixes or DecisionRevision.objects.filter(content_hash=f.content_hash).exists():
        return decision_ingest(data=data, filename=f.name, user=user, announce=False, **options), []
    decision_check_ingest(user=user, convention=convention_resolve(options["convention"]))
    parsed, outcomes = file_read(f, fixes)
    options.pop("max_bytes", None)  # the parse is made: its limit was applied by file_read
    result = parsed_store(user=user, parsed=parsed, data=data, content_hash=f.content_hash, filename=f.name,
                          announce=False, **options)
    mandates_mark_corrected(result)
    return result, outcomes


def mandates_mark_corrected(result: IngestResult) -> None:
    """Flag the stored mandates a person corrected before publishing (as a correction on a mandate's page does)."""
    condition = Q()
    for stored in [result, *result.more]:
        if not stored.created:
            continue
        for i, paragraph in enumerate(stored.parsed.get("operative") or [], start=1):
            for j, mandate in enumerate(paragraph.get("mandates") or []):
                if mandate.get("corrected"):
                    condition |= Q(paragraph__revision=stored.revision, paragraph__kind=Paragraph.OPERATIVE,
                                   paragraph__order=i, order=j)
    if condition:
        Mandate.objects.filter(condition).update(corrected=True)


CORRECTION_COPIED = ("kind", "decision", "paragraph", "text_hash", "mandate", "field", "value", "offset", "number")


def corrections_carry(*, user, batch: IngestBatch) -> int:
    """Copy to each file of a new batch the corrections of the same file (same bytes) in an earlier batch.

    The earlier batch must be one `user` may review; the latest corrected copy of the file is taken. Return
    how many corrections were carried (each file's copy is audited on the new batch).
    """
    files = {f.content_hash: f for f in batch.files.all()}
    earlier = (BatchCorrection.objects.filter(file__content_hash__in=list(files),
                                              file__batch__in=batch_visible_to(user))
               .exclude(file__batch=batch).select_related("file")
               .order_by("file__batch__created_at", "file_id", "created_at", "id"))  # one query for the batch
    latest: dict[str, list[BatchCorrection]] = {}
    for c in earlier:
        kept = latest.get(c.file.content_hash)
        if kept and kept[0].file_id != c.file_id:
            kept = None  # a later corrected copy of the file replaces an earlier one
        latest[c.file.content_hash] = [*(kept or []), c]
    rows = []
    for content_hash, found in latest.items():
        f = files[content_hash]
        rows += [BatchCorrection(file=f, created_by=person_or_none(user), **{k: getattr(c, k) for k in CORRECTION_COPIED})
                 for c in found]
        audit_record(actor=user, action="correct", obj=batch,
                     changes={"file": f.name, "carried_from_batch": found[0].file.batch_id, "corrections": len(found)})
    BatchCorrection.objects.bulk_create(rows)
    return len(rows)
