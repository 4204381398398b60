"""Reads of frameworks: the goal/target/indicator tree, a target's links, crosswalks, paths, search."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from liaison.core.counts import rows_count
from liaison.core.errors import NotFound
from liaison.engine import frameworks as engine
from liaison.frameworks.models import Framework, Goal, Indicator, Link, SuggestJob, Target
from liaison.frameworks.permissions import (
    framework_visible_to,
    indicator_visible_to,
    job_check_view,
    link_reviewable_by,
    link_visible_to,
    target_visible_to,
)


@dataclass(frozen=True)
class Shown:
    """A text in the language asked for, or its fallback: `lang` is the language actually shown."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


# A language as the data spells it: the reader's zh-hans is shortened to zh, the SDG files say zh-Hans.
LANGUAGE_KEYS = {"zh": ("zh", "zh-Hans", "zh-hans", "zh_Hans")}


def text_show(texts: dict, lang: str) -> Shown:
    """Return the text in `lang` when the data has it, else English (marked as a fallback), else any."""
    for key in LANGUAGE_KEYS.get(lang, (lang,)):
        if texts.get(key):
            return Shown(texts[key], lang, False)
    for other in ("en", *texts):
        if texts.get(other):
            return Shown(texts[other], other, True)
    return Shown("", lang, False)


def framework_list(*, user) -> list[Framework]:
    """Return the frameworks `user` may read, bundled first, with their current target and indicator counts."""
    # One correlated count per relation: joining targets and indicators together and counting DISTINCT multiplied
    # the rows (targets x indicators per framework), 124 of the crosswalk page's 147 ms.
    qs = framework_visible_to(user).select_related("country", "convention").annotate(
        targets_count=rows_count(Target.objects.filter(retired_at__isnull=True), outer="framework"),
        indicators_count=rows_count(Indicator.objects.filter(retired_at__isnull=True), outer="framework"))
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
        raise NotFound(_("No target with id %(id)s.") % {"id": target_id})
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
        raise NotFound(_("No job with id %(id)s.") % {"id": job_id})
    job_check_view(user=user, job=job)
    return job


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
