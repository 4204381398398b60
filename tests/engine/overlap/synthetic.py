"""The benchmarks' generated corpora (benchmarks/corpus.py), for recall tests: not part of the engine."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "corpus.py"
_spec = importlib.util.spec_from_file_location("liaison_benchmarks_corpus", _PATH)
assert _spec is not None and _spec.loader is not None
corpus = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = corpus
_spec.loader.exec_module(corpus)

corpus_generate = corpus.corpus_generate
vectors_perturb = corpus.vectors_perturb
