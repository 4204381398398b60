"""Reads of the overlap report: the corpus to compare, the latest run, its pairs and themes, the register."""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention
from liaison.core.errors import NotFound
from liaison.core.schemas import id_in_range
from liaison.decisions.models import Decision, Paragraph
from liaison.decisions.permissions import decision_visibility, decision_visible_to
from liaison.engine.overlap import TREATY_FOLDER, treaty_units
from liaison.engine.overlap.machinery import PROCEDURAL
from liaison.overlap.models import LeadAssignment, OverlapPair, OverlapRun, Theme

PROSE_MIN_WORDS = 12


def prose_is(text: str) -> bool:
    """Return True for substantive running text (not a species list, a table row or a final clause)."""
    words = text.split()
    if len(words) < PROSE_MIN_WORDS or PROCEDURAL.search(text):
        return False
    lower = sum(1 for w in words if re.fullmatch(r"[a-z][a-z,;.()'-]*", w))
    return lower / len(words) > 0.5


def overlap_corpus_get(*, with_treaties: bool = True) -> list[dict]:
    """Return the paragraphs to compare: operative paragraphs of public decision texts, and treaty articles."""
    corpus = []
    # The report is public: it compares only what an anonymous reader may see, whoever computes it.
    public = decision_visibility(None, prefix="revision__decision__")
    paragraphs = (Paragraph.objects.filter(public, kind=Paragraph.OPERATIVE, revision__decision__has_text=True)
                  .select_related("revision__decision__convention").prefetch_related("mandates")
                  # not each revision's whole parse, once per paragraph: a 1,243-paragraph compilation read as
                  # one record made that 1,243 copies of its 2 MB JSON (the 3.7 GB of `liaison load`)
                  .defer("revision__parsed")
                  .order_by("revision__decision_id", "-revision__created_at", "order"))
    latest: dict[int, int] = {}
    for p in paragraphs:
        decision = p.revision.decision
        if latest.setdefault(decision.pk, p.revision_id) != p.revision_id:
            continue  # an older revision of the same decision
        corpus.append({
            "document": f"{decision.convention.acronym} {decision.kind.capitalize()} {decision.number}",
            "convention": decision.convention.acronym, "paragraph": p.number, "text": p.text,
            "year": decision.year, "in_effect": decision.status == Decision.IN_EFFECT,
            "is_mandate": bool(p.mandates.all()),
            "url": reverse("decisions:decision_detail", args=[decision.pk]) + f"#{p.anchor}",
        })
    if with_treaties:
        treaty_dir = settings.DATA_DIR / TREATY_FOLDER
        for convention in Convention.objects.exclude(treaty_text_file="").order_by("acronym"):
            for label, text in treaty_units(convention.acronym, treaty_dir) or ():
                if prose_is(text):
                    corpus.append({"document": f"{convention.acronym} treaty text", "convention": convention.acronym,
                                   "paragraph": label, "text": text, "year": convention.year, "in_effect": True,
                                   "is_mandate": False, "url": ""})
    return corpus


def run_latest() -> OverlapRun | None:
    """Return the most recent run, whatever its state."""
    return OverlapRun.objects.first()


def run_latest_done() -> OverlapRun | None:
    """Return the most recent finished run."""
    return OverlapRun.objects.filter(state=OverlapRun.DONE).first()


def run_done_before(*, run: OverlapRun) -> OverlapRun | None:
    """Return the finished run made just before `run` (what the report showed until `run`), or None."""
    return OverlapRun.objects.filter(state=OverlapRun.DONE, pk__lt=run.pk).order_by("-pk").first()


def run_get(*, run_id: int) -> OverlapRun:
    """Return one run (runs and their progress are public); NotFound otherwise."""
    run = OverlapRun.objects.filter(pk=run_id).first() if id_in_range(run_id) else None
    if run is None:
        raise NotFound(_("No overlap run with id %(id)s.") % {"id": run_id})
    return run


def pair_list(*, run: OverlapRun | None, convention: str | None = None, theme: str | None = None,
              min_score: float | None = None, cross: bool = True) -> QuerySet[OverlapPair]:
    """Return a run's pairs, filtered by convention, theme slug and minimum score."""
    if run is None:
        return OverlapPair.objects.none()
    qs = run.pairs.filter(cross=cross)
    if convention:
        qs = qs.filter(convention_a__iexact=convention) | qs.filter(convention_b__iexact=convention)
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    if theme:
        qs = [p for p in qs if theme in p.themes]
    return qs


def theme_list(*, run: OverlapRun | None) -> QuerySet[Theme]:
    """Return a run's themes."""
    return run.themes.all() if run else Theme.objects.none()


def theme_get(*, run: OverlapRun | None, slug: str) -> Theme | None:
    """Return one theme of a run by slug."""
    return run.themes.filter(slug=slug).first() if run else None


def lead_list(*, theme_slug: str | None = None) -> QuerySet[LeadAssignment]:
    """Return the lead-MEA register (public), by theme and newest first within each theme."""
    qs = LeadAssignment.objects.select_related("convention", "decision__convention", "assigned_by")
    return qs.filter(theme_slug=theme_slug) if theme_slug else qs


def lead_decision_choices(*, user) -> QuerySet[Decision]:
    """Return the decisions `user` may name as the one that assigned a lead: texts they may read."""
    return decision_visible_to(user).filter(has_text=True).select_related("convention")
