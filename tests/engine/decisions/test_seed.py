"""The seed, CMS Resolution 11.10 (Rev.COP12), must come out exactly."""

from __future__ import annotations

import json

import pytest

from liaison.engine.decisions import document_parse, text_parse

from .conftest import SEED_SHARED

PREAMBLE_LEADS = [
    "Recalling", "Acknowledging", "Recognizing", "Appreciating", "Noting with appreciation",
    "Expressing its gratitude", "Welcoming", "Welcoming also", "Further taking note of", "Welcoming",
    "Welcoming also", "Further welcoming", "Aware", "Recognizing", "Highlighting", "Further recognizing",
    "Convinced", "Recalling", "Recognizing",
]
OPERATIVE_LEADS = [
    "Stresses", "Requests", "Requests", "Also requests", "Encourages", "Further encourages", "Further requests",
    "Further requests", "Further requests", "Welcomes", "Requests", "Also requests", "Further requests",
    "Further requests", "Further requests", "Welcomes", "Invites", "Also invites", "Further invites", "Requests",
    "Requests", "Recognizes", "Urges", "Also urges", "Encourages", "Urges", "Repeals",
]


def test_identity(seed):
    assert seed["title"] == "Synergies and Partnerships"
    assert seed["convention"] == "CMS"
    assert seed["format"] == "text"
    assert seed["kind"] == "resolution" and seed["year"] == 2017
    assert seed["adopted"].startswith("Adopted by the Conference of the Parties at its 12th Meeting")
    assert seed["enacting"] == (
        "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals"
    )


def test_symbol_from_file_name_and_argument(seed, seed_bytes):
    assert seed["symbol"] == "11.10"
    assert seed["revision"] == "Rev.COP12"
    assert any("file name" in warning for warning in seed["warnings"])
    given = document_parse(seed_bytes, filename="seed.txt", symbol="11.10", convention="CMS")
    assert given["symbol"] == "11.10" and given["revision"] is None
    assert text_parse(seed_bytes.decode())["symbol"] is None


def test_preamble_clauses_and_leads(seed):
    assert [clause["lead"] for clause in seed["preamble"]] == PREAMBLE_LEADS
    assert seed["preamble"][0]["text"].startswith("Recalling Resolution 7.9 on “Cooperation with Other Bodies")
    assert seed["preamble"][-1]["text"].endswith("submitted to the Conference of Parties,")
    # Lower-case participles inside a clause do not start a new one.
    assert "and appreciating the important efforts" in seed["preamble"][12]["text"]
    assert "and noting the establishment" in seed["preamble"][13]["text"]


def test_operative_numbers_and_leads(seed):
    assert [p["number"] for p in seed["operative"]] == [str(n) for n in range(1, 28)]
    assert [p["lead"] for p in seed["operative"]] == OPERATIVE_LEADS


def test_operative_texts_are_joined_lines(seed_paragraphs):
    assert seed_paragraphs["27"]["text"] == "Repeals Resolution 7.9, Resolution 8.11, Resolution 9.6, and Resolution 10.21."
    assert seed_paragraphs["25"]["text"].startswith("Encourages Parties and other Governments and organizations to make use of the webbased tools")
    assert "\n" not in seed_paragraphs["13"]["text"]


def test_paragraph_6_has_three_dash_subparagraphs(seed_paragraphs):
    paragraph = seed_paragraphs["6"]
    assert paragraph["text"].endswith("as outlined in Resolution 11.11, including:")
    assert paragraph["subparagraphs"] == [
        "Mechanisms that will facilitate CSO-and NGO-facilitated work to be formally and consistently reported "
        "across the CMS Family and to be considered by the Parties and CMS Family agreement governing bodies;",
        "Models for further CSO and NGO involvement in CMS processes; and",
        "Modalities for further strategic engagement with CSOs and NGOs to provide implementation and "
        "capacity-building expertise;",
    ]
    assert all(not p["subparagraphs"] for p in seed_paragraphs.values() if p["number"] != "6")


def test_footnote_moved_out_of_the_text(seed, seed_paragraphs):
    assert seed["footnotes"] == ["Now known as Wild Migration."]
    for number in ("2", "3"):
        assert "Wild Migration" not in seed_paragraphs[number]["text"]
    assert seed_paragraphs["2"]["text"].endswith("within that framework;")
    assert seed_paragraphs["3"]["text"].startswith("Requests the Secretariat to continue")
    clause = seed["preamble"][11]["text"]
    assert "Migratory Wildlife Network and the Environmental Law Centre" in clause
    assert "Network 1" not in clause


def test_ten_references(seed):
    keys = [(r["type"], r["convention"], r["id"]) for r in seed["references"]]
    assert len(keys) == 10
    assert sorted(keys) == sorted(
        [("resolution", "CMS", rid) for rid in ("7.9", "8.11", "9.6", "10.21", "10.25", "11.11", "12.3")]
        + [("document", "CMS", "UNEP/CMS/COP11/Doc.21.1"), ("decision", "CBD", "X/2"), ("decision", "CBD", "XIII/24")]
    )
    by_id = {r["id"]: r for r in seed["references"]}
    assert by_id["7.9"]["relation"] == "recalls" and by_id["7.9"]["paragraph"] == "preamble-1"
    assert by_id["UNEP/CMS/COP11/Doc.21.1"]["relation"] == "welcomes"
    assert by_id["12.3"]["relation"] == "welcomes" and by_id["12.3"]["paragraph"] == "preamble-8"
    assert by_id["11.11"]["paragraph"] == "preamble-18" and by_id["11.11"]["relation"] == "recalls"
    assert by_id["XIII/24"]["relation"] == "notes"


def test_mentions_keep_every_paragraph(seed):
    mentions_11_11 = [m["paragraph"] for m in seed["mentions"] if m["id"] == "11.11"]
    assert mentions_11_11 == ["preamble-18", "5", "6"]
    repealed = {m["id"] for m in seed["mentions"] if m["relation"] == "repeals" and m["paragraph"] == "27"}
    assert repealed == {"7.9", "8.11", "9.6", "10.21"}
    assert len(seed["mentions"]) == len({(m["paragraph"], m["type"], m["convention"], m["id"]) for m in seed["mentions"]})


def test_four_repeals(seed):
    assert seed["repeals"] == [
        {"convention": "CMS", "type": "resolution", "id": rid} for rid in ("7.9", "8.11", "9.6", "10.21")
    ]


def _actors(paragraph: dict) -> list[tuple[str, str]]:
    return [(m["actor"], m["verb"]) for m in paragraph["mandates"]]


def test_mandates_of_the_seed(seed_paragraphs):
    assert _actors(seed_paragraphs["1"]) == []
    assert _actors(seed_paragraphs["2"]) == [("Executive Secretary", "requests")]
    assert seed_paragraphs["2"]["mandates"][0]["actor_code"] == "executive-secretary"
    assert seed_paragraphs["2"]["mandates"][0]["actor_kind"] == "secretariat"
    assert _actors(seed_paragraphs["12"]) == [("Secretariat", "requests"), ("Secretariats of other conventions", "invites")]
    assert _actors(seed_paragraphs["17"]) == [("Biodiversity Liaison Group", "invites")]
    assert _actors(seed_paragraphs["22"]) == [("Parties", "requests")]
    assert _actors(seed_paragraphs["23"]) == [("Parties", "urges")]
    assert _actors(seed_paragraphs["27"]) == []
    assert _actors(seed_paragraphs["10"]) == [("Secretariat", "requests")]
    assert seed_paragraphs["10"]["mandates"][0]["action"].startswith("prepare proposals")
    assert ("Stakeholders", "encourages") in _actors(seed_paragraphs["4"])
    assert {a for a, _ in _actors(seed_paragraphs["25"])} == {"Parties", "Other Governments", "Relevant organizations"}
    assert _actors(seed_paragraphs["26"]) == [("Partner organizations", "urges")]
    assert _actors(seed_paragraphs["5"]) == []  # "Encourages the implementation": nobody is asked to act


def test_mandate_report_to(seed_paragraphs):
    secretariat = [m for m in seed_paragraphs["13"]["mandates"] if m["actor"] == "Secretariat"]
    assert secretariat and all(
        m["report_to"] == ["Scientific Council", "Conference of the Parties"] for m in secretariat
    )
    assert seed_paragraphs["21"]["mandates"][0]["report_to"] == ["Standing Committee"]
    assert seed_paragraphs["6"]["mandates"][0]["report_to"] == ["Conference of the Parties"]
    assert seed_paragraphs["3"]["mandates"][0]["report_to"] is None
    assert all(m["deadline"] is None for p in seed_paragraphs.values() for m in p["mandates"])


def test_result_is_json_serializable(seed):
    assert json.loads(json.dumps(seed, ensure_ascii=False)) == seed


@pytest.mark.skipif(not SEED_SHARED.exists(), reason="shared seed folder not mounted")
def test_shared_seed_is_the_same_text(seed):
    result = text_parse(SEED_SHARED.read_text(encoding="utf-8"))
    assert len(result["preamble"]) == 19 and len(result["operative"]) == 27
    assert result["references"] == seed["references"]
