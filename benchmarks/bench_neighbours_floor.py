"""Exact top-10 neighbours against the matmul floor, timed alternately: is the selection nearly free?

    .venv/bin/python benchmarks/bench_neighbours_floor.py                    # 100,000 paragraphs, 5 pairs
    .venv/bin/python benchmarks/bench_neighbours_floor.py --n 20000 --pairs 7

Vectors: the shipped static encoder on n generated paragraphs made from the real texts on hand
(benchmarks/corpus.py corpus_generate), L2-normalized as the overlap engine uses them. Each pair times the
floor (the same blocked float32 products as the search, with no selection at all) and then the exact search
(`neighbours_exact`, every row a query, self excluded), so both see the same machine load; the median of the
pairs' ratios is the figure. The machine is shared: read the ratios, not the seconds. Also printed, once: the
floor of the other tilings tried, so the chosen tiling is shown to be the fastest product as well, not only
the cheapest selection.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from corpus import corpus_generate  # noqa: E402  (benchmarks/corpus.py)
from paths import MODELS_DIR  # noqa: E402

from liaison.engine.embedding import encoder_get  # noqa: E402
from liaison.engine.overlap.neighbours import BLOCK_ROWS, TILE_COLS, neighbours_exact  # noqa: E402


def floor_time(vectors: np.ndarray, block: int, tile: int) -> float:
    """Seconds for every (block x tile) float32 product of the exact search, with no selection."""
    n = vectors.shape[0]
    block, tile = min(block, n), min(tile, n)
    buffer = np.empty(block * tile, dtype=np.float32)
    t0 = time.perf_counter()
    for r0 in range(0, n, block):
        r1 = min(r0 + block, n)
        for c0 in range(0, n, tile):
            c1 = min(c0 + tile, n)
            np.matmul(vectors[r0:r1], vectors[c0:c1].T, out=buffer[: (r1 - r0) * (c1 - c0)].reshape(r1 - r0, c1 - c0))
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paragraphs, _ = corpus_generate(args.n, seed=args.seed)
    vectors = encoder_get(models_dir=MODELS_DIR).encode([p["text"] for p in paragraphs]).astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    print(f"n={args.n} dim={vectors.shape[1]} tiling {BLOCK_ROWS}x{TILE_COLS}, {args.pairs} pairs", flush=True)
    others = {(b, t): floor_time(vectors, b, t) for b, t in [(1024, 32768), (1024, 16384), (1024, 8192), (512, 4096)]}
    print("floors of other tilings: " + ", ".join(f"{b}x{t} {s:.2f} s" for (b, t), s in others.items()), flush=True)
    ratios = []
    for i in range(args.pairs):
        floor = floor_time(vectors, BLOCK_ROWS, TILE_COLS)
        t0 = time.perf_counter()
        neighbours_exact(vectors, 10)
        search = time.perf_counter() - t0
        ratios.append(search / floor)
        print(f"pair {i + 1}: floor {floor:.2f} s  search {search:.2f} s  ratio {search / floor:.2f}", flush=True)
    print(f"median ratio {statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f}) "
          f"over {args.pairs} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
