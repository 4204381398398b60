"""Short reasons for a suggested link: the shared terms, a similar accepted example, or the closest phrase."""

from __future__ import annotations

import re

import numpy as np

from liaison.engine.alignment.lexical import Bm25Index
from liaison.engine.alignment.terms import surfaces_collect

_PHRASE_SPLIT = re.compile(r"[;:.,()]\s+|\s+[-–]\s+")
WHY_TERMS_MAX = 4


def phrases_split(text: str) -> list[str]:
    """Return the clauses of a target text (split at punctuation), each of at least three words."""
    phrases = [phrase.strip(" .;,") for phrase in _PHRASE_SPLIT.split(text)]
    phrases = [phrase for phrase in phrases if len(phrase.split()) >= 3]
    return phrases or [text.strip()]


def snippet_cut(text: str, limit: int = 80) -> str:
    """Return `text` cut at a word boundary to about `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


class Explainer:
    """Builds the "why" of (item, target) pairs from the lexical index and, lazily, phrase embeddings."""

    def __init__(self, index: Bm25Index, target_texts: list[str], embed) -> None:
        self.index = index
        self.target_texts = target_texts
        self.embed = embed  # callable(list[str]) -> unit vectors, or None when there is no encoder
        self.surfaces = [surfaces_collect(text) for text in target_texts]
        self._phrases: list[list[str]] | None = None
        self._phrase_vectors: list[np.ndarray] | None = None
        self._weights: dict[int, dict[str, float]] = {}

    def _term_weights(self, target: int) -> dict[str, float]:
        weights = self._weights.get(target)
        if weights is None:
            row, vocabulary = self.index.weights[target], self.index.vocabulary
            weights = {term: float(row[vocabulary[term]]) for term in self.surfaces[target] if term in vocabulary}
            self._weights[target] = weights
        return weights

    def _phrases_load(self) -> None:
        self._phrases = [phrases_split(text) for text in self.target_texts]
        flat = [phrase for phrases in self._phrases for phrase in phrases]
        vectors = self.embed(flat)
        self._phrase_vectors, start = [], 0
        for phrases in self._phrases:
            self._phrase_vectors.append(vectors[start : start + len(phrases)])
            start += len(phrases)

    def why(
        self, item_terms: set[str], item_vector: np.ndarray | None, target: int, example: str | None
    ) -> str:
        """Return one short reason for linking the item to target number `target`."""
        if example is not None:
            return f'like accepted example "{snippet_cut(example)}"'
        surface = self.surfaces[target]
        shared = item_terms & surface.keys()
        if shared:
            weights = self._term_weights(target)
            # Heaviest BM25 weight first; the term itself breaks ties so the text is reproducible.
            ranked = sorted(shared, key=lambda term: (-weights.get(term, 0.0), term))
            return "shared terms: " + ", ".join(surface[term] for term in ranked[:WHY_TERMS_MAX])
        if item_vector is None or self.embed is None:
            return "no shared terms"
        if self._phrases is None or self._phrase_vectors is None:
            self._phrases_load()
        assert self._phrases is not None and self._phrase_vectors is not None
        scores = self._phrase_vectors[target] @ item_vector
        return f'closest phrase: "{snippet_cut(self._phrases[target][int(np.argmax(scores))])}"'
