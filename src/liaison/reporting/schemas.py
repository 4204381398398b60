"""Request and response schemas of the national-reporting API: every field typed and bounded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from liaison.core.schemas import ID_MAX, ErrorOut, PageIn

CODE = r"^[a-z0-9-]{1,64}$"
CYCLE_STATE = ("where a report stands in its reporting cycle: upcoming (before the cycle opens), open (deadline "
               "ahead), overdue (past the deadline, cycle still open, not submitted), closed_not_submitted (the "
               "cycle closed without it), submitted")


# --- requests ---

class StartIn(Schema):
    questionnaire: str = Field(max_length=64, pattern=CODE, description="code of the questionnaire")
    country: str = Field(min_length=3, max_length=3, description="ISO 3166 alpha-3 code of the country")


class AnswerIn(Schema):
    value: Any = Field(None, description="the answer: an option value, a list of them, a number, text (at most "
                                         "20,000 characters), a date YYYY-MM-DD, a URL, or table rows; null clears")
    version: int = Field(0, ge=0, le=ID_MAX, description="the version you read (0 for a first answer)")
    block: int = Field(0, ge=0, le=500, description="entry of a repeating section (0 otherwise)")


class DelegationIn(Schema):
    section: str = Field(max_length=100, description="key of a section of the report")
    username: str = Field(min_length=1, max_length=150)


class ReasonIn(Schema):
    reason: str = Field(min_length=3, max_length=5000)


class DecisionIn(Schema):
    approve: bool


class CycleIn(Schema):
    """The dates of a questionnaire's reporting cycle to change; a field left out is kept, null clears it."""

    model_config = {"extra": "forbid"}

    opens: dt.date | None = Field(None, description="first day of the cycle (YYYY-MM-DD)")
    deadline: dt.date | None = Field(None, description="the day reports are due (YYYY-MM-DD)")
    closes: dt.date | None = Field(None, description="last day of the cycle (YYYY-MM-DD)")


class QuestionLinkReviewIn(Schema):
    status: str = Field(pattern="^(accepted|rejected|suggested)$")
    map: dict[str, str] | None = Field(None, description="source option value -> target option value",
                                       max_length=500)


# --- answers ---

class QuestionnaireFilters(PageIn):
    convention: str | None = Field(None, max_length=32, description="acronym of the convention, any case")


class LinkFilters(PageIn):
    questionnaire: str | None = Field(None, max_length=64, description="code of a questionnaire at either end")
    status: str | None = Field(None, pattern="^(suggested|accepted|rejected)$")


class QuestionnaireOut(Schema):
    code: str
    convention: str
    title: str
    cycle: str
    deadline: dt.date | None
    questions: int
    opens: dt.date | None
    closes: dt.date | None
    cycle_state: str = Field(description="today, of a report not submitted: " + CYCLE_STATE)


class CycleOut(Schema):
    code: str
    opens: dt.date | None
    deadline: dt.date | None
    closes: dt.date | None
    cycle_state: str = Field(description="today, of a report not submitted: " + CYCLE_STATE)


class QuestionnairePage(Schema):
    count: int
    items: list[QuestionnaireOut]


class OptionFormat(Schema):
    value: str
    label: str | None = None
    labels: dict[str, str] | None = None


class QuestionFormat(Schema):
    key: str
    kind: str
    title: str
    number: str | None = None
    titles: dict[str, str] | None = None
    help: str | None = None
    mandatory: bool | None = None
    options: list[OptionFormat] | None = None
    columns: list[dict[str, Any]] | None = None
    show_if: list[dict[str, Any]] | None = None
    extra: dict[str, Any] | None = None


class SectionFormat(Schema):
    key: str
    title: str
    number: str | None = None
    titles: dict[str, str] | None = None
    repeating: bool | None = None
    repeat_label: str | None = None
    questions: list[QuestionFormat] = []
    sections: list[SectionFormat] | None = None


SectionFormat.model_rebuild()


class QuestionnaireFormat(Schema):
    """A questionnaire in the Liaison questionnaire format (docs/questionnaire-format.md)."""

    format: str
    code: str
    convention: str
    title: str
    cycle: str
    cycle_order: int
    deadline: str | None
    previous: str | None
    languages: list[str]
    source: dict[str, Any]
    sections: list[SectionFormat]


class ImportOut(Schema):
    code: str
    questions: int
    retired: int


class PrefillOut(Schema):
    answer_id: int
    label: str


class ItemOut(Schema):
    question: int
    key: str
    number: str
    kind: str
    title: str
    mandatory: bool
    retired: bool
    block: int
    visible: bool
    options: list[dict[str, Any]]
    value: Any = None
    display: str
    version: int
    raw: str
    error: str
    prefill: PrefillOut | None = None
    source: str | None = None


class SectionOut(Schema):
    key: str
    title: str
    depth: int
    repeating: bool
    retired: bool
    items: list[ItemOut]


class ReportOut(Schema):
    id: int
    questionnaire: str
    convention: str
    country: str
    status: str
    demo_data: bool
    submitted_at: dt.datetime | None
    cycle_state: str = Field(description=CYCLE_STATE)


class ReportDetailOut(ReportOut):
    sections: list[SectionOut]


class AnswerOut(Schema):
    question: int
    block: int
    value: Any = None
    version: int
    display: str
    raw: str
    error: str


class AnswerKeptOut(Schema):
    """422: the value does not fit the question and is kept as typed (`raw`, `kept`), with the reason (`detail`);
    or the request itself is malformed, and only `detail` and `errors` are given (the API's error shape)."""

    detail: str
    errors: list[dict[str, str]] = []
    kept: bool = False
    question: int | None = None
    block: int | None = None
    value: Any = None
    version: int | None = None
    display: str | None = None
    raw: str | None = None
    error: str | None = None


class AnswerConflictOut(Schema):
    detail: str
    errors: list[dict[str, str]] = []
    yours: Any = None
    theirs: Any = None
    theirs_display: str
    version: int
    updated_by: str
    updated_at: dt.datetime | None


class FileOut(Schema):
    id: int
    name: str
    size: int
    type: str


class AnswerFileOut(Schema):
    question: int
    value: list[FileOut]
    version: int


class DelegationOut(Schema):
    id: int
    section: str
    username: str


class SubmitOut(Schema):
    id: int
    status: str
    snapshot: int


class ProblemOut(Schema):
    question: int
    key: str
    number: str
    title: str
    section: str
    reason: str


class SubmitRefusedOut(ErrorOut):
    missing: list[ProblemOut]


class ReopenOut(Schema):
    id: int
    status: str


class ExportSectionOut(Schema):
    key: str
    answers: dict[str, Any]


class ReportExportOut(Schema):
    questionnaire: str
    convention: str
    cycle: str
    country: str
    status: str
    demo_data: bool
    submitted_at: str | None
    sections: list[ExportSectionOut]


class SnapshotAnswerOut(Schema):
    question: str
    block: int = 0
    value: Any = None
    display: str = ""
    source: str = ""


class SnapshotOut(Schema):
    number: int
    created_at: dt.datetime
    questionnaire: str | None = None
    country: str | None = None
    taken_at: str | None = None
    answers: list[SnapshotAnswerOut] = []


class QuestionLinkOut(Schema):
    id: int
    source: str
    target: str
    relation: str
    transform: dict[str, Any]
    status: str
    origin: str
    score: float | None
    why: str


class QuestionLinkPage(Schema):
    count: int
    items: list[QuestionLinkOut]


class StatusRowOut(Schema):
    country: str
    name: str
    state: str = Field(description="submitted; for staff and the country's own people also underway or "
                                   "not_started; for everyone else not_submitted")
    progress: int | None = Field(description="percent of the questions answered, for those who may see it")
    submitted_at: dt.datetime | None
    cycle_state: str = Field(description=CYCLE_STATE)


class StatusPage(Schema):
    count: int
    overdue: int = Field(description="how many parties' reports are overdue (cycle open, past the deadline, not "
                                     "submitted); those of a closed cycle are not counted")
    items: list[StatusRowOut]
