"""Suggest the targets an item (indicator, activity, national target...) contributes to, with reasons."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from liaison.engine.alignment.explain import Explainer
from liaison.engine.alignment.hubs import HUB_SHARE, targets_hubness
from liaison.engine.alignment.lexical import Bm25Index
from liaison.engine.alignment.terms import terms_extract
from liaison.engine.alignment.vectors import encoder_resolve, texts_embed
from liaison.engine.embedding import Encoder

# Share of the semantic score in the final one, per encoder, chosen by measured accuracy
# (benchmarks/bench_align_accuracy.py; docs/alignment.md has the table). The rest is BM25.
SEMANTIC_WEIGHTS = {"static": 0.6, "minilm": 0.9}
SEMANTIC_WEIGHT_DEFAULT = 0.6
# An accepted example is a second description of its target: an item is scored against the target
# text and against its nearest accepted example (the same lexical + semantic mix), and keeps the
# better of the two, the example's discounted by this factor. Items resemble other items more than
# they resemble targets (same style), so undiscounted examples of a wrong target win too often;
# 0.85 was the best compromise of 0.7-1.0 over the three tasks and both encoders (docs/alignment.md).
EXAMPLE_FACTOR = 0.85
# Share of the full texts' (text + context) cosine in the semantic score when records carry context; the rest
# is the cosine of the texts alone (benchmarks/bench_suggest_gold.py, docs/suggest-gold.md).
CONTEXT_SHARE = 0.5
# Rejected pairs sink below every other target (scores otherwise lie in [-1, 1]).
REJECTED_PENALTY = 10.0
BLOCK_ROWS = 1024  # items scored per matrix product: bounds memory at BLOCK_ROWS x vocabulary floats


# Boilerplate of indicator texts that says nothing about the topic: who reports, and where the data comes from.
_BOILERPLATE = re.compile(
    r"[({]\s*Data sources?:[^)}]*[)}]"
    r"|^\s*(?:%|per ?cent|number|proportion|percentage|share)\s+of\s+(?:Contracting\s+)?(?:Parties|countries)"
    r"(?:\s+(?:that|which))?(?:\s+(?:have|has|are|is|with|reporting))?",
    re.I,
)

_SPACE_BEFORE = re.compile(r"\s+([.,;:])")
_REPEATS = re.compile(r"([.,;:])\1+")


def context_clean(text: str) -> str:
    """Return an indicator text without its reporting boilerplate ("% of Parties that have", "(Data source: ...)")."""
    text = " ".join(_BOILERPLATE.sub(" ", text).split())
    return _REPEATS.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text)).strip()


def target_context_text(text: str, context: Sequence[str] = ()) -> str:
    """Return a target's text followed by its context (its indicators, cleaned of reporting boilerplate), as the
    one text it is matched on: indicators say what a target is about in other words than its own (measured in
    benchmarks/bench_suggest_gold.py, docs/alignment.md)."""
    parts = [text.strip(), *(context_clean(part) for part in context)]
    return ". ".join(part.rstrip(". ") for part in parts if part)


def _records_check(records: Sequence[dict], name: str) -> None:
    for position, record in enumerate(records):
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text"), str):
            raise ValueError(f"{name}[{position}] must be a dict with an 'id' and a 'text' string")
        context = record.get("context", ())
        if isinstance(context, str) or not all(isinstance(part, str) for part in context):
            raise ValueError(f"{name}[{position}]['context'] must be a list of strings")


def _full_texts(records: Sequence[dict]) -> list[str]:
    """Return each record's text followed by its context (its text alone when it has none)."""
    return [target_context_text(r["text"], r.get("context") or ()) for r in records]


def _examples_group(
    accepted: Iterable[tuple[str, object]], target_rows: dict
) -> tuple[list[str], np.ndarray]:
    """Return accepted example texts sorted by target row, and the target row of each."""
    pairs = sorted(
        (
            (target_rows[target_id], text)
            for text, target_id in accepted
            if target_id in target_rows and text.strip()
        ),
        key=lambda pair: pair[0],
    )
    return [text for _, text in pairs], np.array([row for row, _ in pairs], dtype=np.int64)


def _examples_max(similarities: np.ndarray, owners: np.ndarray, n_targets: int) -> np.ndarray:
    """Return (items x targets): each item's best similarity to the accepted examples of each target (-1 if none)."""
    best = np.full((similarities.shape[0], n_targets), -1.0, dtype=np.float32)
    if owners.size:
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        best[:, owners[starts]] = np.maximum.reduceat(similarities, starts, axis=1)
    return best


def _rejected_rows(items: list[dict], rejected: Iterable[tuple], target_rows: dict) -> dict[int, list[int]]:
    """Return {item row: [target rows]} of the rejected (item id, target id) pairs."""
    item_rows = defaultdict(list)
    for row, item in enumerate(items):
        item_rows[item["id"]].append(row)
    rows: dict[int, list[int]] = defaultdict(list)
    for item_id, target_id in rejected:
        if target_id in target_rows:
            for row in item_rows.get(item_id, ()):
                rows[row].append(target_rows[target_id])
    return rows


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Return the column indices of the k best scores of each row, best first."""
    if k >= scores.shape[1]:
        return np.argsort(-scores, axis=1, kind="stable")
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def targets_suggest(
    items: list[dict],
    targets: list[dict],
    *,
    top_k: int = 3,
    encoder: Encoder | str | None = None,
    models_dir: str | Path | None = None,
    accepted: Iterable[tuple[str, object]] = (),
    rejected: Iterable[tuple[object, object]] = (),
    embeddings_cache: dict | None = None,
    semantic_weight: float | None = None,
    hub_share: float | None = None,
) -> list[dict]:
    """Return, per item, its `top_k` best targets as {"id", "matches": [{"id", "score", "why"}]}, best first.

    A record may carry "context", a list of further texts about it (a target's indicators): BM25 reads the
    text and its context, the semantic score averages the cosine with and without the context (CONTEXT_SHARE).

    Targets with a score of 0 or less (no shared term, no similarity, rejected, or no better than the target
    scores for the other targets) are left out.

    The score mixes BM25 over stemmed terms (lexical) and the cosine of encoder embeddings
    (semantic), `semantic_weight` of the latter (default: SEMANTIC_WEIGHTS of the encoder).
    `accepted` (item text, target id) pairs teach: each example is a second description of its
    target, and an item close to it scores high for that target. `rejected` (item id, target id)
    pairs are left out. `semantic_weight=0` gives a lexical-only ranking and loads no encoder.
    `embeddings_cache` ({(encoder name, text): vector}) keeps vectors between calls.
    An `encoder` given by name (or None, the default one) is loaded from `models_dir`.
    `hub_share` of each target's hubness (how well it scores for the other targets, see hubs.py) is taken from
    its score, so a general target does not crowd every item's top 3: by default HUB_SHARE when records carry
    context, 0 (off) when none does.
    """
    _records_check(items, "items")
    _records_check(targets, "targets")
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    if semantic_weight is not None and not 0.0 <= semantic_weight <= 1.0:
        raise ValueError("semantic_weight must lie between 0 and 1")
    if hub_share is not None and not 0.0 <= hub_share <= 1.0:
        raise ValueError("hub_share must lie between 0 and 1")
    if not items or not targets:
        return [{"id": item["id"], "matches": []} for item in items]
    target_rows = {target["id"]: row for row, target in enumerate(targets)}
    target_texts = _full_texts(targets)
    # With context (indicators...), the semantic score averages the cosine of the full texts and that of the
    # texts alone, so a long list of indicators does not drown the target's own words in the mean-pooled vector.
    with_context = any(r.get("context") for r in (*items, *targets))
    if hub_share is None:
        # Measured: with context the hub share raises top-1 and top-3 on the IPBES gold links; on bare short texts
        # (bench_align_accuracy.py's indicators -> targets) it costs 0.01-0.02 of top-1, so it is off there.
        hub_share = HUB_SHARE if with_context else 0.0
    example_texts, example_owners = _examples_group(accepted, target_rows)

    # Targets and accepted examples are documents of one BM25 index (one idf); an example's score
    # then counts for its target like its semantic similarity does (nearest accepted example).
    index = Bm25Index(target_texts + example_texts)
    n_targets = len(targets)
    item_texts = _full_texts(items)
    item_terms = [terms_extract(text) for text in item_texts]

    weight = semantic_weight
    model = None
    if weight is None or weight > 0:
        model = encoder_resolve(encoder, models_dir=models_dir)
        weight = SEMANTIC_WEIGHTS.get(model.name, SEMANTIC_WEIGHT_DEFAULT) if weight is None else weight
        # Cosines in float64: a float32 product's last bits depend on how many rows BLAS multiplies at once, so a
        # score on a rounding edge (0.50015) came out 0.5002 or 0.5001 with the block size; in float64 it does not.
        target_vectors = texts_embed(model, target_texts, embeddings_cache).astype(np.float64)
        item_vectors = texts_embed(model, item_texts, embeddings_cache).astype(np.float64)
        if with_context:
            target_own = texts_embed(model, [target["text"] for target in targets], embeddings_cache).astype(np.float64)
            item_own = texts_embed(model, [item["text"] for item in items], embeddings_cache).astype(np.float64)
        example_vectors = texts_embed(model, example_texts, embeddings_cache).astype(np.float64)
    hubness = None
    if hub_share > 0:
        among = None
        if model is not None and weight > 0:

            def among(start: int, stop: int) -> np.ndarray:
                cosines = target_vectors[start:stop] @ target_vectors.T
                if with_context:
                    cosines = CONTEXT_SHARE * cosines + (1 - CONTEXT_SHARE) * (target_own[start:stop] @ target_own.T)
                return cosines

        hubness = hub_share * targets_hubness(index, target_texts, weight, among, block_rows=BLOCK_ROWS)

    rejected_rows = _rejected_rows(items, rejected, target_rows)

    k = min(top_k, len(targets))
    best = np.empty((len(items), k), dtype=np.int64)
    best_scores = np.empty((len(items), k), dtype=np.float32)
    from_example = np.zeros((len(items), k), dtype=bool)
    for start in range(0, len(items), BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, len(items))
        lexical = index.scores(item_terms[start:stop])
        lexical /= np.maximum(lexical.max(axis=1, keepdims=True), 1e-9)
        scores = (1.0 - weight) * lexical[:, :n_targets]
        evidence = None  # how much the accepted examples say for each target
        if example_texts:
            evidence = (1.0 - weight) * _examples_max(lexical[:, n_targets:], example_owners, n_targets)
        if model is not None and weight > 0:
            similarity = item_vectors[start:stop] @ target_vectors.T
            if with_context:
                similarity = CONTEXT_SHARE * similarity + (1 - CONTEXT_SHARE) * (item_own[start:stop] @ target_own.T)
            scores += weight * similarity
            if evidence is not None:  # there are accepted examples
                similar = _examples_max(
                    item_vectors[start:stop] @ example_vectors.T, example_owners, n_targets
                )
                evidence += weight * similar
        example_wins = None
        if evidence is not None:
            evidence *= EXAMPLE_FACTOR
            example_wins = evidence > scores
            scores = np.maximum(scores, evidence)
        if hubness is not None:
            # A pair with no evidence at all (score <= 0) stays out however small its target's hubness.
            scores = np.where(scores > 0, scores - hubness, np.minimum(scores, 0.0))
        for row in range(start, stop):
            if row in rejected_rows:
                scores[row - start, rejected_rows[row]] -= REJECTED_PENALTY
        top = _top_k(scores, k)
        best[start:stop] = top
        best_scores[start:stop] = np.take_along_axis(scores, top, axis=1)
        if example_wins is not None:
            from_example[start:stop] = np.take_along_axis(example_wins, top, axis=1)

    embed = (
        (lambda texts: texts_embed(model, texts, embeddings_cache))
        if model is not None and weight > 0
        else None
    )
    explainer = Explainer(index, target_texts, embed)
    results = []
    for row, item in enumerate(items):
        terms = set(item_terms[row])
        vector = item_vectors[row] if embed is not None else None
        matches = []
        for column, target_row in enumerate(best[row]):
            if best_scores[row, column] <= 0:
                break  # no evidence at all (or a rejected pair): not a suggestion
            example = None
            if from_example[row, column]:
                own = np.flatnonzero(example_owners == target_row)
                if vector is not None:
                    closeness = example_vectors[own] @ vector
                else:
                    closeness = np.array([len(terms & set(terms_extract(example_texts[n]))) for n in own])
                example = example_texts[own[int(np.argmax(closeness))]]
            matches.append(
                {
                    "id": targets[target_row]["id"],
                    "score": round(float(best_scores[row, column]), 4),
                    "why": explainer.why(terms, vector, int(target_row), example),
                }
            )
        results.append({"id": item["id"], "matches": matches})
    return results
