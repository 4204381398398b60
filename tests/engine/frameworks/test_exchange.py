import dataclasses

import pytest

from liaison.engine.frameworks import (
    FrameworkImportError,
    framework_export,
    framework_import,
    frameworks_bundled,
)
from tests.engine.paths import DATA_DIR

GOOD_CSV = """level,code,parent,type,identifier,is_summary,title.en,title.fr,text.en
framework,NBSAP-X,,nbsap,,true,National plan X,Plan national X,
goal,1,,goal,,,Protect nature,Protéger la nature,
target,1,1,,,,Protected areas,,Expand protected areas to 30% of the land
indicator,1.a,1,headline,,,,,Coverage of protected areas
indicator,G.1,goal:1,,,,,,Overall state of nature
"""


def problems_of(data: bytes, fmt: str = "csv") -> list[tuple[int, str, str]]:
    with pytest.raises(FrameworkImportError) as caught:
        framework_import(data, fmt=fmt)
    return [(p.row, p.field, p.reason) for p in caught.value.problems]


def test_good_csv_imports_with_languages_and_parents():
    framework = framework_import(GOOD_CSV.encode(), fmt="csv")
    assert (framework.code, framework.name, framework.kind, framework.is_summary) == ("NBSAP-X", "National plan X", "nbsap", True)
    assert framework.languages == ["en", "fr"]
    goal = framework.goals[0]
    assert goal.title == {"en": "Protect nature", "fr": "Protéger la nature"}
    assert [i.code for i in goal.indicators] == ["G.1"]  # goal: names the goal though a target has code 1
    assert [i.code for i in goal.targets[0].indicators] == ["1.a"]
    assert goal.targets[0].indicators[0].type == "headline"


def test_missing_columns_are_reported_on_the_header_row():
    problems = problems_of(b"level,title.en\nframework,X\n")
    assert (1, "code", "missing column") in problems
    assert (1, "parent", "missing column") in problems


def test_unknown_and_misspelt_columns():
    problems = problems_of(GOOD_CSV.replace("text.en", "txet.en").encode())
    assert (1, "txet.en", "unknown column") in problems


def test_duplicate_codes_name_the_first_row():
    data = GOOD_CSV + "target,1,1,,,,Again,,Duplicate target\n"
    assert (7, "code", "duplicate code '1' (first at row 4)") in problems_of(data.encode())


def test_unknown_parents():
    data = GOOD_CSV + "target,2,9,,,,Orphan,,Target under a goal that does not exist\nindicator,2.a,7,,,,,,x\n"
    problems = problems_of(data.encode())
    assert (7, "parent", "unknown goal '9'") in problems
    assert (8, "parent", "unknown target or goal '7'") in problems


def test_every_problem_is_reported_not_only_the_first():
    data = GOOD_CSV + "target,3,,,,,,,\ntarget,1,1,,,,Dup,,Dup\nobjective,4,1,,,,x,,x\n"
    problems = problems_of(data.encode())
    rows = sorted({row for row, _, _ in problems})
    assert rows == [7, 8, 9]
    assert (7, "parent", "missing (a goal code)") in problems
    assert (7, "title", "no title or text in any language") in problems
    assert any(row == 9 and field == "level" for row, field, _ in problems)


def test_short_rows_are_problems_not_crashes():
    problems = problems_of((GOOD_CSV + "target\n").encode())
    assert (7, "code", "missing") in problems
    assert (7, "parent", "missing (a goal code)") in problems


def test_broken_encodings():
    latin1 = GOOD_CSV.encode().replace("Protéger".encode(), "Protéger".encode("latin-1"))
    problems = problems_of(latin1)
    assert any(row == 3 and "not valid UTF-8" in reason for row, _, reason in problems)
    mojibake = GOOD_CSV.replace("Protéger", "ProtÃ©ger").encode()
    assert any(row == 3 and field == "title.fr" for row, field, _ in problems_of(mojibake))


def test_missing_framework_row_and_bad_summary_flag():
    data = GOOD_CSV.replace("framework,NBSAP-X,,nbsap,,true", "goal,0,,goal,,maybe")
    problems = problems_of(data.encode())
    assert (0, "level", "no framework row (level=framework gives its code and name)") in problems
    assert any(field == "is_summary" for _, field, _ in problems)


def test_json_and_yaml_report_syntax_and_item_problems():
    assert problems_of(b'{"items": [', fmt="json")[0][2].startswith("not valid JSON")
    assert problems_of(b"items: [a, b", fmt="yaml")[0][2].startswith("not valid YAML")
    data = b'{"items": [{"level": "framework", "code": "X", "title": {"en": "X"}}, {"level": "target", "code": "1", "parent": "Z", "text": {"english": "t"}}]}'
    problems = problems_of(data, fmt="json")
    assert (2, "parent", "unknown goal 'Z'") in problems
    assert (2, "text.english", "not a language code: 'english'") in problems


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
@pytest.mark.parametrize("code", ["SDG", "GBF", "AICHI", "CMS-SPMS-2015-2023", "BE-NBS-2006-2016"])
def test_round_trip_of_every_bundled_framework(fmt, code):
    framework = next(f for f in frameworks_bundled(data_dir=DATA_DIR) if f.code == code)
    again = framework_import(framework_export(framework, fmt=fmt), fmt=fmt)
    assert dataclasses.replace(again, source="") == dataclasses.replace(framework, source="")
