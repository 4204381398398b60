"""Bounds of what a person enters in the working group's forms and API bodies: dates and lists of linked ids."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from liaison.coordination.models import LINKS_MAX
from liaison.core.errors import Invalid

DATE_FLOOR, DATE_CEILING = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


def date_bounded(value: dt.date | None, *, field: str, required: bool) -> dt.date | None:
    """Return `value`; Invalid when it is missing (and required) or outside 1990-2100."""
    if value is None:
        if required:
            raise Invalid(errors=[{"field": field, "message": _("this field is required")}])
        return None
    if not DATE_FLOOR <= value <= DATE_CEILING:
        raise Invalid(errors=[{"field": field, "message": _("a date between 1990 and 2100")}])
    return value


def ids_bounded(ids: list[int] | None, *, field: str) -> list[int]:
    """Return the distinct ids given, in order; Invalid past LINKS_MAX."""
    out = list(dict.fromkeys(ids or []))
    if len(out) > LINKS_MAX:
        raise Invalid(errors=[{"field": field, "message": _("at most %(n)d links") % {"n": LINKS_MAX}}])
    return out
