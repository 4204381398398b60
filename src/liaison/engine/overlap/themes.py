"""Cross-cutting themes: tagging texts with the theme vocabulary and grouping overlapping paragraphs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

VOCABULARY_PATH = Path(__file__).resolve().parents[1] / "vocabularies" / "themes.json"

# The group of cross-convention pairs whose two paragraphs share no vocabulary theme. It is one
# bucket, not a chain through the neighbour graph labelled by its commonest words (those labels
# were keyword triples such as "accordance / administrative / budget"): naming such a pair after
# the nearest LEO term would claim a theme the tagger did not find in both paragraphs, a tag
# whose precision nobody measured. Its id is as stable as a vocabulary theme's.
OTHER = "other"
OTHER_NAMES = {"en": "Other", "fr": "Autre", "es": "Otro", "ar": "أخرى", "zh": "其他", "ru": "Другое"}


@dataclass
class Theme:
    """A vocabulary theme: its id (the LEO term slugified), names by language, terms and their pattern."""

    id: str
    label: str
    terms: list[str]
    names: dict[str, str] = field(default_factory=dict)
    leo: str = ""
    sources: list[dict] = field(default_factory=list)
    pattern: re.Pattern = field(default=None, repr=False)  # type: ignore[arg-type]  # set by vocabulary_load

    def name(self, language: str) -> str:
        """Return the theme's name in `language` ("fr", "es-ar", "zh-hans"...), in English when it has none."""
        return theme_name(self.names or {"en": self.label}, language)


def theme_name(names: dict[str, str], language: str | None) -> str:
    """Return names[language], its base language's name, or the English one."""
    lang = (language or "en").lower()
    return names.get(lang) or names.get(lang.split("-")[0].split("_")[0]) or names.get("en") or ""


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
        names = dict(entry.get("names") or {"en": entry["label"]})
        theme = Theme(id=entry["id"], label=names["en"], terms=list(entry["terms"]), names=names,
                      leo=entry.get("leo", ""), sources=entry.get("sources", []))
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


def themes_group(
    paragraphs: list[dict],
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    tags: list[dict[str, list[str]]],
    vocabulary: tuple[Theme, ...] | None = None,
) -> list[dict]:
    """Return the cross-cutting themes found in the cross-convention overlap pairs (i, j).

    A vocabulary theme gathers the pairs whose two paragraphs both mention it: overlapping
    texts on the same issue. Pairs that share no vocabulary theme are gathered under OTHER.
    Each theme is {"id", "label" (English), "names" (by language), "terms", "members"}; a
    theme is kept when its members span at least two conventions.
    """
    vocabulary = vocabulary or vocabulary_load()
    order = {t.id: n for n, t in enumerate(vocabulary)}
    by_id = {t.id: t for t in vocabulary}
    members: dict[str, set[int]] = {}
    terms: dict[str, set[str]] = {}
    for a, b in zip(np.asarray(pair_i).tolist(), np.asarray(pair_j).tolist(), strict=True):
        common = tags[a].keys() & tags[b].keys()
        if not common:
            members.setdefault(OTHER, set()).update((a, b))
        for theme_id in common:
            members.setdefault(theme_id, set()).update((a, b))
            terms.setdefault(theme_id, set()).update(tags[a][theme_id], tags[b][theme_id])
    themes: list[dict] = []
    for tid, ms in sorted(members.items(), key=lambda item: order.get(item[0], len(order))):
        theme = by_id.get(tid)
        names = dict(theme.names) if theme else dict(OTHER_NAMES)
        themes.append({"id": tid, "label": names["en"], "names": names, "terms": sorted(terms.get(tid, ())),
                       "members": sorted(ms)})
    themes = [t for t in themes if len({paragraphs[m]["convention"] for m in t["members"]}) >= 2]
    themes.sort(key=lambda t: (t["id"] == OTHER, -len(t["members"]), t["label"]))
    return themes
