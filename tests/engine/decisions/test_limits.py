"""Limits on what the readers open: ZIP bombs, many-member packages, long PDFs and texts are refused
before the expensive parse, with a DocumentError of kind "too_large" that says which limit was met."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from liaison.engine.decisions import DocumentError, document_parse
from liaison.engine.decisions.extract import document_extract
from liaison.engine.decisions.limits import MAX_CHARS, MAX_MEMBERS, zip_limits_check

REPO = Path(__file__).resolve().parents[3]
PARAGRAPH = '<w:p><w:r><w:t xml:space="preserve">1. Requests the Secretariat to report. </w:t></w:r></w:p>'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(paragraphs: int, *, extra_members: int = 0) -> bytes:
    """Return a Word package (made by python-docx) whose body is `paragraphs` copies of one paragraph."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    body = f"<w:document {W}><w:body>" + PARAGRAPH * paragraphs + "</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = body.encode() if member.filename == "word/document.xml" else source.read(member)
            archive.writestr(member.filename, data)
        for n in range(extra_members):
            archive.writestr(f"word/media/pad{n}.txt", "x")
    return buffer.getvalue()


def _refusal(data: bytes, filename: str, **limits) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        document_extract(data, filename=filename, **limits)
    return caught.value


def test_zip_bomb_docx_is_refused_from_its_central_directory():
    bomb = _docx(250_000)  # about 20 MB of paragraphs in a package of some tens of KB
    assert len(bomb) < 200_000
    tracemalloc.start()
    try:
        error = _refusal(bomb, "bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.kind == "too_large"
    assert "bomb.docx expands" in str(error) and "ZIP bomb" in str(error)
    assert peak < 5 * 1024 * 1024  # nothing was inflated: parsing it would have taken hundreds of MB


def test_unpacked_size_limit_is_a_keyword_argument():
    small = _docx(50)
    error = _refusal(small, "small.docx", max_decompressed=1000)
    assert error.kind == "too_large"
    assert "when unpacked; the limit is" in str(error)
    assert "Requests the Secretariat" in document_extract(small, filename="small.docx").text


def test_many_member_zip_is_refused():
    crowded = _docx(5, extra_members=MAX_MEMBERS)
    error = _refusal(crowded, "crowded.docx")
    assert error.kind == "too_large"
    assert f"holds {MAX_MEMBERS + len(zipfile.ZipFile(io.BytesIO(_docx(1))).infolist())} files" in str(error)
    assert document_extract(_docx(5, extra_members=10), filename="ok.docx").text


def test_zip_limits_check_accepts_real_office_files():
    for path in sorted((REPO / "data").rglob("*.xlsx")):
        zip_limits_check(path.read_bytes(), name=path.name)  # 13 MB unpacked at most, ratio under 10
    shared = REPO.parent / "shared" / "data" / "decision_documents_mea" / "whc11-18ga-11-en.docx"
    if shared.is_file():
        assert document_extract(shared.read_bytes(), filename=shared.name).text


def test_zip_limits_check_on_a_broken_zip_is_invalid_not_too_large():
    with pytest.raises(DocumentError) as caught:
        zip_limits_check(b"PK\x03\x04" + b"\x00" * 10, name="cut.xlsx")
    assert caught.value.kind == "invalid"
    assert "damaged" in str(caught.value)


def test_long_text_is_refused():
    text = ("1. Requests the Secretariat to report to the next meeting.\n" * (MAX_CHARS // 50)).encode()
    assert len(text) > MAX_CHARS
    error = _refusal(text, "long.txt")
    assert error.kind == "too_large"
    assert f"the limit is {MAX_CHARS:,}" in str(error)


def test_characters_limit_applies_to_docx_text():
    error = _refusal(_docx(100), "wordy.docx", max_chars=1000)
    assert error.kind == "too_large"
    assert "characters of text" in str(error)


def test_pdf_pages_are_capped_before_reading_them():
    document = pdfium.PdfDocument.new()
    for _ in range(3):
        document.new_page(612, 792)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    error = _refusal(buffer.getvalue(), "long.pdf", max_pdf_pages=2)
    assert error.kind == "too_large"
    assert "long.pdf has 3 pages; the limit is 2." == str(error)


def test_document_parse_keeps_the_kind(seed_bytes):
    with pytest.raises(DocumentError) as caught:
        document_parse(seed_bytes, filename="seed.txt", max_bytes=1000)
    assert caught.value.kind == "too_large"
    with pytest.raises(DocumentError) as caught:
        document_parse(b"\x89PNG\r\n\x1a\n....", filename="x.txt")
    assert caught.value.kind == "invalid"
