"""The object types people are told about: how each is read (its area's visibility filter), named and linked.

Most can be followed; an activity and a link are told of through what is followed (an activity's work plan or
partnership, a link's targets) and are not followed themselves. `conventions` says which convention each object
belongs to, for the convention's staff who follow its dashboards through their role (alerts.staff).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.urls import reverse

from liaison.catalogue.models import Convention
from liaison.decisions.models import Decision, Mandate
from liaison.decisions.permissions import decision_visible_to, mandate_visible_to
from liaison.frameworks.models import Link, Target
from liaison.frameworks.permissions import link_visible_to, target_visible_to
from liaison.partnerships.contributions.permissions import contributions_visible_to
from liaison.partnerships.models import Activity, Contribution, Partnership, WorkPlan
from liaison.partnerships.registry.permissions import (
    activities_visible_to,
    partnerships_visible_to,
    workplans_visible_to,
)
from liaison.reporting.models import Report
from liaison.reporting.permissions import report_visible_to


def convention_visible_to(user) -> QuerySet[Convention]:
    """Conventions are the public catalogue: everyone reads every one."""
    return Convention.objects.all()


def _conventions_by(model: type[Model], path: str) -> Callable[[Iterable[int]], dict[int, int]]:
    """Return a function giving {object id: convention id} of some objects of `model` (one query)."""

    def read(ids: Iterable[int]) -> dict[int, int]:
        return {pk: c for pk, c in model.objects.filter(pk__in=list(ids)).order_by()
                .values_list("pk", path) if c is not None}

    return read


@dataclass(frozen=True)
class Followable:
    name: str
    model: type[Model]
    visible_to: Callable[..., QuerySet]
    url: Callable[[Model], str]
    followable: bool = True  # False: told of through other objects, never followed itself
    conventions: Callable[[Iterable[int]], dict[int, int]] | None = None


TYPES: dict[str, Followable] = {k.name: k for k in (
    Followable("decision", Decision, decision_visible_to, lambda o: reverse("decisions:decision_detail", args=[o.pk]),
               conventions=_conventions_by(Decision, "convention_id")),
    Followable("mandate", Mandate, mandate_visible_to, lambda o: reverse("decisions:mandate_detail", args=[o.pk]),
               conventions=_conventions_by(Mandate, "decision__convention_id")),
    Followable("target", Target, target_visible_to, lambda o: reverse("frameworks:target_detail", args=[o.pk])),
    Followable("partnership", Partnership, partnerships_visible_to,
               lambda o: reverse("partnerships:partnership_detail", args=[o.pk]),
               conventions=_conventions_by(Partnership, "convention_id")),
    Followable("workplan", WorkPlan, workplans_visible_to,
               lambda o: reverse("partnerships:workplan_detail", args=[o.pk]),
               conventions=_conventions_by(WorkPlan, "partnership__convention_id")),
    Followable("contribution", Contribution, contributions_visible_to,
               lambda o: reverse("partnerships:contribution_detail", args=[o.pk]),
               conventions=_conventions_by(Contribution, "convention_id")),
    Followable("report", Report, report_visible_to, lambda o: reverse("reporting:report", args=[o.pk]),
               conventions=_conventions_by(Report, "questionnaire__convention_id")),
    Followable("convention", Convention, convention_visible_to,
               lambda o: reverse("catalogue:convention_detail", args=[o.acronym])),
    Followable("activity", Activity, activities_visible_to,
               lambda o: reverse("partnerships:workplan_detail", args=[o.workplan_id]) + "#activities",
               followable=False, conventions=_conventions_by(Activity, "workplan__partnership__convention_id")),
    Followable("link", Link, link_visible_to, lambda o: reverse("frameworks:target_detail", args=[o.target_id]),
               followable=False),
)}
BY_MODEL = {k.model: k for k in TYPES.values()}


def followable_of(obj: Model) -> Followable:
    """Return the followable type of `obj`; KeyError for a model nobody follows."""
    return BY_MODEL[type(obj)]


def followable_names() -> list[str]:
    """Return the names of the types a person may follow."""
    return [name for name, t in TYPES.items() if t.followable]
