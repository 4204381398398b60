"""Files attached to answers: accepted only when their first bytes say what their name claims."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

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


class UploadError(ValueError):
    """The file is refused; the message says why."""


def upload_max_bytes() -> int:
    return int(getattr(settings, "LIAISON_REPORT_FILE_MAX_BYTES", settings.LIAISON_UPLOAD_MAX_BYTES))


def upload_check(*, name: str, data: bytes) -> str:
    """Return the content type of an acceptable file; raise UploadError saying what is wrong otherwise."""
    limit = upload_max_bytes()
    if len(data) > limit:
        raise UploadError(_("The file is larger than %(mb).1f MB.") % {"mb": limit / 2**20})
    if not data:
        raise UploadError(_("The file is empty."))
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in ACCEPTED:
        raise UploadError(_("Files of this type (%(suffix)s) are not accepted; send one of %(list)s.")
                          % {"suffix": suffix or "?", "list": ", ".join(sorted(ACCEPTED))})
    content_type, kind = ACCEPTED[suffix]
    if kind is not None and filetype_detect(data) != kind:
        raise UploadError(_("The file is named %(suffix)s but its content is not a %(suffix)s file.")
                          % {"suffix": suffix})
    if kind is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadError(_("The file is named %(suffix)s but is not UTF-8 text.") % {"suffix": suffix}) from None
        if "\x00" in text:
            raise UploadError(_("The file is named %(suffix)s but holds binary data.") % {"suffix": suffix})
    return content_type
