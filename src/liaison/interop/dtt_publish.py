"""Publishing a batch harvested from the CBD Decision Tracking Tool applies its paragraphs' statuses.

A file read by interop.harvest_cbd keeps, beside its ingest options, the DTT tags of its paragraphs
(`options["dtt"]["paragraphs"]`: number, type, statuses, actors). When the batch is published (the
`batch_published` signal, inside publish's transaction), each mandate stored from such a paragraph takes the
status the DTT gives it, where Liaison keeps that status itself:

    DTT status         mandate status
    implemented     -> done
    require-funding -> needs_funding
    active          -> open (as stored)

The other DTT statuses (elapsed, stagnant, inactive, superseded, retired) Liaison computes from the deadline,
the record's changes and the decision's own status (decisions.tracking), so they are not stored. A paragraph
with several statuses takes the first of implemented, require-funding, active. Each change is audited by
`mandate_update` as the publisher's. Undoing the batch deletes its mandates, and so these statuses with them.
"""

from __future__ import annotations

from liaison.decisions.models import DecisionRevision, IngestBatch, Mandate, Paragraph
from liaison.decisions.services import mandate_update

STATUS_OF_DTT = {"implemented": Mandate.DONE, "require-funding": Mandate.NEEDS_FUNDING, "active": Mandate.OPEN}


def dtt_status_pick(statuses: list[str]) -> str | None:
    """Return the mandate status a paragraph's DTT statuses give, or None when Liaison computes it itself."""
    for code in STATUS_OF_DTT:
        if code in statuses:
            return STATUS_OF_DTT[code]
    return None


def dtt_statuses_apply(*, user, batch: IngestBatch) -> int:
    """Set the status of the mandates a published harvested batch stored from its files' DTT tags; return how many."""
    changed = 0
    for f in batch.files.order_by("order"):
        paragraphs = ((f.options or {}).get("dtt") or {}).get("paragraphs") or []
        wanted = {str(p.get("number")): dtt_status_pick(p.get("statuses") or []) for p in paragraphs}
        wanted = {number: status for number, status in wanted.items() if status}
        if not wanted:
            continue
        revision = DecisionRevision.objects.filter(content_hash=f.content_hash).first()
        if revision is None:
            continue
        mandates = (Mandate.objects.filter(paragraph__revision=revision, paragraph__kind=Paragraph.OPERATIVE,
                                           paragraph__number__in=list(wanted))
                    .select_related("paragraph", "decision__convention").order_by("paragraph__order", "order"))
        for mandate in mandates:
            status = wanted[mandate.paragraph.number]
            if mandate.status != status and mandate.status != Mandate.SUPERSEDED:
                mandate_update(user=user, mandate=mandate, status=status)
                changed += 1
    return changed


def on_batch_published(sender, batch: IngestBatch, decisions: list[int], user=None, **kwargs) -> None:
    """Apply the DTT statuses of a harvested batch once it is published (no-op for any other batch)."""
    if user is not None and batch.files.filter(options__has_key="dtt").exists():
        dtt_statuses_apply(user=user, batch=batch)
