"""Answer values are checked against the question's kind and carried across links."""

import pytest

from liaison.reporting.models import Question, QuestionLink
from liaison.reporting.values import AnswerValueError, value_carry, value_clean

YES_NO = [{"value": "true", "label": "Yes"}, {"value": "false", "label": "No"}]


def q(kind, **kw):
    return Question(kind=kind, key="k", title="t", options=kw.pop("options", YES_NO), **kw)


@pytest.mark.parametrize("kind,value,expected", [
    ("yesno", "true", "true"),
    ("multiple", "true", ["true"]),
    ("multiple", ["false", "true"], ["true", "false"]),
    ("number", "1 234", 1234),
    ("number", "3.5", 3.5),
    ("date", "2026-03-01", "2026-03-01"),
    ("link", "https://bch.cbd.int/", "https://bch.cbd.int/"),
    ("text", "", None),
])
def test_good_values(kind, value, expected):
    assert value_clean(q(kind), value) == expected


@pytest.mark.parametrize("kind,value,fragment", [
    ("yesno", "maybe", "Choose one of: Yes, No"),
    ("number", "twelve", "number"),
    ("number", True, "number"),
    ("date", "1 March", "YYYY-MM-DD"),
    ("link", "javascript:alert(1)", "http"),
    ("header", "x", "heading"),
    ("text", {"a": 1}, "text"),
])
def test_bad_values_say_what_would_fit(kind, value, fragment):
    with pytest.raises(AnswerValueError) as err:
        value_clean(q(kind), value)
    assert fragment in str(err.value)


def test_table_values_keep_known_columns_only():
    table = q("table", columns=[{"key": "species"}, {"key": "sites"}])
    assert value_clean(table, [{"species": "Lesser kestrel", "sites": 3}, {}]) == [
        {"species": "Lesser kestrel", "sites": "3"}]
    with pytest.raises(AnswerValueError):
        value_clean(table, [{"colour": "red"}])


def test_a_scale_map_carries_both_ways_and_drops_what_it_cannot_map():
    source = q("yesnopartly", options=[{"value": v} for v in ("true", "true.some", "false")])
    target = q("single", options=[{"value": v} for v in ("no", "underDevelopment", "partially", "fully")])
    link = QuestionLink(source=source, target=target,
                        transform={"map": {"true": "fully", "true.some": "partially", "false": "no"}})
    assert value_carry(link, "true.some") == "partially"
    assert value_carry(link, "fully", forward=False) == "true"
    assert value_carry(link, "underDevelopment", forward=False) is None


def test_an_identity_link_carries_only_values_the_target_accepts():
    link = QuestionLink(source=q("single", options=[{"value": "a"}, {"value": "b"}]),
                        target=q("single", options=[{"value": "a"}]), transform={})
    assert value_carry(link, "a") == "a"
    assert value_carry(link, "b") is None
