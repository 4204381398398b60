"""IPBES texts: Akoma Ntoso HTML in Markdown front matter, and the PDF of the same text."""

from __future__ import annotations

import difflib

import pytest

from liaison.engine.decisions import document_parse

from .conftest import DOCUMENTS


@pytest.fixture(scope="module")
def panama() -> dict:
    name = "ipbes_panama_resolution_2012_akn.md"
    return document_parse((DOCUMENTS / name).read_bytes(), filename=name)


@pytest.fixture(scope="module")
def functions_akn() -> dict:
    name = "ipbes_functions_operating_principles_2012_akn.md"
    return document_parse((DOCUMENTS / name).read_bytes(), filename=name)


@pytest.fixture(scope="module")
def functions_pdf(ipbes_pdf_bytes) -> dict:
    return document_parse(ipbes_pdf_bytes, filename="ipbes_functions_operating_principles_2012.pdf")


def test_panama_identity(panama):
    assert panama["format"] == "html"
    assert panama["title"] == "Resolution on the Intergovernmental Science-Policy Platform on Biodiversity and Ecosystem Services"
    assert panama["convention"] == "IPBES"
    assert panama["enacting"].startswith("We, the representatives of the Governments listed hereunder")
    assert panama["adopted"].startswith("Adopted by the plenary meeting")


def test_panama_preamble(panama):
    assert [c["lead"] for c in panama["preamble"]] == ["Recalling", "Recalling also", "Recalling further", "Recalling"]
    rio = panama["preamble"][3]["text"]
    assert rio.startswith("Recalling the Rio Declaration on Environment and Development, Agenda 21, the Programme")
    assert "¹" not in rio and "⁵" not in rio


def test_panama_operative(panama):
    assert [(p["number"], p["lead"]) for p in panama["operative"]] == [
        ("2", "Decide"), ("3", "Also decide"), (None, "Further decide"),
    ]
    assert panama["operative"][0]["text"].startswith("Decide to establish an independent intergovernmental body")
    further = panama["operative"][2]
    assert len(further["subparagraphs"]) == 5
    assert further["subparagraphs"][2] == "That the seat of the secretariat of the Platform is to be located in Bonn, Germany;"
    assert [(m["actor_code"], m["verb"]) for m in further["mandates"]] == [("UNEP", "requests")]
    assert panama["closing"][0] == "Consenting Governments:"
    assert panama["closing"][-1] == "Adopted on 21 April 2012"


def test_panama_footnotes_and_references(panama):
    assert len(panama["footnotes"]) == 5
    assert panama["footnotes"][1] == "Ibid., annex II."
    assert all("↑" not in note for note in panama["footnotes"])
    assert [(r["type"], r["convention"], r["id"], r["relation"]) for r in panama["references"]] == [
        ("resolution", "UNGA", "65/162", "recalls"),
        ("decision", "UNEP", "26/4", "recalls"),
    ]


def test_functions_akn_parts_and_paragraphs(functions_akn):
    assert functions_akn["title"] == "Functions, operating principles and institutional arrangements of IPBES"
    assert functions_akn["preamble"] == []
    numbers = [p["number"] for p in functions_akn["operative"]]
    # The AKN source itself numbers two paragraphs (22) and skips (24); the parser keeps them and warns.
    assert numbers == [str(n) for n in range(1, 23)] + ["22", "23", "25", "26"]
    assert any("22 follows paragraph 22" in w for w in functions_akn["warnings"])
    assert functions_akn["operative"][0]["text"].startswith("The Platform’s objective is")
    assert "Part I – Functions of the Platform" in functions_akn["headings"]
    assert "a. Composition" in functions_akn["headings"]
    assert not any("Composition" in p["text"] or "b. Functions" in p["text"] for p in functions_akn["operative"])


def test_functions_pdf_structure(functions_pdf):
    assert functions_pdf["format"] == "pdf" and functions_pdf["pages"] == 7
    assert functions_pdf["title"] == (
        "Functions, operating principles and institutional arrangements of the Intergovernmental "
        "Science-Policy Platform on Biodiversity and Ecosystem Services"
    )
    assert functions_pdf["convention"] == "IPBES"
    assert [p["number"] for p in functions_pdf["operative"]] == [str(n) for n in range(1, 27)]
    # Section headings numbered "1." to "4." inside Part III are not taken for paragraphs.
    assert {"1. Membership", "3. Functions", "4. Officers of the Plenary", "E. Secretariat"} <= set(functions_pdf["headings"])
    # Page numbers at the top of each page are gone and PDFium's hyphen marks are hyphens again.
    first = functions_pdf["operative"][0]["text"]
    assert "long-term human well-being" in first
    assert not any(p["text"][:2].isdigit() for p in functions_pdf["operative"])


def _paragraph_text(paragraph: dict) -> str:
    return " ".join([paragraph["text"], *paragraph["subparagraphs"]])


def test_pdf_paragraphs_match_the_akn_version(functions_pdf, functions_akn):
    akn = {}
    for paragraph in functions_akn["operative"]:
        akn.setdefault(paragraph["number"], paragraph)
    compared = 0
    for paragraph in functions_pdf["operative"]:
        number = int(paragraph["number"])
        if number >= 23:  # the AKN renumbers from here (duplicate 22, missing 24)
            continue
        other = akn[paragraph["number"]]
        assert len(paragraph["subparagraphs"]) == len(other["subparagraphs"]), number
        ratio = difflib.SequenceMatcher(None, _paragraph_text(paragraph), _paragraph_text(other), autojunk=False).ratio()
        assert ratio > 0.97, (number, ratio)
        compared += 1
    assert compared == 22
