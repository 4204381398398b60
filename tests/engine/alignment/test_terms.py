from liaison.engine.alignment.lexical import Bm25Index
from liaison.engine.alignment.terms import term_stem, terms_extract


def test_light_stemming_joins_word_forms():
    assert term_stem("areas") == term_stem("area")
    assert term_stem("conservation") == term_stem("conserve") == term_stem("conserved")
    assert term_stem("restored") == term_stem("restore") == term_stem("restoration")
    assert term_stem("fisheries") == term_stem("fishery")
    assert term_stem("species") == "species"


def test_stopwords_numbers_and_hyphens():
    assert terms_extract("By 2030, the proportion of area-based measures") == ["area", "bas"]


def test_bm25_prefers_the_document_with_the_rarer_shared_term():
    index = Bm25Index(["invasive alien species", "threatened species recovery", "sustainable fisheries"])
    scores = index.scores([terms_extract("alien species pathways")])[0]
    assert scores.argmax() == 0
    assert scores[2] == 0
    assert scores[0] > scores[1] > 0
