"""The object types people are told about: how each is read (its area's visibility filter), named and linked.

Most can be followed; an activity and a link are told of through what is followed (an activity's work plan or
partnership, a link's targets) and are not followed themselves. A theme and a country's reports are followed
by a key (the theme's slug, the country's ISO code) and told of through other objects: the decisions and
overlaps of the theme (alerts.themes), the reports of the country (alerts.countries). `conventions` says which convention each object
belongs to, for the convention's staff who follow its dashboards through their role (alerts.staff).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet
from django.urls import reverse

from liaison.accounts.access import access_for
from liaison.alerts.models import FollowedTheme
from liaison.catalogue.models import Convention, Country
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
from liaison.reporting.models import Delegation, Report
from liaison.reporting.permissions import report_visible_to


def convention_visible_to(user) -> QuerySet[Convention]:
    """Conventions are the public catalogue: everyone reads every one."""
    return Convention.objects.all()


def theme_visible_to(user) -> QuerySet[FollowedTheme]:
    """Themes are the public overlap report: everyone reads every one (followed or told of)."""
    return FollowedTheme.objects.all()


def theme_followable_to(user) -> QuerySet[FollowedTheme]:
    """Return the followed themes one may follow: those of the latest overlap report (a theme gone is not)."""
    from liaison.overlap.selectors import run_latest_done, theme_list

    return FollowedTheme.objects.filter(slug__in=theme_list(run=run_latest_done()).values("slug"))


def theme_key(slug: str) -> int | None:
    """Return the number of the theme of the latest overlap report with this slug (kept once asked), or None."""
    from liaison.overlap.selectors import run_latest_done, theme_get

    theme = theme_get(run=run_latest_done(), slug=slug[:120])
    if theme is None:
        return None
    followed, created = FollowedTheme.objects.get_or_create(slug=theme.slug, defaults={"label": theme.label[:200]})
    if not created and followed.label != theme.label[:200]:
        FollowedTheme.objects.filter(pk=followed.pk).update(label=theme.label[:200])
    return followed.pk


def country_reports_visible_to(user) -> QuerySet[Country]:
    """Return the countries whose reports `user` may follow: those some report of which they may read, now or once
    submitted (reporting.permissions): a focal point's or contributor's countries, the countries of the reports
    delegated to them; every country for secretariat staff and reviewers, who read reports once submitted."""
    access = access_for(user)
    if access.everything:
        return Country.objects.all()
    if not access.authenticated:
        return Country.objects.none()
    if access.secretariat or access.reviews:
        return Country.objects.all()
    delegated = Delegation.objects.filter(user_id=access.user_id).values("report__country_id")
    return Country.objects.filter(Q(pk__in=sorted(access.countries)) | Q(pk__in=delegated))


def country_key(iso3: str) -> int | None:
    """Return the id of the country of this ISO 3166 alpha-3 code, or None."""
    return Country.objects.filter(iso3=iso3.strip().upper()[:3]).values_list("pk", flat=True).first()


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
    # followed by a key (a slug, a code): its name in the API and how it gives the object's id
    key: str = ""
    key_find: Callable[[str], int | None] | None = None
    # what one may start following, when narrower than what one sees (a theme no longer in the report)
    followable_to: Callable[..., QuerySet] | None = None

    def may_follow(self, user) -> QuerySet:
        """Return the objects of this type `user` may follow."""
        return (self.followable_to or self.visible_to)(user)


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
    Followable("theme", FollowedTheme, theme_visible_to,
               lambda o: reverse("overlap:theme_detail", args=[o.slug]), key="slug", key_find=theme_key,
               followable_to=theme_followable_to),
    Followable("country_reports", Country, country_reports_visible_to,
               lambda o: reverse("catalogue:country_detail", args=[o.iso3]), key="iso3", key_find=country_key),
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
