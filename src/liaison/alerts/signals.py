"""Receivers of the other areas' events: their audit trail (core.services.audit_record) and signals.

An alert is never worth a failed write: each receiver works in a savepoint, and an error in it is logged and
rolled back alone, leaving the publish, the mandate change or the submission it follows intact.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from liaison.alerts import events
from liaison.core.models import AuditEvent
from liaison.decisions.models import IngestBatch
from liaison.decisions.signals import batch_published

logger = logging.getLogger("liaison.alerts")

REPORT_ACTIONS = {"delegate", "submit", "reopen_approved"}


def _guarded(work, *args, **kwargs) -> None:
    try:
        with transaction.atomic():
            work(*args, **kwargs)
    except Exception:  # noqa: BLE001 — see the module's docstring
        logger.exception("Notifications of %s could not be written", getattr(work, "__name__", work))


@receiver(post_save, sender=AuditEvent, dispatch_uid="alerts_audit")
def on_audit(sender, instance: AuditEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or not instance.object_id.isdigit():
        return
    # every audited write passes here (ingest writes thousands): only the two events told of read further
    if instance.object_type == "decisions.mandate" and instance.action == "update":
        _guarded(events.mandate_changed_notify, mandate_id=int(instance.object_id), changes=instance.changes or {},
                 actor=instance.actor)
    elif instance.object_type == "reporting.report" and instance.action in REPORT_ACTIONS:
        _guarded(events.report_event_notify, report_id=int(instance.object_id), action=instance.action,
                 changes=instance.changes or {}, actor=instance.actor)


@receiver(batch_published, sender=IngestBatch, dispatch_uid="alerts_batch_published")
def on_batch_published(sender, batch, decisions: list[int], user=None, **kwargs) -> None:
    _guarded(events.batch_published_notify, decision_ids=list(decisions), actor=user)
