"""Time to suggest targets for 10,000 items against every shipped target, against a brute-force baseline.

Items are real indicator texts (SDG, GBF, Aichi) perturbed at random: a word dropped, two words
swapped, a qualifier added, so no two are identical. Targets: all targets of the shipped frameworks
(SDG 169, GBF 23, Aichi 20, CMS SPMS 16, EU 2020 6, Belgian NBSAP 46).
Baseline: the same embeddings, ranked by a per-item Python loop of cosines over the targets.

    .venv/bin/python benchmarks/bench_suggest.py [--items 10000]
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np
from paths import DATA_DIR, MODELS_DIR

from liaison.engine.alignment import targets_suggest
from liaison.engine.alignment.suggest import BLOCK_ROWS, _top_k
from liaison.engine.alignment.vectors import texts_embed
from liaison.engine.embedding import encoder_get
from liaison.engine.frameworks import frameworks_bundled, target_text

QUALIFIERS = ["at national level", "by sex and age", "in marine areas", "(per cent)", "over time", "in protected areas"]


def items_generate(count: int, seed: int = 0) -> list[dict]:
    """Return `count` {"id", "text"} items made by perturbing real indicator texts."""
    rng = random.Random(seed)
    sources = [
        indicator.text["en"]
        for framework in frameworks_bundled(data_dir=DATA_DIR)
        for _, indicator in framework.indicators()
        if "en" in indicator.text
    ]
    items = []
    for n in range(count):
        words = rng.choice(sources).split()
        if len(words) > 3 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        if len(words) > 3 and rng.random() < 0.5:
            a, b = rng.sample(range(len(words)), 2)
            words[a], words[b] = words[b], words[a]
        if rng.random() < 0.5:
            words.append(rng.choice(QUALIFIERS))
        items.append({"id": n, "text": " ".join(words)})
    return items


def targets_all() -> list[dict]:
    """Return every shipped target as {"id": "FRAMEWORK:code", "text"}."""
    return [
        {"id": f"{framework.code}:{target.code}", "text": target_text(target)}
        for framework in frameworks_bundled(data_dir=DATA_DIR)
        for target in framework.targets()
    ]


def baseline_rank(item_vectors: np.ndarray, target_vectors: np.ndarray, top_k: int) -> list[list[int]]:
    """Return the top_k target rows per item by a per-item, per-target Python loop of cosines."""
    ranked = []
    for item in item_vectors:
        scores = []
        for row, target in enumerate(target_vectors):
            cosine = float(np.dot(item, target)) / (float(np.linalg.norm(item)) * float(np.linalg.norm(target)) or 1.0)
            scores.append((cosine, row))
        scores.sort(reverse=True)
        ranked.append([row for _, row in scores[:top_k]])
    return ranked


def core_rank(item_vectors: np.ndarray, target_vectors: np.ndarray, top_k: int) -> np.ndarray:
    """Return the top_k target rows per item by the engine's core: block products and argpartition."""
    best = np.empty((len(item_vectors), top_k), dtype=np.int64)
    for start in range(0, len(item_vectors), BLOCK_ROWS):
        best[start : start + BLOCK_ROWS] = _top_k(item_vectors[start : start + BLOCK_ROWS] @ target_vectors.T, top_k)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args()
    items, targets = items_generate(args.items), targets_all()
    encoder = encoder_get(models_dir=MODELS_DIR)
    print(f"{len(items)} items x {len(targets)} targets, top {args.top}, encoder {encoder.name}")

    started = time.perf_counter()
    cold = targets_suggest(items, targets, models_dir=MODELS_DIR, top_k=args.top)
    cold_seconds = time.perf_counter() - started

    cache: dict = {}
    item_vectors = texts_embed(encoder, [item["text"] for item in items], cache)
    target_vectors = texts_embed(encoder, [target["text"] for target in targets], cache)
    targets_suggest(items[:10], targets, models_dir=MODELS_DIR, top_k=args.top, embeddings_cache=cache)  # caches the "why" phrases
    started = time.perf_counter()
    warm = targets_suggest(items, targets, models_dir=MODELS_DIR, top_k=args.top, embeddings_cache=cache)
    warm_seconds = time.perf_counter() - started
    started = time.perf_counter()
    semantic = targets_suggest(items, targets, models_dir=MODELS_DIR, top_k=args.top, embeddings_cache=cache, semantic_weight=1.0)
    semantic_seconds = time.perf_counter() - started

    started = time.perf_counter()
    core = core_rank(item_vectors, target_vectors, args.top)
    core_seconds = time.perf_counter() - started

    started = time.perf_counter()
    baseline = baseline_rank(item_vectors, target_vectors, args.top)
    baseline_seconds = time.perf_counter() - started

    target_rows = {target["id"]: row for row, target in enumerate(targets)}
    same = sum(
        [target_rows[m["id"]] for m in result["matches"]] == rows for result, rows in zip(semantic, baseline, strict=True)
    )
    assert cold == warm
    print("| run | seconds | items/s |")
    print("|---|---|---|")
    for label, seconds in (
        ("engine, default (lexical + static), embeddings computed", cold_seconds),
        ("engine, default, embeddings cached", warm_seconds),
        ("engine, semantic only, embeddings cached", semantic_seconds),
        ("engine core only: block products + argpartition (no reasons)", core_seconds),
        ("brute force: per-item Python loop of cosines, embeddings given", baseline_seconds),
    ):
        print(f"| {label} | {seconds:.2f} | {len(items) / seconds:,.0f} |")
    print("(the engine rows include building the JSON-ready matches and their reasons in Python)")
    print(f"\nbrute force / engine semantic-only: {baseline_seconds / semantic_seconds:.1f}x")
    print(f"brute force / engine default (cached): {baseline_seconds / warm_seconds:.1f}x")
    print(f"brute force / engine core: {baseline_seconds / core_seconds:.0f}x")
    print(f"same top-{args.top} as brute force (semantic only): {same}/{len(items)}")
    print(f"same top-{args.top} as brute force (core): {sum(list(c) == b for c, b in zip(core, baseline, strict=True))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
