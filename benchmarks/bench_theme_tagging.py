"""Precision and recall of the theme tagging against the hand labels of data/overlap_eval/theme_labels.csv.

    .venv/bin/python benchmarks/bench_theme_tagging.py            # the shipped vocabulary
    .venv/bin/python benchmarks/bench_theme_tagging.py --themes   # and each theme's precision

The labels (how they were drawn and judged: data/overlap_eval/README.md) hold the paragraphs' full text, so the
tagging is re-run here on each paragraph with the current vocabulary (themes_tag) and, as the baseline measured in
the same run, with a vocabulary of each theme's LEO term alone (the glossary term as its only term).

  precision (stratified)  over the precision sample (PER_THEME tagged paragraphs per theme, drawn from the first
                          vocabulary's tags): of the labelled pairs the tagger still tags, the share judged to apply;
                          micro (all pairs) and macro (mean of the themes' precision). A pair the tagger no longer
                          tags drops out; "kept" says how many of the pairs judged to apply are still tagged.
  precision (random)      over the recall sample (paragraphs drawn at random, judged against every theme): of the
                          themes tagged on them, the share judged to apply (a theme with no row was judged not to).
  recall                  over the recall sample: of the paragraph-theme pairs judged to apply, the share tagged.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from liaison.engine.overlap.themes import Theme, theme_pattern, themes_tag, vocabulary_load  # noqa: E402

LABELS = REPO / "data" / "overlap_eval" / "theme_labels.csv"


def labels_read(path: Path = LABELS) -> list[dict]:
    """Return the label rows."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def leo_only(vocabulary: tuple[Theme, ...]) -> tuple[Theme, ...]:
    """Return the baseline vocabulary: each theme tagged by its LEO term and English name only."""
    out = []
    for theme in vocabulary:
        terms = sorted({theme.leo or theme.label, theme.label})
        out.append(Theme(id=theme.id, label=theme.label, terms=terms, names=theme.names, leo=theme.leo,
                         pattern=theme_pattern(terms)))
    return tuple(out)


def measure(rows: list[dict], vocabulary: tuple[Theme, ...], *, precision_sample: str = "precision",
            recall_samples: tuple[str, ...] = ("recall", "recall2")) -> dict:
    """Return the figures of one vocabulary on one set of the labels (the development or the held-out one)."""
    rows = [r for r in rows if r["sample"] == precision_sample or r["sample"] in recall_samples]
    texts = {r["paragraph_id"]: r["text"] for r in rows}
    ids = list(texts)
    tags = dict(zip(ids, themes_tag([texts[i] for i in ids], vocabulary), strict=True))
    by_theme: dict[str, list[bool]] = defaultdict(list)
    kept = judged_yes = 0
    for r in rows:
        if r["sample"] != precision_sample:
            continue
        yes = r["judgement"] == "yes"
        judged_yes += yes
        if r["theme"] in tags[r["paragraph_id"]]:
            by_theme[r["theme"]].append(yes)
            kept += yes
    micro_n = sum(len(v) for v in by_theme.values())
    micro = sum(sum(v) for v in by_theme.values()) / micro_n if micro_n else 0.0
    per_theme = {t: sum(v) / len(v) for t, v in by_theme.items() if v}
    macro = sum(per_theme.values()) / len(per_theme) if per_theme else 0.0
    applies: dict[str, set[str]] = defaultdict(set)
    recall_ids = set()
    for r in rows:
        if r["sample"] in recall_samples:
            recall_ids.add(r["paragraph_id"])
            if r["judgement"] == "yes":
                applies[r["paragraph_id"]].add(r["theme"])
    positives = sum(len(v) for v in applies.values())
    found = sum(len(applies[p] & set(tags[p])) for p in recall_ids)
    tagged_random = sum(len(tags[p]) for p in recall_ids)
    return {
        "precision_micro": micro, "precision_macro": macro, "precision_pairs": micro_n,
        "kept": kept, "judged_yes": judged_yes, "per_theme": per_theme, "per_theme_n": {t: len(v) for t, v in by_theme.items()},
        "precision_random": found / tagged_random if tagged_random else 0.0, "tagged_random": tagged_random,
        "recall": found / positives if positives else 0.0, "positives": positives, "found": found,
        "recall_paragraphs": len(recall_ids),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", action="store_true", help="also print each theme's precision")
    parser.add_argument("--labels", default=str(LABELS))
    args = parser.parse_args()
    rows = labels_read(Path(args.labels))
    vocabulary = vocabulary_load()
    baseline = leo_only(vocabulary)
    held = {"precision_sample": "heldout", "recall_samples": ("heldout-recall",)}
    runs = {
        "development: LEO term only": measure(rows, baseline),
        "development: vocabulary": measure(rows, vocabulary),
        "held-out: LEO term only": measure(rows, baseline, **held),
        "held-out: vocabulary": measure(rows, vocabulary, **held),
    }
    print(f"labels: {len(rows)} rows; {len(vocabulary)} themes. Development set: "
          f"{sum(r['sample'] == 'precision' for r in rows)} stratified pairs, "
          f"{runs['development: vocabulary']['recall_paragraphs']} random paragraphs (the vocabulary was revised "
          f"against them). Held-out set: {sum(r['sample'] == 'heldout' for r in rows)} stratified pairs, "
          f"{runs['held-out: vocabulary']['recall_paragraphs']} random paragraphs (drawn and labelled after the last "
          "revision)")
    print(f"{'':28} {'P strat micro':>14} {'P strat macro':>14} {'kept':>9} {'P random':>14} {'recall':>12}")
    for name, m in runs.items():
        print(f"{name:28} {m['precision_micro']:>8.3f} ({m['precision_pairs']:3d}) {m['precision_macro']:>14.3f} "
              f"{m['kept']:>4d}/{m['judged_yes']:<4d} {m['precision_random']:>8.3f} ({m['tagged_random']:3d}) "
              f"{m['recall']:>6.3f} ({m['found']}/{m['positives']})")
    if args.themes:
        m = runs["development: vocabulary"]
        print("precision of each theme on the development set:")
        for theme in vocabulary:
            if theme.id in m["per_theme"]:
                print(f"  {theme.id:34} {m['per_theme'][theme.id]:.2f} of {m['per_theme_n'][theme.id]}")
            else:
                print(f"  {theme.id:34} -    (no labelled pair tagged)")


if __name__ == "__main__":
    main()
