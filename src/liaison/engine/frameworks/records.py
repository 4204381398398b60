"""The plain records of a strategic framework: goals, targets and indicators, with texts per language."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field

Texts = dict[str, str]  # language code (en, fr, es, ar, ru, zh-Hans, nl...) -> text

# Kinds of framework, so an interface can group them; free text is allowed on import.
FRAMEWORK_KINDS = ("sdg", "mea_strategic_plan", "regional_strategy", "nbsap", "other")
# Types of indicator met in the shipped data (GBF decision 15/5, Aichi operational indicators).
INDICATOR_TYPES = ("headline", "component", "complementary", "binary", "operational")

_SPACES = re.compile(r"\s+")


def text_clean(text: str | None) -> str:
    """Return `text` in Unicode NFC with runs of whitespace (hard line breaks included) folded to one space."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text or "").strip())


def texts_clean(texts: Mapping[str, str | None] | None) -> Texts:
    """Return the non-empty, whitespace-folded texts of a {language: text} map."""
    cleaned = {lang: text_clean(value) for lang, value in (texts or {}).items()}
    return {lang: value for lang, value in cleaned.items() if value}


@dataclass
class Indicator:
    """An indicator; `type` is headline/component/complementary/binary/operational or None."""

    code: str
    text: Texts
    type: str | None = None
    identifier: str | None = None  # a global identifier when the source has one (e.g. GBF-INDICATOR-A.1)


@dataclass
class Target:
    """A target; `title` is a short name when the source has one, `text` the target itself."""

    code: str
    title: Texts
    text: Texts
    indicators: list[Indicator] = field(default_factory=list)
    identifier: str | None = None


@dataclass
class Goal:
    """A goal (or objective) with its targets and the indicators attached to the goal itself.

    `kind` is "goal", or "group" for a heading that only gathers targets (the GBF's 23 targets
    belong to no single goal; the EU 2020 strategy's 6 targets are read without its headline).
    """

    code: str
    title: Texts
    text: Texts
    targets: list[Target] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    identifier: str | None = None
    kind: str = "goal"


@dataclass
class Framework:
    """A strategic framework; `is_summary` marks texts that are summaries, not official wording."""

    code: str
    name: str
    kind: str
    goals: list[Goal] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    is_summary: bool = False
    source: str = ""  # where the texts come from (a data file, an import)

    def goals_proper(self) -> list[Goal]:
        """Return the goals that are goals of the framework, not groups of targets."""
        return [goal for goal in self.goals if goal.kind == "goal"]

    def targets(self) -> Iterator[Target]:
        """Yield every target, goal by goal."""
        for goal in self.goals:
            yield from goal.targets

    def indicators(self) -> Iterator[tuple[Goal | Target, Indicator]]:
        """Yield (parent, indicator) for every indicator, goal-level ones before their goal's targets'."""
        for goal in self.goals:
            for indicator in goal.indicators:
                yield goal, indicator
            for target in goal.targets:
                for indicator in target.indicators:
                    yield target, indicator

    def target_get(self, code: str) -> Target | None:
        """Return the target with this code, or None."""
        return next((target for target in self.targets() if target.code == code), None)

    def as_dict(self) -> dict:
        """Return the framework as nested plain dicts and lists (JSON-ready)."""
        return asdict(self)


def texts_pick(texts: Texts, language: str = "en") -> str:
    """Return the text in `language`, else English, else any language, else ''."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def target_text(target: Target, language: str = "en") -> str:
    """Return the target's short title and text joined, for matching and display."""
    title = texts_pick(target.title, language)
    text = texts_pick(target.text, language)
    return f"{title}. {text}" if title and text and title not in text else (text or title)
