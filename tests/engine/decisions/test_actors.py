"""The actor vocabulary: the 41 CBD codes kept, codes unique, patterns valid, common addressees normalized."""

from __future__ import annotations

import json
import re

import pytest

from liaison.engine.decisions.actors import VOCABULARY_PATH, actor_label_get, actors_find

from .conftest import REPO

CBD_VOCABULARY = REPO / "data" / "cbd_targets" / "cbd_decision_tracking_vocabularies.json"


def test_vocabulary_keeps_every_cbd_code():
    vocabulary = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
    codes = [actor["code"] for actor in vocabulary["actors"]]
    assert len(codes) == len(set(codes))
    cbd_codes = {actor["code"] for actor in json.loads(CBD_VOCABULARY.read_text(encoding="utf-8"))["actors"]}
    assert len(cbd_codes) == 41
    assert cbd_codes <= set(codes)
    assert {a["code"] for a in vocabulary["actors"] if a["source"] == "cbd"} == cbd_codes
    for actor in vocabulary["actors"]:
        assert actor["label"] and actor["kind"] in vocabulary["_meta"]["kinds"]
        assert actor["patterns"] or actor["acronyms"], actor["code"]
        for pattern in actor["patterns"] + actor["acronyms"]:
            re.compile(pattern)


@pytest.mark.parametrize(
    ("phrase", "codes"),
    [
        ("the Secretariat", ["secretariat"]),
        ("the CMS Secretariat", ["secretariat"]),
        ("the Executive Secretary", ["executive-secretary"]),
        ("the members of the Biodiversity Liaison Group", ["BLG"]),
        ("Parties and other Governments and organizations", ["parties", "other-governments", "organizations"]),
        ("the Food and Agriculture Organization of the United Nations (FAO)", ["FAO"]),
        ("the International Whaling Commission", ["IWC"]),
        ("UNESCO, IUCN and UNEP", ["UNESCO", "IUCN", "UNEP"]),
        ("the Standing Committee and the Scientific Council", ["standing-committee", "scientific-council"]),
        ("partner organizations", ["partner-organizations"]),
        ("who", []),
    ],
)
def test_actors_find(phrase, codes):
    assert [match.code for match in actors_find(phrase)] == codes


def test_labels():
    assert actor_label_get("BLG") == "Biodiversity Liaison Group"
    assert actor_label_get("nobody") is None
