"""Recall of target suggestion against gold links: the CMS SPMS, CITES and Ramsar plans -> the 23 GBF targets.

Gold: the mappings in data/ipbes_mea_gbf_mappings/ (SPMS and CITES -> GBF: the IPBES authors' judgement;
Ramsar -> GBF: Annex 2 of the plan's 2022 update), as `liaison load` stores them. Items are the source plan's
targets that map to at least one GBF target (SPMS 13 of 16, CITES 15 of 25, Ramsar 17 of 19). Identifiers are
stripped from every text ("Target 10", "SPMS target 13", "Objective 1.1", "Aichi Target 11", "T3", "GBF-T03").

Measured per framework pair, all in the same run:
- top-1 / top-3 recall: the share of items whose best / three best suggestions hold at least one gold target;
- links@3: the share of gold links found among each item's three best (at most 3 per item counted).
Methods: BM25 alone (semantic weight 0) and the engine (static encoder + BM25, its default weight), on the texts
the app matched before issue 17 (a target's title and text) and after (the SPMS text now carries its note; the
app gives the engine every target's indicators as its "context": BM25 reads them, cleaned of "% of Parties
that have" and "(Data source: ...)", and the semantic score averages the cosine with and without them), with
the steps in between, the hub share (engine/alignment/hubs.py: a share of each target's closeness to the other
targets taken from its score; on by default with context) and the GBF short titles (cbd_targets, not stored in
the app). `--split` shows each method on a development half of each pair's items (fixed seed) and on the
held-out half: the hub share was chosen on the former only (docs/suggest-gold.md).

    .venv/bin/python benchmarks/bench_suggest_gold.py [--split] [--sweep] [--failures]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time

from paths import DATA_DIR, MODELS_DIR

from liaison.engine.alignment import targets_suggest
from liaison.engine.embedding import encoder_get
from liaison.engine.frameworks import frameworks_bundled, texts_pick
from liaison.engine.frameworks.ipbes import CITES_CODE, RAMSAR_CODE, SPMS_CODE, links_read

PAIRS = (("SPMS->GBF", SPMS_CODE), ("CITES->GBF", CITES_CODE), ("Ramsar->GBF", RAMSAR_CODE))
_IDENTIFIERS = re.compile(
    r"\b(?:(?:SPMS|Aichi|GBF|Ramsar|CMS)\s+)?(?:Targets?|Objectives?|Goals?|Indicators?)\s+\d+(?:\.\d+)*(?:\s*(?:and|,)\s*\d+)*"
    r"|\bGBF-T\d+\.?|\bT\d{1,2}\b|\b\d+\.\d+(?:\.\d+)?\b",
    re.I,
)


def identifiers_strip(text: str) -> str:
    """Return `text` without target/objective/goal numbers, so no method matches on an identifier."""
    return " ".join(_IDENTIFIERS.sub(" ", text).split())


def _note_split(text: str) -> tuple[str, str]:
    """Return (target, note) of an SPMS text stored as "<target> Note: <note>"."""
    head, _, note = text.partition(" Note: ")
    return head, note


def tasks_build() -> dict[str, dict]:
    """Return {pair: {"items": {variant: [...]}, "gold": {item id: {GBF codes}}}} and the GBF targets by variant."""
    frameworks = {f.code: f for f in frameworks_bundled(data_dir=DATA_DIR)}
    gold: dict[str, dict[str, set[str]]] = {code: {} for _, code in PAIRS}
    for link in links_read(data_dir=DATA_DIR):
        if link["target_framework"] == "GBF":
            gold[link["source_framework"]].setdefault(link["source_code"], set()).add(link["target_code"])
    tasks = {}
    for name, code in PAIRS:
        items: dict[str, list[dict]] = {"target": [], "target+note": [], "target+note+indicators": []}
        for target in frameworks[code].targets():
            if target.code not in gold[code]:
                continue
            head, note = _note_split(texts_pick(target.text))
            indicators = [texts_pick(i.text) for i in target.indicators]
            stripped = [identifiers_strip(text) for text in indicators]
            items["target"].append({"id": target.code, "text": identifiers_strip(head)})
            items["target+note"].append(
                {"id": target.code, "text": identifiers_strip(f"{head} {note}".strip())}
            )
            items["target+note+indicators"].append(
                {"id": target.code, "text": identifiers_strip(f"{head} {note}".strip()), "context": stripped}
            )
        tasks[name] = {"items": items, "gold": gold[code]}
    gbf = frameworks["GBF"]
    short = {
        str(int(r["identifier"].rsplit("-", 1)[1])): re.sub(r"^GBF-T\d+\.\s*", "", r["shortTitle"]["en"])
        for r in json.loads((DATA_DIR / "cbd_targets/gbf_targets.json").read_text(encoding="utf-8"))
    }
    candidates: dict[str, list[dict]] = {"title+text": [], "+indicators": [], "+short title+indicators": []}
    for target in gbf.targets():
        base = f"{texts_pick(target.title)}. {texts_pick(target.text)}"
        indicators = [texts_pick(i.text) for i in target.indicators]  # all of decision 15/5's, as the app
        context = [identifiers_strip(text) for text in indicators]
        candidates["title+text"].append({"id": target.code, "text": identifiers_strip(base)})
        candidates["+indicators"].append(
            {"id": target.code, "text": identifiers_strip(base), "context": context}
        )
        candidates["+short title+indicators"].append(
            {
                "id": target.code,
                "text": identifiers_strip(f"{short[target.code]}. {base}"),
                "context": context,
            }
        )
    return {"tasks": tasks, "candidates": candidates}


def recall(results: list[dict], gold: dict[str, set[str]]) -> tuple[float, float, float]:
    """Return (top-1 recall, top-3 recall, links@3) of `results` against `gold`."""
    top1 = sum(bool(r["matches"]) and r["matches"][0]["id"] in gold[r["id"]] for r in results)
    top3 = sum(any(m["id"] in gold[r["id"]] for m in r["matches"][:3]) for r in results)
    found = sum(len({m["id"] for m in r["matches"][:3]} & gold[r["id"]]) for r in results)
    wanted = sum(min(3, len(gold[r["id"]])) for r in results)
    return top1 / len(results), top3 / len(results), found / wanted


METHODS = (
    # (label, item variant, candidate variant, semantic weight or None for the engine's default, hub share)
    ("BM25 alone, texts before", "target", "title+text", 0.0, 0.0),
    ("engine before: static+BM25, texts before", "target", "title+text", None, 0.0),
    ("BM25, + note", "target+note", "title+text", 0.0, 0.0),
    ("static+BM25, + note", "target+note", "title+text", None, 0.0),
    ("BM25, + note + indicators", "target+note+indicators", "title+text", 0.0, 0.0),
    ("static+BM25, + note + indicators", "target+note+indicators", "title+text", None, 0.0),
    ("BM25 alone, texts after (as the app)", "target+note+indicators", "+indicators", 0.0, 0.0),
    ("static+BM25, texts after, no hub", "target+note+indicators", "+indicators", None, 0.0),
    ("BM25 + hub, texts after", "target+note+indicators", "+indicators", 0.0, None),
    ("engine now: static+BM25+hub, texts after", "target+note+indicators", "+indicators", None, None),
    ("BM25, + GBF short title (not in the app)", "target+note+indicators", "+short title+indicators", 0.0, 0.0),
    (
        "engine, + GBF short title (not in app)",
        "target+note+indicators",
        "+short title+indicators",
        None,
        None,
    ),
)
SPLIT_SEED = 17


def split_dev(data: dict) -> dict[str, set[str]]:
    """Return {pair: item ids of the development half}: half of each pair's items (rounded down), drawn with a
    fixed seed; the hub share and neighbours were chosen on these only, the other half is the held-out test."""
    rng = random.Random(SPLIT_SEED)
    dev = {}
    for name, _code in PAIRS:
        codes = sorted(item["id"] for item in data["tasks"][name]["items"]["target"])
        rng.shuffle(codes)
        dev[name] = set(codes[: len(codes) // 2])
    return dev


def run(data: dict, encoder, methods=METHODS, failures: bool = False, only=None) -> list[tuple]:
    """Return [(label, [(top1, top3, links@3) per pair])]; `only` ({pair: item ids}) keeps those items."""
    rows = []
    for label, item_variant, cand_variant, weight, hub in methods:
        cells = []
        for name, _code in PAIRS:
            task = data["tasks"][name]
            items = task["items"][item_variant]
            if only is not None:
                items = [item for item in items if item["id"] in only[name]]
            results = targets_suggest(
                items, data["candidates"][cand_variant], top_k=3, encoder=encoder, semantic_weight=weight,
                hub_share=hub,
            )
            cells.append(recall(results, task["gold"]))
            if failures:
                missed = [
                    f"{r['id']} (gold {','.join(sorted(task['gold'][r['id']], key=int))}; got "
                    f"{','.join(m['id'] for m in r['matches'][:3])})"
                    for r in results
                    if not any(m["id"] in task["gold"][r["id"]] for m in r["matches"][:3])
                ]
                print(f"  {label:44s} {name:12s} misses top-3: {'; '.join(missed) or '-'}")
        rows.append((label, cells))
    return rows


def table_print(rows: list[tuple]) -> None:
    head = " | ".join(f"{name:^20s}" for name, _ in PAIRS)
    print(f"{'method':44s} | {head}")
    print(f"{'':44s} | " + " | ".join(f"{'top1  top3  links3':^20s}" for _ in PAIRS))
    for label, cells in rows:
        print(f"{label:44s} | " + " | ".join(f"{a:.2f}  {b:.2f}  {c:.2f}  " for a, b, c in cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sweep", action="store_true", help="also the semantic weight 0..1 of the enriched texts"
    )
    parser.add_argument(
        "--failures", action="store_true", help="list the items with no gold target in the top 3"
    )
    parser.add_argument(
        "--split", action="store_true", help="also each method on the development half and the held-out half"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    data = tasks_build()
    encoder = encoder_get("static", models_dir=MODELS_DIR)
    sizes = ", ".join(f"{name} {len(data['tasks'][name]['items']['target'])} items" for name, _ in PAIRS)
    print(
        f"gold: IPBES tables in data/ipbes_mea_gbf_mappings ({sizes}; 23 GBF targets); encoder {encoder.name}"
    )
    table_print(run(data, encoder, failures=args.failures))
    if args.split:
        dev = split_dev(data)
        test = {name: {i["id"] for i in data["tasks"][name]["items"]["target"]} - dev[name] for name, _ in PAIRS}
        print(f"\ndevelopment half (seed {SPLIT_SEED}; {', '.join(f'{n} {len(d)}' for n, d in dev.items())}):")
        table_print(run(data, encoder, only=dev))
        print(f"\nheld-out half ({', '.join(f'{n} {len(t)}' for n, t in test.items())}):")
        table_print(run(data, encoder, only=test))
    if args.sweep:
        print("\nsemantic weight and hub share sweep (both texts enriched), development half | held-out half:")
        sweep = [
            (f"w={w:.1f} hub={h:.2f}", "target+note+indicators", "+indicators", w, h)
            for w in (0.0, 0.4, 0.6, 0.7) for h in (0.0, 0.25, 0.5, 0.75, 1.0)
        ]
        dev = split_dev(data)
        test = {name: {i["id"] for i in data["tasks"][name]["items"]["target"]} - dev[name] for name, _ in PAIRS}
        for (label, cells), (_, held) in zip(run(data, encoder, sweep, only=dev), run(data, encoder, sweep, only=test),
                                             strict=True):
            print(f"{label:22s} | " + " | ".join(f"{a:.2f} {b:.2f}" for a, b, _ in cells) + "  ||  "
                  + " | ".join(f"{a:.2f} {b:.2f}" for a, b, _ in held))
    print(f"\n{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
