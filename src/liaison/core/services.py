"""Writes shared by every app."""

from __future__ import annotations

from typing import Any

from liaison.core.actors import actor_is_system
from liaison.core.models import AuditEvent


def audit_record(*, actor, action: str, obj: Any, changes: dict | None = None, note: str = "") -> AuditEvent:
    """Store one audit event for `obj` and return it."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) and not actor_is_system(actor) else None,
        actor_label=str(actor) if actor_is_system(actor) else "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=changes or {},
        note=note,
    )
