"""Receivers of the other areas' events: their audit trail (core.services.audit_record) and signals.

An alert is never worth a failed write: each receiver works in a savepoint, and an error in it is logged and
rolled back alone, leaving the publish, the mandate change or the submission it follows intact.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from liaison.alerts import contributions, events, links, overlaps, themes
from liaison.core.models import AuditEvent
from liaison.decisions.models import IngestBatch
from liaison.decisions.signals import batch_published
from liaison.overlap.models import OverlapRun

logger = logging.getLogger("liaison.alerts")

REPORT_ACTIONS = {"delegate", "submit", "reopen_approved"}
LINK_ACCEPTED = {"link accepted", "link curated"}  # a link a person states is accepted at once
CONTRIBUTION_ACTIONS = {"create", "submit", "review"}


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
    # every audited write passes here (ingest writes thousands): only the events told of read further
    kind, action, object_id = instance.object_type, instance.action, int(instance.object_id)
    if kind == "decisions.mandate" and action == "update":
        _guarded(events.mandate_changed_notify, mandate_id=int(instance.object_id), changes=instance.changes or {},
                 actor=instance.actor)
    elif kind == "reporting.report" and action in REPORT_ACTIONS:
        _guarded(events.report_event_notify, report_id=object_id, action=action,
                 changes=instance.changes or {}, actor=instance.actor)
    elif kind == "frameworks.link" and action in LINK_ACCEPTED:
        _guarded(links.link_accepted_notify, link_id=object_id, actor=instance.actor)
    elif kind == "frameworks.framework" and action == "links suggested":
        _guarded(links.links_suggested_notify, framework_id=object_id,
                 against=list((instance.changes or {}).get("against") or []), actor=instance.actor)
    elif kind == "partnerships.contribution" and action in CONTRIBUTION_ACTIONS:
        _guarded(contributions.contribution_event_notify, contribution_id=object_id, action=action,
                 actor=instance.actor)


@receiver(batch_published, sender=IngestBatch, dispatch_uid="alerts_batch_published")
def on_batch_published(sender, batch, decisions: list[int], user=None, **kwargs) -> None:
    _guarded(events.batch_published_notify, decision_ids=list(decisions), actor=user)


@receiver(post_save, sender=OverlapRun, dispatch_uid="alerts_overlap_run")
def on_overlap_run(sender, instance: OverlapRun, created: bool, raw: bool = False, update_fields=None,
                   **kwargs) -> None:
    # the run's last save (every field) marks it done once its pairs are stored; its progress saves name fields
    if raw or created or update_fields is not None or instance.state != OverlapRun.DONE:
        return
    _guarded(overlaps.overlaps_notify, run_id=instance.pk)
    _guarded(themes.themes_notify, run_id=instance.pk)
