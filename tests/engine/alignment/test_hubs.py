"""Hub targets (issue 17): a target close to every other target is taken down by a share of its hubness."""

from functools import partial

import numpy as np
import pytest

from liaison.engine.alignment import targets_suggest
from liaison.engine.alignment.hubs import targets_hubness
from liaison.engine.alignment.lexical import Bm25Index
from liaison.engine.alignment.suggest import _full_texts
from tests.engine.paths import MODELS_DIR

suggest = partial(targets_suggest, models_dir=MODELS_DIR)

# "finance" is the hub: its indicators speak of every other target's subject ("resources for ...").
TARGETS = [
    {"id": "finance", "text": "Financial resources are mobilized for implementation", "context": [
        "resources for wetland restoration", "resources for the trade in wild species",
        "resources to reduce pollution", "resources for invasive species control", "resources for protected areas"]},
    {"id": "wetlands", "text": "Wetlands are restored", "context": ["area of wetland under restoration"]},
    {"id": "trade", "text": "Trade in wild species is legal and sustainable",
     "context": ["permits for the trade in wild species"]},
    {"id": "pollution", "text": "Pollution is reduced", "context": ["nutrient pollution of water"]},
    {"id": "invasive", "text": "Invasive species are controlled", "context": ["invasive species eradicated"]},
    {"id": "areas", "text": "Protected areas cover a third of land", "context": ["coverage of protected areas"]},
]
ITEM = {"id": "i", "text": "Resources for the restoration of wetlands", "context": ["wetland sites restored"]}


def ranked(results):
    return [match["id"] for match in results[0]["matches"]]


def test_the_hub_target_is_the_one_close_to_all_others():
    texts = _full_texts(TARGETS)
    hubness = targets_hubness(Bm25Index(texts), texts, 0.0, None)
    assert int(np.argmax(hubness)) == 0
    assert hubness.shape == (len(TARGETS),)
    one = [TARGETS[1]]
    assert targets_hubness(Bm25Index(_full_texts(one)), _full_texts(one), 0.0, None).tolist() == [0.0]


@pytest.mark.parametrize("weight", [0.0, None])  # lexical only, and the static encoder's mix
def test_a_hub_no_longer_ranks_above_the_target_the_item_is_about(weight):
    without = ranked(suggest([ITEM], TARGETS, semantic_weight=weight, hub_share=0.0))
    default = ranked(suggest([ITEM], TARGETS, semantic_weight=weight))
    assert default[0] == "wetlands"
    assert default.index("finance") > default.index("wetlands")
    if weight == 0.0:
        assert without[0] == "finance"  # what the hub share corrects


def test_an_items_ranking_does_not_depend_on_the_other_items():
    other = {"id": "o", "text": "Pollution of rivers by nutrients", "context": ["nitrogen in water"]}
    alone = suggest([ITEM], TARGETS)
    together = suggest([ITEM, other], TARGETS)
    assert together[0] == alone[0]


def test_pairs_without_evidence_stay_out_and_scores_stay_ordered():
    results = suggest([ITEM], TARGETS, semantic_weight=0, top_k=6)
    ids = ranked(results)
    assert "invasive" not in ids and "pollution" not in ids  # no shared term
    scores = [match["score"] for match in results[0]["matches"]]
    assert scores == sorted(scores, reverse=True) and all(score > 0 for score in scores)


def test_without_context_the_hub_share_is_off_unless_asked():
    bare = [{"id": t["id"], "text": t["text"]} for t in TARGETS]
    item = {"id": "i", "text": ITEM["text"]}
    assert suggest([item], bare) == suggest([item], bare, hub_share=0.0)
    asked = suggest([item], bare, hub_share=1.0)  # the targets' cosines to each other make some hubness
    assert asked[0]["matches"][0]["score"] < suggest([item], bare)[0]["matches"][0]["score"]


def test_hub_share_must_lie_between_0_and_1():
    for bad in (-0.1, 1.5):
        with pytest.raises(ValueError, match="hub_share"):
            suggest([ITEM], TARGETS, hub_share=bad)


def test_hubness_in_blocks_equals_hubness_at_once():
    texts = _full_texts(TARGETS)
    index = Bm25Index(texts)
    vectors = np.eye(len(TARGETS))[::-1] * 0.5 + 0.1

    def cosines(start, stop):
        return vectors[start:stop] @ vectors.T

    whole = targets_hubness(index, texts, 0.6, cosines, neighbours=3)
    assert np.allclose(targets_hubness(index, texts, 0.6, cosines, neighbours=3, block_rows=2), whole)
