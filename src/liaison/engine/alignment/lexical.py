"""BM25 over a small set of documents (the targets), scored for many queries with matrix products."""

from __future__ import annotations

from collections import Counter

import numpy as np

from liaison.engine.alignment.terms import terms_extract


class Bm25Index:
    """Okapi BM25 weights of each document's terms, kept as a dense (documents x vocabulary) matrix.

    Targets are few (hundreds) and short, so a dense matrix is small and one matrix product scores
    a whole block of queries at once; the vocabulary is that of the documents only.
    """

    def __init__(self, documents: list[str], *, k1: float = 1.2, b: float = 0.75) -> None:
        counts = [Counter(terms_extract(document)) for document in documents]
        self.vocabulary: dict[str, int] = {}
        for count in counts:
            for term in count:
                self.vocabulary.setdefault(term, len(self.vocabulary))
        n_docs, n_terms = len(documents), len(self.vocabulary)
        frequencies = np.zeros((n_docs, n_terms), dtype=np.float32)
        for row, count in enumerate(counts):
            for term, frequency in count.items():
                frequencies[row, self.vocabulary[term]] = frequency
        lengths = frequencies.sum(axis=1, keepdims=True)
        average = float(lengths.mean()) if n_docs else 1.0
        document_frequency = (frequencies > 0).sum(axis=0)
        # The BM25+ style floor keeps idf positive for terms present in most documents.
        self.idf = np.log1p((n_docs - document_frequency + 0.5) / (document_frequency + 0.5)).astype(
            np.float32
        )
        saturation = frequencies * (k1 + 1) / (frequencies + k1 * (1 - b + b * lengths / max(average, 1e-9)))
        self.weights = (saturation * self.idf).astype(np.float32)  # (documents, vocabulary)
        self.terms = counts

    def queries_vectorize(self, queries: list[list[str]]) -> np.ndarray:
        """Return the (queries x vocabulary) 0/1 matrix of which known terms each query has."""
        matrix = np.zeros((len(queries), len(self.vocabulary)), dtype=np.float32)
        for row, terms in enumerate(queries):
            columns = [self.vocabulary[term] for term in set(terms) if term in self.vocabulary]
            matrix[row, columns] = 1.0
        return matrix

    def scores(self, queries: list[list[str]]) -> np.ndarray:
        """Return the (queries x documents) BM25 scores of term lists against every document."""
        if not self.vocabulary:
            return np.zeros((len(queries), len(self.terms)), dtype=np.float32)
        return self.queries_vectorize(queries) @ self.weights.T
