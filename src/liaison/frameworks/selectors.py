"""Reads of frameworks: the goal/target/indicator tree, a target's links, crosswalks, paths, search."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from liaison.core.errors import NotFound
from liaison.engine import frameworks as engine
from liaison.frameworks.models import Framework, Goal, Indicator, Link, SuggestJob, Target
from liaison.frameworks.permissions import (
    framework_visible_to,
    indicator_visible_to,
    job_check_view,
    link_reviewable_by,
    link_visible_to,
    synergy_visible_to,
    target_visible_to,
)

# How much each relation counts in a crosswalk cell (times the link's confidence).
RELATION_WEIGHTS = {"equivalent": 1.0, "measures": 1.0, "contributes_to": 0.8, "partly_overlaps": 0.6,
                    "related": 0.4}
INDIRECT_FACTOR = 0.5  # a cell reached through a third framework's target counts at most half


@dataclass(frozen=True)
class Shown:
    """A text in the language asked for, or its fallback: `lang` is the language actually shown."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def text_show(texts: dict, lang: str) -> Shown:
    """Return the text in `lang` when the data has it, else English (marked as a fallback), else any."""
    if texts.get(lang):
        return Shown(texts[lang], lang, False)
    for other in ("en", *texts):
        if texts.get(other):
            return Shown(texts[other], other, True)
    return Shown("", lang, False)


def framework_list(*, user) -> list[Framework]:
    """Return the frameworks `user` may read, bundled first, with their current target and indicator counts."""
    qs = framework_visible_to(user).select_related("country", "convention").annotate(
        targets_count=Count("targets", filter=Q(targets__retired_at__isnull=True), distinct=True),
        indicators_count=Count("indicators", filter=Q(indicators__retired_at__isnull=True), distinct=True))
    return list(qs)


def framework_tree(*, framework: Framework, lang: str = "en") -> list[dict]:
    """Return the current goals -> targets -> indicators of a framework read through the gateway, each text
    in `lang` (or its fallback); retired rows are left out."""
    indicators_by_target = defaultdict(list)
    indicators_by_goal = defaultdict(list)
    for indicator in Indicator.objects.filter(framework=framework, retired_at__isnull=True).order_by("order"):
        row = {"obj": indicator, "text": text_show(indicator.text, lang)}
        if indicator.target_id:
            indicators_by_target[indicator.target_id].append(row)
        else:
            indicators_by_goal[indicator.goal_id].append(row)
    targets_by_goal = defaultdict(list)
    for target in Target.objects.filter(framework=framework, retired_at__isnull=True).order_by("order"):
        targets_by_goal[target.goal_id].append({
            "obj": target, "title": text_show(target.title, lang), "text": text_show(target.text, lang),
            "indicators": indicators_by_target[target.pk],
        })
    return [
        {"obj": goal, "title": text_show(goal.title, lang), "text": text_show(goal.text, lang),
         "targets": targets_by_goal[goal.pk], "indicators": indicators_by_goal[goal.pk]}
        for goal in Goal.objects.filter(framework=framework, retired_at__isnull=True).order_by("order")
    ]


def framework_record(*, framework: Framework) -> engine.Framework:
    """Return the current text of a framework read through the gateway as the engine's plain record
    (for export and matching); retired goals, targets and indicators are not part of it."""
    goals = {}
    for goal in framework.goals.filter(retired_at__isnull=True).order_by("order"):
        goals[goal.pk] = engine.Goal(goal.code, dict(goal.title), dict(goal.text),
                                     identifier=goal.identifier or None, kind=goal.kind)
    targets = {}
    for target in framework.targets.filter(retired_at__isnull=True, goal_id__in=list(goals)).order_by("order"):
        targets[target.pk] = engine.Target(target.code, dict(target.title), dict(target.text),
                                           identifier=target.identifier or None)
        goals[target.goal_id].targets.append(targets[target.pk])
    for indicator in framework.indicators.filter(retired_at__isnull=True).order_by("order"):
        record = engine.Indicator(indicator.code, dict(indicator.text), indicator.type or None,
                                  indicator.identifier or None)
        owner = targets.get(indicator.target_id) if indicator.target_id else goals.get(indicator.goal_id)
        if owner is not None:
            owner.indicators.append(record)
    return engine.Framework(code=framework.code, name=framework.name, kind=framework.kind,
                            goals=list(goals.values()), languages=list(framework.languages),
                            is_summary=framework.is_summary, source=framework.source)


def target_get(*, user, target_id: int) -> Target:
    """Return one target `user` may read, with its framework and goal; NotFound if missing or hidden."""
    target = target_visible_to(user).select_related("framework", "goal").filter(pk=target_id).first()
    if target is None:
        raise NotFound(f"No target with id {target_id}.")
    return target


def targets_labelled(targets, lang: str = "en"):
    """Set `.label` on each target (its title, else its text, in `lang` or the fallback) and return them."""
    for target in targets:
        target.label = text_show(target.title, lang).text or text_show(target.text, lang).text
    return targets


def target_label(target: Target, lang: str = "en") -> str:
    """Return "CODE target N: text" for lists."""
    return f"{target.framework.code} {target.code}: {text_show(target.title, lang).text or text_show(target.text, lang).text}"


def links_describe(*, links: list[Link], lang: str = "en") -> list[dict]:
    """Return each link (read through link_visible_to) with its source resolved (label, framework code or
    convention, url kind and id)."""
    from liaison.decisions.models import Paragraph

    ids = defaultdict(set)
    for link in links:
        ids[link.source_type].add(link.source_id)
    targets = Target.objects.select_related("framework").in_bulk(ids[Link.TARGET])
    indicators = Indicator.objects.select_related("framework").in_bulk(ids[Link.INDICATOR])
    # not the revision's whole parse (megabytes for a compilation) once per paragraph
    paragraphs = (Paragraph.objects.select_related("revision__decision__convention").defer("revision__parsed")
                  .in_bulk(ids[Link.PARAGRAPH]))
    described = []
    for link in links:
        row = {"link": link, "source_label": f"{link.source_type} #{link.source_id}", "source_group": "",
               "source_target": None, "source_decision": None}
        if link.source_type == Link.TARGET and link.source_id in targets:
            source = targets[link.source_id]
            row.update(source_label=target_label(source, lang), source_group=source.framework.code,
                       source_target=source)
        elif link.source_type == Link.INDICATOR and link.source_id in indicators:
            source = indicators[link.source_id]
            row.update(source_label=f"{source.code}: {text_show(source.text, lang)}",
                       source_group=source.framework.code)
        elif link.source_type == Link.PARAGRAPH and link.source_id in paragraphs:
            source = paragraphs[link.source_id]
            decision = source.revision.decision
            row.update(source_label=f"{decision} ¶{source.number}: {source.text[:200]}",
                       source_group=decision.convention.acronym, source_decision=decision)
        described.append(row)
    return described


def link_list(*, user, target_id: int | None = None, source_type: str | None = None, state: str | None = None,
              framework: str | None = None, source_framework: str | None = None) -> QuerySet[Link]:
    """Return the links `user` may read filtered by target, source type, review state, the target's or the
    source's framework; ordered by the target's framework, the target, then confidence (best first)."""
    qs = link_visible_to(user).select_related("target__framework", "reviewed_by")
    if target_id:
        qs = qs.filter(target_id=target_id)
    if source_type:
        qs = qs.filter(source_type=source_type)
    if state:
        qs = qs.filter(review_state=state)
    if framework:
        qs = qs.filter(target__framework__code=framework)
    if source_framework:
        qs = qs.filter(source_type=Link.TARGET, source_id__in=Target.objects.filter(
            framework__code=source_framework).values("pk"))
    return qs.order_by("target__framework__code", "target__order", "-confidence", "pk")  # pk: stable pages


def target_links(*, user, target: Target, lang: str = "en") -> dict[str, list[dict]]:
    """Return everything linked to a target that `user` may read, both ways: targets of other frameworks,
    indicators, decisions (a hidden plan's links are left out)."""
    visible = link_visible_to(user).exclude(review_state=Link.REJECTED).select_related("target__framework")
    incoming = list(visible.filter(target=target))
    outgoing = list(visible.filter(source_type=Link.TARGET, source_id=target.pk))
    described = links_describe(links=incoming, lang=lang)
    groups: dict[str, list[dict]] = {"targets": [], "indicators": [], "paragraphs": [], "other": []}
    for row in described:
        kind = {Link.TARGET: "targets", Link.INDICATOR: "indicators", Link.PARAGRAPH: "paragraphs"}.get(
            row["link"].source_type, "other")
        groups[kind].append({**row, "direction": "in"})
    for link in outgoing:
        groups["targets"].append({"link": link, "direction": "out", "source_target": link.target,
                                  "source_label": target_label(link.target, lang),
                                  "source_group": link.target.framework.code})
    groups["targets"].sort(key=lambda row: (row["source_group"], -row["link"].confidence))
    return groups


def _target_edges(*, user, states=(Link.ACCEPTED,)) -> dict[tuple[int, int], tuple[float, str]]:
    """Return {(source target, target): (strength, relation)} of the target->target links in `states` that
    `user` may read."""
    edges: dict[tuple[int, int], tuple[float, str]] = {}
    rows = link_visible_to(user).filter(source_type=Link.TARGET, review_state__in=states).values_list(
        "source_id", "target_id", "confidence", "relation")
    for source, target, confidence, relation in rows:
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
        raise NotFound("No such framework.")
    states = (Link.ACCEPTED, Link.SUGGESTED) if include_suggested else (Link.ACCEPTED,)
    current = Target.objects.filter(retired_at__isnull=True).order_by("order")
    rows = targets_labelled(list(current.filter(framework=a)), lang)
    cols = targets_labelled(list(current.filter(framework=b)), lang)
    edges = _target_edges(user=user, states=states)
    undirected: dict[int, dict[int, float]] = defaultdict(dict)
    for (s, t), (strength, _) in edges.items():
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
    }


def target_path(*, user, source: Target, framework: Framework, goal_code: str | None = None,
                max_hops: int = 5, lang: str = "en") -> list[dict] | None:
    """Return the shortest chain of accepted links `user` may read from `source` to a target of `framework`
    (of one goal); NotFound if `user` may not read the source target or the framework.

    Breadth-first over target->target links taken either way; each hop is {"from", "to", "relation",
    "forward", "confidence"}. None when no chain of at most `max_hops` links exists.
    """
    if not target_visible_to(user).filter(pk=source.pk).exists():
        raise NotFound("No such target.")
    if not framework_visible_to(user).filter(pk=framework.pk).exists():
        raise NotFound("No such framework.")
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


def review_queue(*, user, source_framework: str | None = None, target_framework: str | None = None,
                 limit: int = 500, lang: str = "en") -> list[dict]:
    """Return the suggested links `user` may review, by source then best first, with their sources described.

    A constant number of queries whatever the number of rows (the sources are read in bulk).
    """
    qs = link_reviewable_by(user).filter(review_state=Link.SUGGESTED).select_related("target__framework",
                                                                                    "reviewed_by")
    if target_framework:
        qs = qs.filter(target__framework__code=target_framework)
    if source_framework:
        qs = qs.filter(source_type=Link.TARGET, source_id__in=Target.objects.filter(
            framework__code=source_framework).values("pk"))
    links = list(qs.order_by("source_id", "-confidence", "pk")[:limit])
    targets_labelled([link.target for link in links], lang)
    return links_describe(links=links, lang=lang)


def job_get(*, user, job_id: int) -> SuggestJob:
    """Return a suggestion job `user` started or whose framework they may edit; NotFound otherwise."""
    job = SuggestJob.objects.select_related("framework").filter(pk=job_id).first()
    if job is None:
        raise NotFound(f"No job with id {job_id}.")
    job_check_view(user=user, job=job)
    return job


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


def framework_search(*, user, q: str, limit: int = 50) -> dict[str, list]:
    """Return {"targets": [...], "indicators": [...]} `user` may read, current ones only, whose text (any
    language) contains every word of `q`."""
    words = [w.lower() for w in q.split() if len(w) > 1][:8]
    if not words:
        return {"targets": [], "indicators": []}
    targets = target_visible_to(user).select_related("framework", "goal").filter(retired_at__isnull=True)
    indicators = indicator_visible_to(user).select_related("framework", "target").filter(retired_at__isnull=True)
    for word in words:
        targets = targets.filter(search_text__contains=word)
        indicators = indicators.filter(search_text__contains=word)
    return {"targets": list(targets.order_by("framework__code", "order")[:limit]),
            "indicators": list(indicators.order_by("framework__code", "order")[:limit])}
