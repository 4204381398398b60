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
(the page's default across conventions: neither paragraph treaty machinery, a common subject): what it shows
(the share of real among the pairs it keeps) and what it hides (the share of the real pairs it leaves out), on
the even rows (where its rules were written), the odd rows (held out) and all of the first sample; the second
sample was drawn after the rules were written, so all of it is held out. Then how many of the database's pairs
each reading takes. A sample with a `cross` column (the second) is reported across conventions and within one
separately, every figure; the page shows every pair within one convention by default, so the filter's figures
there say what it would do if it were the default.
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
    for i, r in enumerate(rows):
        r["score"] = float(r["score"])
        r.setdefault("row", str(i))  # the first sample has no row column: its row is its place in the file
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


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Return the Wilson 95% interval of a share k/n (samples this small need it said)."""
    if not n:
        return float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def parts_of(rows: list[dict]) -> list[tuple[str, list[dict], bool]]:
    """Return (title, rows, cross) per part: across and within for a sample with a `cross` column, else across."""
    if "cross" not in rows[0]:
        return [("across conventions", rows, True)]
    return [(title, [r for r in rows if r["cross"] == flag], flag == "yes")
            for title, flag in (("across conventions", "yes"), ("within one convention", "no"))]


def reading_print(rows: list[dict]) -> None:
    """Print, across and within, what the page's reading filter shows and hides of the labelled pairs."""
    from liaison.overlap.formula import WORTH, pair_reading

    halves = "cross" not in rows[0]  # the first sample: rules written on its even rows; the second: all held out
    for title, part, cross in parts_of(rows):
        current = pairs_current(cross=cross)
        pairs = {pair_key(p): p for p in current}
        missing = [r for r in part if label_key(r) not in pairs]
        if missing:
            print(f"\n{len(missing)} labelled pairs {title} are no longer in this database's run (corpus changed); "
                  "left out")
        part = [r for r in part if label_key(r) in pairs]
        for r in part:
            p = pairs[label_key(r)]
            r["reading"] = pair_reading(p.a.get("text", ""), p.b.get("text", ""))
        print(f"\nThe page's filter (pair_reading == worth), {title}: real among what it shows (precision, "
              "Wilson 95%), real it hides")
        cuts = ("all", 0.85, 0.86, 0.87)
        for t in cuts:
            cells = []
            even = [r for r in part if int(r["row"]) % 2 == 0]  # by the file's row, whatever the run has lost
            odd = [r for r in part if int(r["row"]) % 2 == 1]
            named = (("even", even), ("odd (held out)", odd), ("all", part)) if halves else (("all (held out)", part),)
            for name, half in named:
                real_all = sum(r["label"] == "real" for r in half)
                kept = [r for r in half if (t == "all" or r["score"] >= t) and r["reading"] == WORTH]
                real = sum(r["label"] == "real" for r in kept)
                low, high = wilson(real, len(kept))
                precision = real / len(kept) if kept else float("nan")
                hidden = real_all - real
                cells.append(f"{name} {real}/{len(kept)} = {precision:.2f} [{low:.2f}, {high:.2f}], hides "
                             f"{hidden}/{real_all} real")
            label = "every pair" if t == "all" else f">= {t:.2f}"
            print(f"  {label}: " + " | ".join(cells))
        kept = [r for r in part if r["reading"] == WORTH]
        print("  every pair, by label and reading: " + ", ".join(
            f"{k} {sum(r['label'] == k and r['reading'] == g for r in part)} {g}"
            for k in KINDS_OF_LABEL for g in ("worth", "formulaic", "weak")))
        print(f"  shown: {len(kept)} of {len(part)} labelled; hidden real pairs: "
              + "; ".join(f"row {r['row']} ({r['reading']}) {r['note'][:70]}"
                          for r in part if r["label"] == "real" and r["reading"] != WORTH))
        readings: dict[str, int] = {}
        for p in current:
            key = pair_reading(p.a.get("text", ""), p.b.get("text", ""))
            readings[key] = readings.get(key, 0) + 1
        print(f"  pairs of the run {title} by reading: {readings} of {len(current)}")


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
    for title, part, _cross in parts_of(rows):
        precision_print(part, title=f"Every labelled pair {title} ({len(part)}; near-duplicates score a Jaccard, "
                                    "semantic pairs a cosine)")
        precision_print([r for r in part if r["kind"] == "semantic"], title=f"Semantic pairs {title} (cosine)")
    if args.coverage or args.reading:
        django_setup()
    if args.reading:
        reading_print(rows)
    if args.coverage:
        for title, cross in (("cross-convention", True), ("within one convention", False)):
            pairs = pairs_current(cross=cross)
            semantic = [p for p in pairs if p.kind == "semantic"]
            print(f"\nPairs of the database's latest run, {title}: {len(pairs)}, {len(semantic)} semantic")
            for t in THRESHOLDS:
                kept = sum(p.score >= t for p in semantic)
                print(f"  semantic >= {t:.2f}: {kept:>5} ({kept / max(len(semantic), 1):.1%} of the semantic pairs)")

if __name__ == "__main__":
    main()
