"""File kinds are read from the bytes, not the name."""

import io
import zipfile

import docx

from liaison.core.filetypes import filetype_detect


def zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_real_docx_is_docx_and_a_plain_zip_is_nothing():
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert filetype_detect(buffer.getvalue()) == "docx"
    assert filetype_detect(zip_with({"notes.txt": b"hello"})) is None
    assert filetype_detect(b"PK\x03\x04broken") is None


def test_images_pdf_and_office_kinds():
    assert filetype_detect(b"%PDF-1.7\n") == "pdf"
    assert filetype_detect(b"\x89PNG\r\n\x1a\n....") == "png"
    assert filetype_detect(b"\xff\xd8\xff\xe0....") == "jpeg"
    assert filetype_detect(zip_with({"xl/workbook.xml": b"<x/>"})) == "xlsx"
    assert filetype_detect(zip_with({"mimetype": b"application/vnd.oasis.opendocument.text"})) == "odt"
    assert filetype_detect(b"MZ\x90\x00") is None
    assert filetype_detect(b"") is None
