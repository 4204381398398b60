"""What an uploaded evidence file really is, read from its first bytes rather than from its name."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.errors import UnsupportedType
from liaison.core.filetypes import filetype_detect

# Extension a person may give -> the kind the bytes must show.
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "png": "png", "jpg": "jpeg", "jpeg": "jpeg"}
LABELS = {"pdf": gettext_lazy("a PDF"), "docx": gettext_lazy("a Word (DOCX) document"),
          "png": gettext_lazy("a PNG image"), "jpeg": gettext_lazy("a JPEG image"),
          "xlsx": gettext_lazy("an Excel (XLSX) workbook"), "odt": gettext_lazy("an OpenDocument text")}


def filetype_check(*, data: bytes, name: str) -> str:
    """Return the kind of an upload whose bytes match its extension; raise UnsupportedType (415) otherwise."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(ext)
    if claimed is None:
        raise UnsupportedType(_("Files may be PDF, DOCX, PNG or JPEG; %(name)s is none of these.")
                              % {"name": repr(name)})
    if not data:
        raise ValidationError(_("%(name)s is empty.") % {"name": repr(name)})
    actual = filetype_detect(data)
    if actual != claimed:
        found = LABELS.get(actual, _("not a file type Liaison accepts"))
        raise UnsupportedType(_("%(name)s claims to be %(claimed)s but its content is %(found)s.")
                              % {"name": repr(name), "claimed": LABELS[claimed], "found": found})
    return actual
