"""Office uploads are checked against the unpacking limits before any member is read (issue 11)."""

from __future__ import annotations

import io
import zipfile

import pytest

from liaison.core.errors import TooLarge
from liaison.core.filetypes import filetype_detect


def test_zip_bomb_xlsx_is_too_large():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<row/>" * 2_000_000)  # 12 MB of rows, a few KB packed
    with pytest.raises(TooLarge) as caught:
        filetype_detect(buffer.getvalue())
    assert "ZIP bomb" in caught.value.detail


def test_many_member_docx_is_too_large():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(2001):
            archive.writestr(f"word/media/{n}.txt", "x")
    with pytest.raises(TooLarge):
        filetype_detect(buffer.getvalue())
