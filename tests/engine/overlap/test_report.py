"""overlap_find end to end: the result's shape, the cross-convention / internal split, bad input."""

from __future__ import annotations

import json
from functools import partial

import numpy as np
import pytest

from liaison.engine.overlap.report import overlap_find
from tests.engine.paths import MODELS_DIR, TREATY_DIR

IAS_CBD = (
    "Requests the Executive Secretary to cooperate with the secretariats of other conventions to prevent "
    "the introduction of invasive alien species on islands, and to report on progress to the Conference of the Parties"
)
IAS_CMS = (
    "Requests the Secretariat to cooperate with the secretariats of other conventions to prevent the "
    "introduction of invasive alien species on islands, and to report on progress to the Conference of the Parties"
)
MEAT_CMS = (
    "Urges Parties to address the unsustainable hunting of migratory mammals for bushmeat and the trade in wild meat, "
    "in cooperation with range States"
)
MEAT_CITES = (
    "Encourages Parties to address the unsustainable hunting of migratory mammals for bushmeat and the trade in wild "
    "meat, in cooperation with range States and local communities"
)
CLIMATE_CMS = "Invites Parties to assess the vulnerability of migratory species to climate change and to plan adaptation measures"
CLIMATE_RAMSAR = (
    "Invites Contracting Parties to assess the vulnerability of wetland species to climate change and to plan "
    "adaptation measures"
)

# The engine reads no path by itself: every call is given the checkout's folders.
find = partial(overlap_find, models_dir=MODELS_DIR, treaty_dir=TREATY_DIR)
OTHER = "Decides that the next meeting of the Standing Committee shall be held in Bonn, Germany, in the year following"


def para(conv: str, doc: str, n: int, text: str, year: int = 2020) -> dict:
    return {"document": doc, "convention": conv, "paragraph": str(n), "text": text, "year": year}


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return [
        para("CBD", "decision 14/11", 1, IAS_CBD, 2018),
        para("CMS", "Res. 11.10", 20, IAS_CMS, 2017),
        para("CMS", "Res. 12.5", 3, MEAT_CMS, 2017),
        para("CITES", "Conf. 13.11", 4, MEAT_CITES, 2019),
        para("CMS", "Res. 12.21", 1, CLIMATE_CMS, 2017),
        para("Ramsar", "Res. XIV.17", 2, CLIMATE_RAMSAR, 2022),
        para("CMS", "Res. 12.21 (copy)", 9, CLIMATE_CMS, 2017),
        para("Ramsar", "Res. XIV.1", 5, OTHER, 2022),
    ]


@pytest.fixture(scope="module")
def result(corpus) -> dict:
    return find(corpus)


def test_pairs_are_cross_convention_and_internal_is_apart(result):
    assert result["pairs"] and result["internal"]
    for pair in result["pairs"]:
        assert pair["a"]["convention"] != pair["b"]["convention"]
        assert set(pair) == {"a", "b", "score", "kind", "shared", "themes"}
        assert set(pair["a"]) == {"document", "convention", "paragraph", "text", "themes"}
        # a pair carries the themes both its paragraphs are tagged with, or "other"
        assert pair["themes"] == sorted(set(pair["a"]["themes"]) & set(pair["b"]["themes"]),
                                        key=pair["a"]["themes"].index) or pair["themes"] == ["other"]
        assert pair["kind"] in ("near-duplicate", "semantic")
    for pair in result["internal"]:
        assert pair["a"]["convention"] == pair["b"]["convention"]
    internal = {(p["a"]["document"], p["b"]["document"]) for p in result["internal"]}
    assert ("Res. 12.21", "Res. 12.21 (copy)") in internal
    json.dumps(result)  # plain data, serializable


def test_planted_overlap_found_with_shared_spans(result):
    by_docs = {(p["a"]["document"], p["b"]["document"]): p for p in result["pairs"]}
    ias = by_docs[("decision 14/11", "Res. 11.10")]
    assert ias["kind"] == "near-duplicate" and ias["score"] >= 0.5
    assert any("invasive alien species" in span for span in ias["shared"])
    assert ("Res. 12.5", "Conf. 13.11") in by_docs
    assert not any("Res. XIV.1" in (p["a"]["document"], p["b"]["document"]) for p in result["pairs"])


def test_themes_recognise_the_three_issues_and_propose_a_lead(result):
    themes = {t["id"]: t for t in result["themes"]}
    assert {"invasive-species", "wildlife-product", "climate-change"} <= set(themes)
    assert themes["wildlife-product"]["names"]["fr"] == "Produits de la chasse"
    ias = themes["invasive-species"]
    assert {m["document"] for m in ias["members"]} == {"decision 14/11", "Res. 11.10"}
    assert "invasive alien species" in ias["terms"]
    assert ias["lead"]["convention"] in ("CBD", "CMS")
    assert "in-effect mandates on invasive species" in ias["lead"]["why"]
    assert themes["climate-change"]["lead"]["ranking"][0]["convention"] in ("CMS", "Ramsar")


def test_threshold_moves_the_semantic_pairs(corpus):
    loose = find(corpus, threshold=0.5)
    strict = find(corpus, threshold=0.999, near_threshold=0.99)
    assert len(loose["pairs"]) > len(strict["pairs"])


def test_vectors_can_be_passed_instead_of_an_encoder(corpus):
    vectors = np.eye(len(corpus), 16, dtype=np.float32)
    vectors[1] = vectors[0]  # only paragraphs 0 and 1 are semantic neighbours
    out = find(corpus, vectors=vectors, near_threshold=1.01)
    assert [(p["a"]["paragraph"], p["b"]["paragraph"], p["kind"]) for p in out["pairs"]] == [("1", "20", "semantic")]
    with pytest.raises(ValueError):
        find(corpus, vectors=vectors[:3])


def test_empty_corpus():
    out = find([])
    assert out["pairs"] == [] and out["internal"] == [] and out["themes"] == []
    assert "empty" in out["notes"][0]


def test_one_convention_only(corpus):
    cms = [p for p in corpus if p["convention"] == "CMS"]
    out = find(cms)
    assert out["pairs"] == [] and out["themes"] == []
    assert out["internal"]
    assert any("Only one convention" in note for note in out["notes"])


def test_tiny_and_huge_paragraphs():
    huge = ("Urges Parties to combat the illegal killing of migratory birds and the trade in wild meat. " * 1200)[:100_000]
    out = find(
        [
            para("CMS", "a", 1, "2."),
            para("CBD", "b", 1, ""),
            para("CITES", "c", 1, "Notes"),
            para("CMS", "d", 2, huge),
            para("CITES", "e", 3, huge),
            {"text": None},
        ]
    )
    assert any("fewer than 3 words" in note for note in out["notes"])
    assert [(p["a"]["document"], p["b"]["document"]) for p in out["pairs"]] == [("d", "e")]
    assert out["pairs"][0]["kind"] == "near-duplicate"
    assert len(out["pairs"][0]["a"]["text"]) == 100_000


def test_single_paragraph():
    out = find([para("CMS", "a", 1, CLIMATE_CMS)])
    assert out["pairs"] == [] and out["internal"] == []
    assert any("One paragraph" in note for note in out["notes"])


def test_pairs_sharing_no_theme_are_other_and_get_no_lead():
    text = "Decides that the next meeting of the Standing Committee shall be held in Bonn, Germany, next year"
    result = find([{"document": "Res. 1", "convention": "CMS", "text": text},
                   {"document": "Res. 2", "convention": "AEWA", "text": text.replace("next year", "in May")}])
    assert result["pairs"] and result["pairs"][0]["themes"] == ["other"]
    other = {t["id"]: t for t in result["themes"]}["other"]
    assert other["label"] == "Other" and other["names"]["fr"] == "Autre"
    assert other["lead"]["convention"] is None and "No lead" in other["lead"]["why"]
    assert {r["convention"] for r in other["lead"]["ranking"]} == {"AEWA", "CMS"}
