"""Draw the paragraphs to label for data/overlap_eval/theme_labels.csv (the theme tagging benchmark's sample).

Run once, before labelling, on a database loaded with the shipped data (`liaison load`); it writes the sample with
an empty judgement column. Labels are then written by hand into theme_labels.csv (data/overlap_eval/README.md).

    LIAISON_VAR_DIR=/tmp/x DATABASE_URL=sqlite:////tmp/x/l.sqlite3 DJANGO_SETTINGS_MODULE=liaison.config.settings.dev \\
        .venv/bin/python benchmarks/theme_labels_sample.py --out /tmp/theme_sample.csv

Two samples, both drawn with random.Random(SEED) from the overlap corpus (overlap_corpus_get: the operative
paragraphs of public decisions and the treaty units, the paragraphs the overlap report compares):
  precision  for each theme of the vocabulary, PER_THEME paragraphs the tagger tags with it (all when fewer);
  recall     RECALL_PARAGRAPHS paragraphs of the whole corpus, each to be judged against every theme, drawn after
             the precision sample from the same generator; a second batch of as many (recall2), drawn with
             random.Random(SEED + 1) from the paragraphs not drawn yet, was added after the first was labelled
             because 30 paragraphs held only 24 paragraph-theme pairs that apply.
The vocabulary was then revised against those labels, so their figures are not a test. `--heldout` draws a third
sample with the revised vocabulary, labelled without touching the vocabulary afterwards: HELDOUT_PER_THEME tagged
paragraphs per theme (heldout) and HELDOUT_RECALL paragraphs at random (heldout-recall), with random.Random(SEED +
1 + batch), from paragraphs in no earlier sample; batch 1 first, batch 2 (`--batch 2`) after batch 1 was labelled,
to narrow the margin of the held-out figures.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

SEED = 15
PER_THEME = 5
RECALL_PARAGRAPHS = 30
HELDOUT_PER_THEME = 1
HELDOUT_RECALL = 20
COLUMNS = ["paragraph_id", "convention", "document", "paragraph", "sample", "theme", "tagged", "judgement", "note",
           "text"]


def paragraph_id(para: dict) -> str:
    """Return a stable identifier: document, paragraph and the first 8 hex digits of the text's SHA-1."""
    digest = hashlib.sha1(para["text"].encode("utf-8")).hexdigest()[:8]
    return f"{para['document']} | {para['paragraph']} | {digest}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--heldout", help="the labels already drawn (theme_labels.csv): draw the held-out sample")
    parser.add_argument("--batch", type=int, default=1, help="held-out batch (1, 2): its generator's seed")
    args = parser.parse_args()
    import django

    django.setup()
    from liaison.engine.overlap import themes_tag, vocabulary_load
    from liaison.overlap.selectors import overlap_corpus_get

    corpus = overlap_corpus_get()
    vocabulary = vocabulary_load()
    tags = themes_tag([p["text"] for p in corpus], vocabulary)
    if args.heldout:
        with open(args.heldout, newline="", encoding="utf-8") as handle:
            drawn = {r["paragraph_id"] for r in csv.DictReader(handle)}
        fresh = [n for n, p in enumerate(corpus) if paragraph_id(p) not in drawn]
        rng = random.Random(SEED + 1 + args.batch)
        rows = []
        for theme in vocabulary:
            tagged = [n for n in fresh if theme.id in tags[n]]
            for n in sorted(rng.sample(tagged, min(HELDOUT_PER_THEME, len(tagged)))):
                rows.append((n, "heldout", theme.id, "yes"))
        for n in sorted(rng.sample(fresh, HELDOUT_RECALL)):
            rows.append((n, "heldout-recall", "", ";".join(sorted(tags[n]))))
        return _write(args.out, corpus, rows)
    rng = random.Random(SEED)
    rows = []
    for theme in vocabulary:
        tagged = [n for n, t in enumerate(tags) if theme.id in t]
        for n in sorted(rng.sample(tagged, min(PER_THEME, len(tagged)))):
            rows.append((n, "precision", theme.id, "yes"))
    first = rng.sample(range(len(corpus)), RECALL_PARAGRAPHS)
    for n in sorted(first):
        rows.append((n, "recall", "", ";".join(sorted(tags[n]))))
    rest = sorted(set(range(len(corpus))) - set(first))
    for n in sorted(random.Random(SEED + 1).sample(rest, RECALL_PARAGRAPHS)):
        rows.append((n, "recall2", "", ";".join(sorted(tags[n]))))
    _write(args.out, corpus, rows)


def _write(out: str, corpus: list[dict], rows: list[tuple]) -> None:
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n, sample, theme_id, tagged in rows:
            p = corpus[n]
            writer.writerow([paragraph_id(p), p["convention"], p["document"], p["paragraph"], sample, theme_id, tagged,
                             "", "", p["text"]])
    print(f"{len(rows)} rows ({sum(r[1] == 'precision' for r in rows)} precision, "
          f"{sum(r[1] != 'precision' for r in rows)} others) from {len(corpus)} paragraphs -> {out}")


if __name__ == "__main__":
    main()
