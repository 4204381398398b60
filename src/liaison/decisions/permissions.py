"""The permission gateway of decisions and mandates: every write goes through here.

Decisions, their paragraphs and mandates are public to read. Writing is for the secretariat
staff of the convention that adopted the decision, and for administrators.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from liaison.accounts.roles import user_is_admin, user_is_secretariat, user_secretariat_conventions
from liaison.catalogue.models import Convention
from liaison.decisions.models import Mandate


def decision_ingest_check(*, user, convention: Convention | None) -> None:
    """Raise PermissionDenied unless `user` may add decisions of `convention`."""
    if user_is_admin(user):
        return
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in as secretariat staff to add decisions.")
    if convention is None and user_secretariat_conventions(user):
        return  # the convention is checked again once the text names it
    if convention is not None and user_is_secretariat(user, convention=convention):
        return
    raise PermissionDenied("Only the secretariat of this convention may add its decisions.")


def ingest_conventions_for(*, user):
    """Return the conventions `user` may add decisions to."""
    if user_is_admin(user):
        return Convention.objects.all()
    return Convention.objects.filter(pk__in=user_secretariat_conventions(user))


def mandate_get_for_edit(*, user, mandate_id: int) -> Mandate:
    """Return the mandate if `user` may change it; raise PermissionDenied (or DoesNotExist) otherwise."""
    mandate = Mandate.objects.select_related("decision__convention", "paragraph", "actor").get(pk=mandate_id)
    if user_is_admin(user):
        return mandate
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in as secretariat staff to change mandates.")
    if user_is_secretariat(user, convention=mandate.decision.convention):
        return mandate
    raise PermissionDenied("Only the secretariat of this decision's convention may change its mandates.")


def mandate_can_edit(*, user, mandate: Mandate) -> bool:
    """Return True if `user` may change `mandate` (for showing or hiding edit controls)."""
    if user_is_admin(user):
        return True
    return user_is_secretariat(user, convention=mandate.decision.convention)
