"""Head: title, symbol, revision, adoption note and convention from the lines above the preamble."""

from __future__ import annotations

import re

from .structure import HEADING_SHAPE

_CONVENTION_NAMES = [
    (re.compile(r"esp[eè]ces\s+migratrices|Especies\s+Migratorias", re.I), "CMS"),
    (re.compile(r"diversit[eé]\s+biologique|Diversidad\s+Biol[oó]gica", re.I), "CBD"),
    (re.compile(r"patrimoine\s+mondial|Patrimonio\s+Mundial", re.I), "WHC"),
    (re.compile(r"zones\s+humides|Convenci[oó]n\s+(?:relativa\s+a|sobre)\s+los\s+Humedales", re.I), "Ramsar"),
    (re.compile(r"African-Eurasian\s+Migratory\s+Waterbirds|\bAEWA\b", re.I), "AEWA"),
    (re.compile(r"Conservation\s+of\s+Migratory\s+Species|\bUNEP/CMS\b|\bCMS\b"), "CMS"),
    (re.compile(r"Biological\s+Diversity|\bCBD/", re.I), "CBD"),
    (re.compile(r"International\s+Trade\s+in\s+Endangered\s+Species|\bCITES\b|^(?:Resolution\s+)?Conf\.\s*\d", re.I | re.M), "CITES"),
    (re.compile(r"Convention\s+on\s+Wetlands|\bRamsar\b|^Resolution\s+[IVXL]+\.\d", re.I | re.M), "Ramsar"),
    (re.compile(r"World\s+(?:Cultural\s+and\s+Natural\s+)?Heritage", re.I), "WHC"),
    (re.compile(r"Regulation\s+of\s+Whaling|International\s+Whaling\s+Commission", re.I), "IWC"),
    (re.compile(r"Plant\s+Genetic\s+Resources\s+for\s+Food", re.I), "ITPGRFA"),
    (re.compile(r"International\s+Plant\s+Protection", re.I), "IPPC"),
    (re.compile(r"Science-Policy\s+Platform\s+on\s+Biodiversity\s+and\s+Ecosystem|\bIPBES\b", re.I), "IPBES"),
    (re.compile(r"Combat\s+Desertification", re.I), "UNCCD"),
    (re.compile(r"Framework\s+Convention\s+on\s+Climate\s+Change", re.I), "UNFCCC"),
]
_SYMBOLS = [
    re.compile(r"\b(?:UNEP/)?(?:CMS|AEWA)/(?:Resolution|Decision|Recommendation)\s+(?P<id>\d{1,2}\.\d{1,3})"),
    re.compile(r"\bCBD/(?:COP|CP|NP)[\w-]*/DEC/(?P<id>\d{1,2}/\d{1,3})|\bUNEP/CBD/COP/DEC/(?P<id2>[IVXL]+/\d{1,3})"),
    re.compile(r"^(?:CMS\s+|AEWA\s+|Ramsar\s+)?(?:Resolution|Decision|Recommendation|Résolution|Resolución|Décision|Decisión)\s+(?P<id>(?:Conf\.\s*)?(?:\d{1,2}|[IVXL]{1,6})[./]\d{1,3})\b"),
    re.compile(r"^(?:DECISION|RESOLUTION)\s+(?P<id>(?:\d{1,2}|[IVXL]{1,6})[./]\d{1,3})\b"),
    re.compile(r"^(?P<id>Conf\.\s*\d{1,2}\.\d{1,3})\b"),
    re.compile(r"^(?P<id>(?:\d{1,2}|[IVXL]{1,6})/\d{1,3})\.\s+\S"),
]
# CBD decisions open with their number: "15/4. Kunming-Montreal Global Biodiversity Framework".
_NUMBER_TITLE = re.compile(r"^(?:\d{1,2}|[IVXL]{1,6})/\d{1,3}\.\s+")
_REVISION = re.compile(r"\(?\b(Rev\.?\s*(?:COP|CoP|MOP)\s*\d+|Rev\.\s*\d+)\)?")
_NOT_TITLE = re.compile(
    r"^(?:UNEP/|CBD/|CMS/|CITES/|Distr\b|Original\b|Agenda\s+item|English\s+only|Convention\s+on|CONVENTION\s+ON|"
    r"Conf\.|Resolution\s|Decision\s|RESOLUTION\s|DECISION\s|Recommendation\s|R[ée]solution\s|Resoluci[oó]n\s|D[ée]cision\s|Decisi[oó]n\s|"
    r"Decisions?\s+\d|(?:Draft\s+)?(?:Decision|Resolution)\s*:|Draft\s+(?:Decision|Resolution)\s|\d{1,2}\s+\w+\s+\d{4}$|Page\b|[-–\d\s]+$)"
)
_KIND = re.compile(
    r"^(?:UNEP/\w+/|CMS\s+|AEWA\s+|Ramsar\s+|CITES\s+|Draft\s+)?(Resolution|Decision|Recommendation|Résolution|Resolución|Décision|Decisión)s?\b",
    re.I,
)
_KIND_ENGLISH = {"résolution": "resolution", "resolución": "resolution", "décision": "decision", "decisión": "decision"}
_YEAR = re.compile(r"\b(19[7-9]\d|20\d\d)\b")
_SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or the to with".split())
_ACRONYMS = frozenset("CMS CBD CITES IPBES UNEP FAO IUCN UNESCO COP MOP MEA MEAS SDG SDGS GBF NBSAP NBSAPS AEWA IWC UN".split())


def head_read(head: list[str]) -> dict:
    """Return title, symbol, revision, adoption note and convention found in the head lines."""
    title_lines: list[str] = []
    adopted: list[str] = []
    symbol = revision = None
    title_found_with_symbol = False
    for line in head:
        if adopted:
            if HEADING_SHAPE.match(line) or len(adopted) >= 3:
                break
            adopted.append(line)
            continue
        if line.lower().startswith("adopted"):
            adopted.append(line)
            continue
        for pattern in _SYMBOLS:
            match = pattern.search(line)
            if match and symbol is None:
                symbol = " ".join((match.group("id") or match.groupdict().get("id2") or "").split()) or None
        found = _REVISION.search(line)
        if found and revision is None and (symbol or line.lower().startswith(("resolution", "decision", "unep/"))):
            revision = re.sub(r"\s+", "", found.group(1))
        if _NUMBER_TITLE.match(line):
            line = _NUMBER_TITLE.sub("", line)
        if _NOT_TITLE.match(line) or symbol and line.startswith(("UNEP", "Resolution", "Decision", "Conf.", "Résolution", "Resolución", "Décision", "Decisión")):
            if title_lines and symbol and not title_found_with_symbol and all(len(t) <= 20 and t.isupper() for t in title_lines):
                title_lines = []  # "CONVENTION ON / MIGRATORY / SPECIES" above the symbol: the logo, not the title
            if title_lines:
                break
            continue
        if HEADING_SHAPE.match(line) and title_lines:
            break
        if len(title_lines) < 4:
            title_lines.append(line)
    title = title_case(" ".join(title_lines)) if title_lines else None
    kind = None
    for line in head:
        found_kind = _KIND.match(line)
        if found_kind:
            kind = found_kind.group(1).lower()
            kind = _KIND_ENGLISH.get(kind, kind)
            break
    return {
        "title": title,
        "symbol": symbol,
        "revision": revision,
        "adopted": " ".join(adopted) or None,
        "kind": kind,
    }


def year_find(*texts: str | None) -> int | None:
    """Return the last plausible year (1970-2099) in the first text that has one, or None."""
    for text in texts:
        if text:
            years = _YEAR.findall(text)
            if years:
                return int(years[-1])
    return None


def title_case(title: str) -> str:
    """Return a title in title case when it is all capitals, otherwise unchanged."""
    title = " ".join(title.split())
    letters = [c for c in title if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return title
    words = []
    for position, word in enumerate(title.split()):
        bare = re.sub(r"\W", "", word)
        if bare.upper() in _ACRONYMS:
            words.append(word)
        elif position and bare.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(_capitalize(part) for part in word.split("-")))
    return " ".join(words)


def _capitalize(part: str) -> str:
    # "(VILNIUS," gives "(Vilnius,": the first letter, not the first character, keeps its capital.
    lead = len(part) - len(part.lstrip("([«“\"'‘"))
    return part[: lead + 1] + part[lead + 1:].lower()


def convention_find(*texts: str | None) -> str | None:
    """Return the acronym of the first convention named in the texts, tried in order, or None."""
    for text in texts:
        if not text:
            continue
        for pattern, acronym in _CONVENTION_NAMES:
            if pattern.search(text):
                return acronym
    return None
