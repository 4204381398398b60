"""References: the decisions, resolutions and documents a paragraph cites, and how it relates to them."""

from __future__ import annotations

import re

from .model import Reference

_ID = r"(?:[A-Z]{1,6}-)?(?:[IVXL]{1,6}|\d{1,3})[./]\d{1,3}(?:/\d{1,3})?"
_REVISION = r"(?:\s*\((?:Rev\.?\s*(?:COP|CoP|MOP)\s*\d+|Rev\.\s*\d+)\))?"
_REFERENCE = re.compile(
    # The lookahead lists every first letter below, so the scanner skips other positions quickly.
    r"(?=[UCAIREFDrd])(?:"
    # UNEP/CMS/Resolution 12.3: a symbol that names a resolution or decision.
    r"(?P<sym_kind_full>\b(?:UNEP/)?(?P<skconv>CMS|AEWA|CBD|CITES|IPBES|Ramsar)/(?P<skind>Resolution|Recommendation|Decision)\s+(?P<skid>"
    + _ID
    + r"))"
    # CBD/COP/DEC/15/4 and UNEP/CBD/COP/DEC/X/2 are symbols of CBD decisions.
    r"|(?P<cbdsym>\b(?:UNEP/)?CBD/(?:COP|CP|NP|MOP)[\w-]*/DEC/(?P<cbdid>(?:[IVXL]{1,6}|\d{1,2})/\d{1,3}))"
    # Any other document symbol: UNEP/CMS/COP11/Doc.21.1, UNEP/IPBES.MI/2/9, CBD/SBSTTA/24/3.
    r"|(?P<sym>\b(?:UNEP/)?(?:CMS|CBD|CITES|IPBES(?:\.MI)?|AEWA|Ramsar|EUROBATS|ASCOBANS|ACCOBAMS|A|E|FCCC|ICCD)"
    r"/(?:[A-Za-z0-9][\w.\-]*)(?:/[\w.\-]+)+)"
    # CITES: Resolution Conf. 11.3 (Rev. CoP19).
    r"|(?P<conf>\bResolutions?\s+Conf\.\s*(?P<confid>\d{1,2}\.\d{1,3})(?:\s*\((?P<confrev>Rev\.\s*CoP\s*\d+)\))?)"
    # Resolution 7.9, Resolutions 7.9 and 8.11, decision XIII/24, Decision 19.12, recommendation 24/2.
    r"|(?P<kw>\b(?:[Rr]esolution|[Dd]ecision|[Rr]ecommendation)s?)\s+(?P<ids>"
    + _ID
    + _REVISION
    + r"(?:\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)"
    + _ID
    + _REVISION
    + r")*))"
)
# Most paragraphs cite nothing; this cheap scan spares them the full pattern.
_PREFILTER = re.compile(r"esolution|ecision|ecommendation|/")
_NEXT_REFERENCE = re.compile(r"\b(?:[Rr]esolutions?|[Dd]ecisions?|[Rr]ecommendations?)\s|\b(?:UNEP|CBD|CMS)/")
_ONE_ID = re.compile(r"(?P<id>" + _ID + r")(?:\s*\((?P<rev>Rev\.?\s*(?:COP|CoP|MOP)\s*\d+|Rev\.\s*\d+)\))?")
# One expression per side (named groups give the convention), so each reference costs two searches.
_BEFORE_CONVENTION = re.compile(
    r"(?:(?P<UNGA>(?i:General\s+Assembly))|(?P<CMS>\bCMS)|(?P<AEWA>\bAEWA)|(?P<CITES>\bCITES)|(?P<Ramsar>\b(?i:Ramsar))"
    r"|(?P<CBD>\b(?:CBD|COP-MOP|SBSTTA))|(?P<IPBES>\bIPBES)|(?P<UNEP>\b(?i:UNEA|Environment\s+Assembly|Governing\s+Council)))"
    r"\s*$"
)
_AFTER_CONVENTION = re.compile(
    r"^[^;]{0,80}?\bof\s+(?:the\s+)?"
    r"(?:(?P<CBD>CBD|Convention\s+on\s+Biological\s+Diversity|Conference\s+of\s+the\s+Parties\s+to\s+the\s+Convention\s+on\s+Biological)"
    r"|(?P<UNEP>Governing\s+Council|United\s+Nations\s+Environment\s+Assembly)"
    r"|(?P<CITES>CITES|Convention\s+on\s+International\s+Trade)"
    r"|(?P<Ramsar>Ramsar\s+Convention|Convention\s+on\s+Wetlands)"
    r"|(?P<CMS>CMS|Convention\s+on\s+the\s+Conservation\s+of\s+Migratory)"
    r"|(?P<UNGA>General\s+Assembly))",
    re.IGNORECASE,
)
_SYMBOL_CONVENTION = {"CMS": "CMS", "CBD": "CBD", "CITES": "CITES", "IPBES": "IPBES", "AEWA": "AEWA", "Ramsar": "Ramsar",
                      "EUROBATS": "EUROBATS", "ASCOBANS": "ASCOBANS", "ACCOBAMS": "ACCOBAMS", "A": "UNGA", "E": "ECOSOC",
                      "FCCC": "UNFCCC", "ICCD": "UNCCD"}
_CUE = re.compile(
    r"(?=[rwntsa])\b(?P<recalls>[Rr]ecall(?:ing|s|ed)?)\b|\b(?P<welcomes>[Ww]elcom(?:ing|es|ed))\b"
    r"|\b(?P<notes>[Nn]ot(?:ing|es)|[Tt]ak(?:ing|es) note)\b|\b(?P<repeals>[Rr]epeal(?:ing|s)?)\b"
    r"|\b(?P<revises>[Rr]eplac(?:ing|es)|[Rr]evis(?:ing|es)|[Ss]upersed(?:ing|es)|[Aa]mend(?:ing|s))\b",
    re.IGNORECASE,  # CITES and Ramsar leads are in capitals: RECALLING, REPEALS
)


def references_extract(text: str, *, paragraph: str, convention: str | None) -> list[Reference]:
    """Return the references in one paragraph's text, deduplicated, with their relation from the clause's verb."""
    found: list[Reference] = []
    if not _PREFILTER.search(text):
        return found
    seen: set[tuple] = set()
    cues: list[tuple[int, str]] | None = None
    for match in _REFERENCE.finditer(text):
        if cues is None:
            cues = [(cue.start(), cue.lastgroup or "cites") for cue in _CUE.finditer(text)]
        relation = _relation(cues, match.start())
        for reference in _match_references(text, match, convention):
            key = (reference["type"], reference["convention"], reference["id"])
            if key in seen:
                continue
            seen.add(key)
            reference["relation"] = relation
            reference["paragraph"] = paragraph
            found.append(reference)
    return found


def _match_references(text: str, match: re.Match[str], convention: str | None) -> list[Reference]:
    if match.group("sym_kind_full"):
        return [{"type": match.group("skind").lower(), "convention": _SYMBOL_CONVENTION[match.group("skconv")],
                 "id": match.group("skid")}]
    if match.group("cbdsym"):
        return [{"type": "decision", "convention": "CBD", "id": match.group("cbdid")}]
    if match.group("sym"):
        symbol = match.group("sym").rstrip(".-")
        parts = symbol.split("/")
        owner = parts[1] if parts[0] == "UNEP" else parts[0]
        owner = owner.split(".")[0]
        return [{"type": "document", "convention": _SYMBOL_CONVENTION.get(owner, "UNEP" if parts[0] == "UNEP" else None),
                 "id": symbol}]
    if match.group("conf"):
        reference: Reference = {"type": "resolution", "convention": "CITES", "id": f"Conf. {match.group('confid')}"}
        if match.group("confrev"):
            reference["revision"] = re.sub(r"\s+", " ", match.group("confrev"))
        return [reference]
    kind = match.group("kw").lower().rstrip("s")
    before = text[max(0, match.start() - 40): match.start()]
    after = text[match.end(): match.end() + 120]
    # "Resolution 10.3 and Decision X/31 of CBD": the qualifier after belongs to the nearest reference only.
    following = _NEXT_REFERENCE.search(after)
    if following:
        after = after[: following.start()]
    found = _BEFORE_CONVENTION.search(before)
    if found is None and " of " in after:
        found = _AFTER_CONVENTION.search(after)
    explicit = found.lastgroup if found else None
    references: list[Reference] = []
    for one in _ONE_ID.finditer(match.group("ids")):
        identifier = one.group("id")
        reference = {"type": kind, "convention": explicit or _convention_guess(kind, identifier, convention),
                                "id": identifier}
        if one.group("rev"):
            reference["revision"] = re.sub(r"\s+", "", one.group("rev"))
        references.append(reference)
    return references


def _convention_guess(kind: str, identifier: str, convention: str | None) -> str | None:
    """Guess the convention of a reference from the shape of its number and the citing document's convention."""
    if identifier.startswith("IPBES-"):
        return "IPBES"
    if identifier.startswith(("BS-", "NP-")):
        return "CBD"
    if identifier.startswith("S-"):
        return "UNGA"
    if re.fullmatch(r"[IVXL]+\.\d+", identifier):
        return "Ramsar"  # Ramsar numbers its resolutions by roman session: XIV.7
    if re.fullmatch(r"[IVXL]+/\d+", identifier):
        return "CBD"  # CBD numbered decisions by roman session until COP14: XIII/24
    if "/" in identifier:
        if convention in ("CBD", "IPBES"):
            return convention
        session = int(identifier.split("/")[0]) if identifier.split("/")[0].isdigit() else 0
        # CBD numbers decisions "14/5", "15/4" since COP14; other bodies using N/M are named in the text.
        return "CBD" if kind == "decision" and 14 <= session <= 20 else None
    return convention


def _relation(cues: list[tuple[int, str]], position: int) -> str:
    """Return the relation of the last cue word before position ("Recalling ... Resolution 7.9": recalls)."""
    relation = "cites"
    for start, name in cues:
        if start >= position:
            break
        relation = name
    return relation


def references_merge(mentions: list[Reference]) -> tuple[list[Reference], list[dict]]:
    """Return (references deduplicated on type, convention and id keeping the first mention; the repeals)."""
    references: list[Reference] = []
    seen: set[tuple] = set()
    repeals: list[dict] = []
    repealed: set[tuple] = set()
    for mention in mentions:
        key = (mention["type"], mention["convention"], mention["id"])
        if key not in seen:
            seen.add(key)
            references.append(mention.copy())
        if mention["relation"] == "repeals" and key not in repealed and mention["type"] != "document":
            repealed.add(key)
            repeals.append({"convention": mention["convention"], "type": mention["type"], "id": mention["id"]})
    return references, repeals
