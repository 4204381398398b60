"""Writes shared by every app."""

from __future__ import annotations

from typing import Any

from django.db import router
from django.db.models.signals import post_save

from liaison.core.actors import actor_is_system
from liaison.core.bulk import rows_insert
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


def audit_record_many(*, actor, events: list[tuple[str, Any, dict | None]]) -> list[AuditEvent]:
    """Store one audit event per (action, obj, changes), in order, with one insert; return them.

    Each event is then sent to AuditEvent's post_save receivers as `audit_record`'s create sends it (bulk_create
    sends none), so what follows the audit trail (the search index, alerts) sees every event. Inserted by
    core.bulk.rows_insert (not bulk_create, whose per-value preparation cost a revision's 60 carried mandates
    more than the insert).
    """
    person = actor if getattr(actor, "is_authenticated", False) and not actor_is_system(actor) else None
    label = str(actor) if actor_is_system(actor) else ""
    stored = rows_insert(AuditEvent, [
        AuditEvent(actor=person, actor_label=label, action=action, object_type=obj._meta.label_lower,
                   object_id=str(obj.pk), changes=changes or {}, note="")
        for action, obj, changes in events])
    using = router.db_for_write(AuditEvent)
    for event in stored:
        post_save.send(sender=AuditEvent, instance=event, created=True, update_fields=None, raw=False, using=using)
    return stored
