"""The permission gateway of frameworks, links and synergy scores: every write goes through here.

Bundled and published frameworks are public to read. An imported national framework (country set)
is changed only by that country's focal points, secretariat staff and administrators; bundled
frameworks are replaced (say, SPMS summaries by the official text) by secretariat staff and
administrators. Links are reviewed by secretariat staff, reviewers, administrators, and by the focal
points of the country whose plan the link starts from (journey 6: the planner reviews the plan's links).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from liaison.accounts.models import Role
from liaison.accounts.roles import (
    user_countries,
    user_is_admin,
    user_is_focal_point,
    user_is_reviewer,
    user_is_secretariat,
)
from liaison.catalogue.models import Country
from liaison.frameworks.models import Framework, Link, Target


def user_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def framework_can_view(*, user, framework: Framework) -> bool:
    """Return True if `user` may read `framework`."""
    if framework.is_bundled or framework.is_published:
        return True
    return framework_can_edit(user=user, framework=framework)


def framework_get_for_view(*, user, code: str) -> Framework:
    """Return the framework called `code` if `user` may read it; Http404 otherwise (unpublished stays hidden)."""
    framework = Framework.objects.select_related("country", "convention").filter(code=code).first()
    if framework is None or not framework_can_view(user=user, framework=framework):
        raise Http404(f"No framework {code!r}.")
    return framework


def framework_can_edit(*, user, framework: Framework) -> bool:
    """Return True if `user` may replace, re-import or run suggestions for `framework`."""
    if user_is_admin(user):
        return True
    if not user_signed_in(user):
        return False
    if user_is_secretariat(user):
        return True
    if framework.country_id is None:
        return False
    return user_is_focal_point(user, country=framework.country)


def framework_get_for_edit(*, user, code: str) -> Framework:
    """Return the framework if `user` may change it; raise PermissionDenied (or Http404) otherwise."""
    framework = framework_get_for_view(user=user, code=code)
    if not user_signed_in(user):
        raise PermissionDenied("Sign in to change a framework.")
    if not framework_can_edit(user=user, framework=framework):
        raise PermissionDenied("Only secretariat staff, administrators and the focal points of the plan's "
                               "country may change this framework.")
    return framework


def framework_import_check(*, user, code: str, country: Country | None) -> None:
    """Raise PermissionDenied unless `user` may import framework `code` for `country` (None: not national)."""
    if user_is_admin(user):
        return
    if not user_signed_in(user):
        raise PermissionDenied("Sign in to import a framework.")
    existing = Framework.objects.select_related("country").filter(code=code).first()
    if existing is not None and not framework_can_edit(user=user, framework=existing):
        raise PermissionDenied(f"Framework {code!r} exists and you may not replace it.")
    if user_is_secretariat(user):
        return
    if country is None:
        raise PermissionDenied("Focal points import their own country's plan: choose the country.")
    if user_is_focal_point(user, country=country):
        return
    raise PermissionDenied("Only secretariat staff, administrators and the country's focal points may import "
                           "this country's plan.")


def import_countries_for(*, user):
    """Return the countries `user` may import a national plan for (every country for staff and admins)."""
    if user_is_admin(user) or user_is_secretariat(user):
        return Country.objects.all()
    return Country.objects.filter(pk__in=user_countries(user, kinds=(Role.FOCAL_POINT,)))


def user_may_import(*, user) -> bool:
    """Return True if `user` may import at least one framework (to show the upload button)."""
    if user_is_admin(user) or user_is_secretariat(user):
        return True
    return bool(user_countries(user, kinds=(Role.FOCAL_POINT,)))


def link_can_review(*, user, link: Link) -> bool:
    """Return True if `user` may accept or reject `link`."""
    if user_is_admin(user):
        return True
    if not user_signed_in(user):
        return False
    if user_is_secretariat(user):
        return True
    if user_is_reviewer(user):
        return True
    country_id = link_source_country_id(link=link)
    if country_id is None:
        return False
    return user_is_focal_point(user, country=Country(pk=country_id))


def link_source_country_id(*, link: Link) -> int | None:
    """Return the country of the national framework a target->target link starts from, if any."""
    if link.source_type != Link.TARGET:
        return None
    return Target.objects.filter(pk=link.source_id).values_list("framework__country_id", flat=True).first()


def link_get_for_review(*, user, link_id: int) -> Link:
    """Return the link if `user` may review it; raise PermissionDenied (or Link.DoesNotExist) otherwise."""
    link = Link.objects.select_related("target__framework").get(pk=link_id)
    if not user_signed_in(user):
        raise PermissionDenied("Sign in to review links.")
    if not link_can_review(user=user, link=link):
        raise PermissionDenied("Only secretariat staff, reviewers and administrators may review links.")
    return link


def link_create_check(*, user, source_type: str, source_id: int) -> None:
    """Raise PermissionDenied unless `user` may state a link from this source (same rule as reviewing it)."""
    if not user_signed_in(user):
        raise PermissionDenied("Sign in to link to a target.")
    if not link_can_review(user=user, link=Link(source_type=source_type, source_id=source_id)):
        raise PermissionDenied("Only secretariat staff, reviewers and administrators may state links.")


def user_may_review(*, user) -> bool:
    """Return True if `user` may review some links (to show the review queue)."""
    if user_is_admin(user) or user_is_secretariat(user) or user_is_reviewer(user):
        return True
    return bool(user_countries(user, kinds=(Role.FOCAL_POINT,)))


def synergy_score_check(*, user) -> None:
    """Raise PermissionDenied unless `user` may score target pairs (anyone signed in)."""
    if not user_signed_in(user):
        raise PermissionDenied("Sign in to score synergies.")
