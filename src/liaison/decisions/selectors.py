"""Reads of decisions, the in-effect lists and the mandate tracker."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from liaison.catalogue.models import Convention
from liaison.decisions.models import Actor, Decision, Mandate, Paragraph, Reference


def decision_list(*, convention: str | None = None, status: str | None = None, q: str | None = None
                  ) -> QuerySet[Decision]:
    """Return decisions filtered by convention acronym, status and a text query, with mandate counts."""
    qs = Decision.objects.select_related("convention", "repealed_by__convention").annotate(
        mandates_count=Count("mandates", distinct=True)
    )
    if convention:
        qs = qs.filter(convention__acronym__iexact=convention)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return qs


def decision_get(*, decision_id: int) -> Decision:
    """Return one decision with its convention, or raise Http404."""
    decision = Decision.objects.select_related("convention", "repealed_by__convention").filter(pk=decision_id).first()
    if decision is None:
        raise Http404(f"No decision with id {decision_id}.")
    return decision


def decision_paragraphs(*, decision: Decision) -> dict[str, list[Paragraph]]:
    """Return the current revision's paragraphs by kind, with their mandates and references."""
    revision = decision.current_revision
    if revision is None:
        return {"preamble": [], "operative": [], "annex": []}
    paragraphs = (
        revision.paragraphs.order_by("order")
        .prefetch_related(
            Prefetch("mandates", queryset=Mandate.objects.select_related("actor").order_by("order")),
            Prefetch("references", queryset=Reference.objects.select_related("target__convention")),
        )
    )
    grouped: dict[str, list[Paragraph]] = {"preamble": [], "operative": [], "annex": []}
    for p in paragraphs:
        grouped[p.kind].append(p)
    return grouped


def decisions_in_effect(*, convention: Convention) -> dict[str, QuerySet[Decision]]:
    """Return a convention's decisions in effect, and those no longer in effect with what ended them."""
    qs = decision_list(convention=convention.acronym)
    return {
        "in_effect": qs.filter(status=Decision.IN_EFFECT),
        "ended": qs.exclude(status=Decision.IN_EFFECT),
    }


def references_to(*, decision: Decision) -> QuerySet[Reference]:
    """Return the references other decisions make to this one."""
    return Reference.objects.filter(target=decision).select_related("source__convention", "paragraph")


def mandate_list(*, convention: str | None = None, actor: str | None = None, status: str | None = None,
                 has_deadline: bool | None = None, decision_id: int | None = None, current_only: bool = True
                 ) -> QuerySet[Mandate]:
    """Return mandates filtered for the tracker."""
    qs = Mandate.objects.select_related("decision__convention", "paragraph", "actor", "owner")
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
    if decision_id:
        qs = qs.filter(decision_id=decision_id)
    return qs.order_by("decision__convention__acronym", "decision__number", "paragraph__order", "order")


def mandate_counts_by_actor(*, mandates: QuerySet[Mandate]) -> list[dict]:
    """Return how many of the given mandates each actor holds, most first."""
    return list(mandates.values("actor__code", "actor__label").annotate(n=Count("id")).order_by("-n"))


def actor_list() -> QuerySet[Actor]:
    """Return the actors that hold at least one mandate."""
    return Actor.objects.filter(mandates__isnull=False).distinct()


def paragraph_search(*, q: str, limit: int = 100) -> QuerySet[Paragraph]:
    """Return paragraphs of current decision texts containing every word of `q`."""
    qs = Paragraph.objects.select_related("revision__decision__convention")
    words = [w for w in q.split() if len(w) > 1][:8]
    if not words:
        return qs.none()
    for word in words:
        qs = qs.filter(text__icontains=word)
    return qs.order_by("revision__decision__status", "revision__decision__convention__acronym")[:limit]
