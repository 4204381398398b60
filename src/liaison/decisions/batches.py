"""Ingest as a reviewed batch: draft, preview, publish in one transaction, undo exactly.

A draft batch holds the uploaded files; none of it is in the public record (no decision, paragraph or mandate
row exists for a draft, so `decision_visible_to` needs no condition for it). Its preview is computed by
applying the batch inside a transaction that is rolled back: what the preview says is exactly what publishing
does. Publishing applies the files with `decision_ingest` in one transaction and stores, in `batch.changes`,
the difference between the record before and after (rows created, values changed); Undo deletes the rows
created and puts the changed values back, so the in-effect lists, mandate states and references are those of
before. Only the latest published batch may be undone (a later one may build on it).

Uploads through the web (the upload page, `POST /api/batches`) are parsed in the background worker: the batch
is stored in state "parsing" with its files, and the task `batch_parse_task` reads them one by one (recording
`done`/`total` and a step label on the batch, which the batch page polls), then computes the preview and
leaves the batch a draft, or records why it failed (state "failed"; nothing is ever published by it).
`liaison ingest`, the loaders and `POST /api/decisions` parse inline (not web requests with a timeout).
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from liaison.core.actors import actor_is_system, system_actor
from liaison.core.errors import Conflict, DomainError, Invalid
from liaison.core.grouped import writes_grouped
from liaison.core.services import audit_record
from liaison.decisions.batch_files import corrections_carry, file_ingest, file_options
from liaison.decisions.memo import memo, remembered
from liaison.decisions.models import (
    Actor,
    Decision,
    DecisionRevision,
    IngestBatch,
    IngestFile,
    Mandate,
    MandateEvidence,
    Reference,
)
from liaison.decisions.permissions import batch_check_manage, decision_check_ingest
from liaison.decisions.services import convention_resolve, person_or_none
from liaison.decisions.signals import batch_published
from liaison.engine.decisions import DocumentError, document_parse
from liaison.engine.decisions.corrections import APPLIED

OPTION_KEYS = ("convention", "symbol", "kind", "revision_label", "meeting", "year", "max_bytes")

# What the record is, for publish and undo: per row type, the columns compared (the first is the id).
SNAPSHOT = {
    "decision": (Decision, ("id", "status", "repealed_by_id", "title", "meeting", "year", "has_text")),
    "revision": (DecisionRevision, ("id",)),
    "mandate": (Mandate, ("id", "status", "owner_id", "successor_id", "unresolved")),
    "reference": (Reference, ("id", "target_id")),
    "evidence": (MandateEvidence, ("id", "mandate_id")),
    "actor": (Actor, ("id",)),
    "activity_link": (Mandate.activities.through, ("id",)),
    "contribution_link": (Mandate.contributions.through, ("id",)),
}


class _DryRun(Exception):
    """Raised to roll back the trial application of a batch once its preview is read."""


def record_snapshot() -> dict[str, dict[int, list]]:
    """Return, per row type of the record, every row's compared values keyed by id."""
    return {name: {row[0]: list(row) for row in model.objects.order_by().values_list(*columns)}
            for name, (model, columns) in SNAPSHOT.items()}


def snapshot_diff(before: dict, after: dict) -> dict:
    """Return the rows created (ids) and the rows changed (their values before), per row type."""
    created = {name: sorted(set(after[name]) - set(before[name])) for name in SNAPSHOT}
    changed = {name: {str(pk): row for pk, row in before[name].items() if pk in after[name] and after[name][pk] != row}
               for name in SNAPSHOT}
    return {"created": created, "changed": changed}


def changes_any(changes: dict) -> bool:
    """Return True if a published batch's changes created or changed any row."""
    return any(changes.get("created", {}).values()) or any(changes.get("changed", {}).values())


def batch_create(*, user, files: list[tuple[str, bytes]], convention: str | None = None, label: str = "",
                 preview: bool = True, background: bool = False, **options) -> IngestBatch:
    """Create a draft batch of decision texts and compute its preview; raise unless `user` may add decisions.

    `options` (symbol, kind, revision_label, meeting, year, max_bytes) apply to every file; per-file options
    can be given as (name, bytes, options) triples. DocumentError when no file of the batch can be read.
    With `background`, the files are stored in a batch in state "parsing" and the background worker parses
    them and computes the preview (`batch_parse`); the batch is returned at once.
    """
    conv = convention_resolve(convention)
    if convention and conv is None:
        raise Invalid(errors=[{"field": "convention", "message": f"No convention {convention[:32]!r}."}])
    decision_check_ingest(user=user, convention=conv)
    if not files:
        raise Invalid(errors=[{"field": "file", "message": "Give at least one file."}])
    if options.get("symbol") and len(files) > 1:
        raise Invalid(errors=[{"field": "symbol", "message": "A number names one decision; give one file."}])
    with transaction.atomic():
        batch = IngestBatch.objects.create(
            convention=conv, label=label[:200], created_by=person_or_none(user),
            created_label=str(user)[:200] if actor_is_system(user) else "",
            state=IngestBatch.PARSING if background else IngestBatch.DRAFT, total=len(files),
            step=gettext("Waiting for the background worker") if background else "")
        for i, item in enumerate(files):
            name, data, own = (*item, {})[:3] if len(item) == 2 else item
            chosen = {k: v for k, v in {**options, **own}.items() if k in OPTION_KEYS and v not in (None, "")}
            if conv is not None:
                chosen.setdefault("convention", conv.acronym)
            IngestFile.objects.create(batch=batch, order=i, name=str(name)[:300], data=data,
                                      content_hash=hashlib.sha256(data).hexdigest(), options=chosen)
        corrections_carry(user=user, batch=batch)  # the same file read again keeps its staff corrections
        if preview and not background:
            batch.preview = batch_preview_compute(user=user, batch=batch)
            readable = [f for f in batch.preview["files"] if not f.get("error")]
            if not readable:
                raise DocumentError("; ".join(f"{f['name']}: {f['error']}" for f in batch.preview["files"])
                                    if len(files) > 1 else batch.preview["files"][0]["error"])
            batch.save(update_fields=["preview"])
        audit_record(actor=user, action="create", obj=batch, changes={"files": len(files), "label": batch.label})
    if background:
        from liaison.decisions.tasks import batch_parse_task

        # The batch is stored before the task is queued: the worker (or the in-process backend) reads it.
        batch_parse_task.enqueue(batch_id=batch.pk)
        batch.refresh_from_db()
    return batch


def batch_progress(batch: IngestBatch, *, done: int, step: str) -> None:
    """Record how far the background parse of `batch` is (written at once: the batch page polls it)."""
    IngestBatch.objects.filter(pk=batch.pk, state=IngestBatch.PARSING).update(done=done, step=step[:200])


def batch_parse(*, batch_id: int) -> IngestBatch:
    """Parse a batch left in state "parsing" file by file, then compute its preview (the background task's body).

    It runs as the batch's creator (the system actor if none is recorded). The batch becomes a draft with its
    preview, or "failed" with the reason when no file can be read or the parse breaks; it publishes nothing.
    A batch no longer parsing (a task run twice) is left as it is.
    """
    batch = IngestBatch.objects.select_related("created_by", "convention").get(pk=batch_id)
    if batch.state != IngestBatch.PARSING:
        return batch
    user = batch.created_by or system_actor(batch.created_label or "task batch_parse")
    files = list(batch.files.order_by("order"))
    try:
        errors = []
        for i, f in enumerate(files):
            batch_progress(batch, done=i, step=gettext("Reading %(name)s (%(n)d of %(total)d)")
                           % {"name": f.name, "n": i + 1, "total": len(files)})
            error = file_read_error(f)
            if error:
                errors.append(f"{f.name}: {error}" if len(files) > 1 else error)
        if files and len(errors) == len(files):
            raise DocumentError("; ".join(errors))
        batch_progress(batch, done=len(files), step=gettext("Computing what publishing will change"))
        preview = batch_preview_compute(user=user, batch=batch)
        readable = [f for f in preview.get("files", []) if not f.get("error")]
        if not readable:
            raise DocumentError("; ".join(f"{f['name']}: {f['error']}" for f in preview.get("files", []))
                                or gettext("No file of the batch could be read."))
    except (DocumentError, DomainError) as exc:
        batch_fail(batch, message=str(exc) or exc.__class__.__name__)
        return IngestBatch.objects.get(pk=batch.pk)
    except Exception as exc:  # a broken parse: recorded on the batch, then re-raised for the worker's log
        batch_fail(batch, message=gettext("The parse failed: %(error)s") % {"error": exc})
        raise
    IngestBatch.objects.filter(pk=batch.pk, state=IngestBatch.PARSING).update(
        state=IngestBatch.DRAFT, preview=preview, done=len(files), step="", message="")
    return IngestBatch.objects.get(pk=batch.pk)


def batch_fail(batch: IngestBatch, *, message: str) -> None:
    """Record that the background parse of `batch` failed and why; the batch can then only be read."""
    IngestBatch.objects.filter(pk=batch.pk, state=IngestBatch.PARSING).update(
        state=IngestBatch.FAILED, message=message[:2000], step="")


def file_read_error(f: IngestFile) -> str:
    """Return why a batch file cannot be read ("" when it can, or when this exact text is already stored)."""
    if DecisionRevision.objects.filter(content_hash=f.content_hash).exists():
        return ""
    options = file_options(f)
    try:
        document_parse(bytes(f.data), filename=f.name, convention=options["convention"], symbol=options["symbol"],
                       **({"max_bytes": options["max_bytes"]} if options["max_bytes"] else {}))
    except (DocumentError, DomainError) as exc:
        return str(exc) or exc.__class__.__name__
    return ""


def batch_apply(*, user, batch: IngestBatch) -> list[dict]:
    """Apply every file of the batch, corrected, to the record (inside the caller's transaction); return each outcome.

    A file's outcome counts its staff corrections and those that no longer apply (`corrections_stale`).
    """
    outcomes = []
    with remembered():  # the batch's texts name the same few conventions and actors: each read once
        files = list(batch.files.order_by("order").prefetch_related("corrections"))
        memo("hashes_absent").update(dict.fromkeys(hashes_absent([f.content_hash for f in files])))  # type: ignore[union-attr]
        for f in files:
            outcome: dict = {"name": f.name, "file": f.pk}
            try:
                with transaction.atomic():
                    result, fixed = file_ingest(user=user, f=f)
            except DocumentError as exc:
                outcome["error"] = str(exc)
                outcomes.append(outcome)
                (memo("actors") or {}).clear()  # the file's savepoint is rolled back: forget any actor it made
                continue
            outcome |= {"corrections": len(fixed), "corrections_stale": sum(1 for o in fixed if o != APPLIED)}
            outcomes.append(outcome | result_outcome(result))
            for other in result.more:  # the other decisions of a compilation, each on its own line
                outcomes.append({"name": f.name, "file": f.pk} | result_outcome(other))
    return outcomes


def hashes_absent(hashes: list[str]) -> set[str]:
    """Return those of `hashes` no stored revision has (their texts need no lookup each when ingested)."""
    absent = set(hashes)
    for start in range(0, len(hashes), 900):  # under SQLite's smallest variable limit
        absent -= set(DecisionRevision.objects.filter(content_hash__in=hashes[start:start + 900])
                      .values_list("content_hash", flat=True))
    return absent


def result_outcome(result) -> dict:
    """Return what one stored (or already stored) decision text of a batch file amounts to."""
    parsed = result.parsed
    return {
        "decision": result.decision.pk, "decision_label": str(result.decision),
        "created": result.created, "new_decision": result.created and result.first_text,
        "revision": result.revision.label,
        "operative": len(parsed.get("operative", [])),
        "mandates": sum(len(p.get("mandates") or []) for p in parsed.get("operative", [])),
        "repeals": [str(d) for d in result.repealed],
        "carried": len(result.succession.carried), "unmatched": len(result.succession.unmatched),
        "warnings": [str(w) for w in (parsed.get("warnings") or [])][:50],
    }


def changes_summarize(outcomes: list[dict], changes: dict) -> dict:
    """Return the preview of a batch: each file's outcome and what changes in the record as a whole."""
    created, changed = changes["created"], changes["changed"]
    after_status = {}
    if changed["decision"]:
        after_status = dict(Decision.objects.filter(pk__in=[int(pk) for pk in changed["decision"]])
                            .values_list("pk", "status"))
    leaving = []
    for pk, row in changed["decision"].items():
        if row[1] == Decision.IN_EFFECT and after_status.get(int(pk)) != Decision.IN_EFFECT:
            leaving.append(int(pk))
    labels = {d.pk: str(d) for d in Decision.objects.filter(pk__in=leaving).select_related("convention")}
    resolved = [pk for pk, row in changed["reference"].items() if row[1] is None]
    new_refs = Reference.objects.filter(pk__in=created["reference"])
    was_current = [int(pk) for pk, row in changed["mandate"].items() if row[1] != Mandate.SUPERSEDED]
    superseded = Mandate.objects.filter(pk__in=was_current, status=Mandate.SUPERSEDED).values_list("pk", flat=True)
    return {
        "files": outcomes,
        "decisions_new": sum(1 for o in outcomes if o.get("new_decision")),
        "revisions_new": sum(1 for o in outcomes if o.get("created") and not o.get("new_decision")),
        "unchanged": sum(1 for o in outcomes if "decision" in o and not o.get("created")),
        "errors": sum(1 for o in outcomes if o.get("error")),
        "leaving_in_effect": [labels.get(pk, str(pk)) for pk in leaving],
        "mandates_new": len(created["mandate"]),
        "mandates_superseded": len(superseded),
        "mandates_carried": sum(o.get("carried", 0) for o in outcomes),
        "mandates_unmatched": sum(o.get("unmatched", 0) for o in outcomes),
        "references_new": len(created["reference"]),
        "references_resolving": new_refs.filter(target__isnull=False).count() + len(resolved),
        "references_waiting": new_refs.filter(target__isnull=True).count(),
    }


def batch_preview_compute(*, user, batch: IngestBatch) -> dict:
    """Return what publishing the batch would change, by applying it in a transaction that is rolled back."""
    summary: dict = {}
    try:
        with transaction.atomic():
            before = record_snapshot()
            with writes_grouped(discard=True):  # rolled back below: the index needs no refresh
                outcomes = batch_apply(user=user, batch=batch)
            summary = changes_summarize(outcomes, snapshot_diff(before, record_snapshot()))
            raise _DryRun
    except _DryRun:
        pass
    return summary


def batch_publish(*, user, batch: IngestBatch, announce: bool = True) -> IngestBatch:
    """Apply a draft batch to the record in one transaction and queue one overlap run; raise unless `user` may.

    `announce=False` (the loader, which computes the overlap itself afterwards) sends no signal.
    """
    batch_check_manage(user=user, batch=batch)
    with transaction.atomic():
        batch = IngestBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state != IngestBatch.DRAFT:
            raise Conflict(gettext("This batch is %(state)s; only a draft is published.")
                           % {"state": batch.get_state_display().lower()})
        before = record_snapshot()
        with writes_grouped():  # each decision the batch touches is re-indexed once, at the end
            outcomes = batch_apply(user=user, batch=batch)
        batch.changes = snapshot_diff(before, record_snapshot())
        batch.preview = changes_summarize(outcomes, batch.changes)
        batch.state, batch.published_at = IngestBatch.PUBLISHED, timezone.now()
        batch.save(update_fields=["changes", "preview", "state", "published_at"])
        audit_record(actor=user, action="publish", obj=batch,
                     changes={k: v for k, v in batch.preview.items() if k != "files"})
        decisions = sorted({o["decision"] for o in outcomes if o.get("created")})
        if decisions and announce:
            batch_published.send(sender=IngestBatch, batch=batch, decisions=decisions, user=user)
    return batch


def batch_undo(*, user, batch: IngestBatch) -> IngestBatch:
    """Restore the record as it was before a published batch; raise unless `user` may, or a later batch stands."""
    batch_check_manage(user=user, batch=batch)
    with transaction.atomic():
        batch = IngestBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state != IngestBatch.PUBLISHED:
            raise Conflict(_("Only a published batch can be undone."))
        later = next((b for b in IngestBatch.objects.filter(state=IngestBatch.PUBLISHED,
                                                             published_at__gt=batch.published_at)
                      .order_by("published_at") if changes_any(b.changes)), None)
        if later is not None:  # a later batch that changed nothing (texts already stored) does not count
            raise Conflict(_("Undo the later batch %(id)s first: it was published after this one.") % {"id": later.pk})
        created, changed = batch.changes.get("created", {}), batch.changes.get("changed", {})
        for name in ("evidence", "mandate", "reference", "decision"):
            model, columns = SNAPSHOT[name]
            for pk, row in changed.get(name, {}).items():
                model.objects.filter(pk=int(pk)).update(**dict(zip(columns[1:], row[1:], strict=True)))
        for name in ("activity_link", "contribution_link"):
            SNAPSHOT[name][0].objects.filter(pk__in=created.get(name, [])).delete()
        touched = {int(pk) for pk in changed.get("decision", {})} - set(created.get("decision", []))
        touched |= set(DecisionRevision.objects.filter(pk__in=created.get("revision", []))
                       .values_list("decision_id", flat=True)) - set(created.get("decision", []))
        DecisionRevision.objects.filter(pk__in=created.get("revision", [])).delete()
        Decision.objects.filter(pk__in=created.get("decision", [])).delete()
        Actor.objects.filter(pk__in=created.get("actor", []), mandates__isnull=True).delete()
        batch.state, batch.undone_at = IngestBatch.UNDONE, timezone.now()
        batch.save(update_fields=["state", "undone_at"])
        audit_record(actor=user, action="undo", obj=batch, changes={"decisions_touched": sorted(touched)})
        for decision in Decision.objects.filter(pk__in=touched):
            audit_record(actor=user, action="undo", obj=decision, changes={"batch": batch.pk})
    return batch


def batch_ingest_publish(*, user, files: list, label: str = "", announce: bool = True, **options) -> IngestBatch:
    """Create a batch and publish it at once (loaders, scripts): one transaction of the record, undoable.

    DocumentError (and nothing stored) when no file of it can be read.
    """
    with transaction.atomic():
        batch = batch_create(user=user, files=files, label=label, preview=False, **options)
        batch = batch_publish(user=user, batch=batch, announce=announce)
        errors = [f"{o['name']}: {o['error']}" if len(files) > 1 else o["error"]
                  for o in batch.preview["files"] if o.get("error")]
        if len(errors) == len(files):
            raise DocumentError("; ".join(errors))  # nothing was read: no batch either
    return batch

