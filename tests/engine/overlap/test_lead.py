"""Lead-MEA ranking: mandates, treaty scope from the English treaty texts, recency, the why sentence."""

from __future__ import annotations

from liaison.engine.overlap.lead import lead_rank
from liaison.engine.overlap.themes import vocabulary_load
from liaison.engine.overlap.treaty import treaty_mentions, treaty_units
from tests.engine.paths import TREATY_DIR

THEMES = {t.id: t for t in vocabulary_load()}


def test_treaty_scope_points_to_the_article():
    ias = THEMES["invasive-species"].pattern
    assert treaty_mentions("CBD", ias, TREATY_DIR) == ["Article 8(h)"]
    assert treaty_mentions("CMS", ias, TREATY_DIR)[0] == "Article III(4)(c)"  # "exotic species"
    assert treaty_mentions("CITES", ias, TREATY_DIR) == []
    assert treaty_mentions("IPBES", ias, TREATY_DIR) is None  # no treaty text on hand


def test_treaty_units_are_english_only():
    units = treaty_units("CBD", TREATY_DIR)
    text = " ".join(t for _, t in units)
    assert "Each Contracting Party shall" in text
    assert " het " not in text and "Verdragsluitende" not in text
    assert treaty_units("Wadden Sea Seals", TREATY_DIR) is None  # the file has no English text


def test_lead_rank_and_why():
    theme = THEMES["invasive-species"]
    paragraphs = (
        [{"convention": "CBD", "year": 2010 + n % 13} for n in range(14)]
        + [{"convention": "CMS", "year": 2020}] * 5
        + [{"convention": "Ramsar", "year": 2018}] * 3
        + [{"convention": "CMS", "year": 2023, "in_effect": False}] * 9  # repealed: do not count
        + [{"convention": "CITES", "year": 2023, "is_mandate": False}] * 9  # not a request
    )
    lead = lead_rank(theme.label.lower(), theme.pattern, paragraphs, [True] * len(paragraphs), treaty_dir=TREATY_DIR)
    assert lead["convention"] == "CBD"
    assert lead["why"] == (
        "CBD holds 14 of the 22 in-effect mandates on invasive species (64%), the most recent in 2022; "
        "its treaty text addresses the issue in Article 8(h)."
    )
    ranking = [r["convention"] for r in lead["ranking"]]
    assert ranking == ["CBD", "CMS", "Ramsar"]
    assert lead["ranking"][1]["treaty_articles"] == ["Article III(4)(c)", "Article V(5)(e)"]


def test_treaty_scope_can_outweigh_a_small_lead_in_mandates():
    theme = THEMES["invasive-species"]
    paragraphs = [{"convention": "CITES", "year": 2020}] * 6 + [{"convention": "CBD", "year": 2020}] * 5
    lead = lead_rank(theme.label.lower(), theme.pattern, paragraphs, [True] * 11, treaty_dir=TREATY_DIR)
    assert lead["convention"] == "CBD"
    assert "does not name the issue" not in lead["why"]
    assert lead["ranking"][1]["treaty_articles"] == []


def test_lead_without_mandates():
    theme = THEMES["climate-change"]
    lead = lead_rank(theme.label.lower(), theme.pattern, [{"convention": "UNCCD"}], [False], conventions=["UNCCD", "CMS"], treaty_dir=TREATY_DIR)
    assert lead["convention"] == "UNCCD"
    assert lead["why"].startswith("No in-effect mandate on climate change is recorded for UNCCD")
    assert "the preamble" in lead["why"]
    empty = lead_rank(theme.label.lower(), theme.pattern, [], [], treaty_dir=TREATY_DIR)
    assert empty["convention"] is None and empty["ranking"] == []
