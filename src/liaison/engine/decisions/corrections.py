"""Corrections staff make to what the parser read, applied to a parse result: pure, framework-free.

A correction names its target by what a re-parse of the same file reproduces, never by database ids: the
decision (its symbol, in a file of many decisions; "" otherwise), the operative paragraph (its label, the number
or else the position, and a hash of its text) and a mandate's position within that paragraph. Corrections are
applied in the order they were made, so one made after a split names the paragraph as the split left it. A
correction whose paragraph no longer reads the same (the parser changed, or an earlier correction was removed)
is not applied, and says why: nothing is corrected by guess.
"""

from __future__ import annotations

import copy
import hashlib
import re

from .actors import actors_find
from .leads import lead_uncap, operative_lead_find, verb_normalize
from .mandates import deadline_find, mandates_extract, mandates_own_secretariat, report_to_find
from .model import Mandate

PARAGRAPH_SPLIT, PARAGRAPH_LEAD, PARAGRAPH_TYPE = "paragraph_split", "paragraph_lead", "paragraph_type"
MANDATE_SET, MANDATE_MERGE, MANDATE_SPLIT = "mandate_set", "mandate_merge", "mandate_split"
KINDS = (PARAGRAPH_SPLIT, PARAGRAPH_LEAD, PARAGRAPH_TYPE, MANDATE_SET, MANDATE_MERGE, MANDATE_SPLIT)
MANDATE_KINDS = (MANDATE_SET, MANDATE_MERGE, MANDATE_SPLIT)
MANDATE_FIELDS = ("actor", "action", "deadline", "report_to")
OPERATIONAL, INFORMATIONAL = "operational", "informational"
PARAGRAPH_TYPES = (OPERATIONAL, INFORMATIONAL)

# Longest value of each field (the stored mandate and paragraph columns have the same bounds).
FIELD_MAX = {"actor": 200, "action": 5000, "deadline": 200, "report_to": 200, "lead": 120, "number": 32}

# What became of a correction when applied.
APPLIED = "applied"
NO_DECISION = "no_decision"  # the file holds no decision of that symbol
NO_PARAGRAPH = "no_paragraph"  # no paragraph of the file reads as it did when the correction was made
NO_MANDATE = "no_mandate"  # the paragraph has no mandate at that position
NO_NEXT = "no_next"  # a merge needs a following mandate in the same paragraph
BAD_OFFSET = "bad_offset"  # a split must fall inside the text, leaving something on both sides
BAD_VALUE = "bad_value"  # an empty actor or action, an unknown field or paragraph type
UNCHANGED = "unchanged"  # the correction changes nothing (a paragraph already operational)

_LEADING_NUMBER = re.compile(r"^\(?(\d{1,3}(?:\s?(?:bis|ter|[a-z]))?)[.)]\s+")
_EDGE = " \t\n,;:"


def text_hash(text: str) -> str:
    """Return the hash that names a paragraph's text (spacing does not count)."""
    return hashlib.sha256(" ".join((text or "").split()).encode()).hexdigest()[:32]


def paragraph_label(paragraph: dict, position: int) -> str:
    """Return how a paragraph is named: its number, else its position (1-based) among the operative ones."""
    return str(paragraph.get("number") or position)


def decisions_of(result: dict) -> list[tuple[str, dict]]:
    """Return (symbol, decision) for each decision a file holds; a file of one decision gives ("", result)."""
    many = result.get("decisions") or []
    if len(many) > 1:
        return [(str(d.get("symbol") or ""), d) for d in many]
    return [("", result)]


def paragraph_find(result: dict, *, decision: str, paragraph: str, hashed: str | None = None
                   ) -> tuple[list, int] | str:
    """Return (the operative list, the index) of a paragraph, or why it is not there (NO_DECISION, NO_PARAGRAPH).

    With `hashed`, the paragraph must read as it did (same text hash); among several that do, the one of the
    same label is taken. Without it, the label alone names the paragraph.
    """
    found = next((d for symbol, d in decisions_of(result) if symbol == (decision or "")), None)
    if found is None:
        return NO_DECISION
    operative = found.get("operative") or []
    labelled = [i for i, p in enumerate(operative) if paragraph_label(p, i + 1) == paragraph]
    if hashed is None:
        return (operative, labelled[0]) if labelled else NO_PARAGRAPH
    same = [i for i, p in enumerate(operative) if text_hash(p.get("text", "")) == hashed]
    if not same:
        return NO_PARAGRAPH
    return operative, next((i for i in same if i in labelled), same[0])


def corrections_apply(result: dict, corrections: list[dict], *, convention: str | None = None
                      ) -> tuple[dict, list[str]]:
    """Return a corrected copy of a parse result and, for each correction in order, what became of it.

    A correction is a dict: kind, decision, paragraph, text_hash, and per kind mandate (position), field,
    value, offset, number. The result given is left as it is.
    """
    corrected = copy.deepcopy(result)
    outcomes = [correction_apply(corrected, c, convention=convention or result.get("convention")) for c in corrections]
    if any(o == APPLIED and c.get("kind") == PARAGRAPH_SPLIT for c, o in zip(corrections, outcomes, strict=True)):
        _gap_warnings_drop(corrected)
    if len(corrected.get("decisions") or []) > 1 and APPLIED in outcomes:
        _compilation_flatten(corrected)
    return corrected, outcomes


def correction_apply(result: dict, correction: dict, *, convention: str | None = None) -> str:
    """Apply one correction to a parse result in place; return APPLIED or why it was not applied."""
    place = paragraph_find(result, decision=correction.get("decision") or "",
                           paragraph=str(correction.get("paragraph") or ""), hashed=correction.get("text_hash"))
    if isinstance(place, str):
        return place
    operative, index = place
    paragraph = operative[index]
    kind = correction.get("kind")
    if kind == PARAGRAPH_LEAD:
        lead = " ".join(str(correction.get("value") or "").split())[: FIELD_MAX["lead"]]
        if not lead:
            return BAD_VALUE
        paragraph["lead"] = lead
        paragraph["corrected"] = True
        return APPLIED
    if kind == PARAGRAPH_TYPE:
        return _type_set(paragraph, str(correction.get("value") or ""))
    if kind == PARAGRAPH_SPLIT:
        return _paragraph_split(operative, index, correction, convention=convention)
    if kind not in MANDATE_KINDS:
        return BAD_VALUE
    mandates = paragraph.get("mandates") or []
    position = correction.get("mandate")
    if not isinstance(position, int) or not 0 <= position < len(mandates):
        return NO_MANDATE
    if kind == MANDATE_SET:
        return _mandate_set(mandates[position], str(correction.get("field") or ""), correction.get("value"))
    if kind == MANDATE_MERGE:
        if position + 1 >= len(mandates):
            return NO_NEXT
        mandates[position : position + 2] = [_mandates_merge(mandates[position], mandates[position + 1])]
        return APPLIED
    parts = _text_split(mandates[position].get("action") or "", correction.get("offset"))
    if parts is None:
        return BAD_OFFSET
    mandates[position : position + 1] = [_mandate_with_action(mandates[position], part) for part in parts]
    return APPLIED


def _type_set(paragraph: dict, value: str) -> str:
    """Mark a paragraph informational (it holds no mandate) or operational (it holds at least one)."""
    if value not in PARAGRAPH_TYPES:
        return BAD_VALUE
    if value == INFORMATIONAL:
        paragraph["mandates"] = []
    elif paragraph.get("mandates"):
        return UNCHANGED
    else:
        # The parser found no addressee: one mandate of the whole paragraph, whose actor staff then set.
        text = paragraph.get("text") or ""
        lead = paragraph.get("lead") or operative_lead_find(text) or ""
        action = text[len(lead):].strip(_EDGE) if lead and text.startswith(lead) else text.strip(_EDGE)
        paragraph["mandates"] = [{"actor": "Unspecified", "actor_code": None, "actor_kind": None,
                                  "verb": (verb_normalize(lead) or "")[:40], "action": action,
                                  "deadline": deadline_find(action), "report_to": report_to_find(action),
                                  "addressee": "", "corrected": True}]
    paragraph["type"] = value
    paragraph["corrected"] = True
    return APPLIED


def _text_split(text: str, offset) -> tuple[str, str] | None:
    """Return the text before and after `offset`, each trimmed, or None when either side would be empty."""
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 < offset < len(text):
        return None
    first, second = text[:offset].rstrip(_EDGE), text[offset:].lstrip(_EDGE).rstrip()
    if first.endswith(" and"):
        first = first[:-4].rstrip(_EDGE)
    if not first or not second:
        return None
    return first, second


def _paragraph_split(operative: list, index: int, correction: dict, *, convention: str | None) -> str:
    """Split an operative paragraph in two at a character offset; both parts are read again for mandates."""
    paragraph = operative[index]
    text = paragraph.get("text") or ""
    offset = correction.get("offset")
    parts = _text_split(text, offset)
    if parts is None:
        return BAD_OFFSET
    first_text, second_text = parts
    leading = _LEADING_NUMBER.match(second_text)
    if leading:
        second_text = second_text[leading.end():]
    label = paragraph_label(paragraph, index + 1)
    number = " ".join(str(correction.get("number") or "").split())[: FIELD_MAX["number"]]
    number = number or (leading.group(1) if leading else f"{label} bis")
    subparagraphs = list(paragraph.get("subparagraphs") or [])
    first = {**paragraph, "text": first_text, "subparagraphs": [], "corrected": True}
    second = {**paragraph, "number": number, "text": second_text, "subparagraphs": subparagraphs, "corrected": True}
    for part in (first, second):
        part["lead"] = operative_lead_find(part["text"]) or (paragraph.get("lead") if part is first else None)
        part["mandates"] = _mandates_read(part["text"], part["subparagraphs"], convention=convention)
        part.pop("type", None)
    operative[index : index + 1] = [first, second]
    return APPLIED


def _mandates_read(text: str, subparagraphs: list[str], *, convention: str | None) -> list[Mandate]:
    """Return the mandates of a paragraph's text and subparagraphs, read as the parser reads them."""
    found: list[Mandate] = []
    for position, part in enumerate([lead_uncap(text), *subparagraphs]):
        mandates, _unsure = mandates_extract(part, subparagraphs if position == 0 else None)
        mandates_own_secretariat(mandates, convention)
        found.extend(mandates)
    return found


def _mandate_set(mandate: dict, field: str, value) -> str:
    """Set one field of a mandate as staff read it: the actor (normalized when the vocabulary knows it)..."""
    if field not in MANDATE_FIELDS:
        return BAD_VALUE
    text = " ".join(str(value or "").split())[: FIELD_MAX[field]]
    if field in ("actor", "action") and not text:
        return BAD_VALUE
    if field == "actor":
        known = actors_find(text)
        whole = len(known) == 1 and known[0].end - known[0].start >= len(text.removeprefix("the ")) - 1
        mandate["actor"] = known[0].label if whole else text
        mandate["actor_code"] = known[0].code if whole else None
        mandate["actor_kind"] = known[0].kind if whole else None
        mandate["addressee"] = text
    elif field == "action":
        mandate["action"] = text
    elif field == "deadline":
        mandate["deadline"] = text or None
    else:
        mandate["report_to"] = [part.strip() for part in text.split(";") if part.strip()] or None
    mandate["corrected"] = True
    return APPLIED


def _mandates_merge(first: dict, second: dict) -> dict:
    """Return one mandate of two the parser split: the first's addressee, both actions, either's deadline."""
    actions = [a for a in (first.get("action"), second.get("action")) if a]
    action = actions[0] if len(set(actions)) == 1 else "; ".join(actions)
    report_to = list(dict.fromkeys([*(first.get("report_to") or []), *(second.get("report_to") or [])])) or None
    return {**first, "action": action, "deadline": first.get("deadline") or second.get("deadline"),
            "report_to": report_to, "corrected": True}


def _mandate_with_action(mandate: dict, action: str) -> dict:
    """Return a copy of a mandate for one part of its action, its deadline and report-to read again."""
    return {**mandate, "action": action, "deadline": deadline_find(action), "report_to": report_to_find(action),
            "corrected": True}


def _gap_warnings_drop(result: dict) -> None:
    """Forget the parser's "operative paragraph 4 follows paragraph 2" once a split has put 3 between them."""
    many = len(result.get("decisions") or []) > 1
    for symbol, decision in decisions_of(result):
        numbers = [str(p.get("number") or "") for p in decision.get("operative") or []]
        closed = {n for before, n in zip(numbers, numbers[1:], strict=False)
                  if before.isdigit() and n.isdigit() and int(n) == int(before) + 1}
        gaps = tuple(f"operative paragraph {n} follows paragraph " for n in closed)
        decision["warnings"] = [w for w in decision.get("warnings") or [] if not w.startswith(gaps)]
        if many:
            own = tuple(f"decision {symbol}: {gap}" for gap in gaps)
            result["warnings"] = [w for w in result.get("warnings") or [] if not w.startswith(own)]


def _compilation_flatten(result: dict) -> None:
    """Rebuild a compilation's own list of paragraphs ("31 COM 7B.1 3") from its corrected decisions."""
    operative = []
    for decision in result.get("decisions") or []:
        symbol = decision.get("symbol")
        for i, paragraph in enumerate(decision.get("operative") or [], start=1):
            operative.append({**paragraph, "number": f"{symbol} {paragraph.get('number') or i}", "decision": symbol})
    result["operative"] = operative
