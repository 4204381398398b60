"""A reader's search words, parsed once and written out for SQLite FTS5 or PostgreSQL full-text search.

The parser accepts anything a person may type and never fails: quotes that are not closed end at the end
of the text, characters that are syntax to FTS5 or to_tsquery (`* : ^ ( ) - + NEAR AND OR`) are taken as
word separators, and only letters and digits reach the engines, each word quoted. So the query the
database sees is always well formed, whatever was typed.

- `wetlands habitats`  every word (stemmed in each language) must occur
- `"wetland habitats"` the words next to each other, in this order
- `migrat*`            a word starting with "migrat"
- `11.10`, `16/31`     a symbol: its numbers next to each other (a phrase)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from liaison.engine.search.stemming import LANGUAGES, STOPWORDS, stem_marked
from liaison.engine.search.tokens import words_split

MAX_CLAUSES = 12  # more words than this add nothing to a search and cost time
MIN_PREFIX = 2  # "a*" would match half the index

QUOTED = re.compile(r'"([^"]*)"?')


@dataclass(frozen=True)
class Clause:
    """One or more words that must occur next to each other; the last one may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...]

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def words(self) -> list[str]:
        """Return every word of the query (for highlighting and relevance checks)."""
        return [w for clause in self.clauses for w in clause.words]


def token_clause(token: str) -> Clause | None:
    """Return the clause of one unquoted token: a word, a prefix (word*) or a symbol such as 11.10."""
    words = tuple(words_split(token))
    if not words:
        return None
    prefix = token.rstrip().endswith("*") and len(words[-1]) >= MIN_PREFIX
    if len(words) == 1 and not prefix and words[0] in STOPWORDS:
        return None
    return Clause(words=words, prefix=prefix)


def query_parse(text: str) -> Query:
    """Return the query of `text`; an empty Query when nothing searchable is left (only stop words, say)."""
    clauses: list[Clause] = []
    position = 0
    pieces: list[tuple[str, bool]] = []  # (text, quoted)
    for match in QUOTED.finditer(text):
        pieces.append((text[position:match.start()], False))
        pieces.append((match.group(1), True))
        position = match.end()
    pieces.append((text[position:], False))
    for piece, quoted in pieces:
        if quoted:
            words = tuple(words_split(piece))
            if words:
                clauses.append(Clause(words=words))
            continue
        for token in piece.split():
            clause = token_clause(token)
            if clause is not None:
                clauses.append(clause)
    unique = list(dict.fromkeys(clauses))
    return Query(clauses=tuple(unique[:MAX_CLAUSES]))


def fts5_phrase(words: tuple[str, ...], prefix: bool) -> str:
    return '"' + " ".join(words) + '"' + (" *" if prefix else "")


def fts5_match(query: Query, *, text_columns: str = "{title body}", stem_column: str = "stems") -> str:
    """Return the FTS5 MATCH expression of `query`.

    The text columns go through FTS5's porter tokenizer (English stemming); the stem column holds French and
    Spanish texts stemmed by Snowball, so each clause also looks there for the word's French and Spanish stems.
    """
    parts = []
    for clause in query.clauses:
        options = [f"{text_columns} : {fts5_phrase(clause.words, clause.prefix)}"]
        if not clause.prefix:
            stemmed = dict.fromkeys(tuple(stem_marked(w, lang) for w in clause.words) for lang in LANGUAGES
                                    if lang != "en")
            options += [f"{stem_column} : {fts5_phrase(words, False)}" for words in stemmed]
        parts.append("(" + " OR ".join(options) + ")")
    return " AND ".join(parts)


def tsquery_text(query: Query) -> str:
    """Return the to_tsquery() text of `query`: words quoted, phrases with <->, prefixes with :*."""
    parts = []
    for clause in query.clauses:
        lexemes = [f"'{w}'" for w in clause.words]
        if clause.prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)
