"""Compilations: a file holding many decisions ("decisions adopted" by a meeting) split into its decisions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .structure import _CLOSING, _DECISION_START, _ENACTING, _terminal

_WHC_RUNNING = re.compile(r"\bDecisions?\s+report\s+\([^)]*\)\s+\S+,\s+p\.\s*\d+")  # page 1's differs from the rest
_TITLE_NUMBER = re.compile(r"^(?:\d{1,3}[A-Za-z]?(?:\.(?:\d{1,3}[A-Za-z]?|[ivxIVX]{1,4}))*\.?|[A-Z]\.)\s+(?=\S)")


@dataclass
class DecisionChunk:
    symbol: str
    title: str | None
    section: str | None  # the agenda item the decision falls under, when the compilation prints one
    lines: list[str]


@dataclass
class Compilation:
    head: list[str]
    decisions: list[DecisionChunk]


def decisions_split(lines: list[str]) -> Compilation | None:
    """Return the decisions of a compilation, or None when the lines hold at most one decision."""
    matches = {
        index: match for index, line in enumerate(lines)
        if line[:1] in "DdD" and len(line) < 60 and (match := _DECISION_START.match(line.strip()))
    }
    starts = list(matches)
    symbols = {" ".join(matches[i].group("symbol").split()) for i in starts}
    embedded = (
        len(starts) == 1 and re.search(r"\s(?:COM|GA)\s", lines[starts[0]])
        and sum(1 for line in lines[: starts[0]] if line.strip()) >= 15
    )  # a World Heritage report that ends with its draft decision: the decision is the text from its symbol on
    if not embedded and (len(starts) < 2 or len(symbols) < 2):
        return _numbered_split(lines)
    chunks: list[DecisionChunk] = []
    ends = [*starts[1:], len(lines)]
    first_title_start = starts[0] if embedded else _title_start(lines, 0, starts[0])
    head = lines[:first_title_start]
    previous_title: str | None = None
    title_from = first_title_start
    for position, start in enumerate(starts):
        end = ends[position]
        next_title = _title_start(lines, start + 1, end) if position + 1 < len(starts) else end
        title_lines = [line.strip() for line in lines[title_from:start] if line.strip()]
        title, section = _title_read(title_lines)
        title = title or previous_title  # "31 COM 5.2" follows 5.1 under the same agenda item
        previous_title = title
        symbol = " ".join(matches[start].group("symbol").split())
        body = [lines[start], *lines[start + 1: next_title]]
        chunks.append(DecisionChunk(symbol=symbol, title=title, section=section, lines=body))
        title_from = next_title
    return Compilation(head=head, decisions=chunks)


# CBD's "decisions adopted" reports: "XIII/1. Progress in the implementation ..." then "The Conference of the Parties,".
_NUMBER_TITLE_START = re.compile(r"^(?P<symbol>(?:\d{1,2}|[IVXL]{1,6})/\d{1,3})\.\s+[A-Z]")


def _numbered_split(lines: list[str]) -> Compilation | None:
    """Split decisions headed "15/4. Title" when an enacting formula follows within a few lines (not a contents list)."""
    starts: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        text = line.strip()
        if not text[:1].isalnum() or "/" not in text[:10]:
            continue
        match = _NUMBER_TITLE_START.match(text)
        if not match:
            continue
        following = [other.strip() for other in lines[index + 1: index + 8] if other.strip()][:4]
        for other in following:
            if _NUMBER_TITLE_START.match(other):
                break  # the next line of a contents list
            if _ENACTING.match(other):
                starts.append((index, match.group("symbol")))
                break
    if len(starts) < 2 or len({symbol for _, symbol in starts}) < 2:
        return None
    ends = [index for index, _ in starts[1:]] + [len(lines)]
    chunks = [
        DecisionChunk(symbol=symbol, title=None, section=None, lines=lines[index:end])
        for (index, symbol), end in zip(starts, ends, strict=True)
    ]
    return Compilation(head=lines[: starts[0][0]], decisions=chunks)


def _title_start(lines: list[str], low: int, start: int) -> int:
    """Return where the heading lines printed just above a decision's symbol begin (start when there are none)."""
    index = start
    while index > low and start - index < 6:
        text = lines[index - 1].strip()
        if not text:
            index -= 1
            continue
        letters = [c for c in text if c.isalpha()]
        capitals = letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
        if not capitals and (_terminal(text) or len(text) > 110):
            break
        if _CLOSING.match(text) or re.fullmatch(r"\d{1,2}\s+\w+\s+\d{4}", text):
            break
        index -= 1
        if _TITLE_NUMBER.match(text):
            break  # "7.1 ISSUES RELATED ...": a numbered agenda item is the top of the heading
    return index


def _title_read(title_lines: list[str]) -> tuple[str | None, str | None]:
    """Split the lines above a decision into its own title and the agenda item (in capitals) it opens."""
    if not title_lines:
        return None, None
    section_lines: list[str] = []
    own_lines: list[str] = []
    for line in title_lines:
        line = _WHC_RUNNING.sub("", line).strip()
        if not line:
            continue
        letters = [c for c in line if c.isalpha()]
        capitals = letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
        (section_lines if capitals and not own_lines else own_lines).append(line)
    section = _TITLE_NUMBER.sub("", " ".join(section_lines)) if section_lines else None
    own = _TITLE_NUMBER.sub("", " ".join(own_lines)) if own_lines else None
    from .head import title_case  # head imports this module

    section = title_case(section) if section else None
    return (own or section), section
