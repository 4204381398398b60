"""Events of targets: a link to (or from) a followed target accepted, new links suggested for it.

Read from the frameworks app's audit trail: "link accepted" and "link curated" (a link a person states is
accepted at once) on a link, "links suggested" on the framework a suggestion run was made for. A follower is
told only of links they may see (both ends: frameworks' `link_visible_to`), never of a link whose other end
is hidden from them.
"""

from __future__ import annotations

from collections import defaultdict

from liaison.alerts.audience import audience
from liaison.alerts.models import Follow, Notification
from liaison.alerts.objects import TYPES
from liaison.alerts.services import notify_many, notify_pairs
from liaison.alerts.wording import wording_stored
from liaison.frameworks.models import Indicator, Link, Target


def link_source_name(link: Link) -> str:
    """Return the name of a link's source: a target or an indicator by its code, a paragraph by its decision."""
    if link.source_type == Link.TARGET:
        target = Target.objects.select_related("framework").filter(pk=link.source_id).first()
        return str(target) if target else ""
    if link.source_type == Link.INDICATOR:
        indicator = Indicator.objects.select_related("framework").filter(pk=link.source_id).first()
        return str(indicator) if indicator else ""
    if link.source_type == Link.PARAGRAPH:
        from liaison.decisions.models import Paragraph

        paragraph = Paragraph.objects.select_related("revision__decision__convention").filter(
            pk=link.source_id).first()
        return f"{paragraph.revision.decision} ({paragraph.number})" if paragraph else ""
    return str(link.get_source_type_display()).lower()


def link_targets(link: Link) -> list[int]:
    """Return the ids of the targets a link touches: its target, and its source when that is a target."""
    return [link.target_id] + ([link.source_id] if link.source_type == Link.TARGET else [])


def link_accepted_notify(*, link_id: int, actor=None) -> int:
    """Tell the followers of a link's targets who may see the link that it was accepted; return how many."""
    link = Link.objects.select_related("target__framework").filter(pk=link_id, review_state=Link.ACCEPTED).first()
    if link is None:
        return 0
    params = {"m": "link_accepted", "source": link_source_name(link), "target": str(link.target)}
    objects = {link.pk: (wording_stored(params), TYPES["link"].url(link), params)}
    return len(notify_many(Notification.LINK_ACCEPTED, "link", objects, actor=actor,
                           via={link.pk: [("target", t) for t in link_targets(link)]}))


def links_suggested_notify(*, framework_id: int, against: list[str], actor=None) -> int:
    """Tell the followers of each target a suggestion run gave new links (from the framework's targets to those of
    the `against` frameworks) once per target, if they may see at least one of those links; return how many."""
    links = list(Link.objects.filter(source_type=Link.TARGET, review_state=Link.SUGGESTED,
                                     source_id__in=Target.objects.filter(framework_id=framework_id).values("pk"),
                                     target__framework__code__in=list(against))
                 .order_by().values_list("pk", "source_id", "target_id"))
    by_target: dict[int, set[int]] = defaultdict(set)
    for pk, source_id, target_id in links:
        by_target[source_id].add(pk)
        by_target[target_id].add(pk)
    followed = set(Follow.objects.filter(object_type="target", object_id__in=list(by_target))
                   .values_list("user_id", "object_id"))
    if not followed:
        return 0
    # a follower is told of a target only if they may see one of its new links
    seen_links = audience(object_type="link", pairs={(u, pk) for u, t in followed for pk in by_target[t]})
    users_seeing = defaultdict(set)
    for u, pk in seen_links:
        users_seeing[pk].add(u)
    pairs = {(u, t) for u, t in followed if any(u in users_seeing[pk] for pk in by_target[t])}
    targets = {t.pk: t for t in Target.objects.select_related("framework").filter(pk__in={t for _u, t in pairs})}
    objects = {}
    for pk, target in targets.items():
        params = {"m": "links_suggested", "target": str(target)}
        objects[pk] = (wording_stored(params), TYPES["target"].url(target), params)
    return len(notify_pairs(Notification.LINK_SUGGESTED, "target", objects, pairs, actor=actor, followed=followed))
