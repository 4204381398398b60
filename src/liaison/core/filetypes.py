"""What a file really is, read from its first bytes (and, for Office files, its zip members), not from its name.

Each area keeps its own policy of which kinds it accepts; this module only tells them what a file is.
"""

from __future__ import annotations

import io
import zipfile

from liaison.core.errors import TooLarge
from liaison.engine.decisions import DocumentError
from liaison.engine.decisions.limits import zip_limits_check

# kind -> the zip member that marks it
ZIP_KINDS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def filetype_detect(data: bytes) -> str | None:
    """Return pdf, png, jpeg, docx, xlsx or odt when the bytes are one of them, None otherwise.

    A ZIP over the unpacking limits (engine.decisions.limits) raises TooLarge before any member is read.
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:  # a ZIP bomb or a package of thousands of members is refused from its central directory
            zip_limits_check(data)
        except DocumentError as exc:
            if exc.kind == "too_large":
                raise TooLarge(str(exc)) from None
            return None
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                for kind, member in ZIP_KINDS.items():
                    if member in names:
                        return kind
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
    return None
