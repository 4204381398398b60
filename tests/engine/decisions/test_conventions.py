"""House styles of other conventions: CITES and Ramsar capitals, CBD decision numbers."""

from __future__ import annotations

from liaison.engine.decisions import text_parse

CITES = """Conf. 11.3 (Rev. CoP19)
Compliance and enforcement
RECALLING that the Conference of the Parties adopted Resolution Conf. 9.8 (Rev. CoP16);
NOTING with concern the illegal trade in specimens;
THE CONFERENCE OF THE PARTIES TO THE CONVENTION
1. URGES Parties to establish enforcement units by CoP20;
2. DIRECTS the Secretariat to report to the Standing Committee at its 78th meeting;
3. FURTHER REPEALS Resolution Conf. 9.8 (Rev. CoP16)."""

CBD = """15/4. Kunming-Montreal Global Biodiversity Framework
The Conference of the Parties,
Recalling decision 14/34,
1. Adopts the Kunming-Montreal Global Biodiversity Framework as contained in the annex;
2. Requests the Executive Secretary to report to the Subsidiary Body on Implementation at its fourth meeting;
Annex
KUNMING-MONTREAL GLOBAL BIODIVERSITY FRAMEWORK
A. Background
1. Biodiversity is fundamental."""

RAMSAR = """Resolution XIV.7
Wetlands and climate
1. RECALLING Resolution XIII.14;
2. NOTING the work of the STRP;
THE CONFERENCE OF THE CONTRACTING PARTIES
3. REQUESTS the Secretariat to report to COP15."""


def test_cites_resolution():
    result = text_parse(CITES)
    assert (result["title"], result["convention"], result["symbol"], result["revision"]) == (
        "Compliance and enforcement", "CITES", "Conf. 11.3", "Rev.CoP19",
    )
    assert [c["lead"] for c in result["preamble"]] == ["Recalling", "Noting with concern"]
    assert [p["lead"] for p in result["operative"]] == ["Urges", "Directs", "Further repeals"]
    directs = result["operative"][1]["mandates"][0]
    assert (directs["actor"], directs["verb"], directs["deadline"], directs["report_to"]) == (
        "Secretariat", "directs", "at its 78th meeting", ["Standing Committee"],
    )
    assert result["operative"][0]["mandates"][0]["deadline"] == "by CoP20"
    assert result["references"] == [{"type": "resolution", "convention": "CITES", "id": "Conf. 9.8", "revision": "Rev. CoP16",
                                     "relation": "recalls", "paragraph": "preamble-1"}]
    assert result["repeals"] == [{"convention": "CITES", "type": "resolution", "id": "Conf. 9.8"}]


def test_cbd_decision():
    result = text_parse(CBD)
    assert (result["title"], result["symbol"], result["convention"]) == (
        "Kunming-Montreal Global Biodiversity Framework", "15/4", "CBD",
    )
    assert result["operative"][1]["mandates"][0]["report_to"] == ["SBI"]
    assert result["operative"][1]["mandates"][0]["deadline"] == "at its fourth meeting"
    assert result["annexes"][0]["title"] == "Annex: Kunming-Montreal Global Biodiversity Framework"
    assert [(r["convention"], r["id"]) for r in result["references"]] == [("CBD", "14/34")]


def test_ramsar_resolution_numbers_preamble_and_operative_together():
    result = text_parse(RAMSAR)
    assert (result["convention"], result["symbol"]) == ("Ramsar", "XIV.7")
    assert [c["lead"] for c in result["preamble"]] == ["Recalling", "Noting"]
    assert [(p["number"], p["lead"]) for p in result["operative"]] == [("3", "Requests")]
    assert result["operative"][0]["mandates"][0]["report_to"] == ["Conference of the Parties"]
    assert result["references"][0]["convention"] == "Ramsar"
