"""Structure and cleaning on a synthetic three-page text layer: running heads, footnotes, hyphenation, annexes."""

from __future__ import annotations

import pytest

from liaison.engine.decisions import text_parse
from liaison.engine.decisions.head import title_case
from liaison.engine.decisions.structure import lines_join

PAGES = [
    """UNEP/CMS/Resolution 12.26 (Rev.COP13)
Page 1 of 3
CONVENTION ON MIGRATORY SPECIES
IMPROVING WAYS OF ADDRESSING CONNECTIVITY
Adopted by the Conference of the Parties at its 12th Meeting (Manila, October 2017)
The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals,
Recalling Resolution 10.3 on ecological networks and Decision X/31 of CBD,
Concerned by the fragmentation of habitats caused by infra-
structure and by the loss of stopover sites1,
Bearing in mind the work of the Scientific Council,
1. Urges Parties to identify critical sites by 2025 and to report to the Standing Committee;
2. Requests the Secretariat to develop guidance on capacity-
building and to submit it to the Conference of the Parties at its 14th meeting;
1 The term includes staging sites.""",
    """UNEP/CMS/Resolution 12.26 (Rev.COP13)
Page 2 of 3
3. Invites IUCN and other partner organizations to:
(a) share data with the Secretariat;
(b) support training in developing countries; and
4. Replaces Resolution 10.3 (Rev.COP12).""",
    """UNEP/CMS/Resolution 12.26 (Rev.COP13)
Page 3 of 3
Annex
GUIDELINES ON CONNECTIVITY
1. Introduction
Connectivity matters for migratory species.""",
]


@pytest.fixture(scope="module")
def synthetic() -> dict:
    return text_parse("\f".join(PAGES))


def test_running_heads_give_symbol_and_leave_the_text(synthetic):
    assert synthetic["symbol"] == "12.26" and synthetic["revision"] == "Rev.COP13"
    assert synthetic["title"] == "Improving Ways of Addressing Connectivity"
    assert synthetic["convention"] == "CMS"
    everything = str(synthetic["operative"]) + str(synthetic["preamble"])
    assert "Page 2" not in everything and "UNEP/CMS/Resolution 12.26" not in everything


def test_hyphenation(synthetic):
    assert "caused by infrastructure and by" in synthetic["preamble"][1]["text"]
    assert "guidance on capacity-building and" in synthetic["operative"][1]["text"]


def test_page_bottom_footnote(synthetic):
    assert synthetic["footnotes"] == ["The term includes staging sites."]
    assert synthetic["preamble"][1]["text"].endswith("loss of stopover sites,")


def test_paragraphs_across_pages(synthetic):
    assert [(p["number"], p["lead"]) for p in synthetic["operative"]] == [
        ("1", "Urges"), ("2", "Requests"), ("3", "Invites"), ("4", "Replaces"),
    ]
    assert synthetic["operative"][2]["subparagraphs"] == [
        "share data with the Secretariat;", "support training in developing countries; and",
    ]
    assert [m["actor_code"] for m in synthetic["operative"][2]["mandates"]] == ["IUCN", "partner-organizations"]


def test_mandate_details(synthetic):
    urges, requests = synthetic["operative"][0]["mandates"][0], synthetic["operative"][1]["mandates"][0]
    assert (urges["deadline"], urges["report_to"]) == ("by 2025", ["Standing Committee"])
    assert (requests["deadline"], requests["report_to"]) == ("at its 14th meeting", ["Conference of the Parties"])


def test_annex_kept_apart(synthetic):
    assert synthetic["annexes"] == [
        {"title": "Annex: Guidelines on Connectivity", "text": "1. Introduction\nConnectivity matters for migratory species."}
    ]
    assert len(synthetic["operative"]) == 4


def test_references_and_revision(synthetic):
    assert [(r["convention"], r["type"], r["id"], r["relation"]) for r in synthetic["references"]] == [
        ("CMS", "resolution", "10.3", "recalls"), ("CBD", "decision", "X/31", "recalls"),
    ]
    revised = [m for m in synthetic["mentions"] if m["relation"] == "revises"]
    assert revised == [{"type": "resolution", "convention": "CMS", "id": "10.3", "revision": "Rev.COP12",
                        "relation": "revises", "paragraph": "4"}]
    assert synthetic["repeals"] == []


def test_enacting_formula_before_operative_turns_a_decision_without_preamble():
    result = text_parse("The Conference of the Parties,\n1. Adopts the budget;\n2. Requests the Executive Secretary to report.")
    assert result["preamble"] == []
    assert [p["lead"] for p in result["operative"]] == ["Adopts", "Requests"]


def test_unnumbered_operative_paragraphs_after_the_enacting_formula():
    text = (
        "The Conference of the Parties,\nNoting the report,\n\nDecides to act;\n"
        "Requests the Secretariat to report to the Standing Committee;\n"
    )
    result = text_parse(text)
    assert [c["lead"] for c in result["preamble"]] == ["Noting"]
    assert [(p["number"], p["lead"]) for p in result["operative"]] == [(None, "Decides"), (None, "Requests")]


def test_mid_clause_capital_participle_is_not_a_new_clause():
    text = "Recalling the meeting held in\nBeijing in 2010,\nNoting the report,\n1. Decides to act."
    result = text_parse(text)
    assert [c["text"] for c in result["preamble"]] == ["Recalling the meeting held in Beijing in 2010,", "Noting the report,"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SYNERGIES AND PARTNERSHIPS", "Synergies and Partnerships"),
        ("COOPERATION WITH THE CBD AND IPBES", "Cooperation with the CBD and IPBES"),
        ("Already Mixed Case", "Already Mixed Case"),
    ],
)
def test_title_case(raw, expected):
    assert title_case(raw) == expected


def test_lines_join_keeps_known_compounds():
    assert lines_join(["develop-", "ment of non-", "governmental bodies"]) == "development of non-governmental bodies"
    assert lines_join(["decision-", "making"], {"decision-making"}) == "decision-making"


def test_arguments_are_normalized():
    result = text_parse("1. Requests the Secretariat to act;", convention="ramsar", symbol="  ")
    assert (result["convention"], result["symbol"]) == ("Ramsar", None)
    assert text_parse("1. Requests the Secretariat to act;", convention="CMS", symbol="7.9")["symbol"] == "7.9"


def test_roman_and_short_subparagraphs():
    text = "1. Adopts the list of species groups:\n(i) Birds\n(ii) Bats\n(iii) Marine turtles\n2. Requests the Secretariat to act."
    result = text_parse(text)
    assert result["operative"][0]["subparagraphs"] == ["Birds", "Bats", "Marine turtles"]
    assert result["headings"] == []


def test_page_number_inside_a_paragraph_is_not_a_footnote():
    text = (
        "Recalling the report, see 2 below,\n1. Requests the Secretariat to prepare the\n2\n"
        "report on progress and to submit it to the Standing Committee;\n2. Urges Parties to act."
    )
    result = text_parse(text)
    assert result["footnotes"] == []
    assert result["operative"][0]["text"] == (
        "Requests the Secretariat to prepare the report on progress and to submit it to the Standing Committee;"
    )
