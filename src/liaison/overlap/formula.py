"""How worth reading a pair of overlapping paragraphs is: treaty machinery and formulae, or a common subject.

Plain text in, plain values out (no Django), so the pages, the API and benchmarks/bench_pair_precision.py
judge pairs alike. Measured on the hand labels of data/overlap_eval/pair_labels.csv (160 pairs at cosine 0.85):
of the pairs the report found, 63% were the treaties' machinery (meetings, reports, secretariats, financial
mechanisms, relation to other treaties, preambles) and 20% paragraphs on different subjects; a pair is worth
reading when neither paragraph is machinery and the two share a few specific words. The rules were written on
the even rows of the sample and checked on the odd rows (README there).
"""

from __future__ import annotations

import re

from liaison.engine.overlap.machinery import text_is_machinery

WORTH, FORMULAIC, WEAK = "worth", "formulaic", "weak"
# Specific words (their first six letters) two paragraphs must share to be on one subject.
SUBJECT_WORDS_MIN = 4

# Words every convention's text uses: sharing them says nothing about sharing a subject.
COMMON = frozenset("""
the of and to in for on by with a an its their this that these those any other such as be shall may should will would
can is are was were has have had it they them which who whom whose from at or not no nor all each every also into
through under upon within without parties party contracting convention conventions agreement agreements protocol
treaty conservation sustainable use biological diversity implementation implement article articles paragraph
paragraphs accordance relevant appropriate including particular inter alia measures national international countries
country developing developed states state promote cooperation cooperate ensure take taking account objectives
objective provide provided provision provisions made make order purpose purposes means basis level levels regional
subregional programmes programme
""".split())
WORD = re.compile(r"[a-z]{4,}")


def text_is_formulaic(text: str) -> bool:
    """Return True when a paragraph is treaty machinery or standard wording (the engine's one list)."""
    return text_is_machinery(text)


def subject_words(text: str) -> set[str]:
    """Return the specific words of a text (first six letters), leaving out what every convention says."""
    return {w[:6] for w in WORD.findall((text or "").lower()) if w not in COMMON}


def pair_reading(text_a: str, text_b: str) -> str:
    """Return "formulaic" (machinery on either side), "weak" (no common subject) or "worth" for a pair's texts."""
    if text_is_formulaic(text_a) or text_is_formulaic(text_b):
        return FORMULAIC
    if len(subject_words(text_a) & subject_words(text_b)) < SUBJECT_WORDS_MIN:
        return WEAK
    return WORTH


class PairJudge:
    """pair_reading over many pairs, each distinct text read once (a paragraph is in many pairs of a run)."""

    def __init__(self) -> None:
        self.texts: dict[str, tuple[bool, frozenset[str]]] = {}

    def text(self, text: str) -> tuple[bool, frozenset[str]]:
        if text not in self.texts:
            self.texts[text] = (text_is_formulaic(text), frozenset(subject_words(text)))
        return self.texts[text]

    def reading(self, text_a: str, text_b: str) -> str:
        """Return what pair_reading returns for these two texts."""
        formulaic_a, words_a = self.text(text_a)
        formulaic_b, words_b = self.text(text_b)
        if formulaic_a or formulaic_b:
            return FORMULAIC
        return WEAK if len(words_a & words_b) < SUBJECT_WORDS_MIN else WORTH
