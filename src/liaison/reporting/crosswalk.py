"""Writes of the question crosswalk: identical-text links, engine suggestions, curated links, staff review.

The public services check who acts (`reporting.permissions`); `link_upsert` is their shared step, called only
by them and by the loader of curated links (as the system actor).
"""

from __future__ import annotations

import difflib
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liaison.core.services import audit_record
from liaison.reporting.formats import markup_strip
from liaison.reporting.models import Question, QuestionLink, Questionnaire
from liaison.reporting.permissions import link_check_review, links_check_suggest

NEAR_IDENTICAL = 0.9
# A yes / to some extent / no answer onto the GBF scale of the CBD seventh report (and back).
SCALE_MAPS = [
    ({"true", "true.some", "false"}, {"fully", "partially", "no"},
     {"true": "fully", "true.some": "partially", "false": "no"}),
    ({"true", "false"}, {"yes", "no"}, {"true": "yes", "false": "no"}),
    ({"true", "false"}, {"fully", "no"}, {"true": "fully", "false": "no"}),
]


def text_key(text: str) -> str:
    """Return a question text reduced for comparison: no markup, case, punctuation or numbering."""
    text = markup_strip(text).lower().replace("’", "'")
    text = re.sub(r"\bquestion \d+[a-z]?\b", "question", text)
    return re.sub(r"[^\w]+", " ", text).strip()


def option_map(source: Question, target: Question) -> dict | None:
    """Return {"map": ...} carrying the source's options onto the target's, {} for identity, None if unmappable."""
    source_values = [o["value"] for o in source.options]
    target_values = [o["value"] for o in target.options]
    if not source_values and not target_values:
        return {}
    if source_values == target_values:
        return {}
    by_label = {text_key(o.get("label") or o["value"]): o["value"] for o in target.options}
    mapping = {o["value"]: by_label[text_key(o.get("label") or o["value"])] for o in source.options
               if text_key(o.get("label") or o["value"]) in by_label}
    if mapping and len(mapping) >= min(len(source_values), len(target_values)):
        return {"map": mapping}
    for source_set, target_set, scale in SCALE_MAPS:
        if set(source_values) <= source_set and target_set <= set(target_values):
            return {"map": {k: v for k, v in scale.items() if k in source_values}}
    return None


def kinds_compatible(source: Question, target: Question) -> bool:
    choice = Question.CHOICE_KINDS
    if source.kind in choice and target.kind in choice:
        return (source.kind == Question.MULTIPLE) == (target.kind == Question.MULTIPLE)
    return source.kind == target.kind


def link_upsert(*, source: Question, target: Question, relation: str = QuestionLink.SAME,
                transform: dict | None = None, status: str = QuestionLink.SUGGESTED, origin: str = "engine",
                score: float | None = None, why: str = "", user=None) -> tuple[QuestionLink, bool]:
    """Create or update a link; a link staff already reviewed keeps its review unless `user` changes it."""
    with transaction.atomic():
        link, created = QuestionLink.objects.get_or_create(source=source, target=target, defaults={
            "relation": relation, "transform": transform or {}, "status": status, "origin": origin,
            "score": score, "why": why[:500]})
        if not created and (user is not None or link.status == QuestionLink.SUGGESTED):
            link.relation, link.transform, link.origin = relation, transform or {}, origin
            link.score, link.why, link.status = score, why[:500], status
            link.save()
        if created or user is not None:
            audit_record(actor=user, action="link", obj=link,
                         changes={"source": source.key, "target": target.key, "status": link.status})
    return link, created


def links_identical_text(*, user, source: Questionnaire, target: Questionnaire,
                         threshold: float = NEAR_IDENTICAL) -> dict:
    """Link (accepted) each target question to the source question with identical or near-identical text.

    Returns the counts: identical, near-identical, target questions compared, unmatched.
    """
    links_check_suggest(user=user, source=source, target=target)
    sources = [q for q in source.questions.exclude(kind=Question.HEADER).filter(retired_at__isnull=True)]
    source_keys = [(q, text_key(q.title)) for q in sources]
    counts = {"identical": 0, "near_identical": 0, "compared": 0, "unmatched": 0}
    taken: set[int] = set()
    for question in target.questions.exclude(kind=Question.HEADER).filter(retired_at__isnull=True):
        counts["compared"] += 1
        key = text_key(question.title)
        best, best_ratio = None, 0.0
        for candidate, candidate_key in source_keys:
            if candidate.pk in taken or not kinds_compatible(candidate, question):
                continue
            matcher = difflib.SequenceMatcher(None, key, candidate_key, autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            ratio = 1.0 if key == candidate_key else matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        transform = option_map(best, question) if best is not None else None
        if best is None or best_ratio < threshold or transform is None:
            counts["unmatched"] += 1
            continue
        taken.add(best.pk)
        exact = best_ratio == 1.0
        counts["identical" if exact else "near_identical"] += 1
        link_upsert(source=best, target=question, transform=transform, status=QuestionLink.ACCEPTED,
                    origin="identical-text" if exact else "near-identical-text", score=round(best_ratio, 3),
                    why=f"question texts {'identical' if exact else f'{best_ratio:.0%} alike'}")
    return counts


def links_suggest(*, user, source: Questionnaire, target: Questionnaire, top_k: int = 3, min_score: float = 0.5,
                  encoder=None) -> int:
    """Store the suggestion engine's proposed links from `source` questions to `target` questions."""
    from liaison.engine import alignment

    links_check_suggest(user=user, source=source, target=target)
    suggest = getattr(alignment, "targets_suggest", None)
    if suggest is None:
        raise RuntimeError("the suggestion engine (liaison.engine.alignment.targets_suggest) is not available yet")
    items = [{"id": q.pk, "text": q.title} for q in source.questions.exclude(kind=Question.HEADER)]
    targets = [{"id": q.pk, "text": q.title} for q in target.questions.exclude(kind=Question.HEADER)]
    reviewed = QuestionLink.objects.filter(source__questionnaire=source, target__questionnaire=target)
    accepted = list(reviewed.filter(status=QuestionLink.ACCEPTED).values_list("source__title", "target"))
    rejected = list(reviewed.filter(status=QuestionLink.REJECTED).values_list("source", "target"))
    results = suggest(items, targets, top_k=top_k, encoder=encoder, models_dir=settings.MODELS_DIR,
                      accepted=accepted, rejected=rejected)
    by_id = {q.pk: q for q in Question.objects.filter(questionnaire__in=[source, target])}
    n = 0
    for result in results:
        for match in result.get("matches") or []:
            if match["score"] < min_score:
                continue
            s, t = by_id[result["id"]], by_id[match["id"]]
            if not kinds_compatible(s, t):
                continue
            transform = option_map(s, t)
            _link, created = link_upsert(source=s, target=t, transform=transform or {}, origin="engine",
                                         score=round(float(match["score"]), 3), why=str(match.get("why", ""))[:500])
            n += created
    return n


def link_review(*, user, link: QuestionLink, status: str, transform: dict | None = None) -> QuestionLink:
    """Record staff's accept or reject of a link (and, optionally, its value transformation)."""
    link_check_review(user=user, link=link)
    if status not in (QuestionLink.ACCEPTED, QuestionLink.REJECTED, QuestionLink.SUGGESTED):
        raise ValueError(status)
    with transaction.atomic():
        before = {"status": link.status, "transform": link.transform}
        link.status, link.reviewed_at = status, timezone.now()
        link.reviewed_by = user if getattr(user, "pk", None) else None
        if transform is not None:
            link.transform = transform
        link.save()
        audit_record(actor=user, action="review", obj=link,
                     changes={"before": before, "after": {"status": status, "transform": link.transform}})
    return link
