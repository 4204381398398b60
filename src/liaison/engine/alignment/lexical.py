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
        # Row 0 is zeros: every query starts with it, so no query's segment of rows is empty.
        self._by_term = np.vstack([np.zeros((1, n_docs), dtype=np.float32), self.weights.T])

    def scores(self, queries: list[list[str]]) -> np.ndarray:
        """Return the (queries x documents) BM25 scores of term lists against every document.

        A query has a handful of distinct terms, so its score is the sum of a few rows of the
        transposed weights; all queries are summed at once with one gather and one reduceat.
        """
        columns: list[int] = []
        starts: list[int] = []
        for terms in queries:
            starts.append(len(columns))
            columns.append(0)
            columns.extend(self.vocabulary[term] + 1 for term in set(terms) if term in self.vocabulary)
        if not queries:
            return np.zeros((0, len(self.terms)), dtype=np.float32)
        return np.add.reduceat(self._by_term[np.asarray(columns)], np.asarray(starts), axis=0)
