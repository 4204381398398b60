"""The static model's embeddings computed with its token ids remembered per word: the same vectors, faster.

model2vec's `StaticModel.encode` tokenizes every text again (HF tokenizers: BERT normalizer, BERT pre-tokenizer,
WordPiece), which is most of its cost: 1.3 s of 1.7 s for the 8,000 texts of 100 decisions. The texts of a
corpus repeat their words, and a static model's embedding is the mean of its tokens' vectors, position-free.
So each whitespace-separated piece of text is tokenized once (all new pieces of a call in one batch) and its
ids kept; a text's ids are its pieces' ids in order, cut as model2vec cuts them (characters first, then tokens),
unknown tokens dropped, and mean-pooled as model2vec pools them (texts of one length together, in the model's
dtype), so the vectors are model2vec's bit for bit.

Why the ids are the same: the BERT normalizer works character by character (control characters dropped, tabs
and newlines made spaces, CJK characters spaced, accents stripped, lower-cased) and the BERT pre-tokenizer
splits on whitespace before anything else, so tokenizing a text is tokenizing its pieces one after the other.
`SPACE` is exactly the whitespace the normalizer keeps as a separator: Rust's `char::is_whitespace` less the
control characters it drops before (VT, FF, NEL). tests/engine/embedding/test_pooled.py checks the vectors
against model2vec's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

SPACE = re.compile("[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
PIECES_MAX = 200_000  # pieces remembered before the memory is emptied (a few tens of MB at most)
TEXTS_PER_POOL = 1024  # texts whose ids are read together (the new pieces of each group tokenized in one call)


class PooledStatic:
    """Mean-pooled embeddings of a model2vec StaticModel (no token mapping, no weights), ids kept per piece."""

    def __init__(self, model) -> None:
        self.model = model
        self.tokenizer = model.tokenizer
        self.embedding = np.asarray(model.embedding)
        # numpy's mean of float16 sums in float32: the table converted once, instead of every gathered value
        self.summed = self.embedding.astype(np.float32) if self.embedding.dtype == np.float16 else self.embedding
        self.unk = model.unk_token_id
        self.max_tokens = model.max_length
        self.max_chars = model.max_length * model.median_token_length if model.max_length is not None else None
        self.pieces: dict[str, np.ndarray] = {}

    @staticmethod
    def applies_to(model) -> bool:
        """Return True when the model's vectors are plain means of its token vectors (what this class computes)."""
        return getattr(model, "token_mapping", None) is None and getattr(model, "weights", None) is None

    def ids_of(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Return each text's token ids as model2vec's `tokenize` gives them after its truncation."""
        split = [SPACE.split(text[:self.max_chars] if self.max_chars is not None else text) for text in texts]
        known = self.pieces  # this call's memory (threads share the encoder: another may start a new one)
        new = list(dict.fromkeys(p for pieces in split for p in pieces if p and p not in known))
        if len(known) + len(new) > PIECES_MAX:
            known = self.pieces = {}
            new = list(dict.fromkeys(p for pieces in split for p in pieces if p))
        if new:
            # The tokenizer cuts at the model's max_length tokens, as model2vec leaves it: a piece cut so is cut
            # below where its text would be (the text's ids are cut to max_length tokens too).
            encodings = self.tokenizer.encode_batch_fast(new, add_special_tokens=False)
            for piece, encoding in zip(new, encodings, strict=True):
                known[piece] = np.asarray(encoding.ids, dtype=np.int64)
        empty = np.zeros(0, dtype=np.int64)
        out = []
        for pieces in split:
            parts = [known[p] for p in pieces if p]
            ids = np.concatenate(parts) if parts else empty
            if self.max_tokens is not None:
                ids = ids[:self.max_tokens]
            if self.unk is not None:
                ids = ids[ids != self.unk]
            out.append(ids)
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return the (len(texts), dim) float32 embeddings, pooled and normalized as model2vec pools them."""
        out = np.zeros((len(texts), self.embedding.shape[1]), dtype=self.embedding.dtype)
        for start in range(0, len(texts), TEXTS_PER_POOL):
            buckets: dict[int, list[int]] = {}
            ids = self.ids_of(texts[start:start + TEXTS_PER_POOL])
            for i, row in enumerate(ids):
                if len(row):
                    buckets.setdefault(len(row), []).append(i)
            for length, indices in buckets.items():  # texts of one length pooled together, as model2vec does
                sums = self.summed[np.stack([ids[i] for i in indices])].sum(axis=1)
                out[[start + i for i in indices]] = sums / length  # cast to the model's dtype, as its mean is
        if self.model.normalize:
            out32 = out.astype(np.float32)
            out = (out32 / (np.linalg.norm(out32, axis=1, keepdims=True) + 1e-32)).astype(out.dtype)
        return out.astype(np.float32)
