"""Extraction: bytes of a decision document (text, Markdown, HTML, DOCX, PDF) to plain text."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from .limits import (
    MAX_BYTES,
    MAX_CHARS,
    MAX_DECOMPRESSED,
    MAX_MEMBERS,
    MAX_PDF_PAGES,
    bytes_limit_check,
    chars_limit_check,
    pages_limit_check,
    zip_limits_check,
)
from .markup import html_extract, markdown_extract, markup_sniff
from .model import DocumentError

DEFAULT_MAX_BYTES = MAX_BYTES

# Magic numbers of formats people upload by mistake; naming them makes the error message useful.
_FOREIGN_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\xd0\xcf\x11\xe0": "a legacy Office file (.doc/.xls); save it as .docx or PDF",
    b"{\\rtf": "an RTF file; save it as .docx or PDF",
}


# Every byte except the C0 controls that never occur in text (tab, LF, FF and CR do): deleting these counts the rest.
_NOT_CONTROL = bytes([9, 10, 12, 13]) + bytes(range(32, 256))


@dataclass
class Extracted:
    text: str
    format: str
    title: str | None = None
    meta: dict = field(default_factory=dict)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


def format_detect(data: bytes, filename: str) -> str:
    """Return 'pdf', 'docx' or 'text' from the magic bytes, with the file extension as a cross-check."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF-") or head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    for magic, what in _FOREIGN_MAGIC.items():
        if head.startswith(magic):
            raise DocumentError(f"{filename} is {what}, not a decision document.")
    if extension == "pdf":
        raise DocumentError(f"{filename} is named .pdf but is not a PDF file (no %PDF header).")
    if extension in ("docx", "docm"):
        raise DocumentError(f"{filename} is named .{extension} but is not a Word document (not a ZIP package).")
    return "text"


def text_decode(data: bytes, filename: str) -> str:
    """Return the text of a plain-text file in any encoding, or raise DocumentError for binary junk."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{filename} claims to be UTF-16 but cannot be decoded.") from exc
    sample = data[:65536]
    # Control bytes other than whitespace almost never occur in text; random or binary data has ~12%.
    control = len(sample.translate(None, _NOT_CONTROL))
    if b"\x00" in sample or control > max(2, len(sample) // 200):
        raise DocumentError(f"{filename} looks like binary data, not text.")
    try:
        return data.decode("utf-8")  # valid UTF-8 with no control bytes is text, however odd
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes  # imported lazily: only needed for non-UTF-8 files

        matches = list(from_bytes(data))
        if not matches:
            raise DocumentError(f"{filename}: the text encoding could not be recognized.") from None
        # For short English texts several code pages tie; Windows-1252 is by far the likeliest in practice.
        best = min(matches, key=lambda m: (round(m.chaos, 3), "cp1252" not in m.could_be_from_charset, -m.coherence))
        text = data.decode("cp1252") if "cp1252" in best.could_be_from_charset else str(best)
    if text.strip() and _junk_ratio(text) > 0.25:
        raise DocumentError(f"{filename}: the text encoding could not be recognized (the decoded text is garbled).")
    return text


_JUNK = re.compile(r"[^\w\s.,;:()\[\]\-–—'\"’‘“”/&%!?*#+=<>@$§°…•·|{}~^`\\]")


def _junk_ratio(text: str) -> float:
    """Share of characters that are neither letters, digits, spaces nor common punctuation."""
    sample = text[:20000]
    return len(_JUNK.findall(sample)) / max(1, len(sample))


def pdf_extract(
    data: bytes, filename: str, *, max_pages: int = MAX_PDF_PAGES, max_chars: int = MAX_CHARS
) -> Extracted:
    """Return the text layer of a PDF, one page per form feed; at most `max_pages` pages, `max_chars` characters."""
    import pypdfium2 as pdfium  # imported lazily: loading PDFium costs time the text path never needs

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise DocumentError(f"{filename} is an encrypted (password-protected) PDF; upload an unprotected copy.") from None
        raise DocumentError(f"{filename} is a damaged or incomplete PDF ({exc}).") from None
    except Exception as exc:  # PDFium raises a few other types on odd input; all mean the same to a user
        raise DocumentError(f"{filename} is a damaged PDF ({exc.__class__.__name__}).") from None
    pages: list[str] = []
    chars = 0
    try:
        pages_limit_check(len(document), max_pages=max_pages, name=filename)
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
            chars += len(pages[-1])
            if chars > max_chars:  # stop reading pages as soon as the text is over the limit
                chars_limit_check("\f".join(pages), max_chars=max_chars, name=filename)
    except DocumentError:
        raise
    except Exception as exc:  # a page whose content stream is broken
        raise DocumentError(f"{filename}: page {len(pages) + 1} of the PDF cannot be read ({exc}).") from None
    finally:
        document.close()
    # PDFium marks a hyphen at a line break as U+FFFE and may emit U+FFFF; both stand for a hyphen.
    text = "\f".join(pages).replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-").replace("\uffff", "")
    if len(re.sub(r"\s", "", text)) < 20:
        raise DocumentError(f"{filename}: the PDF has no text layer (a scan?); run OCR first.")
    return Extracted(text=text, format="pdf", pages=len(pages))


def docx_extract(
    data: bytes,
    filename: str,
    *,
    max_decompressed: int = MAX_DECOMPRESSED,
    max_members: int = MAX_MEMBERS,
    max_chars: int = MAX_CHARS,
) -> Extracted:
    """Return the paragraphs of a DOCX, with automatic list numbering written out, within the size limits."""
    zip_limits_check(data, max_decompressed=max_decompressed, max_members=max_members, name=filename)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"{filename} is a damaged ZIP/DOCX file ({exc}).") from None
    if "word/document.xml" not in names:
        raise DocumentError(f"{filename} is a ZIP archive but not a Word (.docx) document.")
    import docx  # imported lazily: python-docx pulls in lxml

    try:
        document = docx.Document(io.BytesIO(data))
        lines = _docx_lines(document)
        title = (document.core_properties.title or "").strip() or None
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors... on damaged parts
        raise DocumentError(f"{filename} is a damaged Word document ({exc.__class__.__name__}).") from None
    text = "\n".join(lines)
    chars_limit_check(text, max_chars=max_chars, name=filename)
    meta: dict = {"core_title": title} if title else {}
    notes = _docx_notes(data) if "word/footnotes.xml" in names or "word/endnotes.xml" in names else []
    if notes:
        meta["footnotes"] = notes
    return Extracted(text=text, format="docx", meta=meta)


def _docx_notes(data: bytes) -> list[str]:
    """Return the texts of a DOCX's footnotes and endnotes (python-docx does not read them)."""
    from xml.etree import ElementTree

    notes: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part, tag in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
            try:
                root = ElementTree.fromstring(archive.read(part))
            except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
                continue  # a missing or broken notes part leaves the body readable
            for note in root.iter(_W + tag):
                if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join("".join(t.text or "" for t in note.iter(_W + "t")).split())
                if text:
                    notes.append(text)
    return notes


_NUMPR = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}numPr"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_lines(document) -> list[str]:
    # Word stores automatic numbering outside the text; rebuild "1." / "(a)" so structure can see it.
    counters: dict[tuple[str, int], int] = {}
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        numpr = _numbering_find(paragraph)
        if numpr is not None and text and not re.match(r"^(\(?\w{1,4}[.)]|[-•–])\s", text):
            ilvl_node = numpr.find(_W + "ilvl")
            num_node = numpr.find(_W + "numId")
            level = int(ilvl_node.get(_W + "val", "0")) if ilvl_node is not None else 0
            num_id = num_node.get(_W + "val", "0") if num_node is not None else "0"
            key = (num_id, level)
            counters[key] = counters.get(key, 0) + 1
            for deeper in [k for k in counters if k[0] == num_id and k[1] > level]:
                del counters[deeper]
            count = counters[key]
            if level == 0:
                text = f"{count}. {text}"
            elif level == 1:
                text = f"({_letters(count)}) {text}"
            else:
                text = f"- {text}"
        lines.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                lines.append(" | ".join(cells))
    return lines


def _numbering_find(paragraph):
    """Return the numbering properties of a paragraph, set directly or through its style chain."""
    properties = paragraph._p.pPr
    if properties is not None and properties.find(_NUMPR) is not None:
        return properties.find(_NUMPR)
    style = paragraph.style
    depth = 0
    while style is not None and depth < 10:
        style_properties = style.element.pPr
        if style_properties is not None and style_properties.find(_NUMPR) is not None:
            return style_properties.find(_NUMPR)
        style = style.base_style
        depth += 1
    return None


def _letters(count: int) -> str:
    letters = ""
    while count > 0:
        count, rest = divmod(count - 1, 26)
        letters = chr(97 + rest) + letters
    return letters


def document_extract(
    data: bytes,
    *,
    filename: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_decompressed: int = MAX_DECOMPRESSED,
    max_members: int = MAX_MEMBERS,
    max_pdf_pages: int = MAX_PDF_PAGES,
    max_chars: int = MAX_CHARS,
) -> Extracted:
    """Return the text of a document of any supported format, or raise DocumentError.

    Over a limit (file size, unpacked size or member count of a DOCX, pages of a PDF, characters
    of the text) the DocumentError has kind "too_large"; it is raised before the expensive parse.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise DocumentError(f"{filename}: expected the bytes of a file.")
    data = bytes(data)
    bytes_limit_check(data, max_bytes=max_bytes, name=filename)
    if not data.strip():
        raise DocumentError(f"{filename} is empty.")
    kind = format_detect(data, filename)
    if kind == "pdf":
        return pdf_extract(data, filename, max_pages=max_pdf_pages, max_chars=max_chars)
    if kind == "docx":
        return docx_extract(
            data, filename, max_decompressed=max_decompressed, max_members=max_members, max_chars=max_chars
        )
    text = text_decode(data, filename)
    if not text.strip():
        raise DocumentError(f"{filename} contains no text.")
    chars_limit_check(text, max_chars=max_chars, name=filename)
    markup = markup_sniff(text, filename)
    if markup == "html":
        body, title, meta = html_extract(text)
        return Extracted(text=body, format="html", title=title, meta=meta)
    if markup == "markdown":
        body, title, meta = markdown_extract(text)
        return Extracted(text=body, format="markdown", title=title, meta=meta)
    return Extracted(text=text, format="text")
