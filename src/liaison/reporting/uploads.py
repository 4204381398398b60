"""Files attached to answers: accepted only when their first bytes say what their name claims.

Refusals are domain errors: 413 for a file over the limit, 415 for a kind not accepted or not what its name
says, 422 for an empty file.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from liaison.core.errors import Invalid, TooLarge, UnsupportedType
from liaison.core.filetypes import filetype_detect

# extension -> (content type, the kind liaison.core.filetypes must detect, or None for plain text)
ACCEPTED = {
    ".pdf": ("application/pdf", "pdf"),
    ".png": ("image/png", "png"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ".odt": ("application/vnd.oasis.opendocument.text", "odt"),
    ".csv": ("text/csv", None),
    ".txt": ("text/plain", None),
}


def upload_max_bytes() -> int:
    """Return the largest file an answer takes, in bytes (setting LIAISON_REPORT_FILE_MAX_BYTES)."""
    return int(getattr(settings, "LIAISON_REPORT_FILE_MAX_BYTES", settings.LIAISON_UPLOAD_MAX_BYTES))


def upload_limit_text() -> str:
    """Return the limit as people read it, e.g. '10.0 MB'."""
    return _("%(mb).1f MB") % {"mb": upload_max_bytes() / 2**20}


def upload_size_check(size: int | None) -> None:
    """Raise TooLarge when a file of `size` bytes is over the limit (checked before reading it)."""
    if size is not None and size > upload_max_bytes():
        message = _("The file is larger than %(limit)s.") % {"limit": upload_limit_text()}
        raise TooLarge(message, errors=[{"field": "file", "message": message}])


def upload_check(*, name: str, data: bytes) -> str:
    """Return the content type of an acceptable file; raise TooLarge, UnsupportedType or Invalid otherwise."""
    upload_size_check(len(data))
    if not data:
        raise Invalid(_("The file is empty."), errors=[{"field": "file", "message": _("The file is empty.")}])
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in ACCEPTED:
        raise UnsupportedType(_("Files of this type (%(suffix)s) are not accepted; send one of %(list)s.")
                          % {"suffix": suffix or "?", "list": ", ".join(sorted(ACCEPTED))})
    content_type, kind = ACCEPTED[suffix]
    if kind is not None and filetype_detect(data) != kind:
        raise UnsupportedType(_("The file is named %(suffix)s but its content is not a %(suffix)s file.")
                          % {"suffix": suffix})
    if kind is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UnsupportedType(_("The file is named %(suffix)s but is not UTF-8 text.") % {"suffix": suffix}) from None
        if "\x00" in text:
            raise UnsupportedType(_("The file is named %(suffix)s but holds binary data.") % {"suffix": suffix})
    return content_type
