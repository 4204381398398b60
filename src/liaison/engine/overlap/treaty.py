"""Treaty texts as comparable units: the language of record, annex articles named as such, final clauses left out."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from liaison.engine.overlap.machinery import FINAL_HEADING, FINAL_TEXT

# The folder of data/ that holds the treaty texts; callers pass its path (data_dir / TREATY_FOLDER).
TREATY_FOLDER = "treaty_texts_nl_tractaten"

# Convention names as users write them → the file-name prefix of the treaty text on hand.
TREATY_FILES = {
    "CBD": "CBD",
    "CITES": "CITES",
    "CMS": "CMS",
    "RAMSAR": "Ramsar",
    "WHC": "World_Heritage",
    "WORLDHERITAGE": "World_Heritage",
    "IWC": "ICRW",
    "ICRW": "ICRW",
    "ITPGRFA": "ITPGRFA",
    "UNCCD": "UNCCD",
    "AEWA": "AEWA",
    "ASCOBANS": "ASCOBANS",
    "EUROBATS": "EUROBATS",
    "BERN": "Bern_Convention",
    "BERNCONVENTION": "Bern_Convention",
    "CARTAGENA": "Cartagena_Protocol",
    "CARTAGENAPROTOCOL": "Cartagena_Protocol",
    "NAGOYA": "Nagoya_Protocol",
    "NAGOYAPROTOCOL": "Nagoya_Protocol",
    "WADDENSEASEALS": "WaddenSea_Seals",
}

# Which text of each file is taken, and why. Every file is the Dutch treaty database's record
# (Tractatenblad): the treaty's own authentic text first, then a Dutch translation for most.
# English is an authentic language of every one of these treaties but the Wadden Sea agreement,
# so the English text is the language of record; the Dutch translation is not authentic (the
# Netherlands is not a UN, UNEP or FAO language party to the texts) and is cut off.
LANGUAGE_OF_RECORD = {
    "CBD": "English (authentic with ar, zh, fr, ru, es; Art. 42); the Dutch translation that follows is dropped",
    "Cartagena_Protocol": "English (authentic in the six UN languages; Art. 40); Dutch translation dropped",
    "Nagoya_Protocol": "English (authentic in the six UN languages; Art. 36); Dutch translation dropped",
    "CITES": "English (authentic with zh, fr, ru, es; Art. XXV); Dutch translation dropped",
    "CMS": "English (authentic with fr, de, ru, es; Art. XX); Dutch translation dropped",
    "Ramsar": "English (authentic with fr, de, ru; Art. 12 as amended); Dutch translation dropped",
    "World_Heritage": "English (authentic with ar, fr, ru, es; Art. 30); Dutch translation dropped",
    "ICRW": "English (the 1946 Convention's only original text); Dutch translation dropped",
    "ITPGRFA": "English (authentic in the six UN languages; Art. 35); Dutch translation dropped",
    "UNCCD": "English (authentic in the six UN languages; Art. 40); Dutch translation dropped",
    "AEWA": "English (authentic with ar, fr, ru; Art. XVII); the file holds no other text",
    "ASCOBANS": "English (the Agreement's single original, Art. 8.7); the file holds no other text",
    "EUROBATS": "English (authentic with fr, de; Art. XIV); the file holds no other text",
    "Bern_Convention": "English (authentic with fr; final clause); Dutch translation dropped",
    # Danish, Dutch and German are the agreement's authentic languages; the file has only the
    # Dutch one, which the English encoder and theme vocabulary cannot read: not compared.
    "WaddenSea_Seals": "none taken: the only text on hand is Dutch",
}

_DUTCH = frozenset(
    "de het van een en zijn wordt worden inzake bij voor met die dat niet deze door aan partijen overeenkomst "
    "verdrag ter als op te nader treedt werking".split()
)
_ENGLISH = frozenset("the of and to in a be shall which for by or with parties convention as any on that this".split())
_HEADING = re.compile(r"^(#{2,4})\s*(.*?)\s*$")
_NUMERAL = r"(\d{1,2}[a-z]?|[IVXLC]+)(?:\s*bis)?"
_ARTICLE = re.compile(rf"^(?:Article|ARTICLE)[\s,]+{_NUMERAL}\b\.?\s*(.*)$")
_ANNEX = re.compile(rf"^(Annex|ANNEX|Appendix|APPENDIX|Appendices|APPENDICES|Schedule|SCHEDULE)\b\s*(?:{_NUMERAL}\b)?\s*(.*)$")
_PART = re.compile(rf"^(?:PART|Part|CHAPTER|Chapter|SECTION|Section)\s+{_NUMERAL}\b")
_SECTION = re.compile(r"^(\d{1,2}|[IVX]{1,4})\.?\s*$")  # "### 1" (ASCOBANS' sections), "###I" (WHC's chapters)
_DUTCH_HEADING = re.compile(r"^(Artikel|Bijlage|BIJLAGE|Aanhangsel|Hoofdstuk|Deel|Preambule)\b")
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,2})(?:\.?\s+(?=\S)|\.(?=[A-Z])|\.?\s*$)")
_LETTERED = re.compile(r"^\s*\(?([a-z])\)\s*|^\s*([a-z])\.\s*(?=[A-Z])")
# An item below a lettered one: "(ii)", "(iv)" (roman) or "(1)" (CMS Article I(1)(c)'s conditions).
_SUBITEM = re.compile(r"^\s*\((i{1,3}|iv|vi{0,3}|ix|x{1,2}i{0,3}|\d{1,2})\)\s*")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"<sup>.*?</sup>|<[^>]+>|\*")

def treaty_units(convention: str, treaty_dir: str | Path) -> tuple[tuple[str, str], ...] | None:
    """Return a convention's treaty text in `treaty_dir` as (reference, text) units, or None if not on hand.

    A unit is a lettered sub-paragraph ("Article 8(h)"), a numbered paragraph ("Article III(4)"),
    an article's lead text ("Article 5"), a paragraph of an annex ("Annex II, Article 7(b)",
    "Appendix I") or the preamble. Only the language of record is taken (LANGUAGE_OF_RECORD),
    without links, markup or Dutch editorial notes; final clauses are left out.
    """
    return _treaty_units(convention, str(treaty_dir))


def treaty_file(convention: str, treaty_dir: str | Path) -> Path | None:
    """Return the treaty text file of a convention in `treaty_dir`, or None."""
    prefix = TREATY_FILES.get(re.sub(r"[^A-Z]", "", convention.upper()))
    files = sorted(Path(treaty_dir).glob(f"{prefix}_*.md")) if prefix else []
    return files[0] if files else None


def _dutch(text: str) -> bool:
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    dutch = sum(w in _DUTCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    return (len(words) >= 6 and dutch > max(2, english)) or (dutch >= 2 and english == 0)


def _clean(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=32)
def _treaty_units(convention: str, treaty_dir: str) -> tuple[tuple[str, str], ...] | None:
    path = treaty_file(convention, treaty_dir)
    if path is None:
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    dutch_title = next((_clean(m.group(2)).lower() for line in lines
                        if (m := _HEADING.match(line.strip())) and m.group(1) == "##"), "")
    units: list[tuple[str, str]] = []
    started = False
    annex = ""  # "Annex II", "Appendix I", "Schedule"
    part = ""  # a part of an annex that restarts its article numbers (CBD Annex II, Part 2)
    article = ""  # "Article 7"
    section = ""  # a numbered section without the word Article (ASCOBANS' "1", an annex's items)
    number = ""
    final = False  # inside a final clause
    chapter_final = False  # inside a chapter of final clauses
    fresh = False  # no unit taken yet from the current article
    last_letter = ""  # the last lettered sub-paragraph of the current paragraph ("b" of "Article 13(2)(b)")
    for line in lines:
        raw = line.strip()
        heading = _HEADING.match(raw)
        if not started:
            started = bool(heading and heading.group(1) == "####")  # the English title follows the Dutch one
            continue
        if heading:
            title, last_letter = _clean(heading.group(2)), ""
            # The Dutch translation starts with the Dutch title again, or with its first "Artikel".
            if (dutch_title and title.lower() == dutch_title) or _DUTCH_HEADING.match(title) or _dutch(title):
                break
            article_m, annex_m = _ARTICLE.match(title), _ANNEX.match(title)
            # "Annex II" is an annex; "####Appendix III and Amendments thereto" is the title of an article.
            if annex_m and (heading.group(1) != "####" or not annex_m.group(3)):
                annex = title if annex_m.group(1).lower() == "appendices" else (
                    f"{annex_m.group(1).capitalize()} {annex_m.group(2) or ''}".strip())
                part, article, section, number, final, chapter_final = "", "", "", "", False, False
            elif article_m:
                article, section, number, fresh = f"Article {article_m.group(1)}", "", "", True
                final = bool(FINAL_HEADING.search(article_m.group(2) or ""))
            elif _PART.match(title):
                part = title.title() if annex else ""
                article, section, number, final, chapter_final = "", "", "", False, False
            elif _SECTION.match(title):
                article, section, number, final, chapter_final = "", title.rstrip("."), "", False, False
            elif FINAL_HEADING.search(title) and not re.search(r"appendi|annex", title, re.IGNORECASE):
                # An article's heading ("Entry into Force") ends with its article; a chapter's
                # ("FINAL CLAUSES", "Final Provisions") covers every article up to the next chapter.
                if fresh and article:
                    final = True
                else:
                    chapter_final = True
            continue
        text = _clean(raw)
        if not text or raw.startswith("|") or set(text) <= set("-.|: "):
            continue  # tables (the ICRW forms) and rules
        if _dutch(text):
            continue  # a Dutch editorial note inside the English text ("Treedt in werking op ...")
        if re.match(r"(?i)in witness whereof|done at\b", text):
            continue  # the signature block
        if FINAL_TEXT.search(text[:240]):
            # A final clause by its wording (the articles of Ramsar, WHC and ICRW have no heading;
            # ASCOBANS' are paragraphs of its section 8): the whole article when it opens with one.
            final = final or (fresh and bool(article))
            fresh = False
            continue
        fresh = False
        if final or chapter_final:
            continue
        text = re.sub(r"^Preamble\s*", "", text)
        if not (annex or article or section):
            units.append(("the preamble", text))
            continue
        numbered = _NUMBERED.match(text)
        subitem = _SUBITEM.match(text)
        lettered = _LETTERED.match(text)
        letter = ""
        if numbered:
            number, last_letter = numbered.group(1), ""
            if not text[numbered.end():].strip():
                continue  # a bare "2." whose sub-paragraphs follow
        elif subitem and not (lettered and _letter_next(last_letter, lettered.group(1) or "")):
            # "(ii)" after "(b)": an item of (b); "(i)" after "(h)" is the letter i
            letter = f"{last_letter})({subitem.group(1)}" if last_letter else subitem.group(1)
        elif lettered:
            letter = last_letter = lettered.group(1) or lettered.group(2)
        ref = _reference(annex, part, article, section, number, letter)
        if units and units[-1][0] == ref:
            # a line without a mark of its own (a dash item, a continuation) belongs to the paragraph above:
            # one label, one unit (two units under one label made a run store one pair twice)
            units[-1] = (ref, f"{units[-1][1]} {text}")
            continue
        units.append((ref, text))
    # A file with no English text (the Wadden Sea Seals agreement is in Dutch only) is not on hand.
    return _labels_unique(units) or None


def _letter_next(last: str, letter: str) -> bool:
    """Return True when `letter` continues a lettered list that reached `last` ("i" after "h")."""
    return bool(letter) and len(letter) == 1 and ord(letter) == ord(last or "`") + 1


def _labels_unique(units: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Return the units with each label once: a label met again further on gets " (2)", " (3)" ...

    A pair of the overlap report is stored by its paragraphs' labels, so two units under one label (two
    ITPGRFA paragraphs both read as "Article 13(13)") made one pair stored twice.
    """
    seen: dict[str, int] = {}
    out = []
    for ref, text in units:
        seen[ref] = seen.get(ref, 0) + 1
        out.append((ref if seen[ref] == 1 else f"{ref} ({seen[ref]})", text))
    return tuple(out)


def _reference(annex: str, part: str, article: str, section: str, number: str, letter: str) -> str:
    """Return "Annex II, Part 2, Article 3(1)(a)", "Article 8(h)", "paragraph 2.1", "Annex 3, paragraph 1.1"."""
    head = ", ".join(x for x in (annex, part) if x)
    if article:
        core = article + (f"({number})" if number else "") + (f"({letter})" if letter else "")
    elif number or section:
        core = f"paragraph {number or section}" + (f"({letter})" if letter else "")
    else:
        core = f"({letter})" if letter and head else ""
        return head + core if head else "the preamble"
    return f"{head}, {core}" if head else core


def treaty_mentions(convention: str, pattern: re.Pattern, treaty_dir: str | Path) -> list[str] | None:
    """Return the references of the treaty units in `treaty_dir` that mention the theme (None: no text on hand)."""
    units = treaty_units(convention, treaty_dir)
    if units is None:
        return None
    refs: list[str] = []
    for ref, text in units:
        if pattern.search(text) and ref not in refs:
            refs.append(ref)
    return refs
