"""MinHash/LSH near-duplicates: planted copies are found, unrelated texts are not paired."""

from __future__ import annotations

import numpy as np

from liaison.engine.overlap.shingles import near_duplicates_find, signatures_compute, spans_shared
from tests.engine.overlap.synthetic import corpus_generate


def test_planted_duplicates_are_found():
    paragraphs, planted = corpus_generate(2000, seed=3)
    sig = signatures_compute([p["text"] for p in paragraphs])
    i, j, score = near_duplicates_find(sig, threshold=0.5)
    found = set(zip(i.tolist(), j.tolist(), strict=True))
    hits = sum((min(a, b), max(a, b)) in found for a, b in planted.tolist())
    assert len(planted) == 200
    assert hits / len(planted) >= 0.9
    assert (score >= 0.5).all() and (i < j).all()


def test_unrelated_texts_are_not_paired():
    texts = [
        "Requests the Secretariat to prepare guidelines on wind farms and migratory soaring birds",
        "Urges Parties to designate wetlands of international importance for waterbirds",
        "Invites the Scientific Council to review the status of sharks listed in Appendix II",
    ]
    i, _, _ = near_duplicates_find(signatures_compute(texts), threshold=0.3)
    assert i.size == 0


def test_estimated_jaccard_follows_the_overlap():
    a = " ".join(f"w{n}" for n in range(100))
    b = " ".join(f"w{n}" for n in range(50, 150))  # 48 of 148 shingles shared: Jaccard ~0.32
    sig = signatures_compute([a, a, b])
    i, j, score = near_duplicates_find(sig, threshold=0.0)
    pairs = dict(zip(zip(i.tolist(), j.tolist(), strict=True), score.tolist(), strict=True))
    assert pairs[(0, 1)] == 1.0
    assert abs(pairs.get((0, 2), 0.32) - 0.32) < 0.15


def test_empty_and_tiny_texts():
    sig = signatures_compute(["", "a", "a", "   "])
    i, j, _ = near_duplicates_find(sig, threshold=0.5)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(1, 2)]
    assert near_duplicates_find(signatures_compute([]))[0].size == 0


def test_spans_shared_gives_common_runs():
    a = "Requests the Secretariat to cooperate with the secretariats of other conventions on invasive alien species"
    b = "Invites the Executive Secretary to cooperate with the secretariats of other conventions on invasive alien species"
    spans = spans_shared(a, b)
    assert spans == ["to cooperate with the secretariats of other conventions on invasive alien species"]
    assert spans_shared("", b) == []
    assert isinstance(np.asarray(spans), np.ndarray)
