"""Reads of decisions, the in-effect lists and the mandate tracker."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Convention
from liaison.core.counts import rows_count
from liaison.core.errors import NotFound
from liaison.core.models import AuditEvent
from liaison.core.schemas import id_in_range
from liaison.core.selectors import audit_list_for
from liaison.decisions.models import (
    Actor,
    Decision,
    IngestBatch,
    Mandate,
    MandateEvidence,
    Paragraph,
    Reference,
)
from liaison.decisions.permissions import (
    batch_visible_to,
    decision_visibility,
    decision_visible_to,
    evidence_visible_to,
    mandate_check_read_record,
    mandate_visible_to,
)
from liaison.decisions.succession import mandate_lineage


def decision_list(*, user, convention: str | None = None, status: str | None = None, q: str | None = None
                  ) -> QuerySet[Decision]:
    """Return the decisions `user` may read, filtered by convention acronym, status and a text query."""
    qs = decision_visible_to(user).select_related("convention", "repealed_by__convention").annotate(
        mandates_count=rows_count(Mandate.objects.all(), outer="decision"))
    if convention:
        qs = qs.filter(convention__acronym__iexact=convention)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return qs


def decision_get(*, user, decision_id: int) -> Decision:
    """Return one decision `user` may read, with its convention; NotFound otherwise."""
    decision = None
    if id_in_range(decision_id):
        decision = (decision_visible_to(user).select_related("convention", "repealed_by__convention")
                    .filter(pk=decision_id).first())
    if decision is None:
        raise NotFound(_("No decision with id %(id)s.") % {"id": decision_id})
    return decision


def decision_paragraphs(*, decision: Decision, revision=None) -> dict[str, list[Paragraph]]:
    """Return the paragraphs of `revision` (the current one by default) by kind, each with its mandates in
    `mandate_list` and its references in `reference_list`."""
    revision = revision or decision.current_revision
    if revision is None:
        return {"preamble": [], "operative": [], "annex": []}
    # Lists (to_attr), not related managers: Django would build, and deep-copy, a queryset per paragraph,
    # which was most of the decision page's time (29 ms of 65 for Resolution 11.10).
    paragraphs = (
        revision.paragraphs.order_by("order")
        .prefetch_related(
            Prefetch("mandates", queryset=Mandate.objects.select_related("actor").order_by("order"),
                     to_attr="mandate_list"),
            Prefetch("references", queryset=Reference.objects.select_related("target__convention"),
                     to_attr="reference_list"),
        )
    )
    grouped: dict[str, list[Paragraph]] = {"preamble": [], "operative": [], "annex": []}
    for p in paragraphs:
        grouped[p.kind].append(p)
    return grouped


def decisions_in_effect(*, user, convention: Convention) -> dict[str, QuerySet[Decision]]:
    """Return a convention's decisions in effect, and those no longer in effect with what ended them."""
    qs = decision_list(user=user, convention=convention.acronym)
    return {
        "in_effect": qs.filter(status=Decision.IN_EFFECT),
        "ended": qs.exclude(status=Decision.IN_EFFECT),
    }


def references_to(*, user, decision: Decision) -> QuerySet[Reference]:
    """Return the references that decisions `user` may read make to this one."""
    return (Reference.objects.filter(decision_visibility(user, prefix="source__"), target=decision)
            .select_related("source__convention", "paragraph"))


def mandate_list(*, user, convention: str | None = None, actor: str | None = None, status: str | None = None,
                 has_deadline: bool | None = None, decision_id: int | None = None, current_only: bool = True
                 ) -> QuerySet[Mandate]:
    """Return the mandates `user` may read, filtered for the tracker, by convention, decision and paragraph."""
    qs = mandate_visible_to(user).select_related("decision__convention", "paragraph", "actor", "owner")
    if current_only:
        qs = qs.exclude(status=Mandate.SUPERSEDED)
    if convention:
        qs = qs.filter(decision__convention__acronym__iexact=convention)
    if actor:
        qs = qs.filter(actor__code=actor)
    if status:
        qs = qs.filter(status=status)
    if has_deadline is True:
        qs = qs.exclude(deadline="")
    if decision_id is not None:
        qs = qs.filter(decision_id=decision_id) if id_in_range(decision_id) else qs.none()
    return qs.order_by("decision__convention__acronym", "decision__number", "paragraph__order", "order")


def mandate_tracker(*, user, convention: str | None = None, decision_id: int | None = None, actor: str | None = None,
                    status: str | None = None, owner_id: int | None = None, q: str | None = None,
                    group: str | None = None) -> QuerySet[Mandate]:
    """Return the mandates of the tracker for `user`: filtered, searched in their action, ordered for `group`
    ("actor" or "decision"); the current ones unless a status is asked for."""
    qs = mandate_list(user=user, convention=convention, actor=actor, status=status, decision_id=decision_id,
                      current_only=not status)
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if q:
        qs = qs.filter(Q(action__icontains=q) | Q(verb__icontains=q))
    if group == "actor":
        qs = qs.order_by("actor__label", "decision__convention__acronym", "decision__number", "paragraph__order",
                         "order")
    return qs


def mandate_owners(*, mandates: QuerySet[Mandate]) -> QuerySet:
    """Return the people who own at least one of `mandates`, by name."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=mandates.order_by().values("owner_id")).order_by("username")


def mandate_conventions(*, user) -> QuerySet[Convention]:
    """Return the conventions holding mandates `user` may read, by acronym (for the tracker's filter)."""
    return (Convention.objects.filter(pk__in=mandate_visible_to(user).order_by().values("decision__convention_id"))
            .order_by("acronym"))


def mandate_counts_by_actor(*, mandates: QuerySet[Mandate]) -> list[dict]:
    """Return how many of the given mandates each actor holds, most first."""
    return list(mandates.values("actor__code", "actor__label").annotate(n=Count("id")).order_by("-n"))


def mandate_get(*, user, mandate_id: int) -> Mandate:
    """Return one mandate `user` may read; NotFound otherwise."""
    mandate = None
    if id_in_range(mandate_id):
        mandate = mandate_list(user=user, current_only=False).filter(pk=mandate_id).first()
    if mandate is None:
        raise NotFound(_("No mandate with id %(id)s.") % {"id": mandate_id})
    return mandate


def mandate_history(*, user, mandate: Mandate, limit: int = 50) -> list:
    """Return the latest audit events of `mandate` and of the mandates it succeeded, newest first.

    Raise unless `user` may read its record. A mandate carried over from a replaced text keeps its history.
    """
    mandate_check_read_record(user=user, mandate=mandate)
    lineage = mandate_lineage(mandate)
    if len(lineage) == 1:
        return list(audit_list_for(obj=mandate, limit=limit))
    return list(AuditEvent.objects.filter(object_type=mandate._meta.label_lower,
                                          object_id__in=[str(pk) for pk in lineage])
                .select_related("actor").order_by("-created_at", "-id")[:limit])


def mandates_unresolved(*, user, convention: str | None = None) -> QuerySet[Mandate]:
    """Return the unmatched mandates of replaced texts that `user` may resolve (their convention's staff)."""
    qs = mandate_list(user=user, convention=convention, current_only=False).filter(unresolved=True)
    access = access_for(user)
    if access.everything:
        return qs
    return qs.filter(decision__convention_id__in=[c for c in access.secretariat if c is not None])


def mandate_successor_choices(*, user, mandate: Mandate) -> QuerySet[Mandate]:
    """Return the current mandates a staff member may pick as `mandate`'s successor: same decision, or the one
    that repealed it, of the latest texts."""
    decisions = [mandate.decision_id] + ([mandate.decision.repealed_by_id] if mandate.decision.repealed_by_id else [])
    return (mandate_list(user=user, current_only=True).filter(decision_id__in=decisions, successor__isnull=True,
                                                               unresolved=False)
            .exclude(pk=mandate.pk))


def evidence_list(*, user, mandate: Mandate) -> QuerySet[MandateEvidence]:
    """Return the evidence of `mandate`, newest first; raise unless `user` may read its record."""
    mandate_check_read_record(user=user, mandate=mandate)
    return evidence_visible_to(user).filter(mandate=mandate).select_related("added_by")


def evidence_get(*, user, evidence_id: int) -> MandateEvidence:
    """Return one evidence item `user` may read; NotFound otherwise ("missing" and "not yours" alike)."""
    evidence = None
    if id_in_range(evidence_id):
        evidence = evidence_visible_to(user).select_related("mandate").filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound(_("No evidence with id %(id)s.") % {"id": evidence_id})
    return evidence


def actor_list(*, user) -> QuerySet[Actor]:
    """Return the actors that hold at least one mandate `user` may read."""
    return Actor.objects.filter(decision_visibility(user, prefix="mandates__decision__"),
                                mandates__isnull=False).distinct()


def paragraph_search(*, q: str, user=None, limit: int = 100) -> QuerySet[Paragraph]:
    """Return paragraphs of decisions `user` may read containing every word of `q`.

    Without `user` it reads as the public does (the narrowest view), so a caller that forgets it leaks nothing.
    """
    qs = Paragraph.objects.filter(decision_visibility(user, prefix="revision__decision__")).select_related(
        "revision__decision__convention").defer("revision__parsed")  # not the whole parse once per paragraph
    words = [w for w in q.split() if len(w) > 1][:8]
    if not words:
        return qs.none()
    for word in words:
        qs = qs.filter(text__icontains=word)
    return qs.order_by("revision__decision__status", "revision__decision__convention__acronym")[:limit]


def batch_list(*, user, state: str | None = None) -> QuerySet[IngestBatch]:
    """Return the ingest batches `user` may review, newest first, optionally of one state."""
    qs = batch_visible_to(user).select_related("convention", "created_by")
    return qs.filter(state=state) if state else qs


def batch_get(*, user, batch_id: int) -> IngestBatch:
    """Return one batch `user` may review; NotFound otherwise ("missing" and "not yours" alike)."""
    batch = None
    if id_in_range(batch_id):
        batch = batch_list(user=user).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("No batch with id %(id)s.") % {"id": batch_id})
    return batch
