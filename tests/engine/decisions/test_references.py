"""Reference patterns of each convention, and how the convention is inferred."""

from __future__ import annotations

import pytest

from liaison.engine.decisions.references import references_extract


def _refs(text: str, convention: str | None = "CMS") -> list[tuple]:
    found = references_extract(text, paragraph="1", convention=convention)
    return [(r["type"], r["convention"], r["id"], r["relation"]) for r in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recalling Decision XIII/24 of CBD,", ("decision", "CBD", "XIII/24", "recalls")),
        ("Noting decision 15/4,", ("decision", "CBD", "15/4", "notes")),
        ("Welcoming Resolution Conf. 11.3 (Rev. CoP19),", ("resolution", "CITES", "Conf. 11.3", "welcomes")),
        ("in line with Ramsar Resolution XIV.7", ("resolution", "Ramsar", "XIV.7", "cites")),
        ("Resolution XIV.7 on wetlands", ("resolution", "Ramsar", "XIV.7", "cites")),
        ("Taking note of General Assembly resolution 65/162", ("resolution", "UNGA", "65/162", "notes")),
        ("decision 26/4 of the Governing Council of the United Nations Environment Programme", ("decision", "UNEP", "26/4", "cites")),
        ("Welcoming the Declaration (UNEP/CMS/Resolution 12.3)", ("resolution", "CMS", "12.3", "welcomes")),
        ("the report (UNEP/CMS/COP11/Doc.21.1).", ("document", "CMS", "UNEP/CMS/COP11/Doc.21.1", "cites")),
        ("see CBD/COP/DEC/15/4", ("decision", "CBD", "15/4", "cites")),
        ("decision IPBES-2/5", ("decision", "IPBES", "IPBES-2/5", "cites")),
        ("Replaces Resolution 11.3", ("resolution", "CMS", "11.3", "revises")),
    ],
)
def test_one_reference(text, expected):
    assert _refs(text) == [expected]


def test_cites_decision_in_a_cites_document():
    assert _refs("Implements Decision 19.12;", convention="CITES") == [("decision", "CITES", "19.12", "cites")]


def test_plural_list_with_revision():
    found = references_extract("Repeals Resolutions 7.9, 8.11 and 9.6 (Rev.COP12);", paragraph="27", convention="CMS")
    assert [(r["id"], r["relation"], r.get("revision")) for r in found] == [
        ("7.9", "repeals", None), ("8.11", "repeals", None), ("9.6", "repeals", "Rev.COP12"),
    ]


def test_implicit_convention_unknown_without_context():
    assert _refs("Recalling Resolution 4.2,", convention=None) == [("resolution", None, "4.2", "recalls")]


def test_duplicates_within_a_paragraph_are_dropped():
    assert len(_refs("Resolution 11.11 and again Resolution 11.11")) == 1


def test_years_and_fractions_are_not_references():
    assert _refs("the Year of the Dolphin (2007/8) and the Strategic Plan 2011-2020") == []
