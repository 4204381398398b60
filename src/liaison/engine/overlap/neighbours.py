"""Top-k nearest neighbours by inner product: exact blocked search and an IVF approximate index.

Vectors are float32 rows, L2-normalized by the caller, so the inner product is the cosine.
The exact search is one large matrix multiply per (query block, corpus tile); the selection of
the k best is kept cheap by comparing each tile against a per-row lower bound of the k-th best
score (a running bound, seeded from chunk maxima) so that only a handful of candidates per row
ever reach a sort. That is what keeps the search close to the cost of the multiply alone.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

# A query block of 1024 rows against a 32768-column tile is a 128 MB float32 buffer: large enough
# for sgemm to run at full speed, small enough to stay cheap to scan.
BLOCK_ROWS = 1024
TILE_COLS = 32768
# Width of the column chunks whose maxima seed the lower bound of the k-th best score.
CHUNK_WIDTH = 128


def _as_matrix(vectors: np.ndarray) -> np.ndarray:
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError(f"expected a 2-d matrix of vectors, got shape {matrix.shape}")
    return matrix


def _topk_merge(
    top_scores: np.ndarray,
    top_index: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
) -> None:
    """Merge candidates (rows, cols, values) into the per-row sorted top-k arrays, in place."""
    b, k = top_scores.shape
    keep = top_index.ravel() >= 0
    all_rows = np.concatenate([np.repeat(np.arange(b), k)[keep], rows])
    all_vals = np.concatenate([top_scores.ravel()[keep], values])
    all_cols = np.concatenate([top_index.ravel()[keep], cols])
    # Sort by row, then by descending score, then by ascending index so ties break the same way
    # the brute-force reference does.
    order = np.lexsort((all_cols, -all_vals, all_rows))
    all_rows = all_rows[order]
    starts = np.searchsorted(all_rows, all_rows, side="left")
    rank = np.arange(all_rows.size) - starts
    sel = rank < k
    top_scores.fill(-np.inf)
    top_index.fill(-1)
    top_scores[all_rows[sel], rank[sel]] = all_vals[order][sel]
    top_index[all_rows[sel], rank[sel]] = all_cols[order][sel]


def _chunk_bound(sims: np.ndarray, k: int) -> np.ndarray:
    """Per-row lower bound of the k-th largest value: the k-th largest of k or more chunk maxima."""
    b, w = sims.shape
    chunks = w // CHUNK_WIDTH
    if chunks < k:
        return np.full(b, -np.inf, dtype=np.float32)
    # Chunk j holds the columns j, j + chunks, j + 2*chunks...: reducing over the middle axis of
    # this reshape runs as contiguous vector maxima, twice as fast as contiguous chunks.
    maxima = sims[:, : chunks * CHUNK_WIDTH].reshape(b, CHUNK_WIDTH, chunks).max(axis=1)
    # Each chunk maximum is a distinct element of the row, so the k-th largest of them can only
    # be smaller than or equal to the row's true k-th largest.
    return np.partition(maxima, chunks - k, axis=1)[:, chunks - k]


def _candidates(
    sims: np.ndarray, bound: np.ndarray, mask: np.ndarray, k: int, seed_bound: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (rows, cols, values) of the entries of `sims` at or above the per-row bound."""
    if seed_bound:
        np.maximum(bound, _chunk_bound(sims, k), out=bound)
    np.greater_equal(sims, bound[:, None], out=mask)
    # flatnonzero on the flat mask is an order of magnitude faster than 2-d nonzero.
    flat = np.flatnonzero(mask)
    rows, cols = np.divmod(flat, sims.shape[1])
    values = sims.ravel()[flat] if sims.flags.c_contiguous else sims[rows, cols]
    finite = values > -np.inf
    if not finite.all():
        rows, cols, values = rows[finite], cols[finite], values[finite]
    return rows, cols, values


def neighbours_exact(
    vectors: np.ndarray,
    k: int = 10,
    *,
    queries: np.ndarray | None = None,
    query_ids: np.ndarray | None = None,
    threshold: float | None = None,
    block_rows: int = BLOCK_ROWS,
    tile_cols: int = TILE_COLS,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (index int64 (m, k), score float32 (m, k)) of the exact top-k rows of `vectors`.

    Without `queries`, every row is a query and its self-match is excluded. With `queries`, pass
    `query_ids` (their row numbers in `vectors`, or -1) to exclude self-matches. Missing
    neighbours (fewer than k rows, or below `threshold`) are index -1 and score -inf.
    """
    corpus = _as_matrix(vectors)
    if queries is None:
        qmat = corpus
        qids = np.arange(corpus.shape[0])
    else:
        qmat = _as_matrix(queries)
        qids = np.full(qmat.shape[0], -1) if query_ids is None else np.asarray(query_ids, dtype=np.int64)
    n, m = corpus.shape[0], qmat.shape[0]
    out_index = np.full((m, k), -1, dtype=np.int64)
    out_score = np.full((m, k), -np.inf, dtype=np.float32)
    if n == 0 or m == 0 or k <= 0:
        return out_index, out_score
    if qmat.shape[1] != corpus.shape[1]:
        raise ValueError("queries and vectors have different dimensions")
    tile_cols = min(tile_cols, n)
    block_rows = min(block_rows, m)
    # Flat buffers viewed as (rows, width) so that every tile, even the narrower last one, is a
    # contiguous matrix (sgemm writes it directly; flatnonzero needs no copy).
    buffer = np.empty(block_rows * tile_cols, dtype=np.float32)
    mask = np.empty(block_rows * tile_cols, dtype=bool)
    floor = -np.inf if threshold is None else np.float32(threshold)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for r0 in range(0, m, block_rows):
            r1 = min(r0 + block_rows, m)
            b = r1 - r0
            top_scores = out_score[r0:r1]
            top_index = out_index[r0:r1]
            bound = np.full(b, floor, dtype=np.float32)
            block_ids = qids[r0:r1]
            for c0 in range(0, n, tile_cols):
                c1 = min(c0 + tile_cols, n)
                w = c1 - c0
                sims = np.matmul(qmat[r0:r1], corpus[c0:c1].T, out=buffer[: b * w].reshape(b, w))
                inside = np.nonzero((block_ids >= c0) & (block_ids < c1))[0]
                if inside.size:
                    sims[inside, block_ids[inside] - c0] = -np.inf
                # Selection is single-threaded numpy work while BLAS is idle: split the rows in two
                # halves on two threads (the ufuncs release the GIL).
                tile_mask = mask[: b * w].reshape(b, w)
                halves = [slice(0, b // 2), slice(b // 2, b)] if b >= 64 else [slice(0, b)]
                futures = [
                    pool.submit(_candidates, sims[h], bound[h], tile_mask[h], k, c0 == 0) for h in halves
                ]
                parts = [f.result() for f in futures]
                rows = np.concatenate([p[0] + h.start for p, h in zip(parts, halves, strict=True)])
                cols = np.concatenate([p[1] for p in parts])
                values = np.concatenate([p[2] for p in parts])
                _topk_merge(top_scores, top_index, rows, cols + c0, values)
                # The k-th best so far is an exact lower bound for every later tile.
                np.maximum(bound, top_scores[:, k - 1], out=bound)
    return out_index, out_score


def neighbours_brute(vectors: np.ndarray, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Return the exact top-k by a full sort of the similarity matrix (reference for small inputs)."""
    corpus = _as_matrix(vectors)
    n = corpus.shape[0]
    sims = corpus @ corpus.T
    np.fill_diagonal(sims, -np.inf)
    order = np.lexsort((np.broadcast_to(np.arange(n), sims.shape), -sims), axis=1)[:, :k]
    scores = np.take_along_axis(sims, order, axis=1)
    index = np.where(np.isfinite(scores), order, -1)
    pad = max(0, k - n)
    if pad:
        index = np.pad(index, ((0, 0), (0, pad)), constant_values=-1)
        scores = np.pad(scores, ((0, 0), (0, pad)), constant_values=-np.inf)
    return index.astype(np.int64), scores.astype(np.float32)


@dataclass
class IvfIndex:
    """An inverted-file index: spherical k-means centroids and the rows of each list."""

    centroids: np.ndarray  # (nlist, dim) float32, L2-normalized
    assign: np.ndarray  # (n,) int64 list of each row
    order: np.ndarray  # rows sorted by list
    offsets: np.ndarray  # (nlist + 1,) start of each list in `order`


def _assign(vectors: np.ndarray, centroids: np.ndarray, block: int = 65536) -> np.ndarray:
    out = np.empty(vectors.shape[0], dtype=np.int64)
    for r0 in range(0, vectors.shape[0], block):
        out[r0 : r0 + block] = np.argmax(vectors[r0 : r0 + block] @ centroids.T, axis=1)
    return out


def ivf_build(
    vectors: np.ndarray, *, nlist: int | None = None, iterations: int = 12, sample: int = 65536, seed: int = 0
) -> IvfIndex:
    """Return an IVF index over `vectors` trained by spherical k-means on a sample."""
    corpus = _as_matrix(vectors)
    n = corpus.shape[0]
    nlist = max(1, min(n, nlist or int(np.sqrt(n))))
    rng = np.random.default_rng(seed)
    train = corpus[np.sort(rng.choice(n, size=min(n, max(sample, nlist * 32)), replace=False))]
    centroids = train[rng.choice(train.shape[0], size=nlist, replace=False)].copy()
    for _ in range(iterations):
        labels = _assign(train, centroids)
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels, train)
        norms = np.linalg.norm(sums, axis=1)
        empty = norms == 0
        # An emptied list is re-seeded on a random training row so that no centroid is wasted.
        sums[empty] = train[rng.choice(train.shape[0], size=int(empty.sum()), replace=False)]
        norms[empty] = 1.0
        centroids = (sums / norms[:, None]).astype(np.float32)
    assign = _assign(corpus, centroids)
    order = np.argsort(assign, kind="stable")
    offsets = np.searchsorted(assign[order], np.arange(nlist + 1))
    return IvfIndex(centroids=centroids, assign=assign, order=order, offsets=offsets)


def neighbours_approximate(
    vectors: np.ndarray,
    k: int = 10,
    *,
    index: IvfIndex | None = None,
    nprobe: int = 24,
    threshold: float | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the approximate top-k of every row (self excluded) by probing an IVF index.

    The rows of one list are searched together against the `nprobe` lists whose centroids are
    nearest to that list's centroid, so each step is one dense matrix multiply; a row near the
    edge of its list is covered because neighbouring lists are among those probed.
    """
    corpus = _as_matrix(vectors)
    n = corpus.shape[0]
    out_index = np.full((n, k), -1, dtype=np.int64)
    out_score = np.full((n, k), -np.inf, dtype=np.float32)
    if n == 0 or k <= 0:
        return out_index, out_score
    index = index or ivf_build(corpus, seed=seed)
    nlist = index.centroids.shape[0]
    nprobe = max(1, min(nprobe, nlist))
    near = np.argsort(-(index.centroids @ index.centroids.T), axis=1)[:, :nprobe]
    for c in range(nlist):
        rows = index.order[index.offsets[c] : index.offsets[c + 1]]
        if rows.size == 0:
            continue
        lists = near[c]
        cand = np.concatenate([index.order[index.offsets[p] : index.offsets[p + 1]] for p in lists])
        # query_ids in the candidate numbering, so that each row's self-match is dropped.
        position = np.full(n, -1, dtype=np.int64)
        position[cand] = np.arange(cand.size)
        local_i, local_s = neighbours_exact(
            corpus[cand], k, queries=corpus[rows], query_ids=position[rows], threshold=threshold
        )
        out_index[rows] = np.where(local_i >= 0, cand[np.maximum(local_i, 0)], -1)
        out_score[rows] = local_s
    return out_index, out_score


def recall_at_k(found: np.ndarray, truth: np.ndarray) -> float:
    """Return the fraction of true neighbours (index >= 0) that `found` also lists, per row."""
    hits = 0
    total = 0
    for f_row, t_row in zip(found, truth, strict=True):
        t = t_row[t_row >= 0]
        total += t.size
        hits += np.intersect1d(f_row[f_row >= 0], t).size
    return hits / total if total else 1.0
