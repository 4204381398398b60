"""Precision of the overlap pairs by threshold, from the hand labels in data/overlap_eval/pair_labels.csv.

    .venv/bin/python benchmarks/bench_pair_precision.py                 # precision by threshold, from the labels
    DATABASE_URL=... .venv/bin/python benchmarks/bench_pair_precision.py --coverage   # and pairs kept in the DB
    DATABASE_URL=... .venv/bin/python benchmarks/bench_pair_precision.py --reading    # and the page's filter
    DATABASE_URL=... .venv/bin/python benchmarks/bench_pair_precision.py --draw 160   # draw a new sample (once)
    # the sample of the cleaned corpus (drawn 6 December 2026): 120 cross-convention and 40 within-one pairs, seed 1506
    DATABASE_URL=... .venv/bin/python benchmarks/bench_pair_precision.py --labels pair_labels_cleaned.csv \
        --draw 120 --within 40 --seed 1506
    DATABASE_URL=... .venv/bin/python benchmarks/bench_pair_precision.py --labels pair_labels_cleaned.csv --reading

A pair is labelled real (the two paragraphs ask for or commit to the same work), boilerplate (what they share is
procedural or standard wording) or noise (they only look alike). Precision at t is the share of real pairs among
the labelled pairs scoring >= t; the baseline printed first is the same share over the whole sample. --coverage
reads the latest finished run of the database named by DATABASE_URL (as `liaison load` builds it) and prints how
many of its cross-convention pairs each threshold keeps, so the cost of a threshold is seen next to its gain.
--reading reads the labelled pairs' texts from that database and applies liaison.overlap.formula.pair_reading
(the page's default: neither paragraph treaty machinery, a common subject), on the even rows (where its rules
were written), the odd rows (held out) and all; then how many of the database's pairs it keeps.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from paths import DATA_DIR  # noqa: E402

LABELS = DATA_DIR / "overlap_eval" / "pair_labels.csv"
FIELDS = ["document_a", "paragraph_a", "document_b", "paragraph_b", "kind", "score", "label", "note"]
FIELDS_CLEANED = ["row", "cross", *FIELDS]  # the second sample says whether a pair is across conventions
KINDS_OF_LABEL = ("real", "boilerplate", "noise")
THRESHOLDS = (0.85, 0.86, 0.87, 0.88, 0.89, 0.90, 0.91, 0.92, 0.93, 0.95)


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.config.settings.dev")
    import django

    django.setup()


def pairs_current(*, cross: bool = True) -> list:
    """Return the pairs of the latest finished run (across conventions, or within one), in a stable order."""
    from liaison.overlap.models import OverlapPair, OverlapRun

    run = OverlapRun.objects.filter(state=OverlapRun.DONE).first()
    if run is None:
        sys.exit("no finished overlap run in this database: run `liaison load` first")
    pairs = list(OverlapPair.objects.filter(run=run, cross=cross))
    return sorted(pairs, key=lambda p: (p.a["document"], str(p.a["paragraph"]), p.b["document"],
                                        str(p.b["paragraph"])))


def sample_draw(n: int, seed: int, *, within: int = 0) -> None:
    """Write a new unlabelled sample of pairs (random with a fixed seed) to the labels file, refused if it exists.

    n pairs across conventions; with `within`, that many pairs within one convention too (drawn from the same
    Random after the cross ones), the whole sample then shuffled by the same Random so that both kinds fall in
    both halves (even and odd rows).
    """
    if LABELS.exists():
        sys.exit(f"{LABELS} exists: the sample is drawn once, before anything is tuned")
    rng = random.Random(seed)
    cross = pairs_current()
    chosen = [(True, p) for p in rng.sample(cross, min(n, len(cross)))]
    inside = pairs_current(cross=False) if within else []
    if within:
        chosen += [(False, p) for p in rng.sample(inside, min(within, len(inside)))]
        rng.shuffle(chosen)
    fields = FIELDS_CLEANED if within else FIELDS
    with LABELS.open("w", newline="") as f:
        out = csv.DictWriter(f, fieldnames=fields)
        out.writeheader()
        for row, (is_cross, p) in enumerate(chosen):
            values = {"document_a": p.a["document"], "paragraph_a": p.a["paragraph"],
                      "document_b": p.b["document"], "paragraph_b": p.b["paragraph"], "kind": p.kind,
                      "score": p.score, "label": "", "note": ""}
            if within:
                values |= {"row": row, "cross": "yes" if is_cross else "no"}
            out.writerow(values)
    print(f"{len(chosen)} pairs written to {LABELS} (seed {seed}): of {len(cross)} across conventions "
          f"and {len(inside)} within one")


def labels_read() -> list[dict]:
    with LABELS.open(newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["label"] in KINDS_OF_LABEL]
    for r in rows:
        r["score"] = float(r["score"])
    return rows


def precision_print(rows: list[dict], *, title: str) -> None:
    """Print, per threshold, the labelled pairs kept, their split by label and the precision."""
    print(f"\n{title}")
    print(f"{'t':>6} {'pairs':>6} {'real':>5} {'boiler':>6} {'noise':>5} {'precision':>9} {'recall':>7}")
    real_all = sum(r["label"] == "real" for r in rows)
    for t in ("all", *THRESHOLDS):
        kept = rows if t == "all" else [r for r in rows if r["score"] >= t]
        counts = {k: sum(r["label"] == k for r in kept) for k in KINDS_OF_LABEL}
        precision = counts["real"] / len(kept) if kept else float("nan")
        recall = counts["real"] / real_all if real_all else float("nan")
        label = "all" if t == "all" else f"{t:.2f}"
        print(f"{label:>6} {len(kept):>6} {counts['real']:>5} {counts['boilerplate']:>6} {counts['noise']:>5} "
              f"{precision:>9.3f} {recall:>7.3f}")


def reading_print(rows: list[dict]) -> None:
    """Print precision and recall of the page's reading filter on the labels, by half and threshold."""
    from liaison.overlap.formula import WORTH, pair_reading

    current = pairs_current()
    pairs = {pair_key(p): p for p in current}
    missing = [r for r in rows if label_key(r) not in pairs]
    if missing:
        print(f"\n{len(missing)} labelled pairs are no longer in this database's run (corpus changed); left out")
    rows = [r for r in rows if label_key(r) in pairs]
    for r in rows:
        p = pairs[label_key(r)]
        r["reading"] = pair_reading(p.a.get("text", ""), p.b.get("text", ""))
    print("\nThe page's filter (pair_reading == worth): kept / real kept, precision, recall of real")
    for t in (0.85, 0.86, 0.87):
        cells = []
        for name, half in (("even", rows[0::2]), ("odd (held out)", rows[1::2]), ("all", rows)):
            real_all = sum(r["label"] == "real" for r in half)
            kept = [r for r in half if r["score"] >= t and r["reading"] == WORTH]
            real = sum(r["label"] == "real" for r in kept)
            precision = real / len(kept) if kept else float("nan")
            cells.append(f"{name} {real}/{len(kept)} = {precision:.2f} (recall {real / real_all:.2f})")
        print(f"  >= {t:.2f}: " + " | ".join(cells))
    readings: dict[str, int] = {}
    for p in current:
        key = pair_reading(p.a.get("text", ""), p.b.get("text", ""))
        readings[key] = readings.get(key, 0) + 1
    print(f"Pairs of the run by reading: {readings} of {len(current)}")


def pair_key(p) -> tuple:
    return (p.a["document"], str(p.a["paragraph"]), p.b["document"], str(p.b["paragraph"]))


def label_key(r: dict) -> tuple:
    return (r["document_a"], r["paragraph_a"], r["document_b"], r["paragraph_b"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", default="pair_labels.csv", help="file of data/overlap_eval (default %(default)s)")
    parser.add_argument("--draw", type=int, help="draw a new sample of this many pairs (refused if labels exist)")
    parser.add_argument("--within", type=int, default=0, help="with --draw: also this many pairs within one")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--coverage", action="store_true", help="also count the database's pairs per threshold")
    parser.add_argument("--reading", action="store_true", help="also measure the page's filter on the labels")
    args = parser.parse_args()
    global LABELS
    LABELS = DATA_DIR / "overlap_eval" / Path(args.labels).name
    if args.draw:
        django_setup()
        sample_draw(args.draw, args.seed, within=args.within)
        return
    rows = labels_read()
    print(f"{len(rows)} labelled pairs in {LABELS.relative_to(DATA_DIR.parent)}")
    precision_print(rows, title="Every labelled pair (near-duplicates score a Jaccard, semantic pairs a cosine)")
    precision_print([r for r in rows if r["kind"] == "semantic"], title="Semantic pairs (cosine)")
    if args.coverage or args.reading:
        django_setup()
    if args.reading:
        reading_print(rows)
    if args.coverage:
        pairs = pairs_current()
        semantic = [p for p in pairs if p.kind == "semantic"]
        print(f"\nPairs of the database's latest run: {len(pairs)} cross-convention, {len(semantic)} semantic")
        for t in THRESHOLDS:
            kept = sum(p.score >= t for p in semantic)
            print(f"  semantic >= {t:.2f}: {kept:>5} ({kept / len(semantic):.1%} of the semantic pairs)")


if __name__ == "__main__":
    main()
