"""References between decisions as an ingest stores them: each occurrence, resolved when its target is known.

The targets of a text's references are looked up in one query (its conventions resolved once each), not one
query per occurrence, so storing a text costs the same however many decisions the record already holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone

from liaison.catalogue.models import Convention
from liaison.core.bulk import rows_insert
from liaison.decisions.memo import memo
from liaison.decisions.models import Decision, Paragraph, Reference

REFERENCE_KINDS = {"resolution", "decision", "recommendation"}
Key = tuple[int, str, str]  # (convention id, kind, number without spaces)


def convention_resolve(acronym: str | None) -> Convention | None:
    """Return the convention for an acronym or full-name fragment, None when not found."""
    if not acronym:
        return None
    known = memo("conventions")  # within a batch, each acronym read once (decisions.memo)
    if known is not None and acronym in known:
        return known[acronym]
    found = Convention.objects.filter(acronym__iexact=acronym.strip()).first()
    found = found or Convention.objects.filter(name__iexact=acronym.strip()).first()
    if known is not None:
        known[acronym] = found
    return found


def conventions_memo() -> Callable[[str], Convention | None]:
    """Return `convention_resolve` remembering each answer (for the references of one text)."""
    known: dict[str, Convention | None] = {}

    def resolve(acronym: str) -> Convention | None:
        if acronym not in known:
            known[acronym] = convention_resolve(acronym)
        return known[acronym]

    return resolve


def reference_key(ref: dict, conventions: Callable[[str], Convention | None]) -> Key | None:
    """Return the (convention id, kind, number) a reference names, None when it names no decision Liaison knows."""
    kind = ref.get("type")
    if kind not in REFERENCE_KINDS or not ref.get("convention"):
        return None
    conv = conventions(ref["convention"])
    if conv is None:
        return None
    return conv.pk, kind, re.sub(r"\s+", "", str(ref.get("id")))


def targets_find(keys: set[Key]) -> dict[Key, Decision]:
    """Return the stored decisions of the given keys, in one query."""
    if not keys:
        return {}
    found = (Decision.objects.filter(convention_id__in={k[0] for k in keys}, number__in={k[2] for k in keys})
             .select_related("convention"))  # named in the outcome of the ingest (str)
    return {key: d for d in found if (key := (d.convention_id, d.kind, d.number)) in keys}


def references_store(decision: Decision, paragraphs: dict[str, Paragraph], parsed: dict) -> list[Decision]:
    """Store every reference occurrence, resolve it when the target is known, apply repeals; return the repealed."""
    mentions = parsed.get("mentions") or parsed.get("references") or []
    conventions = conventions_memo()
    repeals = [(rep, reference_key(rep, conventions)) for rep in parsed.get("repeals", [])]
    keyed = [(ref, reference_key(ref, conventions)) for ref in mentions]
    targets = targets_find({key for _, key in keyed + repeals if key is not None})
    first_paragraph = next(iter(paragraphs.values()), None)
    rows = []
    for ref, key in keyed:
        paragraph = paragraphs.get(str(ref.get("paragraph"))) or first_paragraph
        if paragraph is None:
            continue
        target = targets.get(key) if key is not None else None
        rows.append(Reference(paragraph_id=paragraph.pk, source_id=decision.pk,  # ids: cheaper than instances
                              target_type=ref.get("type") or "document", target_convention=ref.get("convention") or "",
                              target_number=str(ref.get("id"))[:120], relation=ref.get("relation") or "cites",
                              target_id=target.pk if target is not None else None))
    rows_insert(Reference, rows)
    repealed = []
    for rep, key in repeals:
        if key is None:
            continue
        target = targets.get(key)
        if target is None:  # known by reference only, until its text arrives
            target = targets[key] = Decision.objects.create(convention=conventions(rep["convention"]), kind=key[1],
                                                            number=key[2], has_text=False,
                                                            title="(known by reference only)")
        if target.pk == decision.pk:
            continue
        repealed.append((rep, target))
    repeals_apply(decision, repealed)
    return [target for _rep, target in repealed]


def repeals_apply(decision: Decision, repealed: list[tuple[dict, Decision]]) -> None:
    """Mark the decisions `decision` repeals as repealed by it, and point its waiting references to them at them:
    one update of the decisions and one read of the references, whatever their number."""
    if not repealed:
        return
    targets = {target.pk: target for _rep, target in repealed}
    now = timezone.now()
    Decision.objects.filter(pk__in=list(targets)).update(status=Decision.REPEALED, repealed_by=decision, updated_at=now)
    fields = frozenset(["status", "repealed_by", "updated_at"])
    for target in targets.values():  # as target.save(update_fields=...) would, for the receivers (the search index)
        target.status, target.repealed_by, target.updated_at = Decision.REPEALED, decision, now
        post_save.send(sender=Decision, instance=target, created=False, update_fields=fields, raw=False,
                       using=connection.alias)
    named = {(rep.get("type"), rep.get("convention") or "", str(rep.get("id"))): target for rep, target in repealed}
    condition = Q()
    for kind, convention, number in named:
        condition |= Q(target_type=kind, target_convention=convention, target_number=number)
    moved: dict[int, list[int]] = {}
    for pk, kind, convention, number in (Reference.objects.filter(source=decision, target__isnull=True)
                                         .filter(condition)
                                         .values_list("pk", "target_type", "target_convention", "target_number")):
        moved.setdefault(named[(kind, convention, number)].pk, []).append(pk)
    for target_pk, ids in moved.items():
        Reference.objects.filter(pk__in=ids).update(target_id=target_pk)


def references_resolve_incoming(decision: Decision, *, created: bool = False) -> None:
    """Point earlier references at a decision that has just arrived, and honour earlier repeals of it.

    `created`: the decision's row is new, so no other text's reference pointed at it before this update: when
    the update resolves none, no earlier repeal can name it (one query saved for most new decisions).
    """
    waiting = Reference.objects.filter(target__isnull=True, target_convention=decision.convention.acronym,
                                       target_type=decision.kind, target_number=decision.number)
    if not waiting.update(target=decision) and created:
        return
    repeal = (Reference.objects.filter(target=decision, relation="repeals").exclude(source=decision)
              .select_related("source").first())
    if repeal and decision.status != Decision.REPEALED:
        decision.status = Decision.REPEALED
        decision.repealed_by = repeal.source
        decision.save(update_fields=["status", "repealed_by", "updated_at"])
