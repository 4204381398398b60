"""Shapes of the parser's output: plain TypedDicts so results stay JSON-serializable."""

from __future__ import annotations

from typing import TypedDict


class DocumentError(ValueError):
    """A document that cannot be parsed; the message is meant for a human reader.

    `kind` tells callers which answer fits: "invalid" (damaged, wrong type, nothing to parse) or
    "too_large" (over a size, member, page or character limit: an HTTP caller answers 413).
    """

    def __init__(self, message: str, *, kind: str = "invalid") -> None:
        super().__init__(message)
        self.kind = kind


class PreambleClause(TypedDict):
    lead: str | None
    text: str


class Mandate(TypedDict):
    actor: str
    actor_code: str | None
    actor_kind: str | None
    verb: str
    action: str
    deadline: str | None
    report_to: list[str] | None
    addressee: str


class OperativeParagraph(TypedDict):
    number: str | None
    lead: str | None
    text: str
    subparagraphs: list[str]
    mandates: list[Mandate]


class Reference(TypedDict, total=False):
    type: str
    convention: str | None
    id: str
    relation: str
    paragraph: str
    revision: str


class Annex(TypedDict):
    title: str
    text: str


class ParseResult(TypedDict, total=False):
    # Always present: every key below but `decisions`, which a file of many decisions carries (one object each).
    title: str | None
    kind: str | None
    year: int | None
    convention: str | None
    symbol: str | None
    revision: str | None
    adopted: str | None
    enacting: str | None
    preamble: list[PreambleClause]
    operative: list[OperativeParagraph]
    references: list[Reference]
    mentions: list[Reference]
    repeals: list[dict]
    footnotes: list[str]
    annexes: list[Annex]
    headings: list[str]
    closing: list[str]
    warnings: list[str]
    decisions: list[ParseResult]
