"""Cleaning: page furniture, footnotes and odd characters removed from extracted text, as lines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .leads import operative_lead_find, preamble_lead_find

_CHARACTERS = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\t": " ", "\u2011": "-", "\u2010": "-",
        "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\ufffe": "-", "\uffff": "",
        "\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\u2028": "\n",
        "\u2029": "\n", "\x0b": "\n", "\r": "",
    }
)
_ODD_CHARACTER = re.compile("[" + "".join(re.escape(chr(c)) for c in _CHARACTERS) + "]")
_SPECIAL_CHARACTER = re.compile("[" + "".join(re.escape(chr(c)) for c in _CHARACTERS) + "⁰¹²³⁴⁵⁶⁷⁸⁹]")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.I
)
_LONE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*$")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_ANY = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")
_SUPERSCRIPT_TO_DIGIT = str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")
_SUPERSCRIPT_FOOTNOTE = re.compile(r"^\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(\S.*)$")
_SUPERSCRIPT_INLINE = re.compile(r"(?<=\S)[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_NUMBERED_FOOTNOTE = re.compile(r"^\s*(\d{1,2})\s+(\S.*)$")
_PARAGRAPH_START = re.compile(r"^\s*(?:\(?\d{1,3}[.)]\s|\(\d{1,3}\)|\([a-z]{1,2}\)|\([ivx]{1,5}\)|[-–—•▪●]\s*$|#)")
# Words after which a number is part of the text (Target 1, Resolution 10), never a footnote call.
_NOT_A_CALL = re.compile(
    r"(?:resolution|decision|article|target|goal|paragraph|para|annex|appendix|agenda|no|rev|cop|mop|part|"
    r"section|chapter|principle|objective|table|figure|page|item|phase|step|option|group|category|rule|level|"
    r"of|and|to|in|on|by|at|from|the|between|than|about|over|under|\d)\W*$",
    re.I,
)


@dataclass
class Cleaned:
    lines: list[str]
    footnotes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    running: list[str] = field(default_factory=list)  # running heads taken out; they often carry the symbol


def text_clean(text: str) -> Cleaned:
    """Return the body lines of a document with page numbers, running heads and footnotes taken out."""
    special = _SPECIAL_CHARACTER.search(text)  # one scan decides both the translation and the superscripts
    if special and _ODD_CHARACTER.search(text, special.start()):
        text = text.translate(_CHARACTERS)
    pages = [page.split("\n") for page in text.split("\f")]
    footnotes: list[tuple[int, str]] = []
    warnings: list[str] = []
    running: list[str] = []
    if len(pages) > 1:
        running = _furniture_remove(pages)
        for page in pages:
            footnotes.extend(_page_footnotes_take(page))
    lines = [line.rstrip() for page in pages for line in page]
    if special and _SUPERSCRIPT_ANY.search(text, special.start()):
        lines = _superscript_footnotes_take(lines, footnotes)
    lines = _lone_number_footnotes_take(lines, footnotes, warnings)
    return Cleaned(lines=lines, footnotes=[note for _, note in footnotes], warnings=warnings, running=running)


def _furniture_remove(pages: list[list[str]]) -> list[str]:
    """Drop page numbers and running heads/feet repeated at the top or bottom of most pages; return the heads."""
    edges: Counter[str] = Counter()
    for page in pages:
        for index in _edge_indexes(page):
            edges[_shape(page[index])] += 1
    threshold = max(2, len(pages) // 2 + (1 if len(pages) > 3 else 0))
    repeated = {shape for shape, count in edges.items() if count >= threshold and shape}
    running: list[str] = []
    for page in pages:
        for index in sorted(_edge_indexes(page), reverse=True):
            line = page[index]
            if _PAGE_NUMBER.match(line):
                del page[index]
            elif len(pages) >= 3 and _shape(line) in repeated:
                if line.strip() not in running:
                    running.append(line.strip())
                del page[index]
    return running


def _edge_indexes(page: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(page) if line.strip()]
    return sorted(set(filled[:2] + filled[-2:]))


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _page_footnotes_take(page: list[str]) -> list[tuple[int, str]]:
    """Take footnotes ("1 Now known as...") off the bottom of one PDF page, when the body calls them."""
    filled = [i for i, line in enumerate(page) if line.strip()]
    taken: list[tuple[int, str]] = []
    pending: list[int] = []
    cut = None
    for index in reversed(filled):
        line = page[index]
        match = _NUMBERED_FOOTNOTE.match(line)
        if match and not _PARAGRAPH_START.match(line):
            number = int(match.group(1))
            body = "\n".join(page[:index])
            if _call_find(body, number) is not None:
                text = " ".join([match.group(2)] + [page[i].strip() for i in reversed(pending)])
                taken.append((number, text))
                pending = []
                cut = index
                continue
        if len(pending) >= 3:
            break
        pending.append(index)
    if cut is None:
        return []
    del page[cut:]
    for number, _ in taken:
        _call_remove(page, number)
    return sorted(taken)


def _superscript_footnotes_take(lines: list[str], footnotes: list[tuple[int, str]]) -> list[str]:
    """Move lines starting with superscript digits to footnotes and drop inline superscript calls."""
    kept = []
    for line in lines:
        match = _SUPERSCRIPT_FOOTNOTE.match(line)
        if match:
            number = int(match.group(1).translate(_SUPERSCRIPT_TO_DIGIT))
            footnotes.append((number, match.group(2).replace("↑", "").strip()))
            continue
        kept.append(_SUPERSCRIPT_INLINE.sub("", line))
    return kept


def _lone_number_footnotes_take(lines: list[str], footnotes: list[tuple[int, str]], warnings: list[str]) -> list[str]:
    """Handle a number alone on a line: a footnote number (with its text below) or a page number."""
    kept: list[str] = []
    index = 0
    total = len(lines)
    while index < total:
        match = _LONE_NUMBER.match(lines[index])
        if not match:
            kept.append(lines[index])
            index += 1
            continue
        number = int(match.group(1))
        follow = index + 1
        while follow < total and not lines[follow].strip():
            follow += 1
        note_lines: list[str] = []
        end = follow
        while end < total and lines[end].strip() and not _block_starts(lines[end]) and len(note_lines) < 6:
            note_lines.append(lines[end].strip())
            end += 1
        # A footnote is short, starts like a sentence and is followed by a new block; body text after a page
        # number usually continues in lower case.
        looks_like_note = (
            bool(note_lines)
            and not note_lines[0][:1].islower()
            and len(note_lines) < 6
            and sum(len(n) for n in note_lines) < 800
        )
        call = _call_find("\n".join(kept[-200:]), number) if looks_like_note else None
        if call is not None:
            footnotes.append((number, " ".join(note_lines)))
            _call_remove(kept, number)
            index = end
        else:
            index += 1  # a page number left in the text layer
    return kept


def _block_starts(line: str) -> bool:
    stripped = line.strip()
    return bool(_PARAGRAPH_START.match(stripped) or preamble_lead_find(stripped) or operative_lead_find(stripped))


@lru_cache(maxsize=128)
def _call_pattern(number: int) -> re.Pattern[str]:
    # The number first, so the scanner can jump between its occurrences; what precedes is checked in _calls.
    return re.compile(rf"{number}(?=[\s,.;:)]|$)")  # a leading lookbehind would disable the fast scan


_CALL_AFTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz)]”’.,;:")


def _calls(text: str, number: int) -> list[tuple[int, int]]:
    """Spans of footnote calls for number: the digits glued to a word or after one space ("Network 1")."""
    spans = []
    for match in _call_pattern(number).finditer(text):
        start = match.start()
        if start >= 2 and text[start - 1] == " " and text[start - 2] in _CALL_AFTER:
            start -= 1
        elif not (start >= 1 and text[start - 1] in _CALL_AFTER):
            continue
        if not _NOT_A_CALL.search(text[max(0, start - 20): start]):
            spans.append((start, match.end()))
    return spans


def _call_find(text: str, number: int) -> int | None:
    """Return the position of the last footnote call for number in text, or None."""
    spans = _calls(text, number)
    return spans[-1][0] if spans else None


def _call_remove(lines: list[str], number: int) -> None:
    for position in range(len(lines) - 1, -1, -1):
        line = lines[position]
        spans = _calls(line, number)
        if spans:
            start, end = spans[-1]
            lines[position] = line[:start] + line[end:]
            return
