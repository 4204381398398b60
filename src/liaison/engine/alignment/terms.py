"""Terms of a text for lexical matching: lower-cased words, stopwords dropped, lightly stemmed."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)?")  # hyphenated words count as their parts
_UNCHANGED = frozenset({"species", "series", "means", "gas", "gps", "news"})

# English function words, plus words that every target or indicator uses and that say nothing
# about its subject ("by 2030", "proportion of", "number of", "trends in").
STOPWORDS = frozenset(
    """
    a about above across after again against all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each either etc every few for from further
    had has have having he her here hers him his how i if in into is it its itself just least less many may
    me might more most much must my no nor not of off on once only or other others our ours out over own
    per same shall she should so some such than that the their theirs them then there these they this those
    through to too under until up upon us very via was we were what when where which while who whom whose
    why will with within without would yet you your
    including include includes inter alia particular particularly relevant related relating respectively
    appropriate ensure ensuring achieve achieved increase increased substantially significantly
    proportion number numbers total trends trend percentage rate level levels share index amount
    target targets indicator indicators goal goals year years time status measures measure country countries
    national nationally global globally world
    """.split()
)

# Suffixes removed by the light stemmer, longest first; each leaves a stem of at least 3 letters.
_SUFFIXES = (
    "ational",
    "ations",
    "ation",
    "ments",
    "ment",
    "ities",
    "ity",
    "ings",
    "ing",
    "ies",
    "ied",
    "ness",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "al",
    "s",
)


@lru_cache(maxsize=65536)
def term_stem(word: str) -> str:
    """Return the light stem of a lower-case word ("protected areas" -> "protect", "area")."""
    word = word.removesuffix("'s")
    if len(word) <= 4 or word in _UNCHANGED or word.endswith(("ss", "us", "is")):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix in ("ies", "ied") else stem
    # "conserve" and "conservation" meet at "conserv", "restore" and "restored" at "restor".
    return word[:-1] if word.endswith("e") else word


def words_split(text: str) -> list[str]:
    """Return the lower-case words of `text` that are not stopwords and not bare numbers."""
    return [word for word in _WORD.findall(text.lower()) if word not in STOPWORDS and len(word) > 1]


def terms_extract(text: str) -> list[str]:
    """Return the stemmed terms of `text`, in order, repeats kept."""
    return [term_stem(word) for word in words_split(text)]


def surfaces_collect(text: str) -> dict[str, str]:
    """Return {stem: first word of `text` with that stem}, to show terms as written."""
    surface: dict[str, str] = {}
    for word in words_split(text):
        surface.setdefault(term_stem(word), word)
    return surface
