"""Benchmark of the overlap engine: exact and approximate top-10 neighbours, MinHash near-duplicates.

    .venv/bin/python benchmarks/bench_overlap.py                      # 10k, 100k, 1M
    .venv/bin/python benchmarks/bench_overlap.py --sizes 10000        # quick

For every size: the matmul floor (the same blocked float32 products, no selection) measured in
the same run, the exact top-10 of every paragraph and its ratio to the floor, the IVF approximate
top-10 and its recall@10 against exact, and MinHash/LSH recall on the planted duplicates. Sizes
above --exact-limit (default 200k) run exact only on a sample of queries; the full exact cost is
extrapolated from it and marked "est". Peak memory: tracemalloc peak of each stage (numpy
allocations are traced) and the process peak RSS at the end.
Vectors: the static encoder on the generated texts up to --encode-limit paragraphs; above it,
noisy copies of encoded base texts (corpus.vectors_perturb; see its docstring for the method).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from corpus import corpus_generate, vectors_perturb  # noqa: E402  (benchmarks/corpus.py)
from paths import MODELS_DIR  # noqa: E402

from liaison.engine.overlap.neighbours import (  # noqa: E402
    BLOCK_ROWS,
    TILE_COLS,
    ivf_build,
    neighbours_approximate,
    neighbours_exact,
    recall_at_k,
)
from liaison.engine.overlap.shingles import near_duplicates_find, signatures_compute, text_tokens  # noqa: E402


def stage(fn, *args, **kwargs):
    """Run fn, return (result, seconds, tracemalloc peak in MB)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, seconds, peak / 2**20


def matmul_floor(queries: np.ndarray, corpus: np.ndarray) -> float:
    """Seconds for the blocked float32 products of the exact search, with no selection at all."""
    m, n = queries.shape[0], corpus.shape[0]
    block, tile = min(BLOCK_ROWS, m), min(TILE_COLS, n)
    buffer = np.empty(block * tile, dtype=np.float32)
    t0 = time.perf_counter()
    for r0 in range(0, m, block):
        r1 = min(r0 + block, m)
        for c0 in range(0, n, tile):
            c1 = min(c0 + tile, n)
            np.matmul(queries[r0:r1], corpus[c0:c1].T, out=buffer[: (r1 - r0) * (c1 - c0)].reshape(r1 - r0, c1 - c0))
    return time.perf_counter() - t0


def planted_recall(texts: list[str], planted: np.ndarray, found_i: np.ndarray, found_j: np.ndarray, threshold: float):
    """Return (recall on all planted pairs, recall on planted pairs with true Jaccard >= threshold, count of those)."""
    found = set(zip(found_i.tolist(), found_j.tolist(), strict=True))
    hits_all = 0
    hits_true = 0
    n_true = 0
    for a, b in planted.tolist():
        hit = (min(a, b), max(a, b)) in found
        hits_all += hit
        sa = {tuple(w) for w in _shingles(texts[a])}
        sb = {tuple(w) for w in _shingles(texts[b])}
        jac = len(sa & sb) / len(sa | sb) if sa | sb else 0.0
        if jac >= threshold:
            n_true += 1
            hits_true += hit
    return hits_all / max(1, len(planted)), hits_true / max(1, n_true), n_true


def _shingles(text: str, width: int = 3):
    words = text_tokens(text)
    if len(words) < width:
        return [words] if words else []
    return [words[i : i + width] for i in range(len(words) - width + 1)]


def run_size(n: int, args, encoder) -> dict:
    row: dict = {"n": n}
    text_needed = n <= args.text_limit
    paragraphs, planted = (None, None)
    if text_needed:
        (paragraphs, planted), row["generate_s"], row["generate_mb"] = stage(corpus_generate, n, seed=args.seed)
        texts = [p["text"] for p in paragraphs]
        sig, row["minhash_s"], row["minhash_mb"] = stage(signatures_compute, texts)
        (fi, fj, _), row["lsh_s"], _ = stage(near_duplicates_find, sig, threshold=args.near_threshold)
        row["near_pairs"] = int(fi.size)
        row["minhash_recall"], row["minhash_recall_true"], row["planted_true"] = planted_recall(
            texts, planted, fi, fj, args.near_threshold
        )
        row["planted"] = int(len(planted))
        del sig
    if n <= args.encode_limit and text_needed and encoder is not None:
        vectors, row["encode_s"], _ = stage(encoder.encode, texts)
        row["vectors"] = "encoder"
    else:
        base_n = min(args.encode_limit, 20000)
        base_paras, _ = corpus_generate(base_n, seed=args.seed + 1, duplicate_rate=0.0)
        if encoder is not None:
            base = encoder.encode([p["text"] for p in base_paras])
        else:
            base = np.random.default_rng(args.seed).standard_normal((base_n, args.dim)).astype(np.float32)
        vectors, row["encode_s"], _ = stage(lambda: vectors_perturb(base, n, seed=args.seed)[0])
        row["vectors"] = f"perturbed {base_n} encoded bases"
    if paragraphs is not None:
        del paragraphs, texts
    row["dim"] = int(vectors.shape[1])

    full_exact = n <= args.exact_limit
    if full_exact:
        queries = vectors
        # The machine is shared: the floor is measured before and after the search and averaged.
        floor_before = matmul_floor(vectors, vectors)
        (exact_i, exact_s), row["exact_s"], row["exact_mb"] = stage(neighbours_exact, vectors, 10)
        floor_after = matmul_floor(vectors, vectors)
        row["floor_runs_s"] = [floor_before, floor_after]
        row["floor_s"] = (floor_before + floor_after) / 2
        sample = None
    else:
        rng = np.random.default_rng(args.seed)
        sample = np.sort(rng.choice(n, size=args.sample, replace=False))
        queries = vectors[sample]
        floor_before = matmul_floor(queries, vectors)
        (exact_i, exact_s), exact_sample_s, row["exact_mb"] = stage(
            neighbours_exact, vectors, 10, queries=queries, query_ids=sample
        )
        floor_after = matmul_floor(queries, vectors)
        row["floor_runs_s"] = [floor_before * n / args.sample, floor_after * n / args.sample]
        row["floor_s"] = (floor_before + floor_after) / 2 * n / args.sample
        row["exact_s"] = exact_sample_s * n / args.sample
        row["exact_estimated"] = True
    row["exact_ratio"] = row["exact_s"] / row["floor_s"]
    row["gflops_floor"] = 2 * n * n * row["dim"] / row["floor_s"] / 1e9

    if n >= args.approx_min:
        index, row["ivf_build_s"], row["ivf_build_mb"] = stage(ivf_build, vectors, seed=args.seed)
        row["nlist"] = int(index.centroids.shape[0])
        row["approx"] = []
        for nprobe in [int(v) for v in args.nprobe.split(",")]:
            (approx_i, _), seconds, peak = stage(neighbours_approximate, vectors, 10, index=index, nprobe=nprobe)
            found = approx_i if sample is None else approx_i[sample]
            # Recall of the neighbours a user sees at the default threshold (cosine >= 0.9).
            strong = exact_s >= 0.9
            strong_hits = sum(np.isin(exact_i[r][strong[r]], found[r]).sum() for r in range(len(found)))
            row["approx"].append(
                {
                    "nprobe": nprobe,
                    "approx_s": seconds,
                    "approx_mb": peak,
                    "recall_at_10": recall_at_k(found, exact_i),
                    "recall_strong": strong_hits / max(1, int(strong.sum())),
                    "speedup": row["exact_s"] / seconds,
                }
            )
            print(json.dumps({"n": n, **row["approx"][-1]}), flush=True)
    row["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def table_print(rows: list[dict]) -> None:
    def f(v, fmt="{:.1f}"):
        return "-" if v is None else fmt.format(v)

    header = (
        f"{'n':>9} {'dim':>4} {'vectors':>9} {'floor s':>9} {'exact s':>11} {'ratio':>6} {'GF/s':>5} {'exact MB':>8} "
        f"{'minhash s':>9} {'nd recall':>9} {'nd rec J>=t':>11} {'RSS MB':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        est = " est" if r.get("exact_estimated") else ""
        mh = r["minhash_s"] + r["lsh_s"] if "minhash_s" in r else None
        print(
            f"{r['n']:>9} {r['dim']:>4} {r['vectors'][:9]:>9} {f(r['floor_s']):>9} {f(r['exact_s']) + est:>11} "
            f"{f(r['exact_ratio'], '{:.2f}'):>6} {f(r['gflops_floor'], '{:.0f}'):>5} {f(r.get('exact_mb'), '{:.0f}'):>8} "
            f"{f(mh):>9} {f(r.get('minhash_recall'), '{:.4f}'):>9} {f(r.get('minhash_recall_true'), '{:.4f}'):>11} "
            f"{f(r['peak_rss_mb'], '{:.0f}'):>7}"
        )
    print()
    print(f"{'n':>9} {'nlist':>6} {'nprobe':>6} {'build s':>8} {'approx s':>9} {'MB':>6} {'recall@10':>9} {'recall>=0.9':>11} {'vs exact':>8}")
    for r in rows:
        for a in r.get("approx", []):
            print(
                f"{r['n']:>9} {r['nlist']:>6} {a['nprobe']:>6} {f(r['ivf_build_s']):>8} {f(a['approx_s']):>9} "
                f"{f(a['approx_mb'], '{:.0f}'):>6} {a['recall_at_10']:>9.4f} {a['recall_strong']:>11.4f} {a['speedup']:>7.1f}x"
            )
    for a, b in zip(rows, rows[1:], strict=False):
        parts = []
        for key in ("exact_s", "floor_s", "minhash_s"):
            if a.get(key) and b.get(key):
                parts.append(f"{key.removesuffix('_s')} x{b[key] / a[key]:.1f}")
        print(f"growth {a['n']} -> {b['n']} ({b['n'] // a['n']}x paragraphs): " + ", ".join(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--exact-limit", type=int, default=200_000, help="above this, exact runs on a query sample")
    parser.add_argument("--sample", type=int, default=2000, help="query sample for exact recall above --exact-limit")
    parser.add_argument("--approx-min", type=int, default=100_000, help="smallest size that runs the IVF index")
    parser.add_argument("--nprobe", default="8,16,32", help="IVF lists probed per query (comma-separated: one run each)")
    parser.add_argument("--near-threshold", type=float, default=0.5)
    parser.add_argument("--text-limit", type=int, default=1_000_000, help="largest size that generates texts (MinHash)")
    parser.add_argument("--encode-limit", type=int, default=200_000, help="largest size whose texts are encoded")
    parser.add_argument("--dim", type=int, default=256, help="dimension of random bases when no encoder is available")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args()
    try:
        from liaison.engine.embedding import encoder_get

        encoder = encoder_get(models_dir=MODELS_DIR)
    except Exception as exc:  # the benchmark still measures the search on random bases
        print(f"no encoder ({exc}); random base vectors", file=sys.stderr)
        encoder = None
    rows = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        row = run_size(n, args, encoder)
        print(json.dumps(row), flush=True)
        rows.append(row)
    table_print(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
