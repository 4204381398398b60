"""A working group's own page: its members, meetings, actions and coordinated positions, and the choices of its
forms (mandates addressed to Parties, report sections and targets an action may be linked to)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from liaison.catalogue.models import Country
from liaison.coordination.actions import STATUS_LABELS, actions_of
from liaison.coordination.links import (
    PARTY_ACTOR_KIND,
    mandate_label,
    note_links_of,
    section_label,
    target_label,
)
from liaison.coordination.meetings import meetings_of
from liaison.coordination.models import WorkingGroup, WorkingGroupNote
from liaison.coordination.permissions import (
    country_get,
    room_check_read,
    working_group_get,
    working_group_visible_to,
)
from liaison.coordination.positions import briefs_of
from liaison.coordination.selectors import conventions_party, person_name
from liaison.coordination.work_permissions import group_work_can_write, group_work_visible_to
from liaison.decisions.models import Decision, Mandate
from liaison.decisions.permissions import mandate_visible_to
from liaison.frameworks.permissions import target_visible_to
from liaison.reporting.models import Section
from liaison.reporting.permissions import questionnaire_visible_to

NOTES_LISTED = 100  # the latest entries of the group's log on its page (the room shows 20)
CHOICES_MAX = 300  # options of each link list in the page's forms (the API takes any id)
GLOBAL_FRAMEWORKS = ("GBF", "SDG")  # plans every country reports against, offered beside its own


def group_work_get(*, user, iso3: str, group_id: int, today: dt.date | None = None) -> dict:
    """Return a working group's page for `user`: members; meetings and positions for the group's readers; the
    actions `user` may read (secretariat staff: those linked to their convention's mandates or reports)."""
    country = country_get(iso3=iso3)
    group = working_group_get(user=user, country=country, group_id=group_id)
    reads_work = group_work_visible_to(user).filter(pk=group.pk).exists()
    members = [{"user_id": m.user_id, "name": person_name(m.user), "role": m.role}
               for m in group.members.select_related("user")]
    return {"id": group.pk, "name": group.name, "description": group.description,
            "country": {"iso3": country.iso3, "name": country.name}, "members": members,
            "reads_work": reads_work, "can_write": group_work_can_write(user=user, group=group),
            "meetings": meetings_of(user=user, group=group) if reads_work else [],
            "notes": notes_of(user=user, group=group) if reads_work else [],
            "actions": actions_of(user=user, group=group, today=today),
            "briefs": briefs_of(user=user, group=group) if reads_work else [],
            "statuses": [{"value": v, "label": str(label)} for v, label in STATUS_LABELS.items()],
            "conventions": [c.acronym for c in conventions_party(country=country)]}


def notes_of(*, user, group: WorkingGroup) -> list[dict]:
    """Return the latest NOTES_LISTED entries of the group's log `user` reads, each with its links `user` may read."""
    notes = list(WorkingGroupNote.objects.filter(group__in=working_group_visible_to(user), group=group)
                 .select_related("author").order_by("-date", "-pk")[:NOTES_LISTED])
    links = note_links_of(user=user, note_ids=[n.pk for n in notes])
    return [{"id": n.pk, "date": n.date, "text": n.text, "author": person_name(n.author) if n.author else "",
             **links[n.pk]} for n in notes]


def action_choices(*, user, country: Country) -> dict[str, list[dict]]:
    """Return the mandates (in effect, addressed to Parties), top-level report sections and targets of the
    conventions `country` is party to (and of its own and the global plans) that an action may be linked to."""
    room_check_read(user=user, country=country)
    conventions = [c.pk for c in conventions_party(country=country)]
    mandates = (mandate_visible_to(user).filter(decision__convention_id__in=conventions, actor__kind=PARTY_ACTOR_KIND,
                                                decision__status=Decision.IN_EFFECT)
                .exclude(status=Mandate.SUPERSEDED).select_related("decision__convention", "paragraph")
                .order_by("-decision__year", "decision__convention__acronym", "decision__number", "order")
                [:CHOICES_MAX])
    sections = (Section.objects.filter(questionnaire__in=questionnaire_visible_to(user),
                                       questionnaire__convention_id__in=conventions, parent__isnull=True,
                                       retired_at__isnull=True)
                .select_related("questionnaire__convention")
                .order_by("questionnaire__convention__acronym", "-questionnaire__cycle_order", "order")[:CHOICES_MAX])
    targets = (target_visible_to(user).filter(retired_at__isnull=True)
               .filter(Q(framework__country=country) | Q(framework__code__in=GLOBAL_FRAMEWORKS)
                       | Q(framework__convention_id__in=conventions))
               .select_related("framework").order_by("framework__code", "pk")[:CHOICES_MAX])
    return {"mandates": [{"id": m.pk, "label": mandate_label(m)[:200]} for m in mandates],
            "sections": [{"id": s.pk, "label": section_label(s)[:200]} for s in sections],
            "targets": [{"id": t.pk, "label": target_label(t)[:200]} for t in targets]}


def group_of(*, user, iso3: str, group_id: int) -> WorkingGroup:
    """Return the working group of the URL to one who may enter the room (NotFound for another country's)."""
    return working_group_get(user=user, country=country_get(iso3=iso3), group_id=group_id)
