"""Every layout a meeting produces (issue 12): compilations of many decisions, CMS Decisions "Directed to",
CITES capitals, run-together leads, participle openings, French and Spanish decisions.

The UNFCCC, CMS Decisions, French and Spanish texts below are fixtures written for these tests from the
published layouts (FCCC/CP/2022/10/Add.1, CMS COP14 Decisions, the French and Spanish CMS resolutions); they
are not the official wording."""

from __future__ import annotations

import json

from liaison.cli import main as cli_main
from liaison.engine.decisions import document_parse, text_parse

UNFCCC = """FCCC/CP/2022/10/Add.1
United Nations
Distr.: General
17 March 2023
Framework Convention on Climate Change
Conference of the Parties
Report of the Conference of the Parties on its twenty-seventh session, held in Sharm el-Sheikh from 6 to 20 November 2022
Addendum
Part two: Action taken by the Conference of the Parties at its twenty-seventh session
Decision 1/CP.27
Sharm el-Sheikh Implementation Plan
The Conference of the Parties,
Recalling decisions 1/CP.19, 1/CP.20 and 1/CP.21,
Noting the findings of the Intergovernmental Panel on Climate Change,
I. Science and urgency
1. Welcomes the contributions of Working Groups I, II and III to the Sixth Assessment Report;
2. Requests the secretariat to prepare a synthesis report on the implementation of this decision by
June 2023;
3. Urges Parties to communicate their nationally determined contributions before the fifth session of the
Conference of the Parties serving as the meeting of the Parties to the Paris Agreement.
9th plenary meeting
20 November 2022
Decision 2/CP.27
Funding arrangements for responding to loss and damage
The Conference of the Parties,
Acknowledging the urgent need for new financial resources,
1. Decides to establish new funding arrangements for assisting developing countries;
2. Invites Parties and relevant organizations to submit their views by 15 February 2023;
3. Requests the secretariat to organize two workshops before the sixth meeting of the Standing Committee;
9th plenary meeting
20 November 2022
Decision 3/CP.27
Santiago network
The Conference of the Parties,
1. Decides to select the host of the secretariat of the Santiago network;
2. Requests the Standing Committee to report to the Conference of the Parties at its twenty-eighth session.
9th plenary meeting
20 November 2022
"""

CMS_DECISIONS = """Decisions 14.102 to 14.104
Wildlife Disease and Migratory Species
Directed to the Secretariat
14.102 The Secretariat shall:
a) subject to the availability of resources, support the Scientific Council in its work on wildlife health;
b) report to the Standing Committee at its 53rd meeting on progress.
Directed to Parties
14.103 Parties are encouraged to:
a) implement the guidelines by 2026;
b) report to the Conference of the Parties at its 15th meeting.
Directed to the Scientific Council
14.104 The Scientific Council shall review the guidelines and report to COP15."""

CITES_UNNUMBERED = """Resolution Conf. 13.7 (Rev. CoP17)
Control of trade in personal and household effects
RECALLING that Article VII, paragraph 3, of the Convention provides for exemptions;
CONSIDERING that there is a need to clarify these provisions;
THE CONFERENCE OF THE PARTIES TO THE CONVENTION
RECOMMENDS that Parties adopt the following definitions;
URGES Parties to report to the Secretariat by 31 December 2018 on their measures;
DIRECTS the Secretariat to report to the Standing Committee at its 70th meeting."""

RUN_TOGETHER = """Resolution 12.5
Cooperation with other bodies
Recalling Resolution 10.3, Noting the report of the Scientific Council, Welcoming the support of Germany,
The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals
1. Requests the Secretariat to report to COP13;
2. Noting the importance of the review, decides to establish a working group;
3. Noting the report, requests the Standing Committee to review it by COP14."""

FRENCH = """Résolution 12.5
Coopération
La Conférence des Parties à la Convention sur la conservation des espèces migratrices appartenant à la faune sauvage,
Rappelant la Résolution 10.3,
Notant avec satisfaction le rapport du Conseil scientifique,
1. Prie le Secrétariat de faire rapport à la Conférence des Parties à sa 14e session ;
2. Invite les Parties à soumettre leurs rapports nationaux au plus tard le 31 décembre 2025 ;
3. Demande au Comité permanent d'examiner la question avant la COP14."""

SPANISH = """Resolución 12.5
Cooperación
La Conferencia de las Partes en la Convención sobre la Conservación de las Especies Migratorias de Animales Silvestres,
Recordando la Resolución 10.3,
Tomando nota con satisfacción del informe del Consejo Científico,
1. Pide a la Secretaría que informe a la Conferencia de las Partes en su 14ª reunión;
2. Insta a las Partes a presentar sus informes nacionales a más tardar el 31 de diciembre de 2025;
3. Solicita al Comité Permanente que examine la cuestión antes de la COP14."""


def _mandates(result: dict) -> list[tuple]:
    return [(p["number"], m["actor"], m["verb"], m["deadline"], m["report_to"])
            for p in result["operative"] for m in p["mandates"]]


def test_unfccc_compilation_is_split_into_its_decisions():
    result = document_parse(UNFCCC.encode(), filename="fccc_cp_2022_10_add1.txt")
    decisions = result["decisions"]
    assert [d["symbol"] for d in decisions] == ["1/CP.27", "2/CP.27", "3/CP.27"]
    assert [d["title"] for d in decisions] == [
        "Sharm el-Sheikh Implementation Plan", "Funding arrangements for responding to loss and damage", "Santiago network",
    ]
    assert [len(d["operative"]) for d in decisions] == [3, 3, 2]
    assert [len(d["preamble"]) for d in decisions] == [2, 1, 0]
    assert {d["convention"] for d in decisions} == {"UNFCCC"}
    assert decisions[0]["closing"] == ["9th plenary meeting", "20 November 2022"]
    assert _mandates(decisions[0])[0] == ("2", "Secretariat", "requests", "by June 2023", None)
    assert _mandates(decisions[1]) == [
        ("2", "Parties", "invites", "by 15 February 2023", None),
        ("2", "Relevant organizations", "invites", "by 15 February 2023", None),
        ("3", "Secretariat", "requests", "before the sixth meeting of the Standing Committee", None),
    ]
    # The file's own shape holds every paragraph, numbered within its decision.
    assert result["symbol"] == "FCCC/CP/2022/10/Add.1"
    assert [p["number"] for p in result["operative"]][:4] == ["1/CP.27 1", "1/CP.27 2", "1/CP.27 3", "2/CP.27 1"]
    assert len(result["operative"]) == 8


def test_one_decision_keeps_its_shape():
    result = text_parse(FRENCH)
    assert "decisions" not in result
    assert result["symbol"] == "12.5"


def test_cms_decisions_directed_to():
    result = document_parse(CMS_DECISIONS.encode(), filename="cms_cop14_decisions_wildlife_disease.txt")
    assert [p["number"] for p in result["operative"]] == ["14.102", "14.103", "14.104"]
    assert result["headings"] == ["Directed to the Secretariat", "Directed to Parties", "Directed to the Scientific Council"]
    assert result["operative"][0]["subparagraphs"][1] == "report to the Standing Committee at its 53rd meeting on progress."
    assert _mandates(result) == [
        ("14.102", "Secretariat", "shall", "at its 53rd meeting", ["Standing Committee"]),
        ("14.103", "Parties", "encourages", "by 2026", ["Conference of the Parties"]),
        ("14.104", "Scientific Council", "shall", None, ["Conference of the Parties"]),
    ]
    assert result["title"] == "Wildlife Disease and Migratory Species"
    assert result["kind"] == "decision"


def test_cites_unnumbered_leads_in_capitals():
    result = text_parse(CITES_UNNUMBERED)
    assert result["enacting"] == "THE CONFERENCE OF THE PARTIES TO THE CONVENTION"
    assert [c["lead"] for c in result["preamble"]] == ["Recalling", "Considering"]
    assert [p["lead"] for p in result["operative"]] == ["Recommends", "Urges", "Directs"]
    recommends = result["operative"][0]["mandates"][0]
    assert (recommends["actor"], recommends["verb"], recommends["action"]) == ("Parties", "recommends", "adopt the following definitions")
    assert _mandates(result)[1:] == [
        (None, "Parties", "urges", "by 31 December 2018", ["Secretariat"]),
        (None, "Secretariat", "directs", "at its 70th meeting", ["Standing Committee"]),
    ]


def test_preamble_leads_run_together_and_participle_openings():
    result = text_parse(RUN_TOGETHER)
    assert [(c["lead"], c["text"]) for c in result["preamble"]] == [
        ("Recalling", "Recalling Resolution 10.3,"),
        ("Noting", "Noting the report of the Scientific Council,"),
        ("Welcoming", "Welcoming the support of Germany,"),
    ]
    assert result["enacting"].startswith("The Conference of the Parties to the Convention")
    assert [p["lead"] for p in result["operative"]] == ["Requests", "decides", "requests"]
    assert _mandates(result)[1] == ("3", "Standing Committee", "requests", "by COP14", None)


def test_french_decision():
    result = text_parse(FRENCH)
    assert (result["title"], result["convention"], result["kind"]) == ("Coopération", "CMS", "resolution")
    assert result["enacting"].startswith("La Conférence des Parties")
    assert [c["lead"] for c in result["preamble"]] == ["Rappelant", "Notant avec satisfaction"]
    assert [p["lead"] for p in result["operative"]] == ["Prie", "Invite", "Demande"]
    assert _mandates(result) == [
        ("1", "Secretariat", "requests", "à sa 14e session", ["Conference of the Parties"]),
        ("2", "Parties", "invites", "au plus tard le 31 décembre 2025", None),
        ("3", "Standing Committee", "requests", "avant la COP14", None),
    ]
    assert result["operative"][0]["mandates"][0]["action"].startswith("faire rapport à la Conférence des Parties")


def test_spanish_decision():
    result = text_parse(SPANISH)
    assert (result["title"], result["convention"], result["kind"]) == ("Cooperación", "CMS", "resolution")
    assert [c["lead"] for c in result["preamble"]] == ["Recordando", "Tomando nota con satisfacción"]
    assert [p["lead"] for p in result["operative"]] == ["Pide", "Insta", "Solicita"]
    assert _mandates(result) == [
        ("1", "Secretariat", "requests", "en su 14ª reunión", ["Conference of the Parties"]),
        ("2", "Parties", "urges", "a más tardar el 31 de diciembre de 2025", None),
        ("3", "Standing Committee", "requests", "antes de la COP14", None),
    ]


def test_cli_prints_each_decision_of_a_compilation(tmp_path, capsys):
    path = tmp_path / "fccc_cp_2022_10_add1.txt"
    path.write_text(UNFCCC, encoding="utf-8")
    assert cli_main(["parse", str(path), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [d["symbol"] for d in printed["decisions"]] == ["1/CP.27", "2/CP.27", "3/CP.27"]
    assert cli_main(["parse", str(path)]) == 0
    outline = capsys.readouterr().out
    assert "3 decisions" in outline and "Santiago network" in outline


def test_french_leads_in_capitals_with_accents():
    result = text_parse("""Résolution 12.5
Coopération
LA CONFÉRENCE DES PARTIES
RAPPELANT la Résolution 10.3,
1. DÉCIDE de créer un groupe de travail ;
2. PRIE ÉGALEMENT le Secrétariat de faire rapport au Comité permanent avant la COP14.""")
    assert result["enacting"] == "LA CONFÉRENCE DES PARTIES"
    assert [c["lead"] for c in result["preamble"]] == ["Rappelant"]
    assert [p["lead"] for p in result["operative"]] == ["Décide", "Prie également"]
    assert _mandates(result) == [("2", "Secretariat", "requests", "avant la COP14", ["Standing Committee"])]


# Written for this test from the layout of CBD's "decisions adopted" reports (UNEP/CBD/COP/13/25): a contents
# list, then each decision headed by its number and title. Not the official wording.
CBD_COMPILATION = """CBD
Distr. GENERAL
UNEP/CBD/COP/13/25
Decisions adopted by the Conference of the Parties to the Convention on Biological Diversity at its thirteenth meeting
CONTENTS
XIII/1. Progress in the implementation of the Convention
XIII/2. Progress towards Aichi Biodiversity Targets 11 and 12
XIII/1. Progress in the implementation of the Convention and the Strategic Plan for Biodiversity 2011-2020
The Conference of the Parties,
Recalling decision XII/1,
1. Welcomes the national reports submitted by Parties;
2. Requests the Executive Secretary to report to the Subsidiary Body on Implementation at its second meeting;
XIII/2. Progress towards Aichi Biodiversity Targets 11 and 12
The Conference of the Parties,
1. Encourages Parties to improve the management of protected areas by 2020;
"""


def test_cbd_compilation_headed_by_number_and_title():
    result = document_parse(CBD_COMPILATION.encode(), filename="cbd_cop13_decisions.txt")
    decisions = result["decisions"]
    assert [d["symbol"] for d in decisions] == ["XIII/1", "XIII/2"]
    assert decisions[0]["title"] == "Progress in the implementation of the Convention and the Strategic Plan for Biodiversity 2011-2020"
    assert [len(d["operative"]) for d in decisions] == [2, 1]
    assert {d["convention"] for d in decisions} == {"CBD"}
    assert _mandates(decisions[0]) == [("2", "Executive Secretary", "requests", "at its second meeting", ["SBI"])]
    assert _mandates(decisions[1]) == [("1", "Parties", "encourages", "by 2020", None)]
    assert result["symbol"] == "UNEP/CBD/COP/13/25"


def test_a_single_cbd_decision_is_not_split():
    result = text_parse("""15/4. Kunming-Montreal Global Biodiversity Framework
The Conference of the Parties,
1. Adopts the Kunming-Montreal Global Biodiversity Framework;""")
    assert "decisions" not in result and result["symbol"] == "15/4"


def test_decisions_list_gives_each_decision_of_any_file():
    from liaison.engine.decisions.parse import decisions_list

    compilation = document_parse(UNFCCC.encode(), filename="fccc.txt")
    assert [d["symbol"] for d in decisions_list(compilation)] == ["1/CP.27", "2/CP.27", "3/CP.27"]
    single = text_parse(FRENCH)
    assert decisions_list(single) == [single]
