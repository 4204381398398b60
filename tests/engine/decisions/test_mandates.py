"""Mandates: addressees, verbs, deadlines and report-to bodies."""

from __future__ import annotations

import pytest

from liaison.engine.decisions.mandates import deadline_find, mandates_extract, report_to_find


def _mandates(text: str) -> list[tuple]:
    found, _ = mandates_extract(text)
    return [(m["actor"], m["verb"]) for m in found]


@pytest.mark.parametrize(
    ("action", "deadline"),
    [
        ("report on progress by COP14", "by COP14"),
        ("complete the review by 2025", "by 2025"),
        ("present it at its 48th meeting", "at its 48th meeting"),
        ("submit it before the next meeting of the Conference of the Parties;", "before the next meeting of the Conference of the Parties"),
        ("finish no later than 31 December 2026", "no later than 31 December 2026"),
        ("keep going", None),
    ],
)
def test_deadlines(action, deadline):
    assert deadline_find(action) == deadline


def test_report_to():
    assert report_to_find("report on progress to the Scientific Council and each meeting of the COP") == [
        "Scientific Council", "Conference of the Parties",
    ]
    assert report_to_find("continue to report to the Standing Committee on progress made") == ["Standing Committee"]
    assert report_to_find("prepare proposals for consideration at future meetings of the Conference of the Parties") == [
        "Conference of the Parties"
    ]
    assert report_to_find("cooperate with the Scientific Council") is None


def test_calls_upon_and_instructs():
    assert _mandates("Calls upon Range States to protect the sites;") == [("Range States", "calls upon")]
    assert _mandates("Instructs the Scientific Council to review the list;") == [("Scientific Council", "instructs")]


def test_decides_that_shall():
    assert _mandates("Decides that the Standing Committee shall review the budget;") == [("Standing Committee", "decides")]
    assert _mandates("Decides to establish a working group;") == []


def test_named_organizations():
    found = _mandates("Invites FAO, UNEP and IUCN to cooperate with the Secretariat;")
    assert found == [
        ("Food and Agriculture Organization of the United Nations", "invites"),
        ("United Nations Environment Programme", "invites"),
        ("IUCN", "invites"),
    ]


def test_secretariat_variants_and_executive_secretary():
    assert _mandates("Requests the CMS Secretariat to act;") == [("Secretariat", "requests")]
    assert _mandates("Requests the Executive Secretary to act;") == [("Executive Secretary", "requests")]


def test_nouns_are_not_verbs():
    assert _mandates("Notes the request of Parties to the Secretariat to act;") == []
    assert _mandates("Recalls that Resolution 11.11 invited the Secretariat to act;") == []


def test_unknown_addressee_is_kept_with_a_warning():
    found, warnings = mandates_extract("Requests the Ministry of Fisheries to act;")
    assert [(m["actor"], m["actor_code"]) for m in found] == [("Ministry of Fisheries", None)]
    assert warnings == ["unknown actor: 'Ministry of Fisheries'"]


def test_their_parties_is_not_an_addressee():
    found = _mandates("Requests the Secretariat, its daughter Agreements within the mandates given by their Parties and the Scientific Council to act;")
    assert found == [("Secretariat", "requests"), ("CMS Agreements", "requests"), ("Scientific Council", "requests")]


def test_passive_voice():
    found, _ = mandates_extract("Decides that Parties are urged to report by 2026; and that the Secretariat is also requested to assist them;")
    assert [(m["actor"], m["verb"], m["deadline"]) for m in found] == [
        ("Parties", "urges", "by 2026"), ("Secretariat", "requests", None),
    ]


def test_asides_and_relative_clauses_are_not_addressees():
    assert _mandates("Invites Parties, in cooperation with relevant organizations, to monitor the sites;") == [
        ("Parties", "invites")
    ]
    assert _mandates("Urges Parties that are also Parties to CITES to share data;") == [("Parties", "urges")]
    assert _mandates("Requests the Secretariat, subject to the availability of resources, to act;") == [
        ("Secretariat", "requests")
    ]


def test_secretariat_of_another_convention():
    from liaison.engine.decisions import text_parse

    text = "The Conference of the Parties to the Convention on Biological Diversity,\n1. Invites the CITES Secretariat to cooperate;\n2. Requests the Executive Secretary and the CBD Secretariat to act;"
    result = text_parse(text)
    assert [(m["actor_code"], m["addressee"]) for m in result["operative"][0]["mandates"]] == [
        ("other-secretariats", "the CITES Secretariat")
    ]
    assert [m["actor_code"] for m in result["operative"][1]["mandates"]] == ["executive-secretary", "secretariat"]
