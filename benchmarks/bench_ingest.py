"""Ingest speed: seed-sized decision texts stored per second, against parsing them alone, in one run.

A throw-away database (SQLite, or the PostgreSQL database given) gets the catalogue; then, for each size N,
N decision texts are generated from the shipped seed (CMS Resolution 11.10 (Rev.COP12), 19 preamble and 27
operative paragraphs, 36 mandates, 16 references, 4 repeals): each has its own number and title, a fifth of
its running words exchanged for words of the real texts on hand (benchmarks/corpus.py), references to earlier
generated texts (recalls, and a repeal in one text of ten) and one text in ten is a revision (Rev.COP13) of an
earlier one, so mandates are carried over. Measured, in the same run:

  parse    `document_parse` of the N texts alone (what `liaison parse` does)
  publish  `batch_ingest_publish` of the N texts as one batch (what `liaison ingest --publish` does):
           decisions, paragraphs, mandates, references, repeals, succession, audit events, the search index
           (documents and their vectors) and the one overlap run it queues, in one transaction
  draft    `batch_create` with its preview (what `liaison ingest` without --publish does: the batch applied
           and rolled back)

Each size runs in a transaction rolled back at the end, so every size starts from the same empty record.

    .venv/bin/python benchmarks/bench_ingest.py --sizes 100 1000
    .venv/bin/python benchmarks/bench_ingest.py --sizes 100 1000 \
        --database-url postgres://postgres@127.0.0.1:5432/liaison_bench_c
    .venv/bin/python benchmarks/bench_ingest.py --sizes 1000 --profile /tmp/ingest.prof
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_db  # noqa: E402  (benchmarks/, the folder of this script)

SEED = REPO / "data" / "decision_documents" / "cms_resolution_11.10_rev_cop12_synergies_partnerships.txt"
# Words of an operative paragraph's lead are kept, so the parser reads the same addressees and verbs.
KEEP = re.compile(r"^\s*(\d+\.|[a-z]\))?\s*\S+(\s+\S+){0,4}")
WORD = re.compile(r"\b[a-z]{4,}\b")


def database_prepare(var_dir: str, url: str | None) -> None:
    """A throw-away database (SQLite under `var_dir`, or PostgreSQL `url`) with the catalogue."""
    bench_db.database_prepare(var_dir, ["liaison.catalogue.loaders.catalogue_load", "liaison.search.loaders.search_load"], url=url)


def texts_generate(n: int, *, seed: int = 7) -> list[tuple[str, bytes]]:
    """Return n (file name, bytes) decision texts made from the seed as the module docstring says."""
    from corpus import corpus_bases  # benchmarks/corpus.py

    rng = random.Random(seed)
    vocabulary = sorted({w for b in corpus_bases() for w in WORD.findall(b["text"])})
    lines = SEED.read_text(encoding="utf-8").splitlines()
    files: list[tuple[str, bytes]] = []
    numbers: list[str] = []
    for i in range(n):
        revision = i >= 10 and i % 10 == 5
        number = rng.choice(numbers) if revision else f"{30 + i // 1000}.{i % 1000 + 1}"
        out = [" ".join(rng.sample(vocabulary, 4)).upper()]
        for line in lines[1:]:
            keep = KEEP.match(line)
            head, tail = (line[:keep.end()], line[keep.end():]) if keep else ("", line)
            tail = WORD.sub(lambda m: rng.choice(vocabulary) if rng.random() < 0.2 else m.group(0), tail)
            out.append(head + tail)
        text = "\n".join(out)
        earlier = [x for x in numbers if x != number]
        if earlier:  # recall earlier generated texts instead of 7.9 and 8.11 (resolved references)
            text = text.replace("Resolution 7.9", f"Resolution {rng.choice(earlier)}", 1)
            text = text.replace("Resolution 8.11", f"Resolution {rng.choice(earlier)}", 1)
        repeal = (f"Repeals Resolution {rng.choice(earlier)}." if earlier and i % 10 == 3
                  else "Repeals Resolution 7.9, Resolution 8.11, Resolution 9.6, and Resolution 10.21.")
        text = re.sub(r"Repeals Resolution 7\.9[^\n]*", repeal, text)
        label = "_rev_cop13" if revision else ""
        files.append((f"cms_resolution_{number}{label}.txt", text.encode("utf-8")))
        if not revision:
            numbers.append(number)
    return files


class _Rollback(Exception):
    pass


def size_measure(files: list[tuple[str, bytes]], *, draft: bool, profile: str | None) -> dict[str, float]:
    """Return documents per second of parse, publish (and draft) for these files, each from an empty record."""
    from django.db import transaction

    from liaison.core.actors import system_actor
    from liaison.decisions.batches import batch_create, batch_ingest_publish
    from liaison.decisions.models import Decision, Mandate, Paragraph, Reference
    from liaison.engine.decisions import document_parse
    from liaison.overlap.models import OverlapRun
    from liaison.search.models import SearchDocument, SearchVector

    actor = system_actor("bench_ingest")
    rates: dict = {}
    started, cpu = time.perf_counter(), time.process_time()
    for name, data in files:
        document_parse(data, filename=name, convention="CMS")
    rates["parse"] = len(files) / (time.perf_counter() - started)
    rates["parse_cpu"] = time.process_time() - cpu
    runs = [("publish", lambda: batch_ingest_publish(user=actor, files=files, convention="CMS"))]
    if draft:
        runs.append(("draft", lambda: batch_create(user=actor, files=files, convention="CMS")))
    for label, run in runs:
        try:
            with transaction.atomic():
                profiler = None
                if profile and label == "publish":
                    import cProfile

                    profiler = cProfile.Profile()
                    profiler.enable()
                overlap_runs = OverlapRun.objects.count()
                started, cpu = time.perf_counter(), time.process_time()
                run()
                rates[label] = len(files) / (time.perf_counter() - started)
                rates[f"{label}_cpu"] = time.process_time() - cpu
                if profiler is not None:
                    profiler.disable()
                    profiler.dump_stats(profile)
                if label == "publish":
                    rates["stored"] = {"decisions": Decision.objects.filter(has_text=True).count(),
                                       "paragraphs": Paragraph.objects.count(), "mandates": Mandate.objects.count(),
                                       "carried": Mandate.objects.filter(successor__isnull=False).count(),
                                       "references": Reference.objects.count(),
                                       "resolved": Reference.objects.filter(target__isnull=False).count(),
                                       "repealed": Decision.objects.filter(status=Decision.REPEALED).count(),
                                       "search documents": SearchDocument.objects.filter(owner_type="decision").count(),
                                       "vectors": SearchVector.objects.filter(document__owner_type="decision").count(),
                                       "overlap runs queued": OverlapRun.objects.count() - overlap_runs}
                raise _Rollback
        except _Rollback:
            pass
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database (its schema is emptied)")
    parser.add_argument("--no-draft", action="store_true", help="skip the draft-with-preview measurement")
    parser.add_argument("--profile", default=None, help="write a cProfile of the largest publish to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        database_prepare(var_dir, args.database_url)
        from django.db import connection

        print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
              f"database {connection.vendor}")
        largest = max(args.sizes)
        for n in args.sizes:
            files = texts_generate(n)
            rates = size_measure(files, draft=not args.no_draft, profile=args.profile if n == largest else None)
            line = (f"N={n:6d}  parse {rates['parse']:7.1f} docs/s   publish {rates['publish']:7.1f} docs/s "
                    f"({rates['parse'] / rates['publish']:.1f}x the cost of parsing)")
            if "draft" in rates:
                line += f"   draft+preview {rates['draft']:7.1f} docs/s"
            print(line)
            # CPU seconds of this process: steadier than wall time on a shared machine (SQLite runs in it; a
            # PostgreSQL server's own work is not counted)
            print(f"          CPU: parse {rates['parse_cpu']:.2f} s, publish {rates['publish_cpu']:.2f} s "
                  f"({rates['publish_cpu'] / rates['parse_cpu']:.1f}x)")
            print("          stored: " + ", ".join(f"{v} {k}" for k, v in rates["stored"].items()))


if __name__ == "__main__":
    main()
