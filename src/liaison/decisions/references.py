"""References between decisions as an ingest stores them: each occurrence, resolved when its target is known.

The targets of a text's references are looked up in one query (its conventions resolved once each), not one
query per occurrence, so storing a text costs the same however many decisions the record already holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from liaison.catalogue.models import Convention
from liaison.decisions.models import Decision, Paragraph, Reference

REFERENCE_KINDS = {"resolution", "decision", "recommendation"}
Key = tuple[int, str, str]  # (convention id, kind, number without spaces)


def convention_resolve(acronym: str | None) -> Convention | None:
    """Return the convention for an acronym or full-name fragment, None when not found."""
    if not acronym:
        return None
    found = Convention.objects.filter(acronym__iexact=acronym.strip()).first()
    return found or Convention.objects.filter(name__iexact=acronym.strip()).first()


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
        rows.append(Reference(paragraph=paragraph, source=decision, target_type=ref.get("type") or "document",
                              target_convention=ref.get("convention") or "", target_number=str(ref.get("id"))[:120],
                              relation=ref.get("relation") or "cites",
                              target=targets.get(key) if key is not None else None))
    Reference.objects.bulk_create(rows)
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
        repealed.append(target)
        target.status = Decision.REPEALED
        target.repealed_by = decision
        target.save(update_fields=["status", "repealed_by", "updated_at"])
        Reference.objects.filter(source=decision, target__isnull=True, target_type=rep.get("type"),
                                 target_convention=rep.get("convention") or "", target_number=rep.get("id")).update(
            target=target)
    return repealed


def references_resolve_incoming(decision: Decision) -> None:
    """Point earlier references at a decision that has just arrived, and honour earlier repeals of it."""
    waiting = Reference.objects.filter(target__isnull=True, target_convention=decision.convention.acronym,
                                       target_type=decision.kind, target_number=decision.number)
    waiting.update(target=decision)
    repeal = (Reference.objects.filter(target=decision, relation="repeals").exclude(source=decision)
              .select_related("source").first())
    if repeal and decision.status != Decision.REPEALED:
        decision.status = Decision.REPEALED
        decision.repealed_by = repeal.source
        decision.save(update_fields=["status", "repealed_by", "updated_at"])
