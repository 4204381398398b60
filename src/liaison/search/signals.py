"""Keep the index in step with every write, inside the writer's transaction.

Services record an audit event for each change they make (core.services.audit_record), so one receiver on
AuditEvent follows ingests, imports, edits and transitions of every area; saves and deletes of the rows the
index copies directly (decision status, catalogue rows, partnerships) are followed too. Rows written in bulk
outside a service (the loaders) are caught by the rebuild `liaison load` ends with (search.loaders).

A decision's refreshes go through `core.grouped`: inside a group of writes (an ingest, a published batch) each
decision touched is refreshed once when the group closes, all of them together, still inside the transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from liaison.catalogue.models import Convention, Country, Organization
from liaison.core.grouped import after_writes, after_writes_each
from liaison.core.models import AuditEvent
from liaison.decisions.models import Decision, Reference
from liaison.decisions.signals import decision_ingested
from liaison.frameworks.models import Framework
from liaison.meetings.models import Meeting
from liaison.partnerships.models import Activity, Contribution, Partnership, WorkPlan
from liaison.reporting.models import Questionnaire, Report
from liaison.search import documents, services
from liaison.search.models import SearchDocument

PUBLIC_KINDS = {Convention: SearchDocument.CONVENTION, Country: SearchDocument.COUNTRY,
                Organization: SearchDocument.ORGANIZATION}


def decision_refresh(decision_id: int, *, kind: str = "decision") -> None:
    """Refresh a decision's documents (or those of a mandate's decision, `kind="mandate"`): at once, or when the open
    group of writes closes (core.grouped), all the decisions its writes touched together (one delete, one insert and
    one embedding call per 2,000 documents)."""
    after_writes_each(("search", "decisions"), (kind, decision_id), decisions_of_refresh)


def decisions_of_refresh(items: list[tuple[str, int]]) -> int:
    """Refresh the decisions named by ("decision", id) items and those of the mandates named by ("mandate", id)."""
    from liaison.decisions.models import Mandate

    decision_ids = dict.fromkeys(pk for kind, pk in items if kind == "decision")
    mandate_ids = [pk for kind, pk in items if kind == "mandate"]
    for start in range(0, len(mandate_ids), 900):
        decision_ids.update(dict.fromkeys(Mandate.objects.filter(pk__in=mandate_ids[start:start + 900])
                                          .values_list("decision_id", flat=True).distinct()))
    return decisions_refresh(list(decision_ids)) if decision_ids else 0


def decisions_refresh(decision_ids: list[int]) -> int:
    """Replace the documents of these decisions (themselves, paragraphs of every revision, mandates)."""
    if len(decision_ids) == 1:
        return services.search_index_decision(decision_id=decision_ids[0])
    kinds = [SearchDocument.DECISION, SearchDocument.PARAGRAPH, SearchDocument.MANDATE]
    stored = 0
    for start in range(0, len(decision_ids), 500):
        ids = sorted(decision_ids[start:start + 500])
        with transaction.atomic():
            for pk in ids:  # in id order, as concurrent refreshes must take the locks
                services._refresh_lock("decision", pk)
            SearchDocument.objects.filter(kind__in=kinds, owner_type="decision", owner_id__in=ids).delete()
            decisions = Decision.objects.select_related("convention").filter(pk__in=ids).order_by("pk")
            stored += services.documents_store(documents.decisions_documents(decisions))
    return stored


def audited_refresh(object_type: str, object_id: str) -> None:
    """Refresh what the audited object contributes to the index (nothing for types the index does not hold)."""
    if not object_id.isdigit():
        return
    pk = int(object_id)
    if object_type == "frameworks.framework":
        services.search_index_framework(framework_id=pk)
    elif object_type == "decisions.decision":
        decision_refresh(pk)
    elif object_type == "decisions.mandate":
        decision_refresh(pk, kind="mandate")
    elif object_type == "partnerships.partnership":
        services.search_index_partnership(partnership_id=pk)
        for workplan_id in WorkPlan.objects.filter(partnership_id=pk).values_list("pk", flat=True):
            services.search_index_workplan(workplan_id=workplan_id)
    else:
        work_refresh(object_type, pk)


def work_refresh(object_type: str, pk: int) -> None:
    """Refresh the documents of work-plan activities, contributions, questionnaires and reports."""
    refresh = {"partnerships.activity": lambda: services.search_index_activity(activity_id=pk),
               "partnerships.workplan": lambda: services.search_index_workplan(workplan_id=pk),
               "partnerships.contribution": lambda: services.search_index_contribution(contribution_id=pk),
               "reporting.questionnaire": lambda: services.search_index_questionnaire(questionnaire_id=pk),
               "reporting.report": lambda: services.search_index_report(report_id=pk)}.get(object_type)
    if refresh is not None:  # in a group of writes (an offline file's answers), once at its end
        after_writes(("search", object_type, pk), refresh)


# Events that record a file written from a report or read into a preview: the report's words are unchanged (an
# offline preview's refresh was half its time on PostgreSQL); the answers it applies are audited as "answer".
UNCHANGED_ACTIONS = {"offline_download", "offline_upload"}


@receiver(post_save, sender=AuditEvent, dispatch_uid="search_audit")
def on_audit(sender, instance: AuditEvent, created: bool, **kwargs) -> None:
    if created and instance.action not in UNCHANGED_ACTIONS:
        audited_refresh(instance.object_type, instance.object_id)


@receiver(decision_ingested, dispatch_uid="search_ingest")
def on_ingest(sender, decision: Decision, **kwargs) -> None:
    """A new text: the decision's documents, and those of the decisions it repeals or revises (their status)."""
    decision_refresh(decision.pk)
    touched = (Reference.objects.filter(source=decision, target__isnull=False).exclude(target=decision)
               .values_list("target_id", flat=True).distinct())
    for target_id in touched:
        decision_refresh(target_id)


@receiver(post_save, sender=Decision, dispatch_uid="search_decision_saved")
def on_decision_saved(sender, instance: Decision, raw: bool = False, **kwargs) -> None:
    if not raw:
        decision_refresh(instance.pk)


@receiver(post_save, sender=Partnership, dispatch_uid="search_partnership_saved")
def on_partnership_saved(sender, instance: Partnership, raw: bool = False, **kwargs) -> None:
    if not raw:
        services.search_index_partnership(partnership_id=instance.pk)


def on_public_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        services.search_index_public(kind=PUBLIC_KINDS[sender], object_id=instance.pk)


def on_public_deleted(sender, instance, **kwargs) -> None:
    services.search_forget(kind=PUBLIC_KINDS[sender], object_id=instance.pk)


for model in PUBLIC_KINDS:
    post_save.connect(on_public_saved, sender=model, dispatch_uid=f"search_saved_{model.__name__}")
    post_delete.connect(on_public_deleted, sender=model, dispatch_uid=f"search_deleted_{model.__name__}")


@receiver(post_save, sender=Meeting, dispatch_uid="search_meeting_saved")
def on_meeting_saved(sender, instance: Meeting, raw: bool = False, **kwargs) -> None:
    """Every write of a meeting saves it (meetings.services, the loaders, the harvester, a calendar event)."""
    if not raw:
        services.search_index_meeting(meeting_id=instance.pk)


@receiver(post_delete, sender=Decision, dispatch_uid="search_decision_deleted")
def on_decision_deleted(sender, instance: Decision, **kwargs) -> None:
    services.search_forget(owner_type="decision", owner_id=instance.pk)


@receiver(post_delete, sender=Framework, dispatch_uid="search_framework_deleted")
def on_framework_deleted(sender, instance: Framework, **kwargs) -> None:
    services.search_forget(owner_type="framework", owner_id=instance.pk)


@receiver(post_delete, sender=Partnership, dispatch_uid="search_partnership_deleted")
def on_partnership_deleted(sender, instance: Partnership, **kwargs) -> None:
    services.search_forget(owner_type="partnership", owner_id=instance.pk)


def on_work_deleted(sender, instance, **kwargs) -> None:
    services.search_forget(owner_type=WORK_OWNERS[sender], owner_id=instance.pk)


WORK_OWNERS = {Activity: "activity", Contribution: "contribution", Questionnaire: "questionnaire", Meeting: "meeting"}
for model in WORK_OWNERS:
    post_delete.connect(on_work_deleted, sender=model, dispatch_uid=f"search_deleted_{model.__name__}")


@receiver(post_delete, sender=Report, dispatch_uid="search_report_deleted")
def on_report_deleted(sender, instance: Report, **kwargs) -> None:
    services.search_forget(kind=SearchDocument.REPORT, object_id=instance.pk)
