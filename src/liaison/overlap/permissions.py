"""Permission gateway of the overlap area: the report is public; recomputing and the lead register are staff's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from liaison.accounts.roles import user_is_admin, user_is_secretariat


def overlap_run_check(*, user) -> None:
    """Raise PermissionDenied unless `user` may start a recomputation."""
    if user_is_admin(user):
        return
    if user_is_secretariat(user):
        return
    raise PermissionDenied("Only secretariat staff may recompute the overlap report.")


def lead_assign_check(*, user, convention) -> None:
    """Raise PermissionDenied unless `user` may record a lead MEA (any secretariat: the BLG agrees together)."""
    if user_is_admin(user):
        return
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in as secretariat staff to record a lead MEA.")
    if user_is_secretariat(user):
        return
    raise PermissionDenied("Only secretariat staff may record a lead MEA.")


def lead_can_assign(*, user) -> bool:
    """Return True if `user` may see the lead-register form."""
    return user_is_admin(user) or user_is_secretariat(user)
