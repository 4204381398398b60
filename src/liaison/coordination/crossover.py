"""What colleagues of the room have prepared that touches the reader's own work (issue 19: "a focal point of one
convention sees what a colleague of another convention has prepared that touches their own work").

The reader's own conventions are those of their roles for the country (a focal point or contributor role for
no convention is every convention the country is party to); for secretariat staff, the conventions they serve
(with their protocols). Among the actions and positions of the country's groups that the reader may read
(`action_visible_to`, `position_visible_to`), and the notes of the groups the reader reads
(`working_group_visible_to`), that someone else wrote, an item touches one of those conventions when
- it is linked to a mandate, a report section or a plan target of that convention, or a position is for a
  meeting of it or names one of its decisions (`direct`);
- a target it is linked to is crosswalked (an accepted target-to-target link) to a target of that
  convention's plan (`crosswalk`);
- a decision it names, or a mandate's decision, is paired by the latest overlap report with a decision of that
  convention (`overlap`).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, Q
from django.urls import reverse

from liaison.accounts.access import access_for
from liaison.accounts.models import Role
from liaison.catalogue.models import Convention, Country
from liaison.coordination.models import WorkingGroupNote
from liaison.coordination.permissions import working_group_visible_to
from liaison.coordination.positions import overlapping_decisions
from liaison.coordination.selectors import conventions_party
from liaison.coordination.work_permissions import action_visible_to, conventions_served, position_visible_to
from liaison.decisions.models import Decision, Mandate
from liaison.frameworks.models import Link, Target
from liaison.reporting.models import Section

ITEMS_SHOWN = 50


def own_conventions(*, user, country: Country, party_to: list[Convention] | None = None) -> dict[int, str]:
    """Return {convention id: acronym} of the reader's own conventions for the room of `country` (`party_to`: the
    conventions it is party to, when already read)."""
    access = access_for(user)
    party = {c.pk: c.acronym for c in (conventions_party(country=country) if party_to is None else party_to)}
    mine = {conv for c, conv in access.focal_points | access.contributions if c == country.pk}
    if access.secretariat:
        served = conventions_served(access)
        mine |= set(party) if served is None else set(served)
    if None in mine:
        return party
    return {pk: acronym for pk, acronym in party.items() if pk in mine}


def crosswalked_targets(*, targets: set[int], conventions: set[int]) -> dict[int, list[Target]]:
    """Return {target id: targets of the conventions' plans it is crosswalked to (accepted links, both ways)}."""
    if not targets:
        return {}
    theirs = Target.objects.filter(framework__convention_id__in=conventions).values("pk")
    out: dict[int, list[Target]] = defaultdict(list)
    links = (Link.objects.filter(source_type=Link.TARGET, review_state=Link.ACCEPTED)
             .filter(Q(source_id__in=targets, target__in=theirs) | Q(target_id__in=targets, source_id__in=theirs))
             .values_list("source_id", "target_id"))
    pairs = list(links)
    found = {t.pk: t for t in Target.objects.filter(pk__in={i for p in pairs for i in p}).select_related("framework")}
    for source, target in pairs:
        if source in targets and target in found:
            out[source].append(found[target])
        if target in targets and source in found:
            out[target].append(found[source])
    return out


def author_conventions(*, country: Country, user_ids: set[int]) -> dict[int, list[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for uid, acronym in (Role.objects.filter(country=country, user_id__in=user_ids,
                                             kind__in=(Role.FOCAL_POINT, Role.CONTRIBUTOR))
                         .values_list("user_id", "convention__acronym")):
        out[uid].add(acronym or "*")
    return {k: sorted(v) for k, v in out.items()}


def touching_of(*, user, country: Country, party_to: list[Convention] | None = None,
                any_notes: bool | None = None) -> list[dict]:
    """Return the actions, notes and positions of the country's groups, written by others, that touch the reader's own
    conventions, each with why (`direct`, `crosswalk`, `overlap`) and who wrote it (`party_to` as
    `own_conventions` takes it; `any_notes` False when the groups whose notes `user` reads have none)."""
    mine = own_conventions(user=user, country=country, party_to=party_to)
    if not mine:
        return []
    me = getattr(user, "pk", None)
    # each kind of link in one query, with what the reasons read of it
    linked = (Prefetch("mandates", queryset=Mandate.objects.select_related("decision__convention")),
              Prefetch("sections", queryset=Section.objects.select_related("questionnaire__convention")),
              Prefetch("targets", queryset=Target.objects.select_related("framework__convention")))
    actions = list(action_visible_to(user).filter(group__country=country).exclude(created_by_id=me)
                   .select_related("group", "created_by").prefetch_related(*linked)[:500])
    # the notes of the groups the reader reads, linked to something (a free-text note touches nothing it names);
    # `any_notes` False: the caller knows those groups have none
    notes = [] if any_notes is False else list(WorkingGroupNote.objects.filter(group__in=working_group_visible_to(user), group__country=country)
                 .exclude(author_id=me).filter(Q(mandates__isnull=False) | Q(sections__isnull=False)
                                               | Q(targets__isnull=False)).distinct()
                 .select_related("group", "author").prefetch_related(*linked).order_by("-date", "-pk")[:500])
    positions = list(position_visible_to(user).filter(brief__group__country=country).exclude(author_id=me)
                     .select_related("brief__convention", "brief__group", "author")
                     .prefetch_related(Prefetch("decisions", queryset=Decision.objects.select_related("convention")))[:500])
    if not actions and not positions and not notes:
        return []  # nothing prepared by others: no links, overlaps or authors to read
    linking = [*actions, *notes]  # what is linked to mandates, report sections and targets
    decision_ids = {m.decision_id for a in linking for m in a.mandates.all()} | \
                   {d.pk for p in positions for d in p.decisions.all()}
    overlap = overlapping_decisions(user=user, decision_ids=decision_ids)
    overlap_conventions = dict(Decision.objects.filter(pk__in={i for s in overlap.values() for i in s})
                               .values_list("pk", "convention_id"))
    overlap_names = {d.pk: str(d) for d in Decision.objects.filter(pk__in=list(overlap_conventions))
                     .select_related("convention")}
    crosswalk = crosswalked_targets(targets={t.pk for a in linking for t in a.targets.all()}, conventions=set(mine))

    def via_overlap(decision_id: int) -> list[dict]:
        return [{"kind": "overlap", "convention": mine[overlap_conventions[o]], "label": overlap_names[o]}
                for o in sorted(overlap.get(decision_id, ())) if overlap_conventions.get(o) in mine]

    def link_reasons(item) -> list[dict]:
        """The reasons an action's or a note's mandates, report sections and targets touch the reader's work."""
        reasons = []
        for m in item.mandates.all():
            if m.decision.convention_id in mine:
                reasons.append({"kind": "direct", "convention": m.decision.convention.acronym,
                                "label": f"{m.decision} ({m.verb})"})
            reasons += via_overlap(m.decision_id)
        for s in item.sections.all():
            if s.questionnaire.convention_id in mine:
                reasons.append({"kind": "direct", "convention": s.questionnaire.convention.acronym,
                                "label": f"{s.questionnaire.cycle or s.questionnaire.title}: {s.title}"[:200]})
        for t in item.targets.all():
            if t.framework.convention_id in mine:
                reasons.append({"kind": "direct", "convention": mine[t.framework.convention_id],
                                "label": f"{t.framework.code} {t.code}"})
            for other in crosswalk.get(t.pk, []):
                reasons.append({"kind": "crosswalk", "convention": mine.get(other.framework.convention_id, ""),
                                "label": f"{t.framework.code} {t.code} ↔ {other.framework.code} {other.code}"})
        return reasons

    rows = []
    for a in actions:
        reasons = link_reasons(a)
        if reasons:
            rows.append(item_row("action", a.pk, a.title, a.group, a.created_by, reasons, a.updated_at,
                                 reverse("coordination:group", args=[country.iso3, a.group_id]) + f"#action-{a.pk}"))
    for n in notes:
        reasons = link_reasons(n)
        if reasons:
            rows.append(item_row("note", n.pk, f"{n.date:%Y-%m-%d}: {n.text[:200]}", n.group, n.author, reasons,
                                 n.created_at,
                                 reverse("coordination:group", args=[country.iso3, n.group_id]) + f"#note-{n.pk}"))
    for p in positions:
        reasons = []
        if p.brief.convention_id in mine:
            reasons.append({"kind": "direct", "convention": p.brief.convention.acronym, "label": p.brief.meeting})
        for d in p.decisions.all():
            if d.convention_id in mine:
                reasons.append({"kind": "direct", "convention": d.convention.acronym, "label": str(d)})
            reasons += via_overlap(d.pk)
        if reasons:
            rows.append(item_row("position", p.pk, f"{p.brief.meeting}, {p.agenda_item}: {p.title}", p.brief.group,
                                 p.author, reasons, p.updated_at,
                                 reverse("coordination:brief", args=[country.iso3, p.brief.group_id, p.brief_id])
                                 + f"#position-{p.pk}"))
    authors = author_conventions(country=country, user_ids={r["author_id"] for r in rows if r["author_id"]})
    for r in rows:
        r["author_conventions"] = authors.get(r.pop("author_id"), [])
    rows.sort(key=lambda r: r.pop("updated_at"), reverse=True)
    return rows[:ITEMS_SHOWN]


def item_row(kind, pk, title, group, author, reasons, updated_at, url) -> dict:
    seen, unique = set(), []
    for r in reasons:
        key = (r["kind"], r["convention"], r["label"])
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return {"kind": kind, "id": pk, "title": title[:400], "group": group.name, "group_id": group.pk,
            "author": (author.get_full_name() or author.username) if author else "",
            "author_id": author.pk if author else None, "reasons": unique, "url": url, "updated_at": updated_at}
