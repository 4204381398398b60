"""Writes of the overlap area: start and execute a recomputation, record a lead MEA."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from liaison.core.actors import actor_is_system
from liaison.core.errors import Invalid
from liaison.core.services import audit_record
from liaison.core.text import text_clean
from liaison.engine.overlap import OTHER, TREATY_FOLDER, overlap_find
from liaison.overlap.models import RATIONALE_MAX, LeadAssignment, OverlapPair, OverlapRun, Theme
from liaison.overlap.permissions import lead_check_assign, overlap_check_run

logger = logging.getLogger(__name__)
RUNS_KEPT = 3


def person_or_none(user):
    """Return `user` when it is a signed-in person (not the system actor, not anonymous), else None."""
    if actor_is_system(user) or not getattr(user, "is_authenticated", False):
        return None
    return user


def overlap_run_start(*, user, threshold: float = 0.85) -> OverlapRun:
    """Queue a recomputation of the overlap report and return its run (progress is on the run)."""
    overlap_check_run(user=user)
    if not 0.0 < threshold <= 1.0:
        raise Invalid(_("The threshold is a similarity between 0 and 1."),
                      errors=[{"field": "threshold", "message": _("Between 0 (excluded) and 1.")}])
    run = OverlapRun.objects.create(threshold=threshold, step="queued", requested_by=person_or_none(user))
    from liaison.overlap.tasks import overlap_recompute

    transaction.on_commit(lambda: overlap_recompute.enqueue(run.pk))
    return run


def run_progress(run: OverlapRun, step: str) -> None:
    """Advance the run's progress by one step and store it, so the page's bar moves."""
    run.done = min(run.done + 1, run.total)
    run.step = step
    run.save(update_fields=["done", "step"])


def overlap_run_execute(*, run_id: int) -> OverlapRun:
    """Compute the overlap report for a queued run and store its pairs and themes."""
    from liaison.overlap.selectors import overlap_corpus_get

    run = OverlapRun.objects.get(pk=run_id)
    run.state, run.total, run.done = OverlapRun.RUNNING, 4, 0
    run.save(update_fields=["state", "total", "done"])
    try:
        corpus = overlap_corpus_get()
        run.paragraphs = len(corpus)
        run_progress(run, f"{len(corpus)} paragraphs gathered")
        result = overlap_find(corpus, threshold=run.threshold, models_dir=settings.MODELS_DIR,
                              treaty_dir=settings.DATA_DIR / TREATY_FOLDER)
        run_progress(run, "pairs and themes computed")
        with transaction.atomic():
            themes_store(run, result)
            run_progress(run, "stored")
            run.notes = [*result.get("notes", []), *run.notes]
            run.state, run.finished_at = OverlapRun.DONE, timezone.now()
            run.done, run.step = run.total, "done"
            run.save()
        stale = OverlapRun.objects.filter(state=OverlapRun.DONE).values_list("pk", flat=True)[RUNS_KEPT:]
        OverlapRun.objects.filter(pk__in=list(stale)).delete()
    except Exception as exc:  # the run records the failure; the server keeps serving
        logger.exception("overlap run %s failed", run_id)
        run.state, run.error, run.finished_at = OverlapRun.FAILED, str(exc)[:2000], timezone.now()
        run.save(update_fields=["state", "error", "finished_at"])
    return run


def themes_store(run: OverlapRun, result: dict) -> None:
    """Store a run's themes and its pairs, each pair with the themes its two paragraphs share."""
    stored: set[str] = set()
    for theme in result.get("themes", []):
        # The slug is the vocabulary id (the LEO term slugified) or "other": the same in every run.
        slug = slugify(theme.get("id") or OTHER)[:110] or OTHER
        if slug in stored:
            continue
        stored.add(slug)
        conventions = sorted({m["convention"] for m in theme["members"]})
        Theme.objects.create(run=run, slug=slug, label=theme["label"][:200], names=theme.get("names") or {},
                             terms=theme.get("terms", []), members=theme["members"], conventions=conventions,
                             lead=theme.get("lead") or {})
    rows = []
    for cross, key in ((True, "pairs"), (False, "internal")):
        for pair in result.get(key, []):
            slugs = [slug for slug in pair.get("themes") or [OTHER] if slug in stored]
            rows.append(OverlapPair(run=run, kind=pair["kind"], cross=cross, score=pair["score"], a=pair["a"],
                                    b=pair["b"], convention_a=pair["a"]["convention"],
                                    convention_b=pair["b"]["convention"], shared=pair.get("shared", []),
                                    themes=slugs))
    OverlapPair.objects.bulk_create(rows, batch_size=500)


def lead_assign(*, user, theme_slug: str, theme_label: str, convention, rationale: str, decision=None,
                meeting: str = "") -> LeadAssignment:
    """Record in the register which convention leads on a theme, with the rationale and the deciding text."""
    lead_check_assign(user=user, convention=convention)
    rationale = text_clean(rationale or "", max_length=RATIONALE_MAX, field="rationale").strip()
    meeting = text_clean(meeting or "", max_length=200, field="meeting").strip()
    if not rationale:
        message = _("Say why this convention leads: the rationale is what the register is for.")
        raise Invalid(message, errors=[{"field": "rationale", "message": message}])
    with transaction.atomic():
        entry = LeadAssignment.objects.create(theme_slug=theme_slug, theme_label=theme_label[:200],
                                              convention=convention, rationale=rationale, decision=decision,
                                              meeting=meeting, assigned_by=person_or_none(user))
        audit_record(actor=user, action="lead_assign", obj=entry,
                     changes={"theme": theme_label, "convention": convention.acronym})
    return entry
