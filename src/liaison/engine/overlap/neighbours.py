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
TILE_COLS = 8192
# Rows per IVF list by default. Lists of about 2000 rows make each probe step a product large
# enough to run at sgemm speed, and fewer, larger lists lose fewer neighbours at their borders.
LIST_SIZE = 2048
# Largest product of one IVF probe step (rows x list members), in scores: 32 MB of float32.
PROBE_CELLS = 8 * 2**20
# Width of the column chunks whose maxima seed the lower bound of the k-th best score.
CHUNK_WIDTH = 128


def _as_matrix(vectors: np.ndarray) -> np.ndarray:
    """Return `vectors` as a contiguous 2-d matrix: float16 kept as it is, anything else as float32.

    A million 256-d vectors are 1 GB in float32 and half that in float16: callers with many vectors
    store them in float16, and every product below runs on float32 copies of one tile at a time.
    """
    dtype = np.float16 if vectors.dtype == np.float16 else np.float32
    matrix = np.ascontiguousarray(vectors, dtype=dtype)
    if matrix.ndim != 2:
        raise ValueError(f"expected a 2-d matrix of vectors, got shape {matrix.shape}")
    return matrix


def _f32(block: np.ndarray) -> np.ndarray:
    """Return a float32 view or copy of one tile (numpy's float16 products do not use BLAS)."""
    return block if block.dtype == np.float32 else block.astype(np.float32)


def _topk_merge(
    top_scores: np.ndarray,
    top_index: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
) -> None:
    """Merge candidates (rows, cols, values) into the per-row sorted top-k arrays, in place.

    Only the rows that have candidates are touched: once the bound is tight a tile brings a few
    hundred candidates to a block of a thousand rows, and re-sorting every row's top-k each time
    would cost more than the candidates themselves.
    """
    if rows.size == 0:
        return
    k = top_scores.shape[1]
    if rows.size > 1 and not bool(np.all(rows[1:] >= rows[:-1])):
        order = np.argsort(rows, kind="stable")
        rows, cols, values = rows[order], cols[order], values[order]
    starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    touched = rows[starts]
    counts = np.diff(np.append(starts, rows.size))
    local = np.repeat(np.arange(touched.size), counts)
    width = int(counts.max())
    # One small matrix per merge: each touched row's current top-k, then its candidates (padded with
    # -inf), each row sorted by descending score, then ascending index so ties break the same way the
    # brute-force reference does.
    scores = np.full((touched.size, k + width), -np.inf, dtype=np.float32)
    index = np.full((touched.size, k + width), -1, dtype=np.int64)
    scores[:, :k] = top_scores[touched]
    index[:, :k] = top_index[touched]
    position = k + np.arange(rows.size) - np.repeat(starts, counts)
    scores[local, position] = values
    index[local, position] = cols
    best = np.lexsort((index, -scores), axis=1)[:, :k]
    top_scores[touched] = np.take_along_axis(scores, best, axis=1)
    top_index[touched] = np.take_along_axis(index, best, axis=1)


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
            block_q = _f32(qmat[r0:r1])
            for c0 in range(0, n, tile_cols):
                c1 = min(c0 + tile_cols, n)
                w = c1 - c0
                sims = np.matmul(block_q, _f32(corpus[c0:c1]).T, out=buffer[: b * w].reshape(b, w))
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
    corpus = _f32(_as_matrix(vectors))
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


def _assign(vectors: np.ndarray, centroids: np.ndarray, block: int = 8192) -> np.ndarray:
    out = np.empty(vectors.shape[0], dtype=np.int64)
    for r0 in range(0, vectors.shape[0], block):
        out[r0 : r0 + block] = np.argmax(_f32(vectors[r0 : r0 + block]) @ centroids.T, axis=1)
    return out


def ivf_build(
    vectors: np.ndarray, *, nlist: int | None = None, iterations: int = 12, sample: int = 131072, seed: int = 0
) -> IvfIndex:
    """Return an IVF index over `vectors` trained by spherical k-means on a sample."""
    corpus = _as_matrix(vectors)
    n = corpus.shape[0]
    nlist = max(1, min(n, nlist or n // LIST_SIZE))
    rng = np.random.default_rng(seed)
    train = _f32(corpus[np.sort(rng.choice(n, size=min(n, max(sample, nlist * 32)), replace=False))])
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


def probes_find(vectors: np.ndarray, centroids: np.ndarray, nprobe: int, block: int = 8192) -> np.ndarray:
    """Return (n, nprobe) int32: for each row the lists whose centroids are nearest, nearest first.

    Rows go in blocks of 8,192: at a million rows and 488 lists a block's scores and their partition
    are about 50 MB (blocks of 65,536 peaked at 500 MB, more than the float16 vectors themselves).
    """
    n = vectors.shape[0]
    nprobe = min(nprobe, centroids.shape[0])
    out = np.empty((n, nprobe), dtype=np.int32)  # lists number far below 2**31; half the memory of int64
    for r0 in range(0, n, block):
        sims = _f32(vectors[r0 : r0 + block]) @ centroids.T
        part = np.argpartition(-sims, nprobe - 1, axis=1)[:, :nprobe]
        order = np.argsort(-np.take_along_axis(sims, part, axis=1), axis=1)
        out[r0 : r0 + block] = np.take_along_axis(part, order, axis=1)
    return out


def neighbours_approximate(
    vectors: np.ndarray,
    k: int = 10,
    *,
    index: IvfIndex | None = None,
    nprobe: int = 16,
    threshold: float | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the approximate top-k of every row (self excluded) by probing an IVF index.

    Each row searches the `nprobe` lists whose centroids are nearest to it. The work is done list
    by list: all rows probing list c (as their r-th nearest) are multiplied against its members
    at once, so every step is one dense product. Nearest probes go first, so the running k-th
    best score soon filters almost every entry before any sort.
    """
    corpus = _as_matrix(vectors)
    n = corpus.shape[0]
    top_index = np.full((n, k), -1, dtype=np.int64)
    top_scores = np.full((n, k), -np.inf, dtype=np.float32)
    if n == 0 or k <= 0:
        return top_index, top_scores
    index = index or ivf_build(corpus, seed=seed)
    nlist = index.centroids.shape[0]
    probes = probes_find(corpus, index.centroids, max(1, nprobe))
    bound = np.full(n, -np.inf if threshold is None else np.float32(threshold), dtype=np.float32)
    # Position of every row inside its own list, to blank its self-match.
    position = np.empty(n, dtype=np.int64)
    position[index.order] = np.arange(n) - index.offsets[index.assign[index.order]]
    for rank in range(probes.shape[1]):
        column = probes[:, rank]
        by_list = np.argsort(column, kind="stable")
        starts = np.searchsorted(column[by_list], np.arange(nlist + 1))
        for c in range(nlist):
            rows_all = by_list[starts[c] : starts[c + 1]]
            members = index.order[index.offsets[c] : index.offsets[c + 1]]
            if rows_all.size == 0 or members.size == 0:
                continue
            # A popular list can be probed by tens of thousands of rows: take them in chunks so that
            # no product exceeds PROBE_CELLS scores (32 MB), whatever the balance of the lists.
            step = max(64, PROBE_CELLS // members.size)
            for r0 in range(0, rows_all.size, step):
                _probe(corpus, rows_all[r0 : r0 + step], members, c, rank == 0, k, threshold,
                       index.assign, position, bound, top_scores, top_index)
    return top_index, top_scores


def _probe(
    corpus: np.ndarray,
    rows: np.ndarray,
    members: np.ndarray,
    c: int,
    first: bool,
    k: int,
    threshold: float | None,
    assign: np.ndarray,
    position: np.ndarray,
    bound: np.ndarray,
    top_scores: np.ndarray,
    top_index: np.ndarray,
) -> None:
    """Score `rows` (ascending) against the members of list `c` and merge what beats their bound."""
    sims = _f32(corpus[rows]) @ _f32(corpus[members]).T
    own = np.flatnonzero(assign[rows] == c)
    sims[own, position[rows[own]]] = -np.inf
    if first and members.size >= k * CHUNK_WIDTH:
        bound[rows] = np.maximum(bound[rows], _chunk_bound(sims, k))
    if first and threshold is None and k < members.size < k * CHUNK_WIDTH:
        # No bound yet and too few columns for chunk maxima: partition the list's top-k.
        cols = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        cand_rows = np.repeat(np.arange(rows.size), k)
        cand_cols = cols.ravel()
    else:
        flat = np.flatnonzero(sims >= bound[rows][:, None])
        cand_rows, cand_cols = np.divmod(flat, members.size)
    values = sims[cand_rows, cand_cols]
    finite = values > -np.inf
    cand_rows, cand_cols, values = cand_rows[finite], cand_cols[finite], values[finite]
    if cand_rows.size == 0:
        return
    _topk_merge(top_scores, top_index, rows[cand_rows], members[cand_cols], values)
    touched = rows[np.unique(cand_rows)]
    bound[touched] = np.maximum(bound[touched], top_scores[touched, k - 1])


def recall_at_k(found: np.ndarray, truth: np.ndarray) -> float:
    """Return the fraction of true neighbours (index >= 0) that `found` also lists, per row."""
    hits = 0
    total = 0
    for f_row, t_row in zip(found, truth, strict=True):
        t = t_row[t_row >= 0]
        total += t.size
        hits += np.intersect1d(f_row[f_row >= 0], t).size
    return hits / total if total else 1.0
