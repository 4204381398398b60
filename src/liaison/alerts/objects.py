"""The object types a person may follow: how each is read (its area's visibility filter), named and linked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.urls import reverse

from liaison.catalogue.models import Convention
from liaison.decisions.models import Decision, Mandate
from liaison.decisions.permissions import decision_visible_to, mandate_visible_to
from liaison.frameworks.models import Target
from liaison.frameworks.permissions import target_visible_to
from liaison.partnerships.models import Partnership
from liaison.partnerships.registry.permissions import partnerships_visible_to
from liaison.reporting.models import Report
from liaison.reporting.permissions import report_visible_to


def convention_visible_to(user) -> QuerySet[Convention]:
    """Conventions are the public catalogue: everyone reads every one."""
    return Convention.objects.all()


@dataclass(frozen=True)
class Followable:
    name: str
    model: type[Model]
    visible_to: Callable[..., QuerySet]
    url: Callable[[Model], str]


TYPES: dict[str, Followable] = {k.name: k for k in (
    Followable("decision", Decision, decision_visible_to, lambda o: reverse("decisions:decision_detail", args=[o.pk])),
    Followable("mandate", Mandate, mandate_visible_to, lambda o: reverse("decisions:mandate_detail", args=[o.pk])),
    Followable("target", Target, target_visible_to, lambda o: reverse("frameworks:target_detail", args=[o.pk])),
    Followable("partnership", Partnership, partnerships_visible_to,
         lambda o: reverse("partnerships:partnership_detail", args=[o.pk])),
    Followable("report", Report, report_visible_to, lambda o: reverse("reporting:report", args=[o.pk])),
    Followable("convention", Convention, convention_visible_to,
         lambda o: reverse("catalogue:convention_detail", args=[o.acronym])),
)}
BY_MODEL = {k.model: k for k in TYPES.values()}


def followable_of(obj: Model) -> Followable:
    """Return the followable type of `obj`; KeyError for a model nobody follows."""
    return BY_MODEL[type(obj)]
