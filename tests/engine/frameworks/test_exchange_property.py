import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.engine.frameworks import Framework, Goal, Indicator, Target, framework_export, framework_import
from liaison.engine.frameworks.records import text_clean

CODES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", min_size=1, max_size=8)
# Any printable text, commas, quotes and accents included; import folds whitespace, so the model does too.
TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u0085\u2028\u2029"),
    min_size=1,
    max_size=40,
).map(text_clean).filter(lambda text: text and "Ã" not in text and "â€" not in text and "Â" not in text)
LANGUAGES = ["en", "fr", "zh-Hans"]


@st.composite
def frameworks(draw):
    def texts(required: bool):
        chosen = draw(st.lists(st.sampled_from(LANGUAGES), unique=True, min_size=1 if required else 0))
        return {lang: draw(TEXTS) for lang in LANGUAGES if lang in chosen}

    goal_codes = draw(st.lists(CODES, unique=True, min_size=1, max_size=3))
    target_codes = iter(draw(st.lists(CODES, unique=True, min_size=6, max_size=6)))
    indicator_codes = iter(draw(st.lists(CODES, unique=True, min_size=12, max_size=12)))
    goals = []
    for code in goal_codes:
        goal = Goal(code=code, title=texts(True), text=texts(False), kind=draw(st.sampled_from(["goal", "group"])))
        goal.indicators = [Indicator(next(indicator_codes), texts(True), draw(st.sampled_from([None, "headline"])))
                           for _ in range(draw(st.integers(0, 1)))]
        for _ in range(draw(st.integers(0, 2))):
            target = Target(code=next(target_codes), title=texts(False), text=texts(True), identifier=draw(st.none() | CODES))
            target.indicators = [Indicator(next(indicator_codes), texts(True), "binary") for _ in range(draw(st.integers(0, 1)))]
            goal.targets.append(target)
        goals.append(goal)
    return Framework(code=draw(CODES), name=draw(TEXTS), kind="other", goals=goals, languages=list(LANGUAGES),
                     is_summary=draw(st.booleans()), source="generated")


@settings(max_examples=60, deadline=None)
@given(framework=frameworks(), fmt=st.sampled_from(["csv", "json", "yaml"]))
def test_any_valid_framework_survives_a_round_trip(framework, fmt):
    again = framework_import(framework_export(framework, fmt=fmt), fmt=fmt)
    assert dataclasses.replace(again, source="") == dataclasses.replace(framework, source="")
