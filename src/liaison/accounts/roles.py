"""Questions about a user's roles, used by every permission gateway. Each answers one question.

They read the roles loaded once per request (`liaison.accounts.access`), so asking costs no query.
"""

from __future__ import annotations

from liaison.accounts.access import access_for
from liaison.accounts.models import Role


def _pk(obj) -> int | None:
    return getattr(obj, "pk", obj)


def user_is_admin(user) -> bool:
    """Return True for superusers, users holding the administrator role, and the system actor."""
    return access_for(user).everything


def user_is_secretariat(user, *, convention=None) -> bool:
    """Return True if the user is secretariat staff (of `convention` when given)."""
    return access_for(user).is_secretariat(_pk(convention))


def user_secretariat_conventions(user) -> list[int]:
    """Return the ids of the conventions whose secretariat the user works for."""
    return sorted(c for c in access_for(user).secretariat if c is not None)


def user_is_focal_point(user, *, country, convention=None) -> bool:
    """Return True if the user is a national focal point of `country` (for `convention` when given)."""
    access = access_for(user)
    country_id = _pk(country)
    convention_id = _pk(convention)
    if convention_id is None:
        return country_id in access.focal_point_countries
    return (country_id, convention_id) in access.focal_points


def user_countries(user, *, kinds=(Role.FOCAL_POINT, Role.CONTRIBUTOR)) -> list[int]:
    """Return the ids of the countries the user acts for."""
    access = access_for(user)
    found: set[int] = set()
    if Role.FOCAL_POINT in kinds:
        found |= access.focal_point_countries
    if Role.CONTRIBUTOR in kinds:
        found |= access.contributor_countries
    return sorted(found)


def user_organizations(user) -> list[int]:
    """Return the ids of the organizations the user is a member of."""
    return sorted(access_for(user).organizations)


def user_is_reviewer(user, *, convention=None) -> bool:
    """Return True if the user reviews submissions (for `convention` when given)."""
    access = access_for(user)
    convention_id = _pk(convention)
    if convention_id is None:
        return bool(access.reviews)
    return convention_id in access.reviews
