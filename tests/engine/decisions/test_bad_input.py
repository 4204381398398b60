"""Bad input always gives DocumentError with a message a person can act on, never another exception."""

from __future__ import annotations

import io
import os
import random
import zipfile

import pytest

from liaison.engine.decisions import DocumentError, document_parse


def _pdf(*, encrypted: bool) -> bytes:
    """Write a one-page PDF by hand; with `encrypted`, add a Standard security handler whose user password is unknown."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    if encrypted:
        # RC4 40-bit (V1/R2) with O and U entries that do not match the empty password: PDFium must ask for one.
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -44 >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypted:
        trailer += b" /Encrypt 4 0 R /ID [<" + b"01" * 16 + b"><" + b"01" * 16 + b">]"
    return out + b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref


def _error(data: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(DocumentError) as caught:
        document_parse(data, filename=filename, **kwargs)
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


def test_empty_file():
    assert "is empty" in _error(b"", "empty.txt")
    assert "is empty" in _error(b"  \n\n ", "blank.txt")


def test_binary_junk():
    junk = random.Random(7).randbytes(4096)
    assert "binary" in _error(junk, "junk.bin")
    assert "binary" in _error(junk, "junk.txt")


def test_high_bytes_in_unknown_encoding():
    rng = random.Random(11)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    message = _error(data, "notes.txt")
    assert "encoding" in message


def test_image_with_a_text_name():
    assert "PNG image" in _error(b"\x89PNG\r\n\x1a\n" + os.urandom(100), "decision.txt")


def test_truncated_pdf(ipbes_pdf_bytes):
    assert "damaged" in _error(ipbes_pdf_bytes[: len(ipbes_pdf_bytes) // 3], "cut.pdf")
    assert "damaged" in _error(b"%PDF-1.7\n" + b"garbage " * 50, "fake.pdf")


def test_encrypted_pdf():
    assert _pdf(encrypted=False).startswith(b"%PDF")
    assert "encrypted" in _error(_pdf(encrypted=True), "locked.pdf")


def test_pdf_without_text_layer():
    assert "no text layer" in _error(_pdf(encrypted=False), "scan.pdf")


def test_pdf_name_without_pdf_content():
    assert "not a PDF" in _error(b"Recalling things,\n1. Requests the Secretariat to act;\n", "wrong.pdf")


def test_docx_that_is_a_zip_of_something_else():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    assert "not a Word" in _error(buffer.getvalue(), "report.docx")


def test_docx_with_a_broken_document_part():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<not-closed")
    assert "damaged" in _error(buffer.getvalue(), "broken.docx")


def test_truncated_zip():
    assert "damaged" in _error(b"PK\x03\x04" + b"\x00" * 10, "cut.docx")


def test_no_operative_part():
    text = b"MINUTES OF A MEETING\nThe meeting opened at 10:00 and closed at noon.\nNothing was decided.\n"
    assert "no operative part" in _error(text, "minutes.txt")


def test_over_size(seed_bytes):
    message = _error(seed_bytes, "seed.txt", max_bytes=1000)
    assert "limit" in message
    assert document_parse(seed_bytes, filename="seed.txt", max_bytes=len(seed_bytes))["operative"]


def test_not_bytes():
    assert "bytes" in _error("a string", "x.txt")
