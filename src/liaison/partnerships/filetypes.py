"""What an uploaded evidence file really is, read from its first bytes rather than from its name."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from liaison.core.errors import UnsupportedType
from liaison.core.filetypes import filetype_detect

# Extension a person may give -> the kind the bytes must show.
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "png": "png", "jpg": "jpeg", "jpeg": "jpeg"}
LABELS = {"pdf": "a PDF", "docx": "a Word (DOCX) document", "png": "a PNG image", "jpeg": "a JPEG image",
          "xlsx": "an Excel (XLSX) workbook", "odt": "an OpenDocument text"}


def filetype_check(*, data: bytes, name: str) -> str:
    """Return the kind of an upload whose bytes match its extension; raise UnsupportedType (415) otherwise."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(ext)
    if claimed is None:
        raise UnsupportedType(f"Files may be PDF, DOCX, PNG or JPEG; {name!r} is none of these.")
    if not data:
        raise ValidationError(f"{name!r} is empty.")
    actual = filetype_detect(data)
    if actual != claimed:
        found = LABELS.get(actual, "not a file type Liaison accepts")
        raise UnsupportedType(f"{name!r} claims to be {LABELS[claimed]} but its content is {found}.")
    return actual
