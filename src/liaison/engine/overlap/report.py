"""The overlap result: near-duplicate and semantic pairs, internal duplication, themes and lead MEAs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from liaison.engine.overlap.lead import lead_rank
from liaison.engine.overlap.neighbours import neighbours_approximate, neighbours_exact
from liaison.engine.overlap.shingles import (
    near_duplicates_find,
    signatures_compute,
    spans_shared,
    text_tokens,
)
from liaison.engine.overlap.themes import OTHER, Theme, themes_group, themes_tag, vocabulary_load

# With the static encoder, random pairs of treaty-register paragraphs have cosine median 0.54 and
# 99.9th percentile 0.84, planted paraphrases 0.93 and up (5th percentile): 0.9 separates them.
THRESHOLD_SEMANTIC = 0.9
THRESHOLD_NEAR = 0.5
TOP_K = 10
# Above this many paragraphs the exact search (quadratic) gives way to the IVF index.
EXACT_LIMIT = 200_000
# Paragraphs with fewer words carry no comparable content ("Noting", "2.", a page number).
MIN_WORDS = 3
# Highlighting compares word sequences; a 100,000-character paragraph is cut to this many words first.
SPAN_WORDS = 3000


def _ref(para: dict, *, text: bool = True) -> dict:
    out = {"document": para["document"], "convention": para["convention"], "paragraph": para["paragraph"]}
    if text:
        out["text"] = para["text"]
    return out


def _in_sentence(name: str) -> str:
    """Return a theme's name as it reads inside a sentence: "Wetlands" -> "wetlands", "GEF" stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def paragraphs_normalize(paragraphs: list[dict]) -> list[dict]:
    """Return the input paragraphs as dicts with string fields and the optional keys filled in."""
    out = []
    for n, para in enumerate(paragraphs or []):
        para = dict(para or {})
        out.append(
            {
                "document": str(para.get("document") or ""),
                "convention": str(para.get("convention") or "unknown"),
                "paragraph": str(para.get("paragraph") if para.get("paragraph") is not None else n + 1),
                "text": str(para.get("text") or ""),
                "year": para.get("year") if isinstance(para.get("year"), int) else None,
                "in_effect": bool(para.get("in_effect", True)),
                "is_mandate": bool(para.get("is_mandate", True)),
            }
        )
    return out


def semantic_pairs(
    vectors: np.ndarray, *, threshold: float, k: int, approximate: bool | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (i, j, cosine) with i < j for the top-k neighbour pairs at or above the threshold."""
    n = vectors.shape[0]
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    if approximate is None:
        approximate = n > EXACT_LIMIT
    search = neighbours_approximate if approximate else neighbours_exact
    index, score = search(vectors, k, threshold=threshold)
    rows = np.repeat(np.arange(n), index.shape[1])
    cols = index.ravel()
    vals = score.ravel()
    keep = (cols >= 0) & (vals >= threshold)
    lo = np.minimum(rows[keep], cols[keep])
    hi = np.maximum(rows[keep], cols[keep])
    key, first = np.unique(lo * n + hi, return_index=True)
    return key // n, key % n, vals[keep][first]


def overlap_find(
    paragraphs: list[dict],
    *,
    encoder=None,
    vectors: np.ndarray | None = None,
    threshold: float = THRESHOLD_SEMANTIC,
    near_threshold: float = THRESHOLD_NEAR,
    k: int = TOP_K,
    approximate: bool | None = None,
    vocabulary: tuple[Theme, ...] | None = None,
    treaty_dir: str | Path | None = None,
    models_dir: str | Path | None = None,
) -> dict:
    """Return {"pairs", "internal", "themes", "notes"}: overlap across conventions and within each.

    A pair is "near-duplicate" when its word-shingle Jaccard (MinHash estimate) reaches
    `near_threshold` (its score is that Jaccard), else "semantic" when the cosine of the
    embeddings reaches `threshold` among each paragraph's top-k neighbours (its score is that
    cosine). `vectors` (float32, unit rows) skip the encoder; otherwise `encoder` or the default
    encoder loaded from `models_dir` embeds the texts (with neither, the semantic part is skipped
    with a note). `treaty_dir` holds the treaty texts the lead recommendation cites; None: not consulted.
    """
    paras = paragraphs_normalize(paragraphs)
    notes: list[str] = []
    result: dict = {"pairs": [], "internal": [], "themes": [], "notes": notes}
    if not paras:
        notes.append("The corpus is empty: there is nothing to compare.")
        return result
    texts = [p["text"] for p in paras]
    word_counts = np.array([len(text_tokens(t)) for t in texts])
    usable = word_counts >= MIN_WORDS
    if (~usable).any():
        notes.append(f"{int((~usable).sum())} paragraph(s) have fewer than {MIN_WORDS} words and were not compared.")
    conventions = sorted({p["convention"] for p in paras})
    if len(conventions) < 2:
        notes.append(
            f"Only one convention ({conventions[0]}) is in the corpus: there is no cross-convention overlap; "
            "duplication within it is listed under internal."
        )
    if len(paras) < 2:
        notes.append("One paragraph only: there is nothing to compare it with.")
        return result
    compared = np.flatnonzero(usable)
    signatures = signatures_compute([texts[i] for i in compared])
    ni, nj, nscore = near_duplicates_find(signatures, threshold=near_threshold)
    found: dict[tuple[int, int], tuple[str, float]] = {}
    for a, b, s in zip(compared[ni].tolist(), compared[nj].tolist(), nscore.tolist(), strict=True):
        found[(a, b)] = ("near-duplicate", s)

    if vectors is None:
        try:
            if encoder is None:
                from liaison.engine.embedding import encoder_get

                encoder = encoder_get(models_dir=models_dir)
            vectors = encoder.encode([texts[i] for i in compared])
        except Exception as exc:  # a missing model must not cost the lexical result
            notes.append(f"Semantic comparison skipped: no encoder ({exc}).")
            vectors = None
    else:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape[0] != len(paras):
            raise ValueError(f"{vectors.shape[0]} vectors for {len(paras)} paragraphs")
        vectors = vectors[compared]
    if vectors is not None and len(compared) >= 2:
        si, sj, sscore = semantic_pairs(vectors, threshold=threshold, k=k, approximate=approximate)
        for a, b, s in zip(compared[si].tolist(), compared[sj].tolist(), sscore.tolist(), strict=True):
            found.setdefault((a, b), ("semantic", s))

    vocabulary = vocabulary or vocabulary_load()
    tags = themes_tag(texts, vocabulary)
    order = {t.id: n for n, t in enumerate(vocabulary)}
    # Near-duplicates first (a Jaccard and a cosine are not on one scale), each kind by score.
    ranked = sorted(found.items(), key=lambda item: (item[1][0] != "near-duplicate", -item[1][1], item[0]))
    for (a, b), (kind, score) in ranked:
        pa, pb = paras[a], paras[b]
        common = sorted(tags[a].keys() & tags[b].keys(), key=order.__getitem__)
        entry = {
            "a": {**_ref(pa), "themes": sorted(tags[a], key=order.__getitem__)},
            "b": {**_ref(pb), "themes": sorted(tags[b], key=order.__getitem__)},
            # the themes both paragraphs are tagged with: what the pair overlaps on (OTHER: none)
            "themes": common or [OTHER],
            "score": round(float(score), 4),
            "kind": kind,
            "shared": spans_shared(
                " ".join(pa["text"].split()[:SPAN_WORDS]), " ".join(pb["text"].split()[:SPAN_WORDS])
            ),
        }
        result["pairs" if pa["convention"] != pb["convention"] else "internal"].append(entry)

    cross = [(a, b) for a, b in found if paras[a]["convention"] != paras[b]["convention"]]
    pi = np.array([a for a, _ in cross], dtype=np.int64)
    pj = np.array([b for _, b in cross], dtype=np.int64)
    by_id = {t.id: t for t in vocabulary}
    for group in themes_group(paras, pi, pj, tags, vocabulary):
        members = group["members"]
        member_convs = sorted({paras[m]["convention"] for m in members})
        theme = by_id.get(group["id"])
        if theme is not None:
            tagged = [theme.id in t for t in tags]
            lead = lead_rank(_in_sentence(theme.label), theme.pattern, paras, tagged, conventions=member_convs,
                             treaty_dir=treaty_dir)
        else:
            member_set = set(members)
            tagged = [n in member_set for n in range(len(paras))]
            lead = lead_rank("the other overlapping paragraphs", None, paras, tagged, conventions=member_convs,
                             treaty_dir=treaty_dir)
            # The ranking still says who holds these paragraphs, but "other" is not an issue to lead on.
            lead.update(convention=None, score=0.0,
                        why="No lead is proposed for paragraphs that share no theme of the vocabulary.")
        result["themes"].append(
            {
                "id": group["id"],
                "label": group["label"],
                "names": group["names"],
                "terms": group["terms"],
                "members": [_ref(paras[m], text=False) for m in members],
                "lead": lead,
            }
        )
    return result
