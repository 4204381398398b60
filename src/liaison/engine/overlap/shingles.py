"""Lexical near-duplicates: word shingles, MinHash signatures and banded LSH, vectorized in numpy.

Words are numbered by a vocabulary built in input order, shingles of `width` consecutive word
numbers are mixed into 64-bit keys, and each of `permutations` multiply-shift hashes keeps its
minimum per paragraph. Two paragraphs agree on a signature position with probability equal to the
Jaccard similarity of their shingle sets; LSH bands turn that into candidate pairs without
comparing every pair.
"""

from __future__ import annotations

import difflib
import re

import numpy as np

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
PERMUTATIONS = 128
BANDS = 32
WIDTH = 3
# Shingle hashes are evaluated this many at a time: (chunk × permutations) uint32 is 32 MB.
CHUNK = 1 << 16
TEXT_BATCH = 50_000
# Within one LSH bucket only pairs this close in the sorted order are taken, so a boilerplate
# sentence shared by thousands of paragraphs cannot explode into millions of pairs.
BUCKET_REACH = 64
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def text_tokens(text: str) -> list[str]:
    """Return the lower-cased words of a text."""
    return WORD.findall(text.lower())


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finalizer: spreads structured 64-bit keys (word numbers) over all bits."""
    x = x.astype(np.uint64, copy=True)
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


def shingles_build(
    texts: list[str], *, width: int = WIDTH, vocabulary: dict[str, int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (keys uint64, owner int64): the hashed word shingles of every text and whose they are.

    A text shorter than `width` words contributes one shingle of all its words, so short
    paragraphs still get a signature; an empty text contributes none. Pass the same `vocabulary`
    dict to successive calls so that batches of one corpus number their words alike.
    """
    vocabulary = {} if vocabulary is None else vocabulary
    ids: list[int] = []
    lengths = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        words = text_tokens(text)
        lengths[i] = len(words)
        ids.extend(vocabulary.setdefault(w, len(vocabulary) + 1) for w in words)
    words_all = np.asarray(ids, dtype=np.uint64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(texts) else np.zeros(0, dtype=np.int64)
    # A shingle starts at each word that has width-1 words after it in the same text.
    count = np.maximum(lengths - width + 1, np.minimum(lengths, 1))
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), count)
    first = np.repeat(starts - np.concatenate([[0], np.cumsum(count)[:-1]]), count) + np.arange(owner.size)
    ends = np.repeat(starts + lengths, count)
    keys = np.zeros(owner.size, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            pos = first + offset
            valid = pos < ends
            word = np.where(valid, words_all[np.minimum(pos, max(words_all.size - 1, 0))], 0) if owner.size else keys
            keys = _mix(keys * np.uint64(1_000_003) + word.astype(np.uint64))
    return keys, owner


def signatures_compute(
    texts: list[str], *, permutations: int = PERMUTATIONS, width: int = WIDTH, seed: int = 1
) -> np.ndarray:
    """Return the MinHash signatures (n, permutations) uint32 of the texts; empty texts get all-max rows."""
    rng = np.random.default_rng(seed)
    a = (rng.integers(0, 2**31, size=permutations, dtype=np.uint32) * np.uint32(2) + np.uint32(1)).astype(np.uint32)
    b = rng.integers(0, 2**32, size=permutations, dtype=np.uint32)
    sig = np.full((len(texts), permutations), np.iinfo(np.uint32).max, dtype=np.uint32)
    vocabulary: dict[str, int] = {}
    # Texts go in batches so that a million paragraphs never hold all their shingles at once.
    for t0 in range(0, len(texts), TEXT_BATCH):
        keys, owner = shingles_build(texts[t0 : t0 + TEXT_BATCH], width=width, vocabulary=vocabulary)
        # The keys are already well mixed, so 32 bits of them and 32-bit multiply-add hashes
        # (x -> a*x + b mod 2**32 with odd a is a bijection) make independent-enough permutations
        # at half the memory traffic of 64-bit arithmetic.
        keys32 = (keys >> np.uint64(32)).astype(np.uint32)
        owner += t0
        for c0 in range(0, keys32.size, CHUNK):
            o = owner[c0 : c0 + CHUNK]
            h = keys32[c0 : c0 + CHUNK, None] * a[None, :]
            h += b
            # owner is sorted, so each text's shingles are one run: reduceat takes the run minima.
            run_starts = np.flatnonzero(np.r_[True, o[1:] != o[:-1]])
            mins = np.minimum.reduceat(h, run_starts, axis=0)
            rows = o[run_starts]
            sig[rows] = np.minimum(sig[rows], mins)
    return sig


def _band_keys(sig: np.ndarray, bands: int) -> np.ndarray:
    n, p = sig.shape
    rows = p // bands
    banded = sig[:, : rows * bands].reshape(n, bands, rows).astype(np.uint64)
    key = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            key = _mix(key * np.uint64(0x9E3779B97F4A7C15) + banded[:, :, r])
    return key


def near_duplicates_find(
    signatures: np.ndarray, *, threshold: float = 0.5, bands: int = BANDS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (i, j, estimated Jaccard) of the pairs i < j whose signatures agree at >= threshold."""
    n = signatures.shape[0]
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    if n < 2:
        return empty
    blank = (signatures == np.iinfo(np.uint32).max).all(axis=1)
    keys = _band_keys(signatures, bands)
    pair_keys = []
    for band in range(bands):
        order = np.argsort(keys[:, band], kind="stable")
        order = order[~blank[order]]
        sorted_keys = keys[order, band]
        for d in range(1, BUCKET_REACH + 1):
            same = np.flatnonzero(sorted_keys[d:] == sorted_keys[:-d])
            if same.size == 0:
                break
            i, j = order[same], order[same + d]
            pair_keys.append(np.minimum(i, j) * n + np.maximum(i, j))
    if not pair_keys:
        return empty
    unique = np.unique(np.concatenate(pair_keys))
    i, j = np.divmod(unique, n)
    score = np.empty(unique.size, dtype=np.float32)
    for c0 in range(0, unique.size, 65536):
        sl = slice(c0, c0 + 65536)
        score[sl] = (signatures[i[sl]] == signatures[j[sl]]).mean(axis=1)
    keep = score >= threshold
    return i[keep], j[keep], score[keep]


def spans_shared(text_a: str, text_b: str, *, min_words: int = 4, limit: int = 8) -> list[str]:
    """Return the longest word runs (at least `min_words` words) two texts share, in the order of `text_a`."""
    words_a = text_a.split()
    words_b = text_b.split()
    if not words_a or not words_b:
        return []
    norm_a = [w.lower().strip(".,;:()\"'") for w in words_a]
    norm_b = [w.lower().strip(".,;:()\"'") for w in words_b]
    matcher = difflib.SequenceMatcher(None, norm_a, norm_b, autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size >= min_words]
    blocks = sorted(sorted(blocks, key=lambda m: -m.size)[:limit], key=lambda m: m.a)
    return [" ".join(words_a[m.a : m.a + m.size]) for m in blocks]
