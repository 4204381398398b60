"""The bounds every stored value of partnerships keeps: days, money, ids, text. Checked by forms, API schemas,
services and the models alike, so no value a page cannot show is ever stored."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DAY_MIN, DAY_MAX = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
# Activity.budget is DecimalField(max_digits=14, decimal_places=2): at most twelve digits before the point.
BUDGET_MAX = Decimal("999999999999.99")
ID_MAX = 2**63 - 1  # the largest primary key both databases hold
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # partner documents and contribution evidence
TEXT_MAX = 20_000  # free text: summaries, descriptions, comments, reasons
_ASCII_ID = re.compile(r"[0-9]{1,19}")


def day_check(value: dt.date | None, *, what: str | None = None) -> dt.date | None:
    """Return `value` when it lies in 1900..2200; raise ValidationError otherwise."""
    if value is not None and not DAY_MIN <= value <= DAY_MAX:
        raise ValidationError(_("%(what)s (%(day)s) must lie between %(min)d and %(max)d.") % {
            "what": what or _("A date"), "day": value.isoformat(), "min": DAY_MIN.year, "max": DAY_MAX.year})
    return value


def day_in_range(value: dt.date | None) -> None:
    """Model-field validator: the day lies in 1900..2200."""
    day_check(value)


def budget_parse(value) -> Decimal | None:
    """Return the budget as a Decimal of at most two decimals that fits its column; raise ValidationError."""
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("The budget %(value)s is not a number.") % {"value": repr(value)}) from None
    if not amount.is_finite():
        raise ValidationError(_("The budget %(value)s is not a number.") % {"value": repr(value)})
    if amount < 0:
        raise ValidationError(_("The budget may not be negative."))
    if amount > BUDGET_MAX:
        raise ValidationError(_("The budget may be at most %(max)s.") % {"max": f"{BUDGET_MAX:,}"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("The budget has at most two decimals."))
    return amount.quantize(Decimal("0.01"))


def id_parse(value) -> int | None:
    """Return `value` as a database id (ASCII digits, within range), or None when it is not one.

    `str.isdigit()` is also true of '³' or '٣', which int() or the database then refuse with a server error.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= ID_MAX else None
    text = str(value).strip()
    if not _ASCII_ID.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= ID_MAX else None


def person(user):
    """Return `user` when it is a stored account, None for the system actor or anonymous (for *_by columns)."""
    return user if getattr(user, "is_authenticated", False) and getattr(user, "pk", None) else None
