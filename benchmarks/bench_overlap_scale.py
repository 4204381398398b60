"""The overlap engine at a million paragraphs: memory, time and recall@10 on vectors of real text.

    .venv/bin/python benchmarks/bench_overlap_scale.py                        # 1,000,000, float16
    .venv/bin/python benchmarks/bench_overlap_scale.py --n 200000 --dtype float32

Vectors of real text: every paragraph of the real documents on hand (benchmarks/corpus.py corpus_bases:
treaty units, decision texts, GBF and Aichi targets, SDG targets) and every sentence of them, each also in
`--variants` paraphrased forms (words swapped, synonyms, sentences reordered, truncated: corpus.text_perturb),
all embedded with the shipped static encoder. Those encoded texts are the bases; the n vectors are noisy
copies of them (corpus.vectors_perturb: cosine 0.86-0.98 to their base, a third mixing two bases), made block
by block straight into the storage type, so a million 256-d vectors are 512 MB in float16.

Measured in one run: the IVF build and the approximate top-10 of every vector (what the overlap report runs
above its exact limit), the peak of traced memory (numpy allocations are traced, the vectors included), the
process peak RSS, and recall@10 of the approximate search against the exact top-10 of a query sample. With
`--dtype float32` the same run shows the float32 baseline.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from corpus import PERTURBATIONS, corpus_bases, text_perturb, vectors_perturb  # noqa: E402
from paths import MODELS_DIR  # noqa: E402

from liaison.engine.embedding import encoder_get  # noqa: E402
from liaison.engine.overlap.neighbours import (  # noqa: E402
    ivf_build,
    neighbours_approximate,
    neighbours_exact,
    recall_at_k,
)

SENTENCE = re.compile(r"(?<=[.;:])\s+")


def base_texts(variants: int, seed: int) -> list[str]:
    """Every real paragraph and sentence on hand, each with `variants` paraphrased forms."""
    rng = np.random.default_rng(seed)
    units: list[str] = []
    for base in corpus_bases():
        units.append(base["text"])
        units.extend(s for s in SENTENCE.split(base["text"]) if len(s.split()) >= 8 and s != base["text"])
    texts = list(units)
    for text in units:
        for _ in range(variants):
            ops = tuple(op for op in PERTURBATIONS if op != "rename" and rng.random() < 0.5) or ("swap",)
            texts.append(text_perturb(text, rng, ops))
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--dtype", choices=["float16", "float32"], default="float16")
    parser.add_argument("--variants", type=int, default=3, help="paraphrased forms of each real text")
    parser.add_argument("--nprobe", type=int, default=16)
    parser.add_argument("--sample", type=int, default=2000, help="queries whose exact top-10 checks recall")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    texts = base_texts(args.variants, args.seed)
    t0 = time.perf_counter()
    base = encoder_get(models_dir=MODELS_DIR).encode(texts).astype(np.float32)
    base /= np.maximum(np.linalg.norm(base, axis=1, keepdims=True), 1e-12)
    print(f"{len(texts)} real texts and paraphrases encoded in {time.perf_counter() - t0:.1f} s", flush=True)

    tracemalloc.start()
    vectors, _ = vectors_perturb(base, args.n, seed=args.seed, dtype=np.dtype(args.dtype).type)
    vectors_mb = vectors.nbytes / 2**20
    t0 = time.perf_counter()
    index = ivf_build(vectors, seed=args.seed)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    approx, _ = neighbours_approximate(vectors, 10, index=index, nprobe=args.nprobe)
    approx_s = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"n={args.n} {args.dtype}: vectors {vectors_mb:.0f} MB; IVF build {build_s:.1f} s "
          f"({index.centroids.shape[0]} lists); approximate top-10 (nprobe {args.nprobe}) {approx_s:.1f} s; "
          f"traced peak {peak / 2**20:.0f} MB (vectors included); process peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)

    rng = np.random.default_rng(args.seed)
    sample = np.sort(rng.choice(args.n, size=min(args.sample, args.n), replace=False))
    t0 = time.perf_counter()
    exact, _ = neighbours_exact(vectors, 10, queries=vectors[sample], query_ids=sample)
    exact_s = time.perf_counter() - t0
    print(f"recall@10 on {sample.size} queries against exact: {recall_at_k(approx[sample], exact):.4f} "
          f"(exact on the sample {exact_s:.1f} s, so about {exact_s * args.n / sample.size:.0f} s for all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
