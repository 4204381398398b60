"""Typed request and response schemas of the frameworks, targets, links and synergies API."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from liaison.core.schemas import ID_MAX, FieldErrorOut
from liaison.frameworks import suggestions
from liaison.frameworks.models import Link

SOURCE_TYPE_PATTERN = "^(" + "|".join(s for s, _ in Link.SOURCE_TYPES) + ")$"
RELATION_PATTERN = "^(" + "|".join(s for s, _ in Link.RELATIONS) + ")$"


class FrameworkOut(Schema):
    code: str
    name: str
    kind: str
    is_summary: bool
    is_bundled: bool
    is_published: bool
    convention: str | None
    country: str | None
    languages: list[str]
    targets_count: int = 0
    indicators_count: int = 0


class FrameworkPage(Schema):
    count: int
    items: list[FrameworkOut]


class ShownOut(Schema):
    text: str
    lang: str


class IndicatorOut(Schema):
    code: str
    type: str
    text: ShownOut


class TreeTargetOut(Schema):
    id: int
    code: str
    identifier: str
    title: ShownOut
    text: ShownOut
    indicators: list[IndicatorOut]


class GoalOut(Schema):
    code: str
    kind: str
    title: ShownOut
    text: ShownOut
    indicators: list[IndicatorOut]
    targets: list[TreeTargetOut]


class FrameworkDetailOut(FrameworkOut):
    lang: str
    goals: list[GoalOut]


class ImportProblemOut(Schema):
    row: int
    field: str
    reason: str


class ImportRefusedOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []
    problems: list[ImportProblemOut]


class ImportedOut(Schema):
    code: str
    state: str
    goals: int
    targets: int
    indicators: int


class SuggestIn(Schema):
    against: list[str] = Field(default_factory=lambda: list(suggestions.SUGGEST_AGAINST_DEFAULT), max_length=10)

    model_config = {"extra": "forbid"}


class JobOut(Schema):
    id: int
    framework: str
    against: list[str]
    state: str
    total: int
    done: int
    percent: int
    suggested: int
    message: str


class LinkOut(Schema):
    id: int
    source_type: str
    source_id: int
    source: str
    source_framework: str
    target: int
    target_framework: str
    target_code: str
    target_retired: bool
    relation: str
    confidence: float
    origin: str
    why: str
    review_state: str
    reviewed_by: str | None
    reviewed_at: str | None


class TargetLinkOut(LinkOut):
    direction: str


class LinkPage(Schema):
    count: int
    items: list[LinkOut]


class TargetIndicatorOut(Schema):
    code: str
    type: str
    text: str


class TargetDetailOut(Schema):
    id: int
    code: str
    framework: str
    goal: str
    identifier: str
    title: str
    text: str
    lang: str
    translations: list[str]
    retired: bool
    framework_is_summary: bool
    indicators: list[TargetIndicatorOut]
    links: list[TargetLinkOut]


class LinkPatch(Schema):
    review_state: str = Field(pattern="^(accepted|rejected|suggested)$")
    relation: str | None = Field(None, pattern=RELATION_PATTERN)


class LinkIn(Schema):
    source_type: str = Field(pattern=SOURCE_TYPE_PATTERN)
    source_id: int = Field(ge=1, le=ID_MAX)
    target: int = Field(ge=1, le=ID_MAX)
    relation: str = Field("contributes_to", pattern=RELATION_PATTERN)
    confidence: float = Field(1.0, ge=0, le=1, allow_inf_nan=False)
    why: str = Field("", max_length=5000)


class SynergyIn(Schema):
    target_a: int = Field(ge=1, le=ID_MAX)
    target_b: int = Field(ge=1, le=ID_MAX)
    # Out-of-range scores reach the service, which answers 400 with the scale (-3..+3) in words.
    score: int = Field(ge=-1000, le=1000)
    evidence: str = Field("", max_length=5000)
    evidence_url: str = Field("", max_length=200, pattern=r"^(https?://\S+)?$")


class SynergyOut(Schema):
    id: int
    target_a: int
    target_b: int
    score: int
    evidence: str
    evidence_url: str


# --- the MEA indicator lists (harmonised names, IPBES categories) ----------------------------------------------

class HarmonisedCategoryOut(Schema):
    category: str
    subcategory: str


class HarmonisedOut(Schema):
    id: int
    name: str
    categories: list[HarmonisedCategoryOut]
    in_ipbes: bool
    meas_count: int


class ListedIndicatorOut(Schema):
    id: int
    framework: str
    code: str
    text: str


class IndicatorListingOut(Schema):
    ipbes_id: str
    mea: str
    harmonised: str
    listed_under: str
    text: str
    type: str
    note: str
    match: str
    indicator: ListedIndicatorOut


class IndicatorDetailOut(Schema):
    id: int
    framework: str
    code: str
    type: str
    text: str
    lang: str
    target: int | None
    goal: str | None
    retired: bool
    harmonised: list[HarmonisedOut]
    listings: list[IndicatorListingOut]
    also_used_by: list[IndicatorListingOut]


class HarmonisedCellOut(Schema):
    mea: str
    indicators: list[ListedIndicatorOut]


class HarmonisedRowOut(HarmonisedOut):
    cells: list[HarmonisedCellOut]


class HarmonisedPage(Schema):
    count: int
    meas: list[str]
    items: list[HarmonisedRowOut]
