"""The room's rest of "what the country owes and has done": its national plans' targets and how they align with
the conventions' frameworks, partners' work-plan activities in the country, and the coming meetings.

Each read starts from its type's visibility filter (frameworks, targets, activities; the calendar is public)
and costs a fixed number of queries, whatever the number of conventions.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from liaison.catalogue.models import Convention, Country, Organization
from liaison.frameworks.models import Link, Target
from liaison.frameworks.permissions import framework_visible_to, target_visible_to
from liaison.meetings.permissions import meetings_visible_to
from liaison.partnerships.models import Activity, Event, PartnershipParty
from liaison.partnerships.registry.permissions import activities_visible_to

PLAN_TARGETS_SHOWN = 60  # targets of the country's plans listed in the room (the plan's page has them all)
ALIGNED_SHOWN = 8  # aligned targets named per national target
ACTIVITIES_SHOWN = 20
MEETINGS_SHOWN = 10


def texts_label(*texts_in_order) -> str:
    """Return a target's English title (else its text, else any language's) from its {language: text} fields, cut
    to 200 characters."""
    for texts in texts_in_order:
        if isinstance(texts, dict) and texts:
            return str(texts.get("en") or next(iter(texts.values())))[:200]
    return ""


def national_plans_of(*, user, country: Country) -> list[dict]:
    """Return the country's national plans `user` may read, each with its targets and the targets of other
    frameworks they are linked to by accepted links (either direction)."""
    plans = list(framework_visible_to(user).filter(country=country).order_by("code"))
    if not plans:
        return []
    targets = list(Target.objects.filter(framework__in=plans, retired_at__isnull=True)
                   .order_by("framework_id", "order", "pk")
                   .values_list("pk", "framework_id", "code", "title", "text")[:PLAN_TARGETS_SHOWN])
    ids = [t[0] for t in targets]
    readable = target_visible_to(user)
    aligned: dict[int, list[str]] = {pk: [] for pk in ids}
    # unordered: a link's default order joins its target's framework, and the rows are sorted here
    links = Link.objects.filter(review_state=Link.ACCEPTED, source_type=Link.TARGET).order_by()
    for source_id, code, framework in (links.filter(source_id__in=ids, target__in=readable)
                                       .values_list("source_id", "target__code", "target__framework__code")):
        aligned[source_id].append(f"{framework} {code}")
    back = dict(links.filter(target_id__in=ids).values_list("source_id", "target_id"))
    for pk, code, framework in (readable.filter(pk__in=list(back)).order_by()
                                .values_list("pk", "code", "framework__code")):
        aligned[back[pk]].append(f"{framework} {code}")
    by_plan: dict[int, list[dict]] = {p.pk: [] for p in plans}
    for pk, framework_id, code, title, text in targets:
        by_plan[framework_id].append({"id": pk, "code": code, "title": texts_label(title, text), "notes": [],
                                      "aligned": sorted(set(aligned[pk]))[:ALIGNED_SHOWN]})
    return [{"code": p.code, "name": p.name, "published": p.is_published, "targets": by_plan[p.pk],
             "aligned_count": sum(1 for t in by_plan[p.pk] if t["aligned"])} for p in plans]


def partner_activities_in(*, user, country: Country) -> list[dict]:
    """Return the partnership work-plan activities `user` may see that involve an organization of `country`
    (owner, lead, contributor or a party to the partnership)."""
    # The country's organizations are read first, as ids: the one query joining the four ways an organization
    # is involved to their organizations took PostgreSQL 17 ms to plan (0.4 ms to run) in bench_room
    organizations = list(Organization.objects.filter(country=country).values_list("pk", flat=True))
    if not organizations:
        return []
    contributed = Activity.contributors.through.objects.filter(organization_id__in=organizations)
    parties = PartnershipParty.objects.filter(organization_id__in=organizations)
    involved = (Q(owner_id__in=organizations) | Q(lead_id__in=organizations)
                | Q(pk__in=contributed.values("activity_id"))
                | Q(workplan__partnership_id__in=parties.values("partnership_id")))
    ids = activities_visible_to(user).filter(involved).values("pk")
    rows = (Activity.objects.filter(pk__in=ids).select_related("workplan__partnership", "owner")
            .order_by("start", "pk")[:ACTIVITIES_SHOWN])
    return [{"id": a.pk, "title": a.title, "partnership": a.workplan.partnership.title,
             "partnership_id": a.workplan.partnership_id, "owner": str(a.owner), "status": a.status,
             "status_label": a.get_status_display(), "start": a.start, "end": a.end} for a in rows]


def meetings_coming(*, user, conventions: list[Convention], today: dt.date) -> list[dict]:
    """Return the meetings not over yet of the conventions given (and their protocols' parents) that `user` may
    read (liaison.meetings records, through meetings_visible_to: a calendar meeting of a convention is one too),
    with the calendar's published meetings of no convention; soonest first."""
    ids = {c.pk for c in conventions} | {c.parent_id for c in conventions if c.parent_id}
    records = (meetings_visible_to(user).filter(convention_id__in=sorted(ids), start__isnull=False)
               .filter(Q(end__gte=today) | Q(end__isnull=True, start__gte=today))
               .select_related("convention").order_by("start", "title")[:MEETINGS_SHOWN])
    rows = [{"slug": m.slug, "title": m.title, "start": m.start, "end": m.end or m.start, "precision": m.precision,
             "convention": m.convention.acronym, "url": reverse("meetings:detail", args=[m.slug])} for m in records]
    events = (Event.objects.filter(published=True, kind="meeting", end__gte=today, convention__isnull=True)
              .order_by("start", "title")[:MEETINGS_SHOWN])
    rows += [{"slug": e.slug, "title": e.title, "start": e.start, "end": e.end, "precision": e.precision,
              "convention": "", "url": e.url} for e in events]
    return sorted(rows, key=lambda r: (r["start"], r["title"]))[:MEETINGS_SHOWN]
