"""The messages of request-validation errors (pydantic's error types) in the caller's language.

django-ninja hands over pydantic's errors, whose `msg` is English only ("Field required", "String should have at
most 64 characters"). Each error has a stable `type` and a `ctx` with its limits: the API answers with the
message below for that type, translated at request time; an unknown type keeps pydantic's own text.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

VALUE_ERROR_PREFIX = "Value error, "

# type -> message; "%(name)s" placeholders are filled from the error's ctx.
MESSAGES = {
    "missing": gettext_noop("This field is required."),
    "extra_forbidden": gettext_noop("This field is not accepted here."),
    "string_type": gettext_noop("Must be text."),
    "string_too_short": gettext_noop("Must have at least %(min_length)s characters."),
    "string_too_long": gettext_noop("Must have at most %(max_length)s characters."),
    "string_pattern_mismatch": gettext_noop("Does not have the expected form."),
    "int_type": gettext_noop("Must be a whole number."),
    "int_parsing": gettext_noop("Must be a whole number."),
    "int_from_float": gettext_noop("Must be a whole number."),
    "int_parsing_size": gettext_noop("The number is too large."),
    "float_type": gettext_noop("Must be a number."),
    "float_parsing": gettext_noop("Must be a number."),
    "finite_number": gettext_noop("Must be a finite number."),
    "decimal_type": gettext_noop("Must be a number."),
    "decimal_parsing": gettext_noop("Must be a number."),
    "decimal_max_digits": gettext_noop("Must have at most %(max_digits)s digits."),
    "decimal_max_places": gettext_noop("Must have at most %(decimal_places)s decimal places."),
    "greater_than": gettext_noop("Must be greater than %(gt)s."),
    "greater_than_equal": gettext_noop("Must be at least %(ge)s."),
    "less_than": gettext_noop("Must be less than %(lt)s."),
    "less_than_equal": gettext_noop("Must be at most %(le)s."),
    "bool_type": gettext_noop("Must be true or false."),
    "bool_parsing": gettext_noop("Must be true or false."),
    "date_type": gettext_noop("Must be a date (YYYY-MM-DD)."),
    "date_parsing": gettext_noop("Must be a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_noop("Must be a date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": gettext_noop("Must be a date (YYYY-MM-DD)."),
    "datetime_type": gettext_noop("Must be a date and time (ISO 8601)."),
    "datetime_parsing": gettext_noop("Must be a date and time (ISO 8601)."),
    "datetime_from_date_parsing": gettext_noop("Must be a date and time (ISO 8601)."),
    "literal_error": gettext_noop("Must be one of: %(expected)s."),
    "enum": gettext_noop("Must be one of: %(expected)s."),
    "list_type": gettext_noop("Must be a list."),
    "too_short": gettext_noop("Must have at least %(min_length)s items."),
    "too_long": gettext_noop("Must have at most %(max_length)s items."),
    "dict_type": gettext_noop("Must be an object."),
    "model_type": gettext_noop("Must be an object."),
    "model_attributes_type": gettext_noop("Must be an object."),
    "json_invalid": gettext_noop("The body is not valid JSON."),
    "json_type": gettext_noop("The body is not valid JSON."),
    "url_type": gettext_noop("Must be a web address."),
    "url_parsing": gettext_noop("Must be a web address."),
    "url_scheme": gettext_noop("Must be a web address starting with http:// or https://."),
    "url_too_long": gettext_noop("The web address is too long."),
    "uuid_type": gettext_noop("Must be a UUID."),
    "uuid_parsing": gettext_noop("Must be a UUID."),
}


def validation_message(error: dict) -> str:
    """Return the message of one pydantic error, in the active language."""
    message = MESSAGES.get(error.get("type", ""))
    if message is None:
        text = str(error.get("msg", "")) or _("Not valid.")
        # a validator of ours raised ValueError: its own (already translated) text, without pydantic's prefix
        return text[len(VALUE_ERROR_PREFIX):] if text.startswith(VALUE_ERROR_PREFIX) else text
    ctx = error.get("ctx") or {}
    try:
        return _(message) % {key: str(value) for key, value in ctx.items()}
    except (KeyError, TypeError, ValueError):  # a ctx without the limit the message names
        return str(error.get("msg", "")) or _("Not valid.")
