"""A followed cross-cutting theme: the decisions that come under it and the overlaps a run adds to it.

A theme is a group of overlapping paragraphs of an overlap run, made again at each run; it is followed by its
slug (`FollowedTheme`), whatever run it comes from. When a run is done, for each followed theme it holds:

- each decision with paragraphs under the theme (among its members, or a side of a pair of the run the theme is
  given to, across conventions or within one) that came into Liaison (published, or a new revision)
  after the follower followed the theme is told to them, once per theme and decision (`EventMark`), as a
  notification about the decision: its visibility filter is asked for each follower, so nobody is told of a
  decision they may not read (a draft batch is in no run: the overlap report compares public texts only);
- the pairs under the theme that the run before did not have are told to its followers in one notification per
  theme and run, naming how many and the closest pair; pairs with a decision the public may not read are left
  out.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.utils import translation

from liaison.alerts.models import Follow, FollowedTheme, Notification
from liaison.alerts.objects import TYPES
from liaison.alerts.overlaps import decisions_named
from liaison.alerts.scans import marks_add, marks_new
from liaison.alerts.services import notify_pairs
from liaison.alerts.wording import wording_stored
from liaison.decisions.models import Decision
from liaison.decisions.permissions import decision_visible_to
from liaison.overlap.selectors import pair_list, run_done_before, run_get, theme_list


def side_key(side: dict) -> tuple[str, str]:
    """Return what names one side of a pair or one member of a theme: its document and paragraph."""
    return (side.get("document") or "", str(side.get("paragraph") or "-"))


def pair_key(a: dict, b: dict) -> tuple:
    return tuple(sorted((side_key(a), side_key(b))))


def themes_notify(*, run_id: int) -> int:
    """Tell the followers of the themes of a finished run of the decisions new to them under each theme and of the
    pairs the run added to it; return how many notifications were written."""
    followed = dict(FollowedTheme.objects.filter(pk__in=Follow.objects.filter(object_type="theme")
                                                 .values("object_id")).values_list("slug", "pk"))
    if not followed:
        return 0
    run = run_get(run_id=run_id)
    themes = list(theme_list(run=run).filter(slug__in=list(followed)))
    if not themes:
        return 0
    follows: dict[int, list[tuple[int, object]]] = defaultdict(list)
    for user_id, object_id, created_at in (Follow.objects.filter(object_type="theme", object_id__in=[
            followed[t.slug] for t in themes]).values_list("user_id", "object_id", "created_at")):
        follows[object_id].append((user_id, created_at))
    with translation.override(settings.LANGUAGE_CODE):  # the names as Decision.__str__ writes them, stored
        kinds = {k: str(label) for k, label in Decision.KINDS}
    pairs = run_pairs(run)
    under: dict[str, list[dict]] = {t.slug: list(t.members) for t in themes}
    for pair in pairs:
        for slug in set(pair.themes) & set(under):
            under[slug] += [pair.a, pair.b]
    named = decisions_named([m for sides in under.values() for m in sides])
    decisions = {pk: (f"{acronym} {kinds.get(kind, kind)} {number}", revised or created) for
                 pk, acronym, kind, number, created, revised in Decision.objects.filter(pk__in=set(named.values()))
                 .annotate(revised=Max("revisions__created_at")).order_by()
                 .values_list("pk", "convention__acronym", "kind", "number", "created_at", "revised")}
    written = _decisions_notify(themes, under, followed, follows, named, decisions)
    return written + _pairs_notify(run, pairs, themes, followed, follows)


def run_pairs(run) -> list:
    """Return a run's pairs, across conventions and within one, the closest first."""
    return sorted([*pair_list(run=run), *pair_list(run=run, cross=False)], key=lambda p: -p.score)


def _decisions_notify(themes, under: dict[str, list[dict]], followed: dict[str, int], follows: dict,
                      named: dict[str, int], decisions: dict[int, tuple[str, object]]) -> int:
    """Tell each theme's followers of the decisions with paragraphs under it that came in after they followed."""
    candidates: dict[str, tuple[object, int, list[str]]] = {}
    for theme in themes:
        paragraphs: dict[int, list[str]] = defaultdict(list)
        for member in under[theme.slug]:
            decision_id = named.get(member.get("document") or "")
            if decision_id is not None:
                paragraphs[decision_id].append(str(member.get("paragraph") or "-"))
        for decision_id, numbers in paragraphs.items():
            candidates[f"theme_decision:{followed[theme.slug]}:{decision_id}"] = (theme, decision_id, numbers)
    new = marks_new(list(candidates))
    objects: dict[int, tuple[str, str, dict]] = {}
    pairs: set[tuple[int, int]] = set()
    for key in sorted(new):
        theme, decision_id, numbers = candidates[key]
        name, came = decisions[decision_id]
        told = {(u, decision_id) for u, since in follows[followed[theme.slug]] if came > since}
        if not told:
            continue
        params = {"m": "theme_decision", "decision": name, "paragraphs": ", ".join(sorted(set(numbers), key=_order)),
                  "theme": theme.label, "theme_names": getattr(theme, "names", None) or {}}
        # one decision under two followed themes: one notification, of the first theme
        if decision_id not in objects:
            objects[decision_id] = (wording_stored(params), TYPES["decision"].url(Decision(pk=decision_id)), params)
        pairs |= told
    written = len(notify_pairs(Notification.THEME_DECISION, "decision", objects, pairs)) if objects else 0
    marks_add(new)
    return written


def _order(number: str) -> tuple:
    return (0, int(number), "") if number.isdigit() else (1, 0, number)


def _pairs_notify(run, run_pairs_now: list, themes, followed: dict[str, int], follows: dict) -> int:
    """Tell each theme's followers of the pairs under it this run has and the run before did not."""
    before = run_done_before(run=run)
    earlier: dict[str, set[tuple]] = defaultdict(set)
    if before is not None:
        for pair in run_pairs(before):
            for slug in pair.themes:
                earlier[slug].add(pair_key(pair.a, pair.b))
    keys = {t.slug: f"theme_overlap:{followed[t.slug]}:{run.pk}" for t in themes}
    new = marks_new(list(keys.values()))
    slugs = {t.slug: t for t in themes if keys[t.slug] in new}
    added: dict[str, list] = defaultdict(list)
    for pair in run_pairs_now:  # the closest first
        for slug in set(pair.themes) & set(slugs):
            if pair_key(pair.a, pair.b) not in earlier[slug]:
                added[slug].append(pair)
    sides = [side for found in added.values() for pair in found for side in (pair.a, pair.b)]
    named = decisions_named(sides)
    public = set(decision_visible_to(AnonymousUser()).filter(pk__in=list(named.values())).values_list("pk", flat=True))
    objects: dict[int, tuple[str, str, dict]] = {}
    pairs: set[tuple[int, int]] = set()
    for slug, found in added.items():
        # a pair naming a decision the public may not read is left out (a treaty's text is public)
        found = [p for p in found if _side_public(p.a, named, public) and _side_public(p.b, named, public)]
        if not found:
            continue
        theme, first = slugs[slug], found[0]
        params = {"m": "theme_overlap", "theme": theme.label, "theme_names": getattr(theme, "names", None) or {},
                  "n": len(found), "a": first.a.get("document") or "",
                  "pa": str(first.a.get("paragraph") or "-"), "b": first.b.get("document") or "",
                  "pb": str(first.b.get("paragraph") or "-")}
        object_id = followed[slug]
        objects[object_id] = (wording_stored(params), TYPES["theme"].url(FollowedTheme(slug=slug)), params)
        pairs |= {(u, object_id) for u, _since in follows[object_id]}
    written = len(notify_pairs(Notification.THEME_OVERLAP, "theme", objects, pairs)) if objects else 0
    marks_add(new)
    return written


def _side_public(side: dict, named: dict[str, int], public: set[int]) -> bool:
    document = side.get("document") or ""
    decision_id = named.get(document)
    return decision_id in public if decision_id is not None else document.endswith("treaty text")
