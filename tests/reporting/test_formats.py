"""The questionnaire format and the readers of the CBD source formats: plain data in, plain data out."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from liaison.reporting.formats import (
    FORMAT,
    format_check,
    questionnaire_from_absch,
    questionnaire_from_ort,
    questions_walk,
)

DATA = Path(settings.DATA_DIR) / "cbd_reporting"


def minimal(**changes):
    data = {"format": FORMAT, "code": "cms-nr-2026", "convention": "CMS", "title": "CMS national report",
            "cycle": "2026", "sections": [{"key": "s1", "title": "Species", "repeating": True, "questions": [
                {"key": "q1", "kind": "yesno", "title": "Is the species protected?",
                 "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]},
                {"key": "q2", "kind": "number", "title": "How many sites?",
                 "show_if": [{"question": "q1", "values": ["yes"]}]}]}]}
    data.update(changes)
    return data


def test_a_minimal_questionnaire_is_valid():
    assert format_check(minimal()) == []


@pytest.mark.parametrize("changes,fragment", [
    ({"format": "other/1"}, '"format"'),
    ({"code": "Has Spaces"}, '"code"'),
    ({"sections": []}, '"sections"'),
    ({"deadline": "31/12/2026"}, '"deadline"'),
])
def test_top_level_problems_are_named(changes, fragment):
    assert any(fragment in p for p in format_check(minimal(**changes)))


def test_question_problems_say_where():
    data = minimal()
    data["sections"][0]["questions"].append({"key": "q1", "kind": "slider", "title": ""})
    data["sections"][0]["questions"][1]["show_if"] = [{"question": "nope", "values": ["yes"]}]
    problems = format_check(data)
    assert any("sections[1].questions[3]" in p and "used twice" in p for p in problems)
    assert any("slider" in p for p in problems)
    assert any("show_if" in p and "names no question" in p for p in problems)


def test_a_choice_question_needs_options():
    data = minimal()
    del data["sections"][0]["questions"][0]["options"]
    assert any("needs \"options\"" in p for p in format_check(data))


def test_cartagena_fourth_report_reads_with_sub_sections_and_conditions():
    data = questionnaire_from_absch(DATA / "cartagena_protocol_4th_national_report_questions.en.json",
                                    code="cartagena-nr4", convention="Cartagena", cycle="4th", cycle_order=4)
    assert format_check(data) == []
    assert len(data["sections"]) == 25
    questions = {q["key"]: q for _, q in questions_walk(data["sections"])}
    assert "Q032_a" in questions  # nested in the Q032 sub-section
    sub = [s for s in data["sections"][4]["sections"] if s["key"] == "Q032"]
    assert sub and sub[0]["questions"][0]["key"] == "Q032_a"
    assert questions["Q012_partyInProgress"]["show_if"] == [
        {"question": "Q012_party", "values": ["false"], "negate": False}]
    assert questions["Q014"]["mandatory"] is True and questions["Q014"]["kind"] == "single"
    assert questions["Q012_party"]["kind"] == "yesno"
    assert "<i>" not in questions["Q030"]["title"]


def test_gbf_binary_questions_read_in_six_languages_with_unique_keys():
    data = questionnaire_from_ort(DATA / "gbf_binary_indicator_questions.structure.json",
                                  DATA / "gbf_binary_indicator_question_texts", code="cbd-nr7-gbf",
                                  convention="CBD", cycle="7th", cycle_order=7)
    assert format_check(data) == []
    questions = [q for _, q in questions_walk(data["sections"])]
    assert len(questions) == 82
    assert len({q["key"] for q in questions}) == 82  # "13_1" appears under Goal C and Target 13
    assert set(data["languages"]) == {"en", "fr", "es", "ar", "ru", "zh"}
    first = questions[0]
    assert first["titles"]["fr"].startswith("Votre pays") or first["titles"]["fr"]
    assert first["options"][0]["labels"]["es"]
    assert json.dumps(data)  # plain data
