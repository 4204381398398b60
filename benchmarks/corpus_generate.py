"""Write a generated overlap corpus: paragraphs as JSON lines and the planted duplicate pairs.

    .venv/bin/python benchmarks/corpus_generate.py 100000 --out /tmp/corpus100k
    .venv/bin/python benchmarks/corpus_generate.py 1000000 --vectors-only --out /tmp/vectors1m

Writes OUT.jsonl (one paragraph a line) and OUT.planted.csv (original,copy rows). With
--vectors-only, writes OUT.npy instead: noisy copies of the encoded base texts (see
benchmarks/corpus.py for the method). Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from corpus import corpus_generate, vectors_perturb  # noqa: E402  (benchmarks/corpus.py)
from paths import MODELS_DIR  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", required=True, help="path prefix of the files written")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--duplicate-rate", type=float, default=0.1)
    parser.add_argument("--vectors-only", action="store_true", help="write perturbed embedding vectors, no text")
    parser.add_argument("--bases", type=int, default=20000, help="encoded base texts for --vectors-only")
    args = parser.parse_args()
    t0 = time.perf_counter()
    out = Path(args.out)
    if args.vectors_only:
        from liaison.engine.embedding import encoder_get

        base_paras, _ = corpus_generate(args.bases, seed=args.seed + 1, duplicate_rate=0.0)
        base = encoder_get(models_dir=MODELS_DIR).encode([p["text"] for p in base_paras])
        vectors, parent = vectors_perturb(base, args.n, seed=args.seed)
        np.save(out.with_suffix(".npy"), vectors)
        np.save(out.with_suffix(".parent.npy"), parent)
        print(f"{args.n} vectors of dim {vectors.shape[1]} in {time.perf_counter() - t0:.1f}s -> {out}.npy")
        return 0
    paragraphs, planted = corpus_generate(args.n, seed=args.seed, duplicate_rate=args.duplicate_rate)
    with out.with_suffix(".jsonl").open("w", encoding="utf-8") as fh:
        for para in paragraphs:
            fh.write(json.dumps(para, ensure_ascii=False) + "\n")
    np.savetxt(out.with_suffix(".planted.csv"), planted, fmt="%d", delimiter=",", header="original,copy", comments="")
    print(f"{len(paragraphs)} paragraphs, {len(planted)} planted duplicates in {time.perf_counter() - t0:.1f}s -> {out}.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
