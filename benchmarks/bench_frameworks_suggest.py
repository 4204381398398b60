"""Time to suggest links through the app's service, against the alignment engine alone.

A temporary SQLite database gets the shipped frameworks. Measured, each against GBF + CMS SPMS targets (39):

- the Belgian NBSAP (46 targets): the engine alone (`targets_suggest`, no cache), then the service
  `target_links_suggest` (reads targets and reviews, embeddings from/to the Embedding table, progress
  record, links replaced and stored), cold (no embedding stored yet) and warm (all stored);
- 10,000 generated items (real indicator texts perturbed: a word dropped, two swapped, a qualifier added):
  the engine alone, then `target_links_suggest` for a generated framework holding them as targets
  (stored first with `framework_store`; 30,000 links written), cold and warm.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_frameworks_suggest.py [--items 10000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time

from bench_db import database_prepare
from paths import DATA_DIR, MODELS_DIR

QUALIFIERS = ["at national level", "in marine areas", "for migratory species", "over time", "in protected areas"]
AGAINST = ["GBF", "CMS-SPMS-2015-2023"]


def setup(var_dir: str) -> None:
    database_prepare(var_dir, ["liaison.catalogue.loaders.catalogue_load", "liaison.frameworks.loaders.frameworks_load"])


def items_generate(count: int, seed: int = 0) -> list[str]:
    """Return `count` texts made by perturbing the shipped indicator texts."""
    from liaison.engine.frameworks import frameworks_bundled

    rng = random.Random(seed)
    sources = [i.text["en"] for f in frameworks_bundled(data_dir=DATA_DIR) for _, i in f.indicators() if "en" in i.text]
    texts = []
    for _ in range(count):
        words = rng.choice(sources).split()
        if len(words) > 3 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        if len(words) > 3 and rng.random() < 0.5:
            a, b = rng.sample(range(len(words)), 2)
            words[a], words[b] = words[b], words[a]
        if rng.random() < 0.5:
            words.append(rng.choice(QUALIFIERS))
        texts.append(" ".join(words))
    return texts


WALL: list[float] = []


def timed(fn) -> tuple[float, object]:
    """Return (seconds of this process's CPU time, result), and keep the wall time in WALL: on a shared
    machine the wall time mostly measures the neighbours; SQLite runs in-process, so its work is counted."""
    start, wall = time.process_time(), time.perf_counter()
    result = fn()
    WALL.append(time.perf_counter() - wall)
    return time.process_time() - start, result


def engine_alone(framework_code: str) -> float:
    """Seconds for the engine alone on the framework's targets (same texts, no database, no cache)."""
    from liaison.engine.alignment import targets_suggest
    from liaison.frameworks.models import Target
    from liaison.frameworks.suggestions import target_match_text

    items = [{"id": t.pk, "text": target_match_text(t)} for t in Target.objects.filter(framework__code=framework_code)]
    targets = [{"id": t.pk, "text": target_match_text(t)} for t in Target.objects.filter(framework__code__in=AGAINST)]
    seconds, _ = timed(lambda: targets_suggest(items, targets, top_k=3, models_dir=MODELS_DIR))
    return seconds


def service(framework_code: str) -> tuple[float, int]:
    from liaison.core.actors import system_actor
    from liaison.frameworks.models import Framework, SuggestJob
    from liaison.frameworks.suggestions import target_links_suggest

    framework = Framework.objects.get(code=framework_code)
    job = SuggestJob.objects.create(framework=framework, against=AGAINST)
    return timed(lambda: target_links_suggest(user=system_actor("bench"), framework=framework, against=AGAINST, job=job))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        setup(var_dir)
        from liaison.core.actors import system_actor
        from liaison.engine import frameworks as engine
        from liaison.engine.embedding import encoder_get
        from liaison.frameworks.models import Embedding
        from liaison.frameworks.services import framework_store

        encoder = encoder_get(models_dir=MODELS_DIR)
        encoder.encode(["warm up the encoder"])  # loading the model is not what is measured
        print(f"encoder {encoder.name}, top 3, against {' + '.join(AGAINST)}; CPU time of this process")

        code = "BE-NBS-2006-2016"
        print("\nBelgian NBSAP (46 targets)")
        print(f"  engine alone             {engine_alone(code) * 1000:8.0f} ms  (wall {WALL[-1] * 1000:.0f} ms)")
        seconds, n = service(code)
        print(f"  service, cold            {seconds * 1000:8.0f} ms  (wall {WALL[-1] * 1000:.0f} ms; {n} links stored, "
              f"{Embedding.objects.count()} embeddings stored)")
        seconds, n = service(code)
        print(f"  service, warm            {seconds * 1000:8.0f} ms  (wall {WALL[-1] * 1000:.0f} ms; {n} links stored)")

        texts = items_generate(args.items)
        goal = engine.Goal("G", {"en": "Generated"}, {}, targets=[
            engine.Target(str(n), {}, {"en": text}) for n, text in enumerate(texts)])
        record = engine.Framework(code="GEN", name="Generated items", kind="other", goals=[goal], languages=["en"])
        seconds, _ = timed(lambda: framework_store(record=record, user=system_actor("bench")))
        print(f"\n{args.items:,} generated items (stored as a framework's targets in {seconds:.1f} s)")
        print(f"  engine alone             {engine_alone('GEN'):8.2f} s  (wall {WALL[-1]:.2f} s)")
        seconds, n = service("GEN")
        print(f"  service, cold            {seconds:8.2f} s  (wall {WALL[-1]:.2f} s; {n:,} links stored, "
              f"{Embedding.objects.count():,} embeddings stored)")
        seconds, n = service("GEN")
        print(f"  service, warm            {seconds:8.2f} s  (wall {WALL[-1]:.2f} s; {n:,} links replaced)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
