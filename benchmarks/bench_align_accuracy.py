"""Accuracy of target suggestion on real indicator -> target mappings, identifiers stripped.

Tasks (gold links stated by the shipped data):
  GBF:   GBF indicators whose code names a target (1.1, 3.CT.2, 15.b...) -> the 23 GBF targets
  SDG:   the 252 SDG indicator entries -> the 169 SDG targets (an indicator repeated under several
         targets counts as right for any of them)
  Aichi: the 97 operational indicators -> the 20 Aichi targets (their "most relevant target")
Indicator texts carry no code (the readers strip "A.1 ..." prefixes); targets are given as their
short title and text. Methods: lexical only (BM25), each encoder alone, each encoder + lexical.
Learning: half of the gold links (even positions) are given as accepted examples; accuracy is
measured on the other half, against the same half without examples.

    .venv/bin/python benchmarks/bench_align_accuracy.py
    PYTHONPATH=src /tmp/distill-venv/bin/python benchmarks/bench_align_accuracy.py   # adds minilm
"""

from __future__ import annotations

import argparse
import time

from paths import DATA_DIR, MODELS_DIR

from liaison.engine.alignment import SEMANTIC_WEIGHTS, targets_suggest
from liaison.engine.embedding import EncoderUnavailableError, encoder_get
from liaison.engine.frameworks import frameworks_bundled, target_text


def tasks_build() -> dict[str, tuple[list[dict], list[dict], list[set]]]:
    """Return {task: (items, targets, gold target ids per item)} from the shipped frameworks."""
    frameworks = {framework.code: framework for framework in frameworks_bundled(data_dir=DATA_DIR)}
    tasks = {}
    for name, code in (("GBF", "GBF"), ("SDG", "SDG"), ("Aichi", "AICHI")):
        framework = frameworks[code]
        targets = [{"id": target.code, "text": target_text(target)} for target in framework.targets()]
        target_codes = {target["id"] for target in targets}
        pairs = [
            (indicator.text["en"], parent.code)
            for parent, indicator in framework.indicators()
            if parent.code in target_codes and parent in list(framework.targets())
        ]
        gold_by_text: dict[str, set] = {}
        for text, target in pairs:
            gold_by_text.setdefault(text, set()).add(target)
        items = [{"id": f"{code}-{n}", "text": text} for n, (text, _) in enumerate(pairs)]
        tasks[name] = (items, targets, [gold_by_text[text] for text, _ in pairs], [t for _, t in pairs])
    return tasks


def accuracy_measure(results: list[dict], gold: list[set]) -> tuple[float, float]:
    """Return (top-1, top-3) accuracy of suggestion results against gold target-id sets."""
    top1 = sum(bool(r["matches"]) and r["matches"][0]["id"] in g for r, g in zip(results, gold, strict=True))
    top3 = sum(any(m["id"] in g for m in r["matches"][:3]) for r, g in zip(results, gold, strict=True))
    return top1 / len(gold), top3 / len(gold)


def methods_list(with_minilm: bool) -> list[tuple[str, str | None, float]]:
    """Return (label, encoder name, semantic weight) for each method measured."""
    methods = [
        ("lexical (BM25)", None, 0.0),
        ("static", "static", 1.0),
        (f"static + lexical (w={SEMANTIC_WEIGHTS['static']})", "static", SEMANTIC_WEIGHTS["static"]),
    ]
    if with_minilm:
        methods += [
            ("minilm", "minilm", 1.0),
            (f"minilm + lexical (w={SEMANTIC_WEIGHTS['minilm']})", "minilm", SEMANTIC_WEIGHTS["minilm"]),
        ]
    return methods


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also print accuracy for semantic weights 0..1")
    parser.add_argument("--hub-share", type=float, default=None,
                        help="share of a target's hubness taken from its score (default: the engine's HUB_SHARE)")
    args = parser.parse_args()
    try:
        encoder_get("minilm", models_dir=MODELS_DIR)
        with_minilm = True
    except EncoderUnavailableError:
        with_minilm = False
    tasks = tasks_build()
    cache: dict = {}
    header = "| method | " + " | ".join(f"{name} top-1 | {name} top-3" for name in tasks) + " | mean top-1 |"
    print("items: " + ", ".join(f"{name} {len(t[0])} -> {len(t[1])} targets" for name, t in tasks.items()))
    print(header)
    print("|" + "---|" * (2 + 2 * len(tasks)))
    for label, encoder, weight in methods_list(with_minilm):
        cells, top1s = [], []
        for items, targets, gold, _ in tasks.values():
            top1, top3 = accuracy_measure(
                targets_suggest(items, targets, encoder=encoder, models_dir=MODELS_DIR, semantic_weight=weight, embeddings_cache=cache, hub_share=args.hub_share), gold
            )
            cells += [f"{top1:.3f}", f"{top3:.3f}"]
            top1s.append(top1)
        print(f"| {label} | " + " | ".join(cells) + f" | {sum(top1s) / len(top1s):.3f} |")

    print("\nLearning: even-position gold links given as accepted examples, scored on the odd positions")
    print("| method | " + " | ".join(f"{name} top-1 before → after" for name in tasks) + " |")
    print("|" + "---|" * (1 + len(tasks)))
    for label, encoder, weight in methods_list(with_minilm):
        cells = []
        for items, targets, gold, primary in tasks.values():
            accepted = [(items[n]["text"], primary[n]) for n in range(0, len(items), 2)]
            test = list(range(1, len(items), 2))
            test_items, test_gold = [items[n] for n in test], [gold[n] for n in test]
            kwargs = {"encoder": encoder, "models_dir": MODELS_DIR, "semantic_weight": weight, "embeddings_cache": cache,
                      "hub_share": args.hub_share}
            before = accuracy_measure(targets_suggest(test_items, targets, **kwargs), test_gold)[0]
            after = accuracy_measure(targets_suggest(test_items, targets, accepted=accepted, **kwargs), test_gold)[0]
            cells.append(f"{before:.3f} → {after:.3f}")
        print(f"| {label} | " + " | ".join(cells) + " |")

    if args.sweep:
        encoders = ["static"] + (["minilm"] if with_minilm else [])
        for encoder in encoders:
            print(f"\nsweep of the semantic weight, {encoder}: mean top-1 / mean top-3 over the tasks")
            for step in range(11):
                weight = step / 10
                scores = [
                    accuracy_measure(targets_suggest(i, t, encoder=encoder, models_dir=MODELS_DIR, semantic_weight=weight, embeddings_cache=cache, hub_share=args.hub_share), g)
                    for i, t, g, _ in tasks.values()
                ]
                print(f"  w={weight:.1f}  {sum(s[0] for s in scores) / 3:.3f} / {sum(s[1] for s in scores) / 3:.3f}")
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"\n({time.perf_counter() - started:.1f} s)")
    raise SystemExit(code)
