from functools import partial

import numpy as np
import pytest

from liaison.engine.alignment import targets_suggest
from liaison.engine.embedding import encoder_get
from liaison.engine.frameworks import frameworks_bundled, target_text
from tests.engine.paths import DATA_DIR, MODELS_DIR

# The engine reads no path by itself: every call is given the checkout's folders.
suggest = partial(targets_suggest, models_dir=MODELS_DIR)


@pytest.fixture(scope="module")
def gbf():
    framework = next(f for f in frameworks_bundled(data_dir=DATA_DIR) if f.code == "GBF")
    targets = [{"id": f"GBF-{t.code}", "text": target_text(t)} for t in framework.targets()]
    indicators = {indicator.code: indicator.text["en"] for _, indicator in framework.indicators()}
    return targets, indicators


class CountingEncoder:
    """The default encoder, counting the texts it is asked to encode."""

    def __init__(self):
        self.inner = encoder_get(models_dir=MODELS_DIR)
        self.name, self.dim = self.inner.name, self.inner.dim
        self.encoded = 0

    def encode(self, texts):
        self.encoded += len(texts)
        return self.inner.encode(texts)


class RefusingEncoder:
    name, dim = "refusing", 8

    def encode(self, texts):
        raise AssertionError("a lexical-only ranking must not encode")


@pytest.mark.parametrize(
    ("code", "gold"),
    [("3.1", "GBF-3"), ("6.1", "GBF-6"), ("10.1", "GBF-10"), ("22.b", "GBF-22"), ("7.CT.1", "GBF-7")],
)
def test_known_gbf_indicators_find_their_target_in_top_3(gbf, code, gold):
    targets, indicators = gbf
    (result,) = suggest([{"id": code, "text": indicators[code]}], targets)
    assert result["id"] == code
    assert gold in [match["id"] for match in result["matches"]]
    assert len(result["matches"]) == 3
    scores = [match["score"] for match in result["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_why_names_the_shared_terms(gbf):
    targets, indicators = gbf
    (result,) = suggest([{"id": "i", "text": indicators["6.1"]}], targets, top_k=1)
    assert result["matches"][0]["id"] == "GBF-6"
    assert result["matches"][0]["why"].startswith("shared terms: ")
    assert "invasive" in result["matches"][0]["why"]


def test_an_accepted_example_changes_the_ranking(gbf):
    targets, _ = gbf
    items = [{"id": "rli", "text": "Red List Index"}]
    before = suggest(items, targets)[0]["matches"]
    assert before[0]["id"] != "GBF-4"
    after = suggest(items, targets, accepted=[("Red List Index of threatened species", "GBF-4")])[0]["matches"]
    assert after[0]["id"] == "GBF-4"
    assert after[0]["why"] == 'like accepted example "Red List Index of threatened species"'


def test_accepted_examples_teach_the_lexical_ranking_too(gbf):
    targets, _ = gbf
    items = [{"id": "w", "text": "Wetland extent trends"}]
    accepted = [("Wetland Extent Trends index", "GBF-2")]
    after = suggest(items, targets, accepted=accepted, semantic_weight=0, encoder=RefusingEncoder())
    assert after[0]["matches"][0]["id"] == "GBF-2"


def test_a_rejected_pair_is_pushed_out(gbf):
    targets, indicators = gbf
    items = [{"id": "pa", "text": indicators["3.1"]}]
    assert suggest(items, targets)[0]["matches"][0]["id"] == "GBF-3"
    matches = suggest(items, targets, rejected=[("pa", "GBF-3")])[0]["matches"]
    assert "GBF-3" not in [match["id"] for match in matches]
    other = suggest(items, targets, rejected=[("another item", "GBF-3")])[0]["matches"]
    assert other[0]["id"] == "GBF-3"


def test_lexical_only_ranking_loads_no_encoder(gbf):
    targets, indicators = gbf
    (result,) = suggest(
        [{"id": "pa", "text": indicators["3.1"]}], targets, semantic_weight=0, encoder=RefusingEncoder()
    )
    assert result["matches"][0]["id"] == "GBF-3"
    (nothing,) = suggest([{"id": "z", "text": "zzz qqq"}], targets, semantic_weight=0)
    assert nothing["matches"] == []  # no shared term, no similarity: no suggestion


def test_the_embeddings_cache_avoids_encoding_twice(gbf):
    targets, indicators = gbf
    encoder, cache = CountingEncoder(), {}
    items = [{"id": code, "text": text} for code, text in list(indicators.items())[:20]]
    first = suggest(items, targets, encoder=encoder, embeddings_cache=cache)
    encoded = encoder.encoded
    assert encoded >= len(targets) + len(items)
    assert suggest(items, targets, encoder=encoder, embeddings_cache=cache) == first
    assert encoder.encoded == encoded  # items, targets and "why" phrases all came from the cache
    assert all(isinstance(vector, np.ndarray) for vector in cache.values())


def test_many_items_in_blocks_match_one_by_one(gbf, monkeypatch):
    import liaison.engine.alignment.suggest as module

    targets, indicators = gbf
    items = [{"id": code, "text": text} for code, text in indicators.items()]
    whole = suggest(items, targets, top_k=2)
    monkeypatch.setattr(module, "BLOCK_ROWS", 7)
    assert suggest(items, targets, top_k=2) == whole


def test_edges_and_bad_input(gbf):
    targets, _ = gbf
    assert suggest([], targets) == []
    assert suggest([{"id": 1, "text": "protected areas"}], []) == [{"id": 1, "matches": []}]
    (result,) = suggest([{"id": 1, "text": "protected areas"}], targets[:2], top_k=5)
    assert len(result["matches"]) <= 2
    with pytest.raises(ValueError, match="top_k"):
        suggest([{"id": 1, "text": "x"}], targets, top_k=0)
    with pytest.raises(ValueError, match=r"items\[0\]"):
        suggest([{"text": "no id"}], targets)
