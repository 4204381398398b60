"""Stems and stop words for the languages Liaison indexes (English, French, Spanish).

SQLite FTS5's own `porter` tokenizer stems English only; French and Spanish texts are stemmed here with the
Snowball algorithms (the `snowballstemmer` package, the reference implementation PostgreSQL's own
'french' and 'spanish' dictionaries are built from) into a column FTS5 indexes as it is.
"""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer  # Snowball stemmers for French and Spanish, pure Python, no data files

from liaison.engine.search.tokens import words_split

LANGUAGES = ("en", "fr", "es")
SNOWBALL_NAMES = {"en": "english", "fr": "french", "es": "spanish"}

# Words too common to search for alone (a query of only these finds nothing rather than everything).
STOPWORDS = frozenset("""
a an and are as at be by for from has have in is it its of on or that the this to was were will with
au aux avec ce ces dans de des du elle en et il ils la le les leur leurs ou par pour qui que sa se ses son sur un une
al con de del el en es la las lo los o para por que se su sus un una y
""".split())


# Each stem is written with its language's mark ("0fr" + "humid"): a token no text holds, so the stem column's
# entries never share a doclist with the English words of every other document (which would make FTS5 read
# the doclist of "speci" twice for "species"), and a French stem never matches a Spanish one.
STEM_MARKS = {"fr": "0fr", "es": "0es"}


@lru_cache(maxsize=8)
def stemmer(lang: str):
    return snowballstemmer.stemmer(SNOWBALL_NAMES.get(lang, "english"))


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """Return the Snowball stem of a lower-cased `word` in `lang`."""
    return stemmer(lang).stemWord(word)


def stem_marked(word: str, lang: str) -> str:
    """Return the stem of `word` in `lang` as the stem column holds it (with the language's mark)."""
    return STEM_MARKS.get(lang, "") + stem(word, lang)


def text_stems(text: str, lang: str) -> str:
    """Return the words of `text` stemmed in `lang`, space separated, in their order (phrases still match)."""
    return " ".join(stem_marked(w, lang) for w in words_split(text))
