"""Mandates that survive revision: match each mandate of a replaced text to its successor and carry its work.

When a revised text of a decision arrives (a new revision), or a later decision repeals an earlier one, each
current mandate of the old text is matched to a mandate of the new text:
- same addressee (the normalized `Actor`), and
- similar action: the token Jaccard similarity of the two actions (lower-cased words of three letters or more)
  is at least `SIMILARITY_MIN`. Pairs are taken best first, each mandate at most once (greedy matching).

A matched mandate carries to its successor its status, owner, evidence, its links to activities and partner
contributions (the successor is added to them; the old link stays, as history), and its history (the audit
trail of a mandate reads its predecessors' events too: `mandate_lineage`). The old mandate becomes
"superseded" and points at its successor. An unmatched one keeps its status and is flagged `unresolved`, so
the tracker still lists it and staff resolve it on the page of unresolved mandates; nothing is reset silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import Invalid
from liaison.core.services import audit_record, audit_record_many
from liaison.decisions.models import Mandate, MandateEvidence
from liaison.decisions.permissions import mandate_check_edit

# Two actions of the same addressee at least this similar (token Jaccard, 0..1) are the same mandate. 0.5 keeps
# a reworded or extended action ("report to COP14" -> "report annually to COP15") and refuses a different one.
SIMILARITY_MIN = 0.5
WORD = re.compile(r"[^\W\d_]{3,}")


def action_tokens(text: str) -> frozenset[str]:
    """Return the set of lower-cased words of three letters or more of an action."""
    return frozenset(WORD.findall((text or "").lower()))


def action_similarity(a: str, b: str) -> float:
    """Return the token Jaccard similarity of two actions (1.0 for two empty ones)."""
    ta, tb = action_tokens(a), action_tokens(b)
    if not ta and not tb:
        return 1.0
    return len(ta & tb) / len(ta | tb)


def mandates_match(old: list[Mandate], new: list[Mandate]) -> tuple[list[tuple[Mandate, Mandate, float]],
                                                                    list[Mandate]]:
    """Return (matched (old, new, similarity) pairs, unmatched old mandates): same actor, similar action."""
    new_tokens = [action_tokens(n.action) for n in new]  # each action's words read once, not once per pair
    candidates = []
    for i, o in enumerate(old):
        ta = action_tokens(o.action)
        for j, n in enumerate(new):
            if o.actor_id != n.actor_id:
                continue
            tb = new_tokens[j]
            score = len(ta & tb) / len(ta | tb) if ta or tb else 1.0  # action_similarity
            if score >= SIMILARITY_MIN:
                candidates.append((-score, i, j))
    candidates.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for negative, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((old[i], new[j], -negative))
    pairs.sort(key=lambda p: (p[0].paragraph.order if p[0].paragraph_id else 0, p[0].order))
    return pairs, [o for i, o in enumerate(old) if i not in used_old]


@dataclass
class Succession:
    carried: list[tuple[int, int]] = field(default_factory=list)  # (old id, successor id)
    unmatched: list[int] = field(default_factory=list)


def mandate_carry(*, user, old: Mandate, new: Mandate, reason: str, similarity: float | None = None) -> None:
    """Carry `old`'s status, owner, evidence and links to `new`, mark `old` superseded by it, and audit both."""
    mandates_carry(user=user, pairs=[(old, new, similarity)], reason=reason)


def links_of(name: str, mandate_ids: list[int]) -> tuple[type[models.Model], str, str, dict[int, list[int]]]:
    """Return (through model, its mandate column, its other column, {mandate id: [linked ids]}) of a many-to-many
    relation of mandates ("activities", "contributions"), read in one query."""
    rel = Mandate._meta.get_field(name)
    through, mandate_col, other_col = rel.through, rel.field.m2m_reverse_name(), rel.field.m2m_column_name()
    linked: dict[int, list[int]] = {}
    for mandate_id, other_id in (through.objects.filter(**{f"{mandate_col}__in": mandate_ids})
                                 .order_by(other_col).values_list(mandate_col, other_col)):
        linked.setdefault(mandate_id, []).append(other_id)
    return through, mandate_col, other_col, linked


def mandates_carry(*, user, pairs: list[tuple[Mandate, Mandate, float | None]], reason: str) -> None:
    """Carry each old mandate's status, owner, evidence and links to its new one, mark the old superseded by it,
    and audit both: the reads and writes of all the pairs in a few queries, whatever their number."""
    if not pairs:
        return
    old_ids = [o.pk for o, _new, _score in pairs]
    evidence: dict[int, int] = {}
    for mandate_id in MandateEvidence.objects.filter(mandate_id__in=old_ids).values_list("mandate_id", flat=True):
        evidence[mandate_id] = evidence.get(mandate_id, 0) + 1
    links = {name: links_of(name, old_ids) for name in ("activities", "contributions")}
    now = timezone.now()
    carried_statuses = []
    for old, new, _score in pairs:
        carried_statuses.append(old.status if old.status != Mandate.SUPERSEDED else new.status)
        new.status = carried_statuses[-1]
        new.owner_id = old.owner_id or new.owner_id
        new.updated_at = now
        old.status, old.successor, old.unresolved, old.updated_at = Mandate.SUPERSEDED, new, False, now
        if evidence.get(old.pk):
            MandateEvidence.objects.filter(mandate=old).update(mandate=new)
    mandates_write([(n.pk, n.status, n.owner_id, now) for _old, n, _score in pairs],
                   ("status", "owner_id", "updated_at"))
    for through, mandate_col, other_col, linked in links.values():
        through.objects.bulk_create([through(**{mandate_col: n.pk, other_col: other})
                                     for o, n, _score in pairs for other in linked.get(o.pk, [])], ignore_conflicts=True)
    mandates_write([(o.pk, Mandate.SUPERSEDED, n.pk, False, now) for o, n, _score in pairs],
                   ("status", "successor_id", "unresolved", "updated_at"))
    events: list[tuple[str, Mandate, dict | None]] = []
    for (old, new, similarity), status in zip(pairs, carried_statuses, strict=True):
        events.append(("supersede", old, {"successor": new.pk, "reason": reason, "similarity": similarity}))
        events.append(("carry", new, {"from": old.pk, "reason": reason, "status": status, "owner": new.owner_id,
                                      "evidence": evidence.get(old.pk, 0),
                                      "activities": links["activities"][3].get(old.pk, []),
                                      "contributions": links["contributions"][3].get(old.pk, [])}))
    audit_record_many(actor=user, events=events)


def mandates_write(rows: list[tuple], columns: tuple[str, ...]) -> None:
    """Set `columns` of each mandate of `rows` ((id, *values) tuples): one executemany, not bulk_update's CASEs."""
    if not rows:
        return
    table = Mandate._meta.db_table
    sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    prepared = [(*values, pk) for pk, *values in rows]
    if "updated_at" in columns:  # a datetime as the database takes it (SQLite: text in UTC)
        field, at = Mandate._meta.get_field("updated_at"), columns.index("updated_at")
        prepared = [(*r[:at], field.get_db_prep_value(r[at], connection), *r[at + 1:]) for r in prepared]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", prepared)


def mandates_succeed(*, user, old: list[Mandate], new: list[Mandate], reason: str) -> Succession:
    """Match `old` mandates to `new` ones; carry the matched, flag the others unresolved. Return what was done."""
    pairs, unmatched = mandates_match(old, new)
    result = Succession()
    mandates_carry(user=user, pairs=[(o, n, round(score, 3)) for o, n, score in pairs], reason=reason)
    result.carried = [(o.pk, n.pk) for o, n, _ in pairs]
    flagged = [o for o in unmatched if not o.unresolved]
    now = timezone.now()
    for o in flagged:
        o.unresolved = True
        o.updated_at = now
    mandates_write([(o.pk, True, now) for o in flagged], ("unresolved", "updated_at"))
    audit_record_many(actor=user, events=[("unmatched", o, {"reason": reason}) for o in flagged])
    result.unmatched = [o.pk for o in unmatched]
    return result


def mandates_current_of(decision, *, exclude_revision=None) -> list[Mandate]:
    """Return the mandates of `decision` still carrying work: not superseded, with no successor yet."""
    qs = (Mandate.objects.filter(decision=decision, successor__isnull=True).exclude(status=Mandate.SUPERSEDED)
          .select_related("paragraph").order_by("paragraph__order", "order"))
    if exclude_revision is not None:
        qs = qs.exclude(paragraph__revision=exclude_revision)
    return list(qs)


def mandate_resolve(*, user, mandate: Mandate, successor: Mandate | None) -> Mandate:
    """Resolve an unmatched mandate: carry it to `successor`, or (None) close it as superseded with no successor."""
    mandate_check_edit(user=user, mandate=mandate)
    if not mandate.unresolved:
        raise Invalid(_("This mandate has nothing to resolve."))
    if successor is not None:
        if successor.pk == mandate.pk or successor.status == Mandate.SUPERSEDED or successor.successor_id:
            raise Invalid(errors=[{"field": "successor", "message": "Choose a current mandate."}])
        if successor.decision.convention_id != mandate.decision.convention_id:
            raise Invalid(errors=[{"field": "successor", "message": "Choose a mandate of the same convention."}])
        mandate_carry(user=user, old=mandate, new=successor, reason="resolved by staff")
        return mandate
    before = mandate.status
    mandate.status, mandate.unresolved = Mandate.SUPERSEDED, False
    mandate.save(update_fields=["status", "unresolved", "updated_at"])
    audit_record(actor=user, action="close", obj=mandate,
                 changes={"before": {"status": before}, "after": {"status": Mandate.SUPERSEDED},
                          "reason": "no successor (staff)"})
    return mandate


def mandate_lineage(mandate: Mandate, *, depth: int = 50) -> list[int]:
    """Return the ids of `mandate` and of every mandate it succeeded, nearest first (breadth first)."""
    seen = [mandate.pk]
    frontier = [mandate.pk]
    while frontier and len(seen) < depth:
        frontier = [pk for pk in Mandate.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)
                    if pk not in seen]
        seen.extend(frontier)
    return seen
