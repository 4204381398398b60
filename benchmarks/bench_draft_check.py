"""Draft check speed (issue 15): a 30-paragraph draft against N stored paragraphs, and a bare lookup of the same vectors.

A throw-away SQLite database gets the bundled data, then N decision paragraphs made by varying the shipped real
texts (bench_search.paragraphs_generate), then the search index with its vectors (search_rebuild). Timed, as a
CMS secretariat officer, in the same run, each 5 times after one warm-up (the vectors read into memory once, as a
running server holds them):
  check    decisions.draftcheck.draft_check: parse, similar paragraphs in effect (any convention and the draft's),
           mandates of the same addressee, references, targets served (the suggestion engine)
  parts    the same without the targets, and the targets alone
  lookup   the bare nearest-neighbour lookup of the draft's 30 vectors among the same stored vectors:
           engine.overlap.neighbours_exact (k=5), no SQL, no visibility
  encode   encoding the 30 paragraphs (part of both)

    .venv/bin/python benchmarks/bench_draft_check.py --paragraphs 100000
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_search  # noqa: E402  (benchmarks/: its database and paragraph generator)

REPEATS = 5


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def median_ms(samples: list[float]) -> str:
    return f"{1000 * statistics.median(samples):.0f} ms (min {1000 * min(samples):.0f}, max {1000 * max(samples):.0f})"


def draft_build(seed: int = 7) -> str:
    """Return a 30-paragraph draft: 10 shipped paragraphs lightly changed, 20 recombined sentences, as operative
    paragraphs with their verbs (so mandates are extracted), and a preamble citing two decisions."""
    from liaison.decisions.models import Decision, Paragraph

    rng = random.Random(seed)
    shipped = list(Paragraph.objects.filter(kind=Paragraph.OPERATIVE, revision__decision__number="11.10")
                   .values_list("text", flat=True))
    generated = list(Paragraph.objects.filter(revision__decision__number__startswith="90.")
                     .values_list("text", flat=True)[:5000])
    assert Decision.objects.filter(number="11.10").exists()
    texts = [t.replace("Secretariat", "Executive Secretary") for t in rng.sample(shipped, 10)]
    texts += [f"Requests the Secretariat to {t[0].lower()}{t[1:]}" for t in rng.sample(generated, 20)]
    lines = ["Draft resolution on cooperation", "The Conference of the Parties,",
             "Recalling Resolution 11.10 and Resolution 9.6,"]
    lines += [f"{n}. {text}" for n, text in enumerate(texts, start=1)]
    return "\n\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000, help="paragraphs to generate (default 100000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        started = time.perf_counter()
        bench_search.database_prepare(var_dir, None)
        print(f"bundled data loaded in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        made = bench_search.paragraphs_generate(args.paragraphs)
        print(f"{made} paragraphs generated in {time.perf_counter() - started:.1f} s")

        from django.contrib.auth import get_user_model

        from liaison.accounts.loaders import role_ensure
        from liaison.decisions import draftcheck
        from liaison.decisions.models import Paragraph
        from liaison.engine.overlap import neighbours_exact
        from liaison.search.services import search_rebuild
        from liaison.search.vectors import CACHE, encoder

        report = search_rebuild()
        print(f"index rebuilt: {report.total} documents in {report.seconds:.1f} s "
              f"({Paragraph.objects.count()} paragraphs)")
        user = get_user_model().objects.create_user("bench-cms", password="bench-pw-123")
        role_ensure(user, "secretariat", "CMS", None, None)
        data = draft_build().encode()
        parsed = draftcheck.draft_parse(data=data, filename="draft.txt", convention="CMS")
        texts = [draftcheck.paragraph_full_text(p) for p in draftcheck.draft_paragraphs(parsed)]
        print(f"draft: {len(texts)} operative paragraphs, "
              f"{sum(len(p.get('mandates') or []) for p in draftcheck.draft_paragraphs(parsed))} mandates")

        def check():
            return draftcheck.draft_check(user=user, data=data, filename="draft.txt", convention="CMS")

        first = timed(check)  # reads every vector into memory, loads the encoder
        ids, matrix = CACHE.current()
        print(f"first check (vectors read, encoder loaded) {1000 * first:.0f} ms; {len(ids)} vectors of "
              f"{matrix.shape[1]} dimensions in memory")
        model = encoder()
        times: dict[str, list[float]] = {"check": [], "no-targets": [], "targets": [], "lookup": [], "encode": []}
        real_targets = draftcheck.targets_find_for
        for _ in range(REPEATS):
            times["check"].append(timed(check))
            draftcheck.targets_find_for = lambda *, user, texts, k: [[] for _ in texts]
            times["no-targets"].append(timed(check))
            draftcheck.targets_find_for = real_targets
            times["targets"].append(timed(lambda: real_targets(user=user, texts=texts, k=3)))
            times["encode"].append(timed(lambda: model.encode(texts)))
            vectors = model.encode(texts)
            times["lookup"].append(timed(lambda vectors=vectors: neighbours_exact(matrix, 5, queries=vectors)))
        result = check()
        found = sum(1 for p in result["paragraphs"] if p["similar"] and p["similar"][0]["score"] > 0.9)
        print(f"paragraphs whose best match scores over 0.9: {found} of {len(result['paragraphs'])}; "
              f"reference problems: {len(result['references']) + sum(len(p['references']) for p in result['paragraphs'])}")
        for name, samples in times.items():
            print(f"{name:<11} {median_ms(samples)}")
        ratio = statistics.median(times["check"]) / statistics.median(times["lookup"])
        ratio_core = statistics.median(times["no-targets"]) / statistics.median(times["lookup"])
        print(f"check / bare lookup: {ratio:.1f}x (without the targets: {ratio_core:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
