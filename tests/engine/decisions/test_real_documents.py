"""The real decision texts shipped in data/decision_documents/ (issue 12): CMS Resolutions 11.2 and 14.3 and the
World Heritage documents. Counts and mandates below were checked by hand against the PDFs."""

from __future__ import annotations

import pytest

from liaison.engine.decisions import document_parse

from .conftest import DOCUMENTS

RES_11_2 = "Res_11_02_Strategic_Plan_for_MS_2015_2023_E_0.pdf"
RES_14_3 = "cms_cop14_res.14.3_cms-engagement-in-cbd-processes-including-kmgbf_e_.pdf"
WHC_31_COM = "whc07-31com-24e.pdf"


def _parse(name: str) -> dict:
    return document_parse((DOCUMENTS / name).read_bytes(), filename=name)


@pytest.fixture(scope="module")
def whc() -> dict:
    return _parse(WHC_31_COM)


@pytest.fixture(scope="module")
def whc_decisions(whc) -> dict[str, dict]:
    return {decision["symbol"]: decision for decision in whc["decisions"]}


def _mandates(paragraphs: list[dict]) -> list[tuple]:
    return [(p["number"], m["actor"], m["verb"], m["deadline"], m["report_to"]) for p in paragraphs for m in p["mandates"]]


def test_cms_resolution_11_2():
    result = _parse(RES_11_2)
    assert (result["convention"], result["symbol"], result["year"]) == ("CMS", "11.2", 2014)
    assert result["title"] == "Strategic Plan for Migratory Species 2015-2023"
    assert (len(result["preamble"]), len(result["operative"])) == (11, 14)
    assert result["preamble"][1]["lead"] == "Taking into account"
    by_number = {p["number"]: p for p in result["operative"]}
    assert _mandates([by_number["2"]]) == [("2", "Secretariat", "requests", None, None)]
    assert _mandates([by_number["9"]]) == [("9", "Working Group", "requests", None, ["Standing Committee"])]
    assert [m["actor"] for m in by_number["14"]["mandates"]] == ["United Nations Environment Programme", "Parties", "Donors"]
    assert ("CBD", "X/20") in {(r["convention"], r["id"]) for r in result["references"]}


def test_cms_resolution_14_3():
    result = _parse(RES_14_3)
    assert (result["convention"], result["symbol"], result["kind"], result["year"]) == ("CMS", "14.3", "resolution", 2024)
    # The convention's logo ("CONVENTION ON / MIGRATORY / SPECIES") above the symbol is not the title.
    assert result["title"] == "CMS Engagement in CBD Processes Including the Global Biodiversity Framework"
    assert (len(result["preamble"]), len(result["operative"])) == (14, 10)
    by_number = {p["number"]: p for p in result["operative"]}
    requests = by_number["9"]["mandates"][0]
    assert (requests["actor"], requests["verb"]) == ("Secretariat", "requests")
    assert requests["action"].startswith("collaborate with the CBD Secretariat")
    assert [m["actor"] for m in by_number["7"]["mandates"]] == ["CMS", "National focal points"]
    assert result["repeals"] == [{"convention": "CMS", "type": "resolution", "id": "13.1"}]


def test_world_heritage_compilation_is_split(whc, whc_decisions):
    assert (whc["convention"], whc["symbol"], whc["year"], whc["pages"]) == ("WHC", "WHC-07/31.COM/24", 2007, 207)
    decisions = whc["decisions"]
    assert len(decisions) == 280
    assert [d["symbol"] for d in decisions[:6]] == ["31 COM 2", "31 COM 3A", "31 COM 3B", "31 COM 4", "31 COM 5.1", "31 COM 5.2"]
    assert decisions[-1]["symbol"] == "31 COM 23B"
    assert {d["convention"] for d in decisions} == {"WHC"}
    assert len(whc["operative"]) == sum(len(d["operative"]) for d in decisions) == 1243
    # Withdrawn nominations ("The nomination of ... was withdrawn") are decisions with no operative part.
    assert sum(1 for d in decisions if not d["operative"]) == 10
    assert whc_decisions["31 COM 8B.10"]["preamble"] == [] and whc_decisions["31 COM 8B.10"]["operative"] == []


def test_world_heritage_decisions_read_by_hand(whc_decisions):
    first = whc_decisions["31 COM 2"]
    assert (first["title"], first["enacting"]) == ("Requests for Observer Status", "The World Heritage Committee,")
    assert (len(first["preamble"]), len(first["operative"])) == (1, 2)
    assert first["preamble"][0]["lead"] == "Taking into consideration"
    report = whc_decisions["31 COM 5.1"]
    assert [p["number"] for p in report["operative"]] == ["2", "3", "4", "5"]
    assert _mandates(report["operative"]) == [
        ("3", "World Heritage Centre", "requests", None, None),
        ("4", "World Heritage Centre", "requests", None, None),
        ("5", "World Heritage Centre", "requests", None, None),
    ]
    mechanism = whc_decisions["31 COM 5.2"]
    assert mechanism["title"] == report["title"]  # same agenda item, no heading of its own
    assert _mandates(mechanism["operative"])[-1] == ("7", "World Heritage Centre", "requests", "at its 33rd session", ["World Heritage Committee"])
    manovo = whc_decisions["31 COM 7A.1"]
    assert manovo["title"] == "Manovo-Gounda St. Floris National Park (Central African Republic) (N 475)"
    assert _mandates(manovo["operative"])[-1] == ("10", "State Party concerned", "requests", "by 1 February 2008", ["Committee"])
    assert ("7", "States Parties", "calls on", None, None) in _mandates(manovo["operative"])  # "State Parties" (sic)


def test_world_heritage_source_errors_are_kept(whc_decisions):
    # The PDF prints "Decision: 30 COM 7B.51" for 31 COM 7B.51 and "Decision 31 COM 7B.131" without its colon.
    assert "30 COM 7B.51" in whc_decisions and "31 COM 7B.51" not in whc_decisions
    assert whc_decisions["31 COM 7B.131"]["operative"]


@pytest.mark.parametrize("name", ["whc11-18ga-11-en.pdf", "whc11-18ga-11-en.docx"])
def test_world_heritage_general_assembly_resolution_at_the_end_of_a_report(name):
    result = _parse(name)
    assert (result["convention"], result["symbol"], result["kind"]) == ("WHC", "18 GA 11", "resolution")
    assert result["enacting"] == "The General Assembly,"
    assert [c["lead"] for c in result["preamble"]] == ["Having examined", "Recalling"]
    assert [p["number"] for p in result["operative"]] == ["3", "4", "5", "6"]
    assert _mandates(result["operative"])[0] == ("3", "World Heritage Centre", "requests", None, None)
    assert [m["actor"] for m in result["operative"][2]["mandates"]] == ["States Parties", "Partner organizations"]
    assert "were read as a report" in result["warnings"][0]


def test_cli_json_of_the_world_heritage_compilation(capsys):
    import json

    from liaison.cli import main

    assert main(["parse", str(DOCUMENTS / WHC_31_COM), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["decisions"]) == 280
    assert printed["decisions"][0]["symbol"] == "31 COM 2"
    assert printed["decisions"][0]["operative"][0]["lead"] == "Authorizes"
