"""Readers across frameworks: the crosswalk matrix, paths from a target to another framework, synergy networks. Each starts from the visibility filters of what it joins."""

from __future__ import annotations

from collections import defaultdict, deque

from django.db.models import Q
from django.utils.translation import gettext as _

from liaison.core.errors import NotFound
from liaison.frameworks.models import Framework, Goal, Link, Target
from liaison.frameworks.permissions import (
    framework_visible_to,
    link_visible_to,
    synergy_visible_to,
    target_visible_to,
)
from liaison.frameworks.selectors import targets_labelled

# How much each relation counts in a crosswalk cell (times the link's confidence).
RELATION_WEIGHTS = {"equivalent": 1.0, "measures": 1.0, "contributes_to": 0.8, "partly_overlaps": 0.6,
                    "related": 0.4}
INDIRECT_FACTOR = 0.5  # a cell reached through a third framework's target counts at most half



def _target_links(*, user, states) -> list[tuple[int, int, float, str, str]]:
    """Return (source target, target, confidence, relation, origin) of the target->target links in `states` that
    `user` may read: one query, from which the crosswalk takes both its cells and who made them."""
    return list(link_visible_to(user).filter(source_type=Link.TARGET, review_state__in=states).values_list(
        "source_id", "target_id", "confidence", "relation", "source"))


def _target_edges(*, user, states=(Link.ACCEPTED,), links: list[tuple] | None = None
                  ) -> dict[tuple[int, int], tuple[float, str]]:
    """Return {(source target, target): (strength, relation)} of the target->target links in `states` that
    `user` may read (`links`: those _target_links returned already)."""
    edges: dict[tuple[int, int], tuple[float, str]] = {}
    rows = links if links is not None else _target_links(user=user, states=states)
    for source, target, confidence, relation, _origin in rows:
        strength = confidence * RELATION_WEIGHTS.get(relation, 0.4)
        if strength > edges.get((source, target), (0.0, ""))[0]:
            edges[(source, target)] = (strength, relation)
    return edges


def crosswalk_matrix(*, user, a: Framework, b: Framework, include_suggested: bool = False,
                     lang: str = "en") -> dict:
    """Return the crosswalk of two frameworks `user` may read: rows = A's current targets, columns = B's,
    cell = link strength 0..1 over the links `user` may read (NotFound if A or B is hidden).

    A cell is the strongest direct link either way (confidence x relation weight), else the strongest
    chain through one target of a third framework (product of both strengths, halved), marked indirect.
    `uncovered_b` lists B's targets no target of A reaches ("which global targets the plan leaves uncovered").
    """
    if framework_visible_to(user).filter(pk__in={a.pk, b.pk}).count() != len({a.pk, b.pk}):
        raise NotFound(_("No such framework."))
    states = (Link.ACCEPTED, Link.SUGGESTED) if include_suggested else (Link.ACCEPTED,)
    current = Target.objects.filter(retired_at__isnull=True).order_by("order")
    rows = targets_labelled(list(current.filter(framework=a)), lang)
    cols = targets_labelled(list(current.filter(framework=b)), lang)
    links = _target_links(user=user, states=states)
    edges = _target_edges(user=user, states=states, links=links)
    undirected: dict[int, dict[int, float]] = defaultdict(dict)
    for (s, t), (strength, _why) in edges.items():
        undirected[s][t] = max(strength, undirected[s].get(t, 0.0))
        undirected[t][s] = max(strength, undirected[t].get(s, 0.0))
    col_ids = {t.pk for t in cols}
    row_ids = {t.pk for t in rows}
    cells: dict[tuple[int, int], dict] = {}
    for row in rows:
        neighbours = undirected.get(row.pk, {})
        for middle, first in neighbours.items():
            if middle in col_ids:
                cells[(row.pk, middle)] = {"value": first, "direct": True}
        for middle, first in neighbours.items():
            if middle in col_ids or middle in row_ids:
                continue
            for col, second in undirected.get(middle, {}).items():
                if col not in col_ids:
                    continue
                value = INDIRECT_FACTOR * first * second
                current = cells.get((row.pk, col))
                if current is None or (not current["direct"] and value > current["value"]):
                    cells[(row.pk, col)] = {"value": value, "direct": False, "via": middle}
    cell_sources, sources = _direct_sources(links=links, row_ids=row_ids, col_ids=col_ids)
    for key, names in cell_sources.items():
        if key in cells and cells[key]["direct"]:
            cells[key]["sources"] = sorted(names)
    via_targets = Target.objects.select_related("framework").in_bulk(
        {cell["via"] for cell in cells.values() if "via" in cell})
    table = []
    for row in rows:
        row_cells = []
        for col in cols:
            cell = cells.get((row.pk, col.pk))
            if cell and "via" in cell:
                cell = {**cell, "via": via_targets[cell["via"]]}
            row_cells.append({"col": col, **(cell or {"value": 0.0, "direct": None})})
        table.append({"target": row, "cells": row_cells,
                      "covered": any(c["value"] > 0 for c in row_cells)})
    covered_cols = {c["col"].pk for r in table for c in r["cells"] if c["value"] > 0}
    return {
        "a": a, "b": b, "columns": cols, "rows": table,
        "uncovered_b": [c for c in cols if c.pk not in covered_cols],
        "uncovered_a": [r["target"] for r in table if not r["covered"]],
        "links_direct": sum(1 for c in cells.values() if c["direct"]),
        "sources": sources,
    }


def _direct_sources(*, links: list[tuple], row_ids: set[int], col_ids: set[int]
                    ) -> tuple[dict[tuple[int, int], set[str]], list[dict]]:
    """Return ({(row target, column target): sources of the links between them}, [{"source", "links"}] most
    links first): who made the direct links between the two frameworks (e.g. the IPBES tables), among `links`
    (_target_links: those the reader may read)."""
    per_cell: dict[tuple[int, int], set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for source_id, target_id, _confidence, _relation, origin in links:
        if source_id in row_ids and target_id in col_ids:
            key = (source_id, target_id)
        elif target_id in row_ids and source_id in col_ids:
            key = (target_id, source_id)
        else:
            continue
        per_cell[key].add(origin)
        counts[origin] += 1
    return per_cell, [{"source": name, "links": n} for name, n in sorted(counts.items(), key=lambda p: (-p[1], p[0]))]


def target_path(*, user, source: Target, framework: Framework, goal_code: str | None = None,
                max_hops: int = 5, lang: str = "en") -> list[dict] | None:
    """Return the shortest chain of accepted links `user` may read from `source` to a target of `framework`
    (of one goal); NotFound if `user` may not read the source target or the framework.

    Breadth-first over target->target links taken either way; each hop is {"from", "to", "relation",
    "forward", "confidence"}. None when no chain of at most `max_hops` links exists.
    """
    if not target_visible_to(user).filter(pk=source.pk).exists():
        raise NotFound(_("No such target."))
    if not framework_visible_to(user).filter(pk=framework.pk).exists():
        raise NotFound(_("No such framework."))
    goals = Goal.objects.filter(framework=framework)
    if goal_code:
        goals = goals.filter(code=goal_code)
    goal_targets = set(Target.objects.filter(goal__in=goals).values_list("pk", flat=True))
    if not goal_targets:
        return None
    adjacency: dict[int, list[tuple[int, str, bool, float]]] = defaultdict(list)
    for (s, t), (strength, relation) in _target_edges(user=user).items():
        adjacency[s].append((t, relation, True, strength))
        adjacency[t].append((s, relation, False, strength))
    previous: dict[int, tuple[int, str, bool, float] | None] = {source.pk: None}
    queue = deque([(source.pk, 0)])
    found = source.pk if source.pk in goal_targets else None
    while queue and found is None:
        node, depth = queue.popleft()
        if depth >= max_hops:
            continue
        for nxt, relation, forward, strength in sorted(adjacency[node], key=lambda e: -e[3]):
            if nxt in previous:
                continue
            previous[nxt] = (node, relation, forward, strength)
            if nxt in goal_targets:
                found = nxt
                break
            queue.append((nxt, depth + 1))
    if found is None:
        return None
    hops = []
    node = found
    while previous[node] is not None:
        before, relation, forward, strength = previous[node]
        hops.append({"from": before, "to": node, "relation": relation, "forward": forward,
                     "confidence": strength})
        node = before
    hops.reverse()
    targets = Target.objects.select_related("framework", "goal").in_bulk(
        {h["from"] for h in hops} | {h["to"] for h in hops})
    targets_labelled(targets.values(), lang)
    relations = dict(Link.RELATIONS)
    return [{**hop, "from": targets[hop["from"]], "to": targets[hop["to"]],
             "relation_label": relations.get(hop["relation"], hop["relation"])} for hop in hops]


def synergy_influence(*, user, framework: Framework | None = None, top: int = 3) -> list[dict]:
    """Return each scored target's network influence over the scores `user` may read: sum of outgoing
    scores, in/out counts, most reinforced.

    Several people may score one pair: their mean counts once per pair.
    """
    scores = synergy_visible_to(user).select_related("target_a__framework", "target_b__framework")
    if framework is not None:
        scores = scores.filter(Q(target_a__framework=framework) | Q(target_b__framework=framework))
    pairs: dict[tuple[int, int], list[int]] = defaultdict(list)
    targets: dict[int, Target] = {}
    for s in scores:
        pairs[(s.target_a_id, s.target_b_id)].append(s.score)
        targets[s.target_a_id], targets[s.target_b_id] = s.target_a, s.target_b
    table: dict[int, dict] = {pk: {"target": t, "out": 0.0, "in": 0.0, "reinforces": []}
                              for pk, t in targets.items()}
    for (a, b), values in pairs.items():
        mean = sum(values) / len(values)
        table[a]["out"] += mean
        table[b]["in"] += mean
        table[a]["reinforces"].append((mean, targets[b]))
    for row in table.values():
        row["reinforces"] = [t for mean, t in sorted(row["reinforces"], key=lambda p: -p[0]) if mean > 0][:top]
        row["out"], row["in"] = round(row["out"], 2), round(row["in"], 2)
    return sorted(table.values(), key=lambda r: (-r["out"], r["target"].framework.code, r["target"].order))


def synergy_pairs(*, user, framework: Framework | None = None) -> list[dict]:
    """Return each scored pair `user` may read with its mean score and number of scores."""
    scores = synergy_visible_to(user)
    if framework is not None:
        scores = scores.filter(Q(target_a__framework=framework) | Q(target_b__framework=framework))
    pairs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for a, b, score in scores.values_list("target_a_id", "target_b_id", "score"):
        pairs[(a, b)].append(score)
    return [{"a": a, "b": b, "score": sum(v) / len(v), "n": len(v)} for (a, b), v in pairs.items()]
