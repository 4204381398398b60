"""Actors: who a decision addresses, normalized against the shipped vocabulary."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "vocabularies" / "actors.json"


class ActorMatch(NamedTuple):
    code: str
    label: str
    kind: str
    start: int
    end: int


class _Pattern(NamedTuple):
    code: str
    regex: re.Pattern[str]
    keywords: tuple[str, ...]


class _Vocabulary(NamedTuple):
    labels: dict[str, str]
    kinds: dict[str, str]
    patterns: tuple[_Pattern, ...]
    keyword_regex: re.Pattern[str]  # any literal word of any pattern, longest first
    keyword_patterns: dict[str, frozenset[int]]  # found word -> patterns of that word and of words inside it


_LOOKAROUND = re.compile(r"\(\?<?[!=][^)]*\)")
_FILLER_WORDS = frozenset(
    {"the", "and", "its", "all", "other", "relevant", "concerned", "for", "with", "each",
     "des", "les", "las", "los", "del", "que", "une", "aux", "sur", "por", "con", "para", "pour"}  # French, Spanish
)
_LITERAL_WORD = re.compile(r"[^\W_]{3,}")  # "conférence" is one word, not "conf" and "rence"


def _keywords(pattern: str) -> tuple[str, ...]:
    """Literal words of a pattern: a phrase containing none of them cannot match, so the regex is skipped."""
    words = {word.lower() for word in _LITERAL_WORD.findall(_LOOKAROUND.sub("", pattern).replace("\\b", " ").replace("\\s", " "))}
    # Optional filler words would send almost every phrase to the pattern; a required word always remains.
    specific = words - _FILLER_WORDS
    return tuple(sorted(specific or words)) or ("",)


@lru_cache(maxsize=1)
def actors_load() -> _Vocabulary:
    """Return the actor vocabulary with compiled patterns (cached: loaded once per process)."""
    data = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
    labels, kinds, patterns = {}, {}, []
    for entry in data["actors"]:
        labels[entry["code"]] = entry["label"]
        kinds[entry["code"]] = entry["kind"]
        for pattern in entry.get("patterns", []):
            patterns.append(_Pattern(entry["code"], re.compile(pattern, re.IGNORECASE), _keywords(pattern)))
        # Acronyms are case-sensitive so that "WHO" never matches the pronoun "who".
        for pattern in entry.get("acronyms", []):
            patterns.append(_Pattern(entry["code"], re.compile(pattern), _keywords(pattern)))
    index: dict[str, set[int]] = {}
    for position, pattern in enumerate(patterns):
        for keyword in pattern.keywords:
            index.setdefault(keyword, set()).add(position)
    words = sorted(index, key=len, reverse=True)
    keyword_regex = re.compile("|".join(re.escape(word) for word in words if word))
    # findall reports "secretariats" but not the "secretariat" inside it, so each word carries its substrings' patterns.
    keyword_patterns = {
        word: frozenset(i for other in words if other and other in word for i in index[other]) for word in words if word
    }
    everywhere = frozenset(index.get("", ()))
    if everywhere:
        keyword_patterns = {word: positions | everywhere for word, positions in keyword_patterns.items()}
    return _Vocabulary(labels, kinds, tuple(patterns), keyword_regex, keyword_patterns)


def actor_label_get(code: str) -> str | None:
    """Return the label of an actor code, or None when the code is unknown."""
    return actors_load().labels.get(code)


@lru_cache(maxsize=4096)
def actors_find(phrase: str) -> tuple[ActorMatch, ...]:
    """Return the actors named in a phrase, left to right, longest match first on overlaps."""
    # Cached: addressees repeat ("the Secretariat" is addressed a dozen times in one resolution).
    vocabulary = actors_load()
    lower = phrase.lower()
    # Only patterns whose literal words occur in the phrase can match; that spares ~95% of the regex scans.
    found: set[int] = set()
    for word in set(vocabulary.keyword_regex.findall(lower)):
        found |= vocabulary.keyword_patterns[word]
    hits = sorted(found)
    candidates: list[ActorMatch] = []
    for position in hits:
        pattern = vocabulary.patterns[position]
        for match in pattern.regex.finditer(phrase):
            if match.end() > match.start():
                code = pattern.code
                candidates.append(ActorMatch(code, vocabulary.labels[code], vocabulary.kinds[code], match.start(), match.end()))
    if len(candidates) <= 1:
        return tuple(candidates)
    candidates.sort(key=lambda m: (m.start - m.end, m.start))
    chosen: list[ActorMatch] = []
    for candidate in candidates:
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    chosen.sort(key=lambda m: m.start)
    seen: set[str] = set()
    unique = []
    for match in chosen:
        if match.code not in seen:
            seen.add(match.code)
            unique.append(match)
    return tuple(unique)
