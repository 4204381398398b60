"""Embeddings of texts through an encoder, with an optional cache shared between calls."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from liaison.engine.embedding import Encoder, encoder_get


def encoder_resolve(encoder: Encoder | str | None, *, models_dir: str | Path | None = None) -> Encoder:
    """Return the encoder itself, or the one called by that name (the default one for None) from `models_dir`."""
    if encoder is None or isinstance(encoder, str):
        return encoder_get(encoder, models_dir=models_dir)
    return encoder


def texts_embed(encoder: Encoder, texts: list[str], cache: dict | None = None) -> np.ndarray:
    """Return the (len(texts), dim) embeddings; texts found in `cache` (keyed (encoder name, text)) are not re-encoded."""
    if cache is None:
        unique = list(dict.fromkeys(texts))
        vectors = encoder.encode(unique)
        position = {text: row for row, text in enumerate(unique)}
        return vectors[[position[text] for text in texts]] if texts else vectors
    missing = list(dict.fromkeys(text for text in texts if (encoder.name, text) not in cache))
    if missing:
        for text, vector in zip(missing, encoder.encode(missing), strict=True):
            cache[(encoder.name, text)] = vector
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.stack([cache[(encoder.name, text)] for text in texts]).astype(np.float32, copy=False)
