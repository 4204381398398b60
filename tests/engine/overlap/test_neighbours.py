"""Exact top-k against a full sort, and the IVF index's recall on clustered vectors."""

from __future__ import annotations

import numpy as np
import pytest

from liaison.engine.overlap.neighbours import (
    ivf_build,
    neighbours_approximate,
    neighbours_brute,
    neighbours_exact,
    recall_at_k,
)
from tests.engine.overlap.synthetic import vectors_perturb


def unit_rows(n: int, dim: int, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize(("block_rows", "tile_cols"), [(1024, 32768), (97, 1300), (64, 256)])
def test_exact_equals_brute_force(block_rows, tile_cols):
    vectors = unit_rows(2500, 48)
    index, score = neighbours_exact(vectors, 10, block_rows=block_rows, tile_cols=tile_cols)
    ref_index, ref_score = neighbours_brute(vectors, 10)
    assert np.array_equal(index, ref_index)
    np.testing.assert_allclose(score, ref_score, atol=1e-5)


def test_exact_excludes_self_and_finds_planted_twin():
    vectors = unit_rows(3000, 32, seed=1)
    vectors[2999] = vectors[5]
    index, score = neighbours_exact(vectors, 5)
    assert not (index == np.arange(3000)[:, None]).any()
    assert index[5, 0] == 2999 and index[2999, 0] == 5
    assert score[5, 0] == pytest.approx(1.0, abs=1e-5)


def test_exact_threshold_and_short_corpus():
    vectors = unit_rows(6, 8, seed=2)
    index, score = neighbours_exact(vectors, 10)
    # Five other rows exist: the rest of the ten slots are empty.
    assert (index[:, 5:] == -1).all() and np.isneginf(score[:, 5:]).all()
    index, score = neighbours_exact(vectors, 3, threshold=0.99)
    assert (index == -1).all()


def test_exact_with_separate_queries():
    vectors = unit_rows(1000, 16, seed=3)
    index, _ = neighbours_exact(vectors, 4, queries=vectors[[10, 20]], query_ids=np.array([10, 20]))
    ref, _ = neighbours_brute(vectors, 4)
    assert np.array_equal(index, ref[[10, 20]])


def test_exact_empty_inputs():
    index, score = neighbours_exact(np.zeros((0, 8), np.float32), 3)
    assert index.shape == (0, 3) and score.shape == (0, 3)


def test_approximate_recall_on_clustered_vectors():
    base = unit_rows(400, 64, seed=4)
    vectors, _ = vectors_perturb(base, 20000, seed=5)
    exact, _ = neighbours_exact(vectors, 10)
    approx, _ = neighbours_approximate(vectors, 10, index=ivf_build(vectors, seed=0), nprobe=8)
    assert recall_at_k(approx, exact) >= 0.95
    assert not (approx == np.arange(20000)[:, None]).any()


def test_recall_at_k_counts_only_true_neighbours():
    truth = np.array([[1, 2, -1], [0, 2, 3]])
    found = np.array([[2, 5, 6], [3, 2, 0]])
    assert recall_at_k(found, truth) == pytest.approx(4 / 5)


def test_half_precision_vectors_give_the_float32_answer_of_the_same_values():
    # Stored as float16 (half the memory), searched through float32 tiles: the result is the exact
    # top-k of those float16 values, as a float32 search of the same values finds it.
    half = unit_rows(2500, 48, seed=6).astype(np.float16)
    index, score = neighbours_exact(half, 10, block_rows=97, tile_cols=1300)
    ref_index, ref_score = neighbours_brute(half.astype(np.float32), 10)
    assert np.array_equal(index, ref_index)
    np.testing.assert_allclose(score, ref_score, atol=1e-5)
    assert score.dtype == np.float32


def test_approximate_on_half_precision_vectors():
    base = unit_rows(400, 64, seed=4)
    vectors, _ = vectors_perturb(base, 20000, seed=5)
    half = vectors.astype(np.float16)
    exact, _ = neighbours_exact(half, 10)
    approx, _ = neighbours_approximate(half, 10, index=ivf_build(half, seed=0), nprobe=8)
    assert recall_at_k(approx, exact) >= 0.95
    assert not (approx == np.arange(20000)[:, None]).any()
