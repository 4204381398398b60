"""Coordinated positions: before a meeting of a convention the group drafts the country's position per agenda item.

A brief holds the positions for one meeting of one convention the country is party to. Each position may name
the decisions it rests on (among those its author may read). Its page shows, per position:
- `related`: the nearest operative paragraphs of decisions in effect of any convention to the position's text,
  by the draft check's similar-paragraph search (`decisions.draftcheck.similar_find` over the search index);
- `overlapping`: decisions of other conventions that the overlap report pairs with the decisions it names;
- `elsewhere`: the country's positions for meetings of the other conventions that name the same or
  overlapping decisions, or whose text is close (cosine of the same static vectors).
Writes are the members' (`group_work_check_write`) and audited; reads start from `brief_visible_to`.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention
from liaison.coordination.fields import date_bounded, ids_bounded
from liaison.coordination.models import (
    ITEM_MAX,
    PLACE_MAX,
    POSITION_MAX,
    TITLE_MAX,
    Position,
    PositionBrief,
    WorkingGroup,
)
from liaison.coordination.selectors import conventions_party
from liaison.coordination.services import text_bounded
from liaison.coordination.work_permissions import (
    brief_visible_to,
    group_work_can_write,
    group_work_check_read,
    group_work_check_write,
    object_in_group,
    position_visible_to,
)
from liaison.core.errors import Conflict, Invalid
from liaison.core.services import audit_record
from liaison.decisions.models import Decision
from liaison.decisions.permissions import decision_visible_to

RELATED_TOP = 5
RELATED_FLOOR = 0.5  # the draft check's floor for "nearly the same" (static vectors: unrelated ~0.3)
ELSEWHERE_FLOOR = 0.6  # two positions' texts this close speak of the same thing
ELSEWHERE_MAX = 500  # the country's other positions compared with a brief's


def convention_of_party(*, group: WorkingGroup, acronym: str) -> Convention:
    """Return the convention `acronym` when the group's country is party to it; Invalid (422) otherwise."""
    wanted = (acronym or "").strip().lower()
    for convention in conventions_party(country=group.country):
        if convention.acronym.lower() == wanted:
            return convention
    raise Invalid(_("%(country)s is not party to %(c)s in Liaison's data.") % {"country": group.country.name,
                                                                            "c": acronym[:40]},
                  errors=[{"field": "convention", "message": _("a convention the country is party to")}])


def brief_create(*, user, group: WorkingGroup, convention: str, meeting: str, starts=None, place: str = ""
                 ) -> PositionBrief:
    """Open the group's coordinated positions for a meeting of a convention the country is party to."""
    group_work_check_write(user=user, group=group)
    known = convention_of_party(group=group, acronym=convention)
    meeting = text_bounded(meeting, field="meeting", limit=TITLE_MAX, required=True)
    starts = date_bounded(starts, field="starts", required=False)
    place = text_bounded(place, field="place", limit=PLACE_MAX, required=False)
    with transaction.atomic():
        brief = PositionBrief.objects.create(group=group, convention=known, meeting=meeting, starts=starts,
                                             place=place, created_by=user if user.is_authenticated else None)
        audit_record(actor=user, action="position_brief_create", obj=brief,
                     changes={"group": group.pk, "convention": known.acronym, "meeting": [None, meeting]})
    return brief


def decisions_found(*, user, ids: list[int]) -> list[Decision]:
    found = list(decision_visible_to(user).filter(pk__in=ids))
    missing = sorted(set(ids) - {d.pk for d in found})
    if missing:
        raise Invalid(errors=[{"field": "decisions", "message": _("not a decision you may read: %(ids)s")
                               % {"ids": ", ".join(map(str, missing[:10]))}}])
    return found


def position_create(*, user, brief: PositionBrief, agenda_item: str, title: str, text: str = "",
                    decisions: list[int] | None = None) -> Position:
    """Draft the country's position on one agenda item of the meeting (409 when the item has one already)."""
    group_work_check_write(user=user, group=brief.group)
    item = text_bounded(agenda_item, field="agenda_item", limit=ITEM_MAX, required=True)
    title = text_bounded(title, field="title", limit=TITLE_MAX, required=True)
    text = text_bounded(text, field="text", limit=POSITION_MAX, required=False)
    linked = decisions_found(user=user, ids=ids_bounded(decisions, field="decisions"))
    conflict = Conflict(_("This meeting's agenda item %(item)s has a position already.") % {"item": item})
    if brief.positions.filter(agenda_item__iexact=item).exists():
        raise conflict
    try:
        with transaction.atomic():
            order = (brief.positions.aggregate(n=Max("order"))["n"] or 0) + 1
            position = Position.objects.create(brief=brief, order=order, agenda_item=item, title=title, text=text,
                                               author=user if user.is_authenticated else None)
            position.decisions.set(linked)
            audit_record(actor=user, action="position_create", obj=position,
                         changes={"brief": brief.pk, "agenda_item": item, "title": [None, title],
                                  "decisions": [d.pk for d in linked]})
    except IntegrityError as exc:
        raise conflict from exc
    return position


def position_update(*, user, position: Position, title: str | None = None, text: str | None = None,
                    decisions: list[int] | None = None) -> Position:
    """Change a position's title, text or decisions (the list, when given, replaces the old one); return it."""
    group_work_check_write(user=user, group=position.brief.group)
    before, after = {}, {}
    if title is not None:
        title = text_bounded(title, field="title", limit=TITLE_MAX, required=True)
        if title != position.title:
            before["title"], after["title"] = position.title, title
            position.title = title
    if text is not None:
        text = text_bounded(text, field="text", limit=POSITION_MAX, required=False)
        if text != position.text:
            before["text"], after["text"] = position.text[:200], text[:200]
            position.text = text
    linked = decisions_found(user=user, ids=ids_bounded(decisions, field="decisions")) if decisions is not None \
        else None
    if linked is not None:
        old, new = sorted(position.decisions.values_list("pk", flat=True)), sorted(d.pk for d in linked)
        if old != new:
            before["decisions"], after["decisions"] = old, new
    if not after:
        return position
    with transaction.atomic():
        position.save()
        if linked is not None:
            position.decisions.set(linked)
        audit_record(actor=user, action="position_update", obj=position, changes={"before": before, "after": after})
    return position


# --- reads --------------------------------------------------------------------------------------------------------

def brief_get(*, user, group: WorkingGroup, brief_id: int) -> PositionBrief:
    """Return the brief `brief_id` of `group` to one who reads the group's work; NotFound otherwise."""
    group_work_check_read(user=user, group=group)
    return object_in_group(brief_visible_to(user).filter(group=group).select_related("convention", "group__country"),
                           object_id=brief_id, message=_("No such set of positions in this working group."))


def position_get(*, user, brief: PositionBrief, position_id: int) -> Position:
    """Return the position `position_id` of `brief`; NotFound otherwise."""
    return object_in_group(position_visible_to(user).filter(brief=brief), object_id=position_id,
                           message=_("No such position for this meeting."))


def brief_row(brief: PositionBrief) -> dict:
    return {"id": brief.pk, "group": brief.group_id, "convention": brief.convention.acronym, "meeting": brief.meeting,
            "meeting_short": brief.meeting_short, "starts": brief.starts, "place": brief.place,
            "url": reverse("coordination:brief", args=[brief.group.country.iso3, brief.group_id, brief.pk])}


def briefs_of(*, user, group: WorkingGroup) -> list[dict]:
    """Return the group's sets of coordinated positions `user` may read, with how many positions each has."""
    briefs = (brief_visible_to(user).filter(group=group).select_related("convention", "group__country")
              .annotate(n=Count("positions")))
    return [{**brief_row(b), "positions": b.n} for b in briefs]


def decision_row(d: Decision) -> dict:
    return {"id": d.pk, "convention": d.convention.acronym, "decision": str(d), "title": d.title[:300],
            "url": reverse("decisions:decision_detail", args=[d.pk])}


def decision_document(d: Decision) -> str:
    """Return the name the overlap report gives a decision's paragraphs ("CMS Resolution 11.10")."""
    return f"{d.convention.acronym} {d.kind.capitalize()} {d.number}"


def overlapping_decisions(*, user, decision_ids: set[int]) -> dict[int, set[int]]:
    """Return {decision id: ids of decisions of another convention the latest overlap report pairs with it}
    (the report names a paragraph's decision as `decision_document` does; treaty articles are left out)."""
    from liaison.overlap.selectors import pair_list, run_latest_done

    if not decision_ids:
        return {}
    named = {decision_document(d): d.pk for d in Decision.objects.filter(pk__in=decision_ids)
             .select_related("convention")}
    found: dict[int, set[str]] = defaultdict(set)
    for a, b in pair_list(run=run_latest_done()).values_list("a", "b"):
        first, second = (a or {}).get("document"), (b or {}).get("document")
        if first in named and second:
            found[named[first]].add(second)
        if second in named and first:
            found[named[second]].add(first)
    wanted = {name for names in found.values() for name in names}
    if not wanted:
        return {}
    others = {decision_document(d): d.pk for d in decision_visible_to(user)
              .filter(convention__acronym__in={n.split(" ", 1)[0] for n in wanted}).select_related("convention")
              if decision_document(d) in wanted}
    return {k: {others[n] for n in names if n in others} - {k} for k, names in found.items()}


def position_text(p: Position) -> str:
    return f"{p.title}. {p.text}".strip()


def related_by_text(*, user, texts: list[str]) -> list[list[dict]]:
    """Return, per text, the nearest operative paragraphs of decisions in effect (the draft check's search)."""
    from liaison.decisions.draftcheck import similar_find
    from liaison.decisions.draftcheck_index import FACETS
    from liaison.search.vectors import encoder

    model = encoder()
    if model is None or not texts:
        return [[] for _ in texts]
    # the draft check's vectors with their documents' facets (f4e91a1); scores are texts x documents
    ids, matrix, columns = FACETS.current()
    if not len(ids):
        return [[] for _ in texts]
    scores = model.encode(texts) @ matrix.T
    return similar_find(user=user, texts=texts, scores=scores, ids=ids, columns=columns, k=RELATED_TOP,
                        floor=RELATED_FLOOR)


def vectors_of(texts: list[str]) -> np.ndarray | None:
    from liaison.search.vectors import encoder

    model = encoder()
    if model is None or not texts:
        return None
    vectors = np.asarray(model.encode(texts), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def elsewhere_of(*, user, brief: PositionBrief, positions: list[Position], overlap: dict[int, set[int]]
                 ) -> list[list[dict]]:
    """Return, per position, the country's positions for meetings of other conventions that touch it."""
    others = list(position_visible_to(user).filter(brief__group__country_id=brief.group.country_id)
                  .exclude(brief__convention_id=brief.convention_id)
                  .select_related("brief__convention", "brief__group__country").prefetch_related("decisions")
                  .order_by("-updated_at")[:ELSEWHERE_MAX])
    if not others or not positions:
        return [[] for _ in positions]
    mine_vectors = vectors_of([position_text(p) for p in positions])
    other_vectors = vectors_of([position_text(o) for o in others])
    cosines = mine_vectors @ other_vectors.T if mine_vectors is not None and other_vectors is not None else None
    out = []
    for i, p in enumerate(positions):
        named = {d.pk for d in p.decisions.all()}
        near = set().union(*(overlap.get(d, set()) for d in named)) if named else set()
        hits = []
        for j, o in enumerate(others):
            theirs = {d.pk for d in o.decisions.all()}
            score = float(cosines[i, j]) if cosines is not None else 0.0
            why = []
            if named & theirs:
                why.append("same_decision")
            if near & theirs:
                why.append("overlap")
            if score >= ELSEWHERE_FLOOR:
                why.append("similar_text")
            if why:
                hits.append({"id": o.pk, "convention": o.brief.convention.acronym, "meeting": o.brief.meeting,
                             "agenda_item": o.agenda_item, "title": o.title, "text": o.text[:600],
                             "score": round(score, 4), "why": why,
                             "url": reverse("coordination:brief", args=[o.brief.group.country.iso3,
                                                                        o.brief.group_id, o.brief_id])
                             + f"#position-{o.pk}"})
        hits.sort(key=lambda h: (-len(h["why"]), -h["score"]))
        out.append(hits[:RELATED_TOP])
    return out


def brief_detail(*, user, group: WorkingGroup, brief_id: int, related: bool = True) -> dict:
    """Return a brief with its positions, each with the decisions it names, the related decisions found, the
    overlapping decisions of other conventions and the country's positions elsewhere that touch it."""
    brief = brief_get(user=user, group=group, brief_id=brief_id)
    positions = list(position_visible_to(user).filter(brief=brief).select_related("author")
                     .prefetch_related("decisions__convention"))
    named_ids = {d.pk for p in positions for d in p.decisions.all()}
    overlap = overlapping_decisions(user=user, decision_ids=named_ids) if related else {}
    overlap_rows = {d.pk: d for d in Decision.objects.filter(pk__in={i for s in overlap.values() for i in s})
                    .select_related("convention")}
    texts = [position_text(p) for p in positions]
    similar = related_by_text(user=user, texts=texts) if related else [[] for _ in positions]
    elsewhere = elsewhere_of(user=user, brief=brief, positions=positions, overlap=overlap) if related \
        else [[] for _ in positions]
    rows = []
    for n, p in enumerate(positions):
        named = [decision_row(d) for d in p.decisions.all()]
        overlapping = sorted({i for d in p.decisions.all() for i in overlap.get(d.pk, set())} - {d["id"] for d in named})
        rows.append({"id": p.pk, "order": p.order, "agenda_item": p.agenda_item, "title": p.title, "text": p.text,
                     "author": (p.author.get_full_name() or p.author.username) if p.author else "",
                     "updated_at": p.updated_at, "decisions": named,
                     "overlapping": [decision_row(overlap_rows[i]) for i in overlapping if i in overlap_rows],
                     "related": [{k: h[k] for k in ("paragraph_id", "decision_id", "decision", "convention", "number",
                                                    "text", "score", "url")} for h in similar[n]],
                     "elsewhere": elsewhere[n]})
        # the page's choice of decisions the position rests on: those named, overlapping or related
        choices = {d["id"]: d["decision"] for d in named + rows[-1]["overlapping"]}
        for hit in rows[-1]["related"]:
            choices.setdefault(hit["decision_id"], hit["decision"])
        rows[-1]["decision_choices"] = [{"id": i, "label": label, "named": i in {d["id"] for d in named}}
                                        for i, label in choices.items()]
    return {**brief_row(brief), "country": {"iso3": group.country.iso3, "name": group.country.name},
            "group_name": group.name, "can_write": group_work_can_write(user=user, group=group), "positions": rows}
