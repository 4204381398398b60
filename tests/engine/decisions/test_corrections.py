"""Staff corrections applied to a parse result: plain data in, plain data out, keyed by text, never by ids."""

from __future__ import annotations

from liaison.engine.decisions import text_parse
from liaison.engine.decisions.corrections import (
    APPLIED,
    BAD_OFFSET,
    BAD_VALUE,
    NO_DECISION,
    NO_MANDATE,
    NO_NEXT,
    NO_PARAGRAPH,
    UNCHANGED,
    corrections_apply,
    paragraph_find,
    text_hash,
)

RUN_TOGETHER = (
    "RESOLUTION 14.80\nSYNERGIES\nThe Conference of the Parties to the Convention on the Conservation of "
    "Migratory Species of Wild Animals\n"
    "1. Requests the Secretariat to report to the Standing Committee on partnerships by COP15;\n"
    "2. Urges Parties to engage civil society; 3. Invites UNEP to support the Secretariat and to report by 2027;\n"
    "4. Notes the report of the Secretariat;\n"
)


def correction(parsed: dict, kind: str, paragraph: str, **fields) -> dict:
    """A correction of `paragraph` as it reads in `parsed` (the service stores these keys)."""
    operative, index = paragraph_find(parsed, decision="", paragraph=paragraph)
    return {"kind": kind, "decision": "", "paragraph": paragraph, "text_hash": text_hash(operative[index]["text"]),
            **fields}


def by_number(parsed: dict) -> dict[str, dict]:
    return {p["number"]: p for p in parsed["operative"]}


def test_a_paragraph_run_together_is_split_and_both_parts_are_read_again():
    parsed = text_parse(RUN_TOGETHER, convention="CMS")
    two = by_number(parsed)["2"]
    assert [m["actor"] for m in two["mandates"]] == ["Parties"]  # the parser missed paragraph 3
    fixed, outcomes = corrections_apply(parsed, [correction(parsed, "paragraph_split", "2",
                                                            offset=two["text"].index("3. Invites"))])
    assert outcomes == [APPLIED]
    paragraphs = by_number(fixed)
    assert list(paragraphs) == ["1", "2", "3", "4"]
    assert paragraphs["2"]["text"] == "Urges Parties to engage civil society"
    assert paragraphs["3"]["lead"] == "Invites" and paragraphs["3"]["text"].startswith("Invites UNEP")
    assert [m["actor_code"] for m in paragraphs["3"]["mandates"]] == ["UNEP"]
    assert paragraphs["3"]["mandates"][0]["deadline"] == "by 2027"
    assert paragraphs["2"]["mandates"][0]["action"] == "engage civil society"
    assert len(by_number(parsed)) == 3  # the parse given is left as it was
    assert "operative paragraph 4 follows paragraph 2" in parsed["warnings"]
    assert not [w for w in fixed["warnings"] if "follows paragraph" in w]  # the split closed the gap


def test_a_misread_actor_and_deadline_are_set_and_the_actor_is_normalized():
    parsed = text_parse(RUN_TOGETHER, convention="CMS")
    fixes = [correction(parsed, "mandate_set", "1", mandate=0, field="actor", value="the Scientific Council"),
             correction(parsed, "mandate_set", "1", mandate=0, field="deadline", value="by the 60th meeting"),
             correction(parsed, "mandate_set", "1", mandate=0, field="report_to", value="Standing Committee; COP")]
    fixed, outcomes = corrections_apply(parsed, fixes)
    assert outcomes == [APPLIED] * 3
    mandate = by_number(fixed)["1"]["mandates"][0]
    assert mandate["actor_code"] == "scientific-council" and mandate["actor"] == "Scientific Council"
    assert mandate["deadline"] == "by the 60th meeting" and mandate["report_to"] == ["Standing Committee", "COP"]
    assert mandate["corrected"] is True
    cleared, outcomes = corrections_apply(parsed, [correction(parsed, "mandate_set", "1", mandate=0,
                                                              field="deadline", value="")])
    assert outcomes == [APPLIED] and by_number(cleared)["1"]["mandates"][0]["deadline"] is None


def test_an_actor_the_vocabulary_does_not_know_is_kept_as_written():
    parsed = text_parse(RUN_TOGETHER, convention="CMS")
    fixed, _ = corrections_apply(parsed, [correction(parsed, "mandate_set", "1", mandate=0, field="actor",
                                                     value="Working Group on Flyways")])
    mandate = by_number(fixed)["1"]["mandates"][0]
    assert mandate["actor"] == "Working Group on Flyways" and mandate["actor_code"] is None


def test_a_mandate_is_split_at_an_offset_and_merged_back():
    parsed = text_parse(RUN_TOGETHER, convention="CMS")
    action = by_number(parsed)["1"]["mandates"][0]["action"]
    offset = action.index("by COP15")
    split, outcomes = corrections_apply(parsed, [correction(parsed, "mandate_split", "1", mandate=0, offset=offset)])
    assert outcomes == [APPLIED]
    parts = by_number(split)["1"]["mandates"]
    assert [m["action"] for m in parts] == ["report to the Standing Committee on partnerships", "by COP15"]
    assert parts[0]["deadline"] is None and parts[1]["deadline"] == "by COP15"
    assert {m["actor"] for m in parts} == {"Secretariat"}
    merge = correction(split, "mandate_merge", "1", mandate=0)
    merged, outcomes = corrections_apply(split, [merge])
    assert outcomes == [APPLIED]
    one = by_number(merged)["1"]["mandates"]
    assert len(one) == 1 and one[0]["deadline"] == "by COP15"
    assert one[0]["action"] == "report to the Standing Committee on partnerships; by COP15"


def test_marking_a_paragraph_informational_drops_its_mandates_and_operational_gives_one():
    parsed = text_parse(RUN_TOGETHER, convention="CMS")
    fixed, outcomes = corrections_apply(parsed, [
        correction(parsed, "paragraph_type", "1", value="informational"),
        correction(parsed, "paragraph_type", "4", value="operational"),
        correction(parsed, "paragraph_type", "2", value="operational"),
    ])
    assert outcomes == [APPLIED, APPLIED, UNCHANGED]  # paragraph 2 holds a mandate already
    paragraphs = by_number(fixed)
    assert paragraphs["1"]["mandates"] == [] and paragraphs["1"]["type"] == "informational"
    [made] = paragraphs["4"]["mandates"]
    assert made["actor"] == "Unspecified" and made["verb"] == "notes"
    assert made["action"] == "the report of the Secretariat"


def test_a_lead_is_set():
    parsed = text_parse(RUN_TOGETHER, convention="CMS")
    fixed, outcomes = corrections_apply(parsed, [correction(parsed, "paragraph_lead", "4", value="Takes note of")])
    assert outcomes == [APPLIED] and by_number(fixed)["4"]["lead"] == "Takes note of"


def test_corrections_survive_a_re_parse_and_are_chained_through_a_split():
    fixes = []
    parsed = text_parse(RUN_TOGETHER, convention="CMS")
    two = by_number(parsed)["2"]
    fixes.append(correction(parsed, "paragraph_split", "2", offset=two["text"].index("3. Invites")))
    after_split, _ = corrections_apply(parsed, fixes)
    fixes.append(correction(after_split, "mandate_set", "3", mandate=0, field="actor", value="UNESCO"))
    again = text_parse(RUN_TOGETHER, convention="CMS")  # a new parse: new objects, same text
    fixed, outcomes = corrections_apply(again, fixes)
    assert outcomes == [APPLIED, APPLIED]
    assert by_number(fixed)["3"]["mandates"][0]["actor"] == "UNESCO"


def test_a_correction_of_a_paragraph_that_reads_otherwise_is_not_applied():
    parsed = text_parse(RUN_TOGETHER, convention="CMS")
    fix = correction(parsed, "mandate_set", "1", mandate=0, field="action", value="do something else")
    changed = text_parse(RUN_TOGETHER.replace("on partnerships", "on cooperation"), convention="CMS")
    fixed, outcomes = corrections_apply(changed, [fix])
    assert outcomes == [NO_PARAGRAPH]
    assert by_number(fixed)["1"]["mandates"][0]["action"].startswith("report to the Standing Committee")


def test_corrections_that_cannot_apply_say_why():
    parsed = text_parse(RUN_TOGETHER, convention="CMS")
    _, outcomes = corrections_apply(parsed, [
        correction(parsed, "mandate_set", "1", mandate=3, field="action", value="x"),
        correction(parsed, "mandate_merge", "1", mandate=0),
        correction(parsed, "paragraph_split", "1", offset=0),
        correction(parsed, "paragraph_split", "1", offset=10**6),
        correction(parsed, "mandate_split", "1", mandate=0, offset=True),
        correction(parsed, "mandate_set", "1", mandate=0, field="actor", value="   "),
        correction(parsed, "mandate_set", "1", mandate=0, field="owner", value="me"),
        correction(parsed, "paragraph_type", "1", value="decorative"),
        {**correction(parsed, "paragraph_lead", "1", value="Asks"), "decision": "31 COM 7B.1"},
    ])
    assert outcomes == [NO_MANDATE, NO_NEXT, BAD_OFFSET, BAD_OFFSET, BAD_OFFSET, BAD_VALUE, BAD_VALUE, BAD_VALUE,
                        NO_DECISION]


def test_a_decision_of_a_compilation_is_corrected_and_the_file_s_own_list_follows():
    text = ("DECISIONS ADOPTED BY THE CONFERENCE OF THE PARTIES\n"
            "Decision 1/CP.27\nFirst matter\nThe Conference of the Parties,\n"
            "1. Requests the secretariat to prepare a report by 2024;\n"
            "Decision 2/CP.27\nSecond matter\nThe Conference of the Parties,\n"
            "1. Urges Parties to submit their views;\n")
    parsed = text_parse(text, convention="UNFCCC")
    symbols = [d["symbol"] for d in parsed["decisions"]]
    assert symbols == ["1/CP.27", "2/CP.27"]
    second = parsed["decisions"][1]["operative"][0]
    fix = {"kind": "mandate_set", "decision": "2/CP.27", "paragraph": "1", "text_hash": text_hash(second["text"]),
           "mandate": 0, "field": "deadline", "value": "by CMA 5"}
    fixed, outcomes = corrections_apply(parsed, [fix])
    assert outcomes == [APPLIED]
    assert fixed["decisions"][1]["operative"][0]["mandates"][0]["deadline"] == "by CMA 5"
    assert fixed["decisions"][0]["operative"][0]["mandates"][0]["deadline"] == "by 2024"
    flat = {p["number"]: p for p in fixed["operative"]}
    assert flat["2/CP.27 1"]["mandates"][0]["deadline"] == "by CMA 5"
