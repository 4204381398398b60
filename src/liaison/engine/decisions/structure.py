"""Structure: cleaned lines to title, preamble clauses, enacting formula, operative paragraphs and annexes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .leads import lead_uncap, operative_lead_find, preamble_lead_find

_NUMBERED = re.compile(r"^\(?(\d{1,3})(?:[.)]|\)\.)\s*(?!\d)(?=\S)|^\((\d{1,3})\)\s*(?=\S)")
_SUB = re.compile(r"^\[?\s*\(([a-z]{1,2}|[ivxlc]{1,6})\)\s*(?=\S)|^([a-z])\)\s+(?=\S)")
_DASH = re.compile(r"^[-–—•▪●◦·∙]\s*")
_HEADING_MARK = re.compile(r"^#{1,6}\s*")
_ENACTING = re.compile(
    r"^(?:The\s+)?(?:Conference|Meeting)\s+of\s+(?:the\s+)?(?:Contracting\s+)?(?:Parties|Signatories)\b"
    r"|^The\s+(?:Standing\s+Committee|Plenary|Council|Governing\s+Council|General\s+Assembly)\b"
    r"|^We,\s+the\s+"
    r"|^The\s+World\s+Heritage\s+(?:Committee|Centre)\b|^(?:The\s+)?Committee\s*,\s*$"
    r"|^(?:La\s+)?(?:Conférence|Réunion)\s+des\s+(?:Parties|Signataires)\b|^(?:La\s+)?(?:Conferencia|Reunión)\s+de\s+las\s+Partes\b"
    r"|^Le\s+Comité\s+(?:permanent|du\s+patrimoine\s+mondial)\b|^El\s+Comité\s+(?:Permanente|del\s+Patrimonio\s+Mundial)\b"
    r"|^L['’]Assemblée\s+générale\b|^La\s+Asamblea\s+General\b",
    re.IGNORECASE,  # CITES and Ramsar print the enacting formula in capitals
)
_CLOSING = re.compile(
    r"^(?:Adopted\s+(?:on|at)\b|Consenting\s+Governments|Done\s+at\b|\d+(?:st|nd|rd|th)\s+plenary\s+meeting|Signed\b)",
    re.I,
)
_ANNEX = re.compile(r"^(?:#{1,6}\s*)?(?:ANNEX|Annex|APPENDIX|Appendix)(?:\s+(?:[IVX]{1,5}|\d{1,2}|[A-H]))?\b\s*[:.–-]?\s*(.*)$")
HEADING_SHAPE = re.compile(
    r"^(?:Part|PART|Chapter|CHAPTER|Section|SECTION)\s+[IVXLC\d]+\b|^[IVX]{1,5}\.\s+\S|^\[?[A-H][.)]?\s+[–-]?\s*[A-Z]|^[a-z]\.\s+[A-Z]"
)
# CMS Decisions since COP12: "Directed to the Secretariat", then "14.102 The Secretariat shall: a) ...".
# A compilation of many decisions ("decisions adopted" by a meeting): each opens with its symbol on a line of its own,
# "Decision: 31 COM 7B.1" (World Heritage Committee) or "Decision 1/CP.27" (UNFCCC, CBD-style numbers).
_DECISION_START = re.compile(
    r"^(?:(?:Draft|DRAFT)\s+)?(?:Decision|DECISION|Décision|DÉCISION|Decisión|DECISIÓN|Resolution|RESOLUTION)\s*:?\s*"
    r"(?P<symbol>\d{1,2}\s+(?:COM|GA|EXT\.COM|BUR)\s+[\dA-Z][\w.]*?|[-\d]{1,2}/(?:CP|CMP|CMA|COP|MOP|COP-MOP)\.\d{1,2}"
    r"|\d{1,2}/\d{1,3}|[IVXL]{1,6}/\d{1,3})\s*\.?\s*$"
)
_DIRECTED = re.compile(r"^(?:Directed\s+to|Dirigées?\s+(?:au|à|aux)|Dirigidas?\s+a)\s+\S")
_DOTTED = re.compile(r"^(\d{1,2}\.\d{1,3})\s+(?=[A-Z])")
_DIRECTED_HINT = re.compile(r"\b(?:shall|should|(?:is|are)\s+(?:\w+\s+)?(?:encouraged|invited|requested|urged)\s+to)\b")
_TERMINAL = re.compile(r"[.;:,][\])”’\"]*\s*$")


def _terminal(text: str) -> bool:
    # endswith checks instead of a regex anchored at $: sre would scan the whole line for it.
    return text.rstrip().rstrip(")]”’\"").endswith((".", ";", ":", ","))


def _boundary(text: str) -> bool:
    stripped = text.rstrip()
    return stripped.endswith((".", ";", ":", ",", " and", " or")) or stripped in ("and", "or")
_HYPHEN_KEEP = frozenset(
    "non self co well cross multi inter long short high low large small decision policy capacity science sub ex "
    "post pre anti semi so world region regional sector trans intra follow wide full half ecosystem".split()
)


@dataclass
class Block:
    kind: str  # head, preamble, enacting, operative, heading, closing
    lines: list[str] = field(default_factory=list)
    number: str | None = None
    lead: str | None = None
    subs: list[list[str]] = field(default_factory=list)


@dataclass
class Structure:
    head: list[str]
    blocks: list[Block]
    annexes: list[tuple[list[str], list[str]]]
    warnings: list[str]


def structure_split(lines: list[str]) -> Structure:
    """Return the blocks of a decision: head lines, preamble, enacting formula, operative paragraphs, annexes."""
    warnings: list[str] = []
    body, annexes = _annexes_split(lines)
    head: list[str] = []
    blocks: list[Block] = []
    current: Block | None = None
    phase = "head"
    last_number = 0
    directed = False
    blank_before = False
    stripped = [line.strip() for line in body]
    for index, text in enumerate(stripped):
        if not text:
            blank_before = True
            continue
        if text[0].islower() and text[1:2] not in (")", ".") and current is not None and current.kind != "heading":
            # Fast path: a line starting in lower case can only continue the block above ("a)" and "a." aside).
            blank_before = False
            target = current.subs[-1] if current.subs else current.lines
            target.append(text)
            continue
        previous_text = _block_tail(current)
        after_boundary = current is None or blank_before or _boundary(previous_text)
        blank_before = False
        upper = text[:1].isupper()  # leads are capitalized; most lines are lower-case continuations
        probe = lead_uncap(text) if upper else text
        if _HEADING_MARK.match(text):
            current = Block("heading", [_HEADING_MARK.sub("", text)])
            blocks.append(current)
            continue
        if phase == "closing":
            current.lines.append(text)
            continue
        if text[0] == "D" and len(text) <= 120 and _DIRECTED.match(text) and not _terminal(text):
            current = Block("heading", [text])
            blocks.append(current)
            directed = True
            continue
        dotted = _DOTTED.match(text) if text[0].isdigit() else None
        if dotted and (directed or _DIRECTED_HINT.search(text, 0, 200)):
            rest = text[dotted.end():]
            current = Block("operative", [rest], number=dotted.group(1), lead=operative_lead_find(lead_uncap(rest)))
            blocks.append(current)
            phase = "operative"
            continue
        numbered = _NUMBERED.match(text)
        if numbered:
            number = int(numbered.group(1) or numbered.group(2))
            rest = text[numbered.end():].lstrip(". ")
            probe = lead_uncap(rest)
            if phase != "operative" and preamble_lead_find(probe) and not operative_lead_find(probe):
                warnings.append(f"numbered preamble clause {number} kept in the preamble")
                current = Block("preamble", [rest], lead=preamble_lead_find(probe))
                blocks.append(current)
                phase = "preamble"
                last_number = number  # Ramsar numbers preamble and operative paragraphs in one sequence
                continue
            if number != last_number + 1 and _heading_like(rest):
                current = Block("heading", [text])
                blocks.append(current)
                continue
            if last_number and number != last_number + 1:
                warnings.append(f"operative paragraph {number} follows paragraph {last_number}")
            current = Block("operative", [rest], number=str(number), lead=operative_lead_find(probe))
            blocks.append(current)
            phase = "operative"
            last_number = number
            continue
        sub = _SUB.match(text) if current is not None and current.kind == "operative" else None
        if sub:
            marker = sub.group(1) or sub.group(2)
            rest = text[sub.end():]
            if marker not in _subs_expected(current) and _heading_like(rest):
                current = Block("heading", [text])
                blocks.append(current)
                continue
            current.subs.append([rest])
            continue
        dash = _DASH.match(text)
        if dash and current is not None and current.kind == "operative":
            current.subs.append([text[dash.end():]] if text[dash.end():] else [])
            continue
        if upper and after_boundary and phase in ("head", "preamble", "enacting") and _ENACTING.match(text):
            current = Block("enacting", [text])
            blocks.append(current)
            phase = "enacting" if phase != "head" or not text.startswith("We") else "preamble"
            continue
        lead = preamble_lead_find(probe) if upper and phase in ("head", "preamble", "enacting") else None
        if lead and phase == "head" and head and not _terminal(text) and _DECISION_START.match(head[-1]):
            lead = None  # "Decision 2/CP.27" then "Funding arrangements ...": the title, not a clause
        if lead and (after_boundary or _known_lead(lead)):
            current = Block("preamble", [text], lead=lead)
            blocks.append(current)
            phase = "preamble"
            continue
        lead = operative_lead_find(probe) if upper else None
        if lead and phase != "head" and (after_boundary or phase == "enacting"):
            if phase == "operative" or _terminal(previous_text) or (current and current.kind == "enacting"):
                warnings.append(f"unnumbered operative paragraph after paragraph {last_number}: {text[:40]}")
                current = Block("operative", [text], lead=lead)
                blocks.append(current)
                phase = "operative"
                continue
        if phase == "operative" and _CLOSING.match(text):
            current = Block("closing", [text])
            blocks.append(current)
            phase = "closing"
            continue
        if (
            phase in ("operative", "preamble")
            and previous_text.rstrip().rstrip(")]”’\"").endswith((".", ";", ":"))  # a comma continues a list
            and _heading_like(text)
            and (HEADING_SHAPE.match(text) or _next_starts_block(stripped, index))
        ):
            current = Block("heading", [text])
            blocks.append(current)
            continue
        if current is None or current.kind == "heading" and phase == "head":
            head.append(text)
            continue
        if current.kind == "heading":
            if HEADING_SHAPE.match(text) or (_SUB.match(text) and _heading_like(text)):
                current = Block("heading", [text])
                blocks.append(current)
            else:
                current.lines.append(text)
        elif current.subs:
            current.subs[-1].append(text)
        else:
            current.lines.append(text)
    return Structure(head=head, blocks=blocks, annexes=annexes, warnings=warnings)


def _known_lead(lead: str) -> bool:
    # A lead from the closed list starts a clause even without a comma before it (hard-wrapped PDF text).
    first = lead.split()[0]
    return first in (
        "Recalling", "Noting", "Welcoming", "Recognizing", "Recognising", "Acknowledging", "Further", "Also",
        "Rappelant", "Notant", "Reconnaissant", "Considérant", "Recordando", "Observando", "Reconociendo", "Considerando",
        "Tomando",
    )


def _block_tail(block: Block | None) -> str:
    if block is None:
        return ""
    if block.subs and block.subs[-1]:
        return block.subs[-1][-1]
    return block.lines[-1] if block.lines else ""


def _heading_like(text: str) -> bool:
    starts_upper = text.lstrip("[")[:1].isupper() or bool(re.match(r"[a-z]\.\s+[A-Z]|\([a-z]\)\s+[A-Z]", text))
    return len(text) <= 110 and not _TERMINAL.search(text) and starts_upper and not text.endswith(("and", "or", "of", "the"))


def _next_starts_block(lines: list[str], index: int) -> bool:
    for text in lines[index + 1:]:
        if text:
            return bool(_NUMBERED.match(text) or _HEADING_MARK.match(text) or _SUB.match(text))
    return True


_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")


def _subs_expected(block: Block) -> tuple[str, ...]:
    """Markers that may come next in a list: the next letter, or the next roman numeral."""
    count = len(block.subs)
    letter = chr(97 + count) if count < 26 else ""
    roman = _ROMANS[count] if count < len(_ROMANS) else ""
    return (letter, roman)


def _annexes_split(lines: list[str]) -> tuple[list[str], list[tuple[list[str], list[str]]]]:
    starts = []
    seen_operative = False
    for index, line in enumerate(lines):
        text = line.strip()
        if not seen_operative and text[:1] in "0123456789(" and _NUMBERED.match(text):
            seen_operative = True
        if seen_operative and text[:1] in "A#" and len(text) <= 120 and _ANNEX.match(text) and not text.endswith((",", ";")):
            starts.append(index)
    if not starts:
        return lines, []
    annexes = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        chunk = [line.strip() for line in lines[start:end]]
        title = [_HEADING_MARK.sub("", chunk[0])]
        rest = chunk[1:]
        while rest and not rest[0]:
            rest = rest[1:]
        if rest and len(rest[0]) <= 120 and not _TERMINAL.search(rest[0]) and not _NUMBERED.match(rest[0]):
            title.append(_HEADING_MARK.sub("", rest[0]))
            rest = rest[1:]
        annexes.append((title, rest))
    return lines[: starts[0]], annexes


def lines_join(lines: list[str], vocabulary: set[str] | None = None) -> str:
    """Return wrapped lines as one string, undoing hyphenation at line ends."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            prefix = re.search(r"([A-Za-z]+)-$", out)
            first = prefix.group(1).lower() if prefix else ""
            second = re.match(r"[A-Za-z]+", line)
            hyphenated = f"{first}-{second.group(0).lower()}" if second else ""
            if first in _HYPHEN_KEEP or (vocabulary is not None and hyphenated in vocabulary):
                out += line
            else:
                out = out[:-1] + line
        else:
            out += " " + line
    return out
