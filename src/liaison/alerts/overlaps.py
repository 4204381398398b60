"""A new decision that overlaps a followed decision or mandate, from the overlap engine's results after a run.

When an overlap run is done (its pairs stored), every pair of paragraphs of two decisions is read; a side that is
followed (the decision, or a mandate of that paragraph) makes its followers told of the other decision, if that
decision came into Liaison after they followed (it is new to them). Each (followed object, other decision) is
told once, whatever the number of paragraph pairs and runs (`EventMark`): the best-scoring pair is the one named.
The overlap report compares only public texts; the follower's right to see the followed object is asked as
for any notification.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.utils import translation

from liaison.alerts.models import Follow, Notification
from liaison.alerts.objects import TYPES
from liaison.alerts.scans import marks_add, marks_new
from liaison.alerts.services import notify_pairs
from liaison.alerts.wording import wording_stored
from liaison.decisions.models import Decision, Mandate
from liaison.overlap.models import OverlapPair


def decisions_named(sides: list[dict]) -> dict[str, int]:
    """Return {document name: decision id} of the decisions the pairs' sides name ("CMS Resolution 11.10", as
    overlap_corpus_get writes them); a treaty's text names none (one query)."""
    names = {side.get("document") or "" for side in sides}
    acronyms = {side.get("convention") for side in sides}
    found = {}
    for pk, acronym, kind, number in (Decision.objects.filter(convention__acronym__in=acronyms).order_by()
                                      .values_list("pk", "convention__acronym", "kind", "number")):
        name = f"{acronym} {kind.capitalize()} {number}"
        if name in names:
            found[name] = pk
    return found


def overlaps_notify(*, run_id: int) -> int:
    """Tell the followers of decisions and mandates that a run found overlapping a decision new to them; return
    how many notifications were written."""
    rows = list(OverlapPair.objects.filter(run_id=run_id).values_list("a", "b", "score"))
    named = decisions_named([side for a, b, _score in rows for side in (a, b)])
    best: dict[tuple[int, int], tuple[float, str, str]] = {}  # (decision, other) -> score, its §, the other's §
    for a, b, score in rows:
        da, db = named.get(a.get("document") or ""), named.get(b.get("document") or "")
        if da is None or db is None or da == db:
            continue
        for x, px, y, py in ((da, a.get("paragraph"), db, b.get("paragraph")),
                             (db, b.get("paragraph"), da, a.get("paragraph"))):
            if (x, y) not in best or score > best[(x, y)][0]:
                best[(x, y)] = (score, str(px or "-"), str(py or "-"))
    if not best:
        return 0
    decisions = {x for x, _y in best}
    mandates: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, decision_id, number in (Mandate.objects.filter(decision_id__in=decisions).order_by()
                                    .values_list("pk", "decision_id", "paragraph__number")):
        mandates[(decision_id, str(number or "-"))].append(pk)
    follows: dict[tuple[str, int], list[tuple[int, object]]] = defaultdict(list)
    for object_type, ids in (("decision", decisions), ("mandate", {m for ms in mandates.values() for m in ms})):
        for user_id, object_id, created_at in (Follow.objects.filter(object_type=object_type, object_id__in=ids)
                                               .values_list("user_id", "object_id", "created_at")):
            follows[(object_type, object_id)].append((user_id, created_at))
    # each told pair: (followed type, followed id, other decision) -> its paragraphs and link
    candidates: dict[str, tuple[str, int, int, int, str, str]] = {}
    for (x, y), (_score, px, py) in best.items():
        for object_type, object_id in [("decision", x)] + [("mandate", m) for m in mandates.get((x, px), [])]:
            if follows.get((object_type, object_id)):
                candidates[f"overlap:{object_type}:{object_id}:{y}"] = (object_type, object_id, x, y, px, py)
    new = marks_new(list(candidates))
    if not new:
        return 0
    with translation.override(settings.LANGUAGE_CODE):  # the names as Decision.__str__ writes them, stored
        kinds = {k: str(label) for k, label in Decision.KINDS}
    names = {pk: (f"{acronym} {kinds.get(kind, kind)} {number}", created_at) for
             pk, acronym, kind, number, created_at in Decision.objects.filter(
                 pk__in={c[3] for c in candidates.values()} | decisions).order_by()
             .values_list("pk", "convention__acronym", "kind", "number", "created_at")}
    by_other: dict[tuple[str, int], tuple[dict, set]] = defaultdict(lambda: ({}, set()))
    for key in sorted(new):
        object_type, object_id, x, y, px, py = candidates[key]
        params = {"m": "overlap" if object_type == "decision" else "overlap_mandate", "new": names[y][0],
                  "new_paragraph": py, "followed": names[x][0], "paragraph": px}
        objects, pairs = by_other[(object_type, y)]
        objects[object_id] = (wording_stored(params), TYPES["decision"].url(Decision(pk=y)), params)
        # new to the follower: the other decision came into Liaison after they followed
        pairs |= {(u, object_id) for u, since in follows[(object_type, object_id)] if names[y][1] > since}
    written = 0
    for (object_type, _y), (objects, pairs) in by_other.items():
        written += len(notify_pairs(Notification.DECISION_OVERLAP, object_type, objects, pairs))
    marks_add(new)
    return written
