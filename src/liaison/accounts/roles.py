"""Questions about a user's roles, used by every permission gateway. Each answers one question."""

from __future__ import annotations

from liaison.accounts.models import Role


def user_is_admin(user) -> bool:
    """Return True for superusers and users holding the administrator role."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return Role.objects.filter(user=user, kind=Role.ADMIN).exists()


def user_is_secretariat(user, *, convention=None) -> bool:
    """Return True if the user is secretariat staff (of `convention` when given)."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = Role.objects.filter(user=user, kind=Role.SECRETARIAT)
    if convention is not None:
        roles = roles.filter(convention=convention)
    return roles.exists()


def user_secretariat_conventions(user) -> list[int]:
    """Return the ids of the conventions whose secretariat the user works for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Role.objects.filter(user=user, kind=Role.SECRETARIAT).values_list("convention_id", flat=True))


def user_is_focal_point(user, *, country, convention=None) -> bool:
    """Return True if the user is a national focal point of `country` (for `convention` when given)."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = Role.objects.filter(user=user, kind=Role.FOCAL_POINT, country=country)
    if convention is not None:
        roles = roles.filter(convention=convention)
    return roles.exists()


def user_countries(user, *, kinds=(Role.FOCAL_POINT, Role.CONTRIBUTOR)) -> list[int]:
    """Return the ids of the countries the user acts for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Role.objects.filter(user=user, kind__in=kinds).values_list("country_id", flat=True))


def user_organizations(user) -> list[int]:
    """Return the ids of the organizations the user is a member of."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Role.objects.filter(user=user, kind=Role.PARTNER).values_list("organization_id", flat=True))


def user_is_reviewer(user, *, convention=None) -> bool:
    """Return True if the user reviews submissions (for `convention` when given)."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = Role.objects.filter(user=user, kind=Role.REVIEWER)
    if convention is not None:
        roles = roles.filter(convention=convention)
    return roles.exists()
