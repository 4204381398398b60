"""Cross-cutting themes: tagging texts with the theme vocabulary and grouping overlapping paragraphs."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from liaison.engine.overlap.shingles import text_tokens

VOCABULARY_PATH = Path(__file__).resolve().parents[1] / "vocabularies" / "themes.json"

# Words that say nothing about a theme; used only to label groups the vocabulary does not know.
STOPWORDS = frozenset(
    """a an and are as at be by for from has have in into is it its of on or that the their this to with
    which shall should may all any other such these those also including within between upon under not
    parties party secretariat conference convention conventions requests invites urges encourages decides
    notes welcomes calls recognizes further relevant appropriate including where possible take work
    meeting meetings report support""".split()
)


@dataclass
class Theme:
    """A vocabulary theme: its id, label, synonyms and the compiled pattern that finds them."""

    id: str
    label: str
    terms: list[str]
    sources: list[dict] = field(default_factory=list)
    pattern: re.Pattern = field(default=None, repr=False)  # type: ignore[arg-type]  # set by vocabulary_load


def _term_regex(term: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s\-]+", term.strip()) if w]
    body = r"[\s\-]+".join(words)
    # An optional plural, so "wetland" also finds "wetlands" without listing both.
    plural = "(?:s|es)?" if term[-1:].isalpha() else ""
    return body + plural


def theme_pattern(terms: list[str]) -> re.Pattern:
    """Return one case-insensitive pattern finding any of the terms as whole words."""
    alternatives = sorted({_term_regex(t) for t in terms if t.strip()}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=4)
def vocabulary_load(path: str | None = None) -> tuple[Theme, ...]:
    """Return the themes of the vocabulary file (the shipped themes.json by default)."""
    data = json.loads(Path(path or VOCABULARY_PATH).read_text(encoding="utf-8"))
    themes = []
    for entry in data["themes"]:
        theme = Theme(id=entry["id"], label=entry["label"], terms=list(entry["terms"]), sources=entry.get("sources", []))
        theme.pattern = theme_pattern(theme.terms)
        themes.append(theme)
    return tuple(themes)


def themes_tag(texts: list[str], vocabulary: tuple[Theme, ...] | None = None) -> list[dict[str, list[str]]]:
    """Return for each text {theme id: [terms found, as written]} for the themes it mentions."""
    vocabulary = vocabulary or vocabulary_load()
    tags: list[dict[str, list[str]]] = []
    for text in texts:
        found: dict[str, list[str]] = {}
        for theme in vocabulary:
            hits = theme.pattern.findall(text)
            if hits:
                found[theme.id] = sorted({h.lower() for h in hits})
        tags.append(found)
    return tags


def components_find(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Return the connected-component label (smallest member) of each of n nodes given edges (i, j)."""
    labels = np.arange(n, dtype=np.int64)
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    if i.size == 0:
        return labels
    # Min-label propagation with pointer jumping: each round is a few vectorized passes and the
    # number of rounds grows with the log of the component diameter.
    while True:
        low = np.minimum(labels[i], labels[j])
        before = labels.copy()
        np.minimum.at(labels, i, low)
        np.minimum.at(labels, j, low)
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels, before):
            return labels


def label_from_words(texts: list[str], *, top: int = 3) -> str:
    """Return a label for texts the vocabulary does not cover: their most widely shared content words."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({w for w in text_tokens(text) if len(w) > 3 and w not in STOPWORDS and not w.isdigit()})
    # Ties are broken alphabetically: set iteration order varies between runs (hash seeds).
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    words = [w for w, c in ranked[:top] if c > 1] or [w for w, _ in ranked[:top]]
    return " / ".join(words) if words else "unlabelled"


def themes_group(
    paragraphs: list[dict],
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    tags: list[dict[str, list[str]]],
    vocabulary: tuple[Theme, ...] | None = None,
) -> list[dict]:
    """Return the cross-cutting themes found in the cross-convention overlap pairs (i, j).

    A vocabulary theme gathers the pairs whose two paragraphs both mention it: overlapping
    texts on the same issue. Pairs that share no vocabulary theme are grouped by connected
    components of their graph and labelled by the words their members share. A theme is kept
    when its members span at least two conventions.
    """
    vocabulary = vocabulary or vocabulary_load()
    order = {t.id: n for n, t in enumerate(vocabulary)}
    by_id = {t.id: t for t in vocabulary}
    members: dict[str, set[int]] = {}
    terms: dict[str, set[str]] = {}
    rest_i: list[int] = []
    rest_j: list[int] = []
    for a, b in zip(np.asarray(pair_i).tolist(), np.asarray(pair_j).tolist(), strict=True):
        common = tags[a].keys() & tags[b].keys()
        if not common:
            rest_i.append(a)
            rest_j.append(b)
        for theme_id in common:
            members.setdefault(theme_id, set()).update((a, b))
            terms.setdefault(theme_id, set()).update(tags[a][theme_id], tags[b][theme_id])
    themes: list[dict] = [
        {"id": tid, "label": by_id[tid].label, "terms": sorted(terms[tid]), "members": sorted(ms)}
        for tid, ms in sorted(members.items(), key=lambda item: order[item[0]])
    ]
    # Chaining through the neighbour graph can join unrelated paragraphs; that risk is accepted
    # only for pairs the vocabulary says nothing about, and each such group is labelled by its words.
    labels = components_find(len(paragraphs), np.asarray(rest_i, np.int64), np.asarray(rest_j, np.int64))
    groups: dict[int, set[int]] = {}
    for a, b in zip(rest_i, rest_j, strict=True):
        groups.setdefault(int(labels[a]), set()).update((a, b))
    for group in groups.values():
        ms = sorted(group)
        label = label_from_words([paragraphs[m]["text"] for m in ms])
        themes.append({"id": None, "label": label, "terms": [], "members": ms})
    themes = [t for t in themes if len({paragraphs[m]["convention"] for m in t["members"]}) >= 2]
    themes.sort(key=lambda t: (t["id"] is None, -len(t["members"]), t["label"]))
    return themes
