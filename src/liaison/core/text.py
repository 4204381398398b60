"""One sanitizer for text that enters Liaison from people or files (answers, comments, imported formats).

Two kinds of character break things far from where they came in:
- a lone surrogate (JSON allows "\\ud800") is not a character: encoding a page or a CSV that holds one fails,
  and PostgreSQL refuses it in JSON columns;
- NUL and the other C0 control characters (except tab, line feed, carriage return): PostgreSQL refuses NUL,
  and the others are invisible, break XML/PDF output and never belong in a person's text.
Both are replaced at the door, so everything stored is text every output can write.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from liaison.core.errors import Invalid

REPLACEMENT = "\ufffd"
_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 controls except \t \n \r; DEL and C1 controls are printable enough to keep.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text_clean(value: str, *, max_length: int | None = None, field: str = "") -> str:
    """Return `value` with lone surrogates replaced by U+FFFD and C0 controls (not tab/newlines) removed.

    Raises core.errors.Invalid (naming `field` when given) when the cleaned text is over `max_length`.
    """
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    if _SURROGATES.search(value):
        value = _SURROGATES.sub(REPLACEMENT, value)
    if _CONTROLS.search(value):
        value = _CONTROLS.sub("", value)
    if max_length is not None and len(value) > max_length:
        message = _("The text is longer than %(n)d characters.") % {"n": max_length}
        raise Invalid(message, errors=[{"field": field, "message": message}])
    return value


def text_tree_clean(data, *, max_length: int | None = None):
    """Return `data` (parsed JSON: dicts, lists, strings...) with every string, key included, cleaned."""
    if isinstance(data, str):
        return text_clean(data, max_length=max_length)
    if isinstance(data, list):
        return [text_tree_clean(item, max_length=max_length) for item in data]
    if isinstance(data, dict):
        return {text_clean(str(key)): text_tree_clean(item, max_length=max_length) for key, item in data.items()}
    return data
