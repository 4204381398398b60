"""Parse: the two entry points, from text or from a file's bytes to a JSON-ready decision."""

from __future__ import annotations

import re

from .clean import text_clean
from .compilation import decisions_split
from .extract import DEFAULT_MAX_BYTES, document_extract
from .head import convention_find, head_read, title_case, year_find
from .leads import lead_uncap, operative_lead_find, preamble_lead_find, verb_is_operative
from .mandates import mandates_extract, mandates_own_secretariat
from .model import DocumentError, OperativeParagraph, ParseResult, PreambleClause, Reference
from .references import references_extract, references_merge
from .structure import lines_join, structure_split

_HYPHENATED_END = re.compile(r"[A-Za-z]-$")
_FILENAME_SYMBOL = re.compile(r"(?:resolution|decision|res|dec)[_\- ]?((?:\d{1,2}|[ivxl]{1,5})[._]\d+)", re.I)
_FILENAME_REVISION = re.compile(r"rev[_.\- ]?(cop|mop)[_\- ]?(\d{1,2})", re.I)
_FILENAME_CONVENTION = re.compile(r"^(cms|cbd|cites|ramsar|aewa|ipbes|whc|iwc)[_\- .]", re.I)


def text_parse(text: str, *, convention: str | None = None, symbol: str | None = None) -> dict:
    """Return the parsed decision for already-extracted text; never raises, `operative` may be empty."""
    return _result_build(text if isinstance(text, str) else str(text), convention=convention, symbol=symbol)


def document_parse(
    data: bytes,
    *,
    filename: str,
    convention: str | None = None,
    symbol: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict:
    """Return the parsed decision for a file's bytes (text, Markdown, HTML/AKN, DOCX, PDF); raise DocumentError."""
    name = filename or "document"
    extracted = document_extract(data, filename=name, max_bytes=max_bytes)
    meta_convention = convention_find(str(extracted.meta.get("place_code") or ""), str(extracted.meta.get("frbr_uri") or ""))
    result = _result_build(
        extracted.text,
        convention=convention,
        symbol=symbol,
        title=extracted.title,
        fallback_convention=meta_convention,
    )
    if extracted.meta.get("footnotes"):
        result["footnotes"] = result["footnotes"] + list(extracted.meta["footnotes"])
    if result["title"] is None and extracted.meta.get("core_title"):
        result["title"] = extracted.meta["core_title"]  # Word's title property is often a template's: last resort
    result["format"] = extracted.format
    if extracted.pages is not None:
        result["pages"] = extracted.pages
    result["warnings"] = extracted.warnings + result["warnings"]
    _filename_infer(result, name, symbol_given=bool(symbol and str(symbol).strip()), convention_given=result["convention"] is not None)
    if result["kind"] is None:
        base = name.lower()
        kind = next((k for k in ("resolution", "decision", "recommendation") if k in base), None)
        kind = kind or next((k for k in ("resolution", "decision", "recommendation") if (result["title"] or "").lower().startswith(k)), None)
        result["kind"] = kind
    if not result["operative"]:
        raise DocumentError(f"{name}: no operative part found (no numbered paragraphs or operative verbs such as 'Requests').")
    return result


def decisions_list(result: dict) -> list[dict]:
    """Return the decisions of a parse result in order: `decisions` of a compilation, else the result itself."""
    return list(result.get("decisions") or [result])


_CONVENTIONS = {name.lower(): name for name in (
    "CMS", "CBD", "CITES", "Ramsar", "WHC", "IWC", "ITPGRFA", "IPPC", "IPBES", "AEWA", "UNCCD", "UNFCCC", "UNEP", "UNGA",
    "EUROBATS", "ASCOBANS", "ACCOBAMS",
)}


def _convention_normalize(convention: str | None) -> str | None:
    """Return a known acronym in its usual spelling ("cms" gives "CMS"); other values as given, blanks as None."""
    if not isinstance(convention, str) or not convention.strip():
        return None
    return _CONVENTIONS.get(convention.strip().lower(), convention.strip())


def _filename_infer(result: dict, filename: str, *, symbol_given: bool, convention_given: bool) -> None:
    """Fill symbol, revision and convention from a descriptive file name when the text does not give them."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if result["symbol"] is None and not symbol_given:
        match = _FILENAME_SYMBOL.search(base)
        if match:
            result["symbol"] = match.group(1).replace("_", ".")
            result["warnings"].append(f"symbol {result['symbol']} taken from the file name")
    if result["revision"] is None:
        match = _FILENAME_REVISION.search(base)
        if match:
            result["revision"] = f"Rev.{match.group(1).upper()}{match.group(2)}"
            result["warnings"].append(f"revision {result['revision']} taken from the file name")
    if result["convention"] is None and not convention_given:
        match = _FILENAME_CONVENTION.search(base)
        if match:
            found = match.group(1).upper()
            result["convention"] = "Ramsar" if found == "RAMSAR" else found
            result["warnings"].append(f"convention {result['convention']} taken from the file name")


def _result_build(
    text: str,
    *,
    convention: str | None,
    symbol: str | None,
    title: str | None = None,
    fallback_convention: str | None = None,
) -> ParseResult:
    convention = _convention_normalize(convention)
    symbol = symbol.strip() if isinstance(symbol, str) and symbol.strip() else None
    cleaned = text_clean(text)
    vocabulary = None
    if any(_HYPHENATED_END.search(line) for line in cleaned.lines if line.endswith("-")):
        # Compounds written whole elsewhere in the document tell "decision-\nmaking" from "develop-\nment".
        vocabulary = set(re.findall(r"[a-z]+-[a-z]+", text.lower()))
    compilation = decisions_split(cleaned.lines)
    if compilation is not None and len(compilation.decisions) == 1:
        chunk = compilation.decisions[0]
        result = _decision_build(chunk.lines, cleaned.running, cleaned.footnotes, cleaned.warnings, vocabulary,
                                 convention=convention, symbol=symbol or chunk.symbol, title=title,
                                 fallback_convention=convention_find("\n".join(compilation.head[:40])) or fallback_convention)
        if title is None:
            item = next((m for m in map(_AGENDA_ITEM.match, compilation.head[:40]) if m), None)
            result["title"] = " ".join(item.group(1).split()) if item else result["title"]
        result["warnings"].insert(0, f"the {len(compilation.head)} lines before decision {chunk.symbol} were read as a report, not as the decision")
        return result
    if compilation is not None:
        return _compilation_build(compilation, cleaned, vocabulary, convention=convention, symbol=symbol, title=title,
                                  fallback_convention=fallback_convention)
    return _decision_build(cleaned.lines, cleaned.running, cleaned.footnotes, cleaned.warnings, vocabulary,
                           convention=convention, symbol=symbol, title=title, fallback_convention=fallback_convention)


_COMPILATION_SYMBOL = re.compile(
    r"\b(WHC-\d{2}/\d{1,2}\.(?:COM|GA|EXT\.COM)/[\w.]*\w|FCCC/(?:CP|KP/CMP|PA/CMA)/\d{4}/\d{1,3}(?:/Add\.\d)?"
    r"|CBD/COP/\d{1,2}/\d{1,3}|UNEP/CBD/COP/\d{1,2}/\d{1,3})"
)
_AGENDA_ITEM = re.compile(r"^\s*Item\s+\d+[A-Z]?\s+of\s+the\s+(?:Provisional\s+)?Agenda\s*:\s*(\S.*)$")
_COMPILATION_TITLE = re.compile(r"^(?:DECISIONS?\s+ADOPTED|Decisions?\s+adopted|Report\s+of\s+the|Action\s+taken|Decisions\s+of)")


def _compilation_build(
    compilation,
    cleaned,
    vocabulary: set[str] | None,
    *,
    convention: str | None,
    symbol: str | None,
    title: str | None,
    fallback_convention: str | None,
) -> ParseResult:
    """Return a file of many decisions: each in `decisions`, and all their paragraphs in the file's own shape."""
    head = [line.strip() for line in compilation.head if line.strip()]
    head_text = "\n".join(head)
    document_convention = convention or convention_find(head_text) or fallback_convention
    decisions: list[ParseResult] = []
    for chunk in compilation.decisions:
        decision = _decision_build(chunk.lines, [], [], [], vocabulary, convention=convention, symbol=chunk.symbol,
                                   fallback_convention=document_convention)
        # UNFCCC prints the title under the symbol (the decision's own head); the World Heritage Committee above it.
        decision["title"] = decision["title"] or chunk.title
        decision["kind"] = decision["kind"] or "decision"
        if chunk.section and chunk.section != decision["title"]:
            decision["section"] = chunk.section
        decisions.append(decision)
    preamble: list[PreambleClause] = []
    operative: list[OperativeParagraph] = []
    mentions: list[Reference] = []
    annexes, headings, warnings = [], [], list(cleaned.warnings)
    for decision in decisions:
        labels = {}
        for index, _clause in enumerate(decision["preamble"], start=1):
            labels[f"preamble-{index}"] = f"preamble-{len(preamble) + index}"
        for index, paragraph in enumerate(decision["operative"], start=1):
            number = f"{decision['symbol']} {paragraph['number'] or index}"
            labels[paragraph["number"] or f"operative-{index}"] = number
            operative.append({**paragraph, "number": number, "decision": decision["symbol"]})
        for index, _annex in enumerate(decision["annexes"], start=1):
            labels[f"annex-{index}"] = f"annex-{len(annexes) + index}"
        preamble.extend(decision["preamble"])
        annexes.extend(decision["annexes"])
        headings.extend(decision["headings"])
        mentions.extend({**mention, "paragraph": labels.get(mention.get("paragraph"), mention.get("paragraph"))}
                        for mention in decision["mentions"])
        warnings.extend(f"decision {decision['symbol']}: {message}" for message in decision["warnings"])
    references, repeals = references_merge(mentions)
    found_symbol = _COMPILATION_SYMBOL.search(head_text)
    title_at = next((i for i, line in enumerate(head) if _COMPILATION_TITLE.match(line)), None)
    document_title = None
    if title_at is not None:
        parts = [head[title_at]]
        for line in head[title_at + 1: title_at + 5]:
            letters = [c for c in line if c.isalpha()]
            if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters) or _COMPILATION_SYMBOL.search(line):
                break
            parts.append(line)
        document_title = title_case(" ".join(parts))
    return ParseResult(
        title=title or document_title or head_read(head)["title"],
        kind="decision",
        year=year_find(head_text) or next((d["year"] for d in decisions if d["year"]), None),
        convention=document_convention or next((d["convention"] for d in decisions if d["convention"]), None),
        symbol=symbol or (found_symbol.group(1) if found_symbol else None),
        revision=None,
        adopted=None,
        enacting=None,
        preamble=preamble,
        operative=operative,
        references=references,
        mentions=mentions,
        repeals=repeals,
        footnotes=list(cleaned.footnotes),
        annexes=annexes,
        headings=headings,
        closing=[],
        warnings=[f"{len(decisions)} decisions in one file: `decisions` holds each", *warnings],
        decisions=decisions,
    )


def _decision_build(
    lines: list[str],
    running_lines: list[str],
    footnotes: list[str],
    clean_warnings: list[str],
    vocabulary: set[str] | None,
    *,
    convention: str | None,
    symbol: str | None,
    title: str | None = None,
    fallback_convention: str | None = None,
) -> ParseResult:
    structure = structure_split(lines)
    warnings = clean_warnings + structure.warnings
    head = head_read(structure.head)
    if running_lines and (head["symbol"] is None or head["revision"] is None):
        running = head_read(running_lines)
        head["symbol"] = head["symbol"] or running["symbol"]
        head["revision"] = head["revision"] or running["revision"]
    preamble: list[PreambleClause] = []
    operative: list[OperativeParagraph] = []
    enacting: list[str] = []
    closing: list[str] = []
    headings: list[str] = []
    for block in structure.blocks:
        joined = lines_join(block.lines, vocabulary)
        if block.kind == "preamble":
            # A lead is at most a few words: a long first line holds all of it, so no second look is needed.
            lead = block.lead if block.lead and len(block.lines[0]) >= 60 else preamble_lead_find(lead_uncap(joined))
            for position, part in enumerate(_preamble_run_split(joined)):
                part_lead = (lead or block.lead) if position == 0 else preamble_lead_find(part)
                preamble.append(PreambleClause(lead=part_lead, text=part))
        elif block.kind == "operative":
            joined = re.sub(r"^[.:\s]+", "", joined)
            subparagraphs = [lines_join(sub, vocabulary) for sub in block.subs]
            lead = block.lead if block.lead and len(block.lines[0]) >= 60 else operative_lead_find(lead_uncap(joined))
            if lead is None and preamble_lead_find(joined):
                lead = _participle_operative_lead(joined)
            operative.append(
                OperativeParagraph(
                    number=block.number,
                    lead=lead,
                    text=joined,
                    subparagraphs=[sub for sub in subparagraphs if sub],
                    mandates=[],
                )
            )
        elif block.kind == "enacting":
            enacting.append(joined)
        elif block.kind == "closing":
            closing.extend(line for line in block.lines if line)
        elif block.kind == "heading":
            headings.append(joined)

    enacting_text = " ".join(enacting) or None
    found_convention = convention_find(enacting_text, "\n".join(structure.head[:6]))
    if convention is not None and found_convention and found_convention != convention:
        warnings.append(f"convention given as {convention} but the text names {found_convention}")
    if convention is None:
        convention = found_convention or fallback_convention or convention_find(title, head["title"])
    if convention is None and head["symbol"] and re.fullmatch(r"(?:\d{1,2}|[IVXL]+)/\d{1,3}", head["symbol"]):
        convention = "CBD"  # "15/4", "XIII/24": the numbering of CBD COP decisions
        warnings.append(f"convention CBD guessed from the decision number {head['symbol']}")

    mentions: list[Reference] = []
    for index, clause in enumerate(preamble, start=1):
        mentions.extend(references_extract(clause["text"], paragraph=f"preamble-{index}", convention=convention))
    for index, paragraph in enumerate(operative, start=1):
        label = paragraph["number"] or f"operative-{index}"
        full = " ".join([paragraph["text"], *paragraph["subparagraphs"]])
        mentions.extend(references_extract(full, paragraph=label, convention=convention))
        for position, part in enumerate([lead_uncap(paragraph["text"]), *paragraph["subparagraphs"]]):
            found, unsure = mandates_extract(part, paragraph["subparagraphs"] if position == 0 else None)
            mandates_own_secretariat(found, convention)
            paragraph["mandates"].extend(found)
            warnings.extend(f"paragraph {label}: {message}" for message in unsure)
    annexes = []
    for index, (annex_title, annex_lines) in enumerate(structure.annexes, start=1):
        annex_text = "\n".join(annex_lines).strip()
        annexes.append({"title": ": ".join(title_case(part) for part in annex_title), "text": annex_text})
        mentions.extend(references_extract(" ".join(annex_text.split()), paragraph=f"annex-{index}", convention=convention))
    references, repeals = references_merge(mentions)
    if not operative:
        warnings.append("no operative part found")

    kind = head["kind"]
    if kind is None and (head["symbol"] or "").startswith("Conf."):
        kind = "resolution"
    return ParseResult(
        title=title or head["title"],
        kind=kind,
        year=year_find(head["adopted"], " ".join(closing[-2:]) if closing else None),
        convention=convention,
        symbol=symbol if symbol is not None else head["symbol"],
        revision=head["revision"],
        adopted=head["adopted"],
        enacting=enacting_text,
        preamble=preamble,
        operative=operative,
        references=references,
        mentions=mentions,
        repeals=repeals,
        footnotes=list(footnotes),
        annexes=annexes,
        headings=headings,
        closing=closing,
        warnings=warnings,
    )


# "Recalling Resolution 10.3, Noting the report ..., Welcoming ...": leads run together on one line.
_RUN_TOGETHER = re.compile(r"[,;]\s+(?=(?:Further |Also )?[A-ZÉ][a-zéèíó]+(?:ing|ant|ando|iendo)\s)")
# "Noting the importance of the review, decides to establish ...": the verb after the participle is the lead.
_PARTICIPLE_VERB = re.compile(r"[,;]\s+((?:(?:also|further|therefore)\s+)?[a-z]+s(?:\s+(?:upon|on|note(?:\s+of)?))?)\b")


def _preamble_run_split(text: str) -> list[str]:
    """Return a preamble clause cut where another lead opens after a comma; one part when none does."""
    if ", " not in text and "; " not in text:
        return [text]
    parts: list[str] = []
    start = 0
    for match in _RUN_TOGETHER.finditer(text):
        if preamble_lead_find(text[match.end(): match.end() + 80]):
            parts.append(text[start: match.start() + 1].strip())
            start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def _participle_operative_lead(text: str) -> str | None:
    for match in _PARTICIPLE_VERB.finditer(text, 0, 600):
        words = match.group(1).split()
        core = next((w for w in words if w not in ("also", "further", "therefore")), "")
        if verb_is_operative(core):
            return match.group(1)
    return None


__all__ = ["DocumentError", "decisions_list", "document_parse", "text_parse"]
