"""Hub targets: a target that resembles every other target is near to every item too, and crowds the top 3.

A target with a long, general text (GBF 19's financial resources: "resources", "implementation", "capacity"
and a dozen indicators of them) shares words and meaning with most items whatever they are about, and was
among the three best of 28 of the 45 items of the IPBES gold links (docs/suggest-gold.md). Its *hubness* is
measured on the candidate targets alone, each scored as a query against the others with the same lexical +
semantic mix as an item: the mean of its HUB_NEIGHBOURS best scores. A share of it (HUB_SHARE) is taken from
every item's score for that target before ranking (the idea of CSLS, Conneau et al. 2018, with the targets as
their own reference set, so an item's ranking never depends on which other items are scored with it).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from liaison.engine.alignment.lexical import Bm25Index
from liaison.engine.alignment.terms import terms_extract

# Chosen on the even half of the IPBES gold items (fixed seed) and checked on the other half and on
# bench_align_accuracy.py's indicator -> target tasks (docs/suggest-gold.md).
HUB_SHARE = 0.5
HUB_NEIGHBOURS = 10


def targets_hubness(
    index: Bm25Index,
    target_texts: list[str],
    weight: float,
    similarity: Callable[[int, int], np.ndarray] | None,
    *,
    neighbours: int = HUB_NEIGHBOURS,
    block_rows: int = 1024,
) -> np.ndarray:
    """Return each target's hubness: the mean of its `neighbours` best scores as a candidate for the other
    targets taken as queries, the lexical score (BM25 over the first len(target_texts) documents of `index`,
    normalized per query by its best other target) mixed with the cosines as an item's score is, `weight` of the
    latter. `similarity(start, stop)` returns the cosines of targets start..stop to every target (None: a
    lexical-only ranking). Queries are scored `block_rows` at a time, so memory stays block x targets.
    Zeros for fewer than 2 targets."""
    n_targets = len(target_texts)
    if n_targets < 2:
        return np.zeros(n_targets, dtype=np.float64)
    k = min(neighbours, n_targets - 1)
    best = np.full((0, n_targets), -np.inf)
    for start in range(0, n_targets, block_rows):
        stop = min(start + block_rows, n_targets)
        terms = [terms_extract(text) for text in target_texts[start:stop]]
        lexical = index.scores(terms)[:, :n_targets].astype(np.float64)
        rows = np.arange(stop - start)
        lexical[rows, rows + start] = 0.0
        lexical /= np.maximum(lexical.max(axis=1, keepdims=True), 1e-9)
        scores = (1.0 - weight) * lexical
        if similarity is not None and weight > 0:
            scores = scores + weight * similarity(start, stop)
        scores[rows, rows + start] = -np.inf  # a target is not its own neighbour
        best = np.vstack([best, scores])
        if best.shape[0] > k:  # keep, per column (a target as candidate), its k best queries so far
            best = -np.partition(-best, k - 1, axis=0)[:k]
    return best.mean(axis=0)
