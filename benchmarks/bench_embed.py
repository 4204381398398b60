"""Texts per second of each embedding tier on this machine (real framework texts, batches as the engine sends).

    .venv/bin/python benchmarks/bench_embed.py                          # static tier
    PYTHONPATH=src /tmp/distill-venv/bin/python benchmarks/bench_embed.py  # static and minilm
"""

from __future__ import annotations

import argparse
import os
import time

from paths import DATA_DIR, MODELS_DIR

from liaison.engine.embedding import ENCODER_NAMES, EncoderUnavailableError, encoder_get
from liaison.engine.frameworks import frameworks_bundled, target_text


def texts_collect() -> list[str]:
    """Return the distinct English target and indicator texts of the shipped frameworks."""
    texts = []
    for framework in frameworks_bundled(data_dir=DATA_DIR):
        texts += [target_text(target) for target in framework.targets()]
        texts += [indicator.text["en"] for _, indicator in framework.indicators() if "en" in indicator.text]
    return list(dict.fromkeys(texts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--static-texts", type=int, default=20_000)
    parser.add_argument("--minilm-texts", type=int, default=2_000)
    args = parser.parse_args()
    base = texts_collect()
    words = sum(len(text.split()) for text in base) / len(base)
    print(f"{len(base)} distinct texts, {words:.0f} words on average; {os.cpu_count()} CPU cores")
    print("| tier | dim | load s | texts | seconds | texts/s |")
    print("|---|---|---|---|---|---|")
    for name in ENCODER_NAMES:
        started = time.perf_counter()
        try:
            encoder = encoder_get(name, models_dir=MODELS_DIR)
        except EncoderUnavailableError as exc:
            print(f"| {name} | - | - | - | - | unavailable: {exc} |")
            continue
        load = time.perf_counter() - started
        count = args.static_texts if name == "static" else args.minilm_texts
        texts = [base[n % len(base)] + ("" if n < len(base) else f" ({n})") for n in range(count)]
        encoder.encode(texts[:64])  # warm-up
        started = time.perf_counter()
        encoder.encode(texts)
        seconds = time.perf_counter() - started
        print(f"| {name} | {encoder.dim} | {load:.2f} | {count} | {seconds:.2f} | {count / seconds:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
