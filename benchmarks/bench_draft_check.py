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
  floor    the matmul floor: one product of the 30 vectors with every stored vector, and each one's 5 best
  encode   encoding the 30 paragraphs (part of both)

    .venv/bin/python benchmarks/bench_draft_check.py --paragraphs 100000
    .venv/bin/python benchmarks/bench_draft_check.py --paragraphs 1000000 --keep /tmp/dc1m   # build, keep, time
    .venv/bin/python benchmarks/bench_draft_check.py --reuse /tmp/dc1m                       # time it again

The build (bundled data, generated paragraphs, index) is timed apart from the check: at 1,000,000 paragraphs it
takes a quarter of an hour or more, so `--keep DIR` leaves the SQLite database in DIR and `--reuse DIR` times
the check on it again without building anything.
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


CPU: dict[str, list[float]] = {}  # the process's CPU seconds of each sample, by what was timed


def timed(fn, name: str = "") -> float:
    """Return the wall seconds of fn(); its CPU seconds (all threads) go to CPU[name]: on the shared machine,
    under a load of several times its cores, the wall time is mostly waiting for a core."""
    started, cpu = time.perf_counter(), time.process_time()
    fn()
    CPU.setdefault(name, []).append(time.process_time() - cpu)
    return time.perf_counter() - started


def median_ms(samples: list[float]) -> str:
    return f"{1000 * statistics.median(samples):.0f} ms (min {1000 * min(samples):.0f}, max {1000 * max(samples):.0f})"


def floor_lookup(matrix, vectors, k: int = 5):
    """The matmul floor: the queries' cosines with every vector (one product) and each query's k best."""
    import numpy as np

    scores = vectors @ matrix.T
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    return np.take_along_axis(scores, top, axis=1)


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
    parser.add_argument("--keep", metavar="DIR", help="build the database in DIR (a new directory) and keep it")
    parser.add_argument("--reuse", metavar="DIR", help="time the check on the database a --keep run left in DIR")
    args = parser.parse_args()
    if args.reuse:
        bench_search.database_reuse(args.reuse, f"sqlite:///{args.reuse}/bench.sqlite3")
        return measure()
    if args.keep:
        Path(args.keep).mkdir(parents=True)
        build(args.keep, args.paragraphs)
        return measure()
    with tempfile.TemporaryDirectory() as var_dir:
        build(var_dir, args.paragraphs)
        return measure()


def build(var_dir: str, paragraphs: int) -> None:
    """Make the database: the bundled data, `paragraphs` generated paragraphs, the search index with vectors."""
    started = time.perf_counter()
    bench_search.database_prepare(var_dir, None)
    print(f"bundled data loaded in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    made = bench_search.paragraphs_generate(paragraphs)
    print(f"{made} paragraphs generated in {time.perf_counter() - started:.1f} s")
    from liaison.decisions.models import Paragraph
    from liaison.search.services import search_rebuild

    report = search_rebuild()
    print(f"index rebuilt: {report.total} documents in {report.seconds:.1f} s "
          f"({Paragraph.objects.count()} paragraphs)")
    from django.contrib.auth import get_user_model

    from liaison.accounts.loaders import role_ensure

    user = get_user_model().objects.create_user("bench-cms", password="bench-pw-123")
    role_ensure(user, "secretariat", "CMS", None, None)


def measure() -> int:
    """Time the check, its parts and the bare lookup on the database Django points at; print the figures."""
    from django.contrib.auth import get_user_model

    from liaison.decisions import draftcheck
    from liaison.engine.overlap import neighbours_exact
    from liaison.search.vectors import CACHE, encoder

    user = get_user_model().objects.get(username="bench-cms")
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
    times: dict[str, list[float]] = {"check": [], "no-targets": [], "targets": [], "lookup": [], "floor": [],
                                     "encode": []}
    real_targets = draftcheck.targets_find_for
    for _ in range(REPEATS):
        times["check"].append(timed(check, "check"))
        draftcheck.targets_find_for = lambda *, user, texts, k: [[] for _ in texts]
        times["no-targets"].append(timed(check, "no-targets"))
        draftcheck.targets_find_for = real_targets
        times["targets"].append(timed(lambda: real_targets(user=user, texts=texts, k=3), "targets"))
        times["encode"].append(timed(lambda: model.encode(texts), "encode"))
        vectors = model.encode(texts)
        times["lookup"].append(timed(lambda vectors=vectors: neighbours_exact(matrix, 5, queries=vectors), "lookup"))
        times["floor"].append(timed(lambda vectors=vectors: floor_lookup(matrix, vectors), "floor"))
    result = check()
    found = sum(1 for p in result["paragraphs"] if p["similar"] and p["similar"][0]["score"] > 0.9)
    print(f"paragraphs whose best match scores over 0.9: {found} of {len(result['paragraphs'])}; "
          f"reference problems: {len(result['references']) + sum(len(p['references']) for p in result['paragraphs'])}")
    print("wall time, median of 5; then the CPU seconds (every thread) of the same samples, median")
    for name, samples in times.items():
        print(f"{name:<11} {median_ms(samples)}; CPU {1000 * statistics.median(CPU[name]):.0f} ms")
    for base in ("lookup", "floor"):
        ratio = statistics.median(times["check"]) / statistics.median(times[base])
        ratio_core = statistics.median(times["no-targets"]) / statistics.median(times[base])
        cpu = statistics.median(CPU["check"]) / statistics.median(CPU[base])
        print(f"check / {base}: {ratio:.1f}x wall (without the targets: {ratio_core:.1f}x), {cpu:.1f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
