"""What an uploaded evidence file really is, read from its first bytes rather than from its name."""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError

# Extension a person may give -> the kind the bytes must show.
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "png": "png", "jpg": "jpeg", "jpeg": "jpeg"}
LABELS = {"pdf": "a PDF", "docx": "a Word (DOCX) document", "png": "a PNG image", "jpeg": "a JPEG image"}


def filetype_detect(data: bytes) -> str | None:
    """Return pdf, docx, png or jpeg when the bytes are one of them, None otherwise."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def filetype_check(*, data: bytes, name: str) -> str:
    """Return the kind of an upload whose bytes match its extension; raise ValidationError otherwise."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(ext)
    if claimed is None:
        raise ValidationError(f"Evidence may be PDF, DOCX, PNG or JPEG; {name!r} is none of these.")
    if not data:
        raise ValidationError(f"{name!r} is empty.")
    actual = filetype_detect(data)
    if actual != claimed:
        found = LABELS[actual] if actual else "not a file type Liaison accepts"
        raise ValidationError(f"{name!r} claims to be {LABELS[claimed]} but its content is {found}.")
    return actual
