"""The query parser and the engine queries it writes: plain data in and out, no database."""

import pytest

from liaison.engine.search import fts5_match, query_parse, stem, text_stems, tsquery_text
from liaison.engine.search.query import MAX_CLAUSES


def words(text: str) -> list[tuple[tuple[str, ...], bool]]:
    return [(c.words, c.prefix) for c in query_parse(text).clauses]


def test_words_phrases_prefixes_and_symbols():
    assert words('wetlands "wetland habitats" migrat*') == [(("wetlands",), False), (("wetland", "habitats"), False),
                                                          (("migrat",), True)]
    assert words("11.10") == [(("11", "10"), False)]
    assert words("Conf. 18.3") == [(("conf",), False), (("18", "3"), False)]
    assert words("16/31") == [(("16", "31"), False)]


def test_stop_words_alone_leave_nothing_to_search():
    assert not query_parse("the of and")
    assert words("the Parties") == [(("parties",), False)]


@pytest.mark.parametrize("typed", ['"unbalanced quote', 'NEAR(a b) OR -c ^d :e {x}', '"', "*", "'; DROP TABLE x; --",
                                   "a*", "\u0000\u0001", "💥 wetlands", "x" * 10_000, '"" "" ""'])
def test_anything_typed_gives_a_well_formed_query(typed):
    query = query_parse(typed)
    for clause in query.clauses:
        assert all(w.isalnum() for w in clause.words)
    match = fts5_match(query)
    assert match.count('"') % 2 == 0
    assert "'" not in "".join(query.words)
    assert tsquery_text(query).count("'") % 2 == 0


def test_a_single_letter_is_no_prefix_and_queries_are_bounded():
    assert words("a*") == []  # a stop word, and too short a prefix
    assert words("b*") == [(("b",), False)]
    assert len(query_parse(" ".join(f"w{i}" for i in range(100))).clauses) == MAX_CLAUSES


def test_french_and_spanish_words_are_stemmed_into_the_stem_column():
    assert stem("humides", "fr") == stem("humide", "fr")
    assert stem("humedales", "es") == stem("humedal", "es")
    assert text_stems("Zones humides d'importance", "fr").split()[:2] == ["0frzon", "0frhumid"]
    match = fts5_match(query_parse("humides"))
    assert '{title body} : "humides"' in match and 'stems : "0frhumid"' in match


def test_postgresql_query_text():
    assert tsquery_text(query_parse('"wetland habitats" migrat* 11.10')) == (
        "('wetland' <-> 'habitats') & ('migrat':*) & ('11' <-> '10')")
