"""Answer values: checked against the question's kind, carried across a question link, shown as text."""

from __future__ import annotations

import datetime as dt
import math
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from liaison.core.text import text_clean
from liaison.reporting.models import Question, QuestionLink

TEXT_MAX = 20000
TABLE_ROWS_MAX = 1000
URL_MAX = 2000
NUMBER_MAX = 10**15  # a count, an area or an amount of money; larger is a typing mistake (and breaks JSON floats)
YEARS = (1900, 2200)


class AnswerValueError(ValueError):
    """The value does not fit the question; the message says what would."""


def value_clean(question: Question, value):
    """Return `value` normalized for `question` (None clears the answer); raise AnswerValueError otherwise."""
    if value is None or value == "" or value == []:
        return None
    kind = question.kind
    values = [o.get("value") for o in question.options]
    if kind == Question.HEADER:
        raise AnswerValueError(_("This is a heading; it takes no answer."))
    if kind in (Question.YESNO, Question.YESNOPARTLY, Question.SINGLE):
        if not isinstance(value, str) or value not in values:
            raise AnswerValueError(_("Choose one of: %(options)s.") % {
                "options": ", ".join(question.option_label(v) for v in values)})
        return value
    if kind == Question.MULTIPLE:
        chosen = [value] if isinstance(value, str) else value
        if not isinstance(chosen, list) or not all(isinstance(v, str) and v in values for v in chosen):
            raise AnswerValueError(_("Choose any of the listed options, and only those."))
        return [v for v in values if v in chosen]
    if kind == Question.NUMBER:
        return number_clean(value)
    if kind == Question.DATE:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise AnswerValueError(_("Enter a date as YYYY-MM-DD.")) from None
        if not YEARS[0] <= day.year <= YEARS[1]:
            raise AnswerValueError(_("Enter a date between %(start)d and %(end)d.") % {
                "start": YEARS[0], "end": YEARS[1]})
        return day.isoformat()
    if kind == Question.LINK:
        if len(str(value)) > URL_MAX:
            raise AnswerValueError(_("A web address is at most %(n)d characters.") % {"n": URL_MAX})
        try:
            URLValidator(schemes=["http", "https"])(str(value).strip())
        except ValidationError:
            raise AnswerValueError(_("Enter a web address starting with http:// or https://.")) from None
        return str(value).strip()
    if kind == Question.TABLE:
        return table_clean(question, value)
    if kind == Question.FILE:
        raise AnswerValueError(_("Upload the file; a file answer cannot be typed."))
    if not isinstance(value, str):
        raise AnswerValueError(_("Enter text."))
    value = text_clean(value)
    if len(value) > TEXT_MAX:
        raise AnswerValueError(_("The text is longer than %(n)d characters.") % {"n": TEXT_MAX})
    return value


def number_clean(value):
    if isinstance(value, bool):
        raise AnswerValueError(_("Enter a number, such as 12 or 3.5."))
    if isinstance(value, int | float):
        number, text = value, ""
    else:
        text = re.sub(r"[\s\u00a0\u202f,]", "", str(value))
        try:
            number = float(text)
        except ValueError:
            raise AnswerValueError(_("Enter a number, such as 12 or 3.5.")) from None
    if abs(number) > NUMBER_MAX or not math.isfinite(number):  # an int beyond floats is compared, not converted
        raise AnswerValueError(_("Enter a number no larger than %(n)s.") % {"n": f"{NUMBER_MAX:,}"})
    if isinstance(value, int | float):
        return value
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


def table_clean(question: Question, value):
    keys = [c["key"] for c in question.columns]
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise AnswerValueError(_("A table answer is a list of rows."))
    if len(value) > TABLE_ROWS_MAX:
        raise AnswerValueError(_("A table holds at most %(n)d rows.") % {"n": TABLE_ROWS_MAX})
    rows = []
    for row in value:
        unknown = set(row) - set(keys)
        if keys and unknown:
            raise AnswerValueError(_("Unknown column: %(col)s.") % {"col": ", ".join(sorted(unknown))})
        rows.append({text_clean(str(k))[:100]: text_clean(str(v))[:TEXT_MAX] for k, v in row.items()
                     if v not in (None, "")})
    return [row for row in rows if row] or None


def value_carry(link: QuestionLink, value, *, forward: bool = True):
    """Return `value` as an answer to the other question of `link` (None when it does not carry over)."""
    if value is None:
        return None
    mapping = (link.transform or {}).get("map") or {}
    if not forward:
        inverse: dict = {}
        for source_value, target_value in mapping.items():
            inverse.setdefault(target_value, source_value)
        mapping = inverse
    target = link.target if forward else link.source
    if mapping:
        if isinstance(value, list):
            carried = [mapping[v] for v in value if v in mapping]
            return carried or None
        return mapping.get(value) if isinstance(value, str) else None
    try:
        return value_clean(target, value)
    except AnswerValueError:
        return None


def value_display(question: Question, value) -> str:
    """Return the answer as a reader sees it (option labels rather than codes)."""
    if value is None:
        return ""
    if isinstance(value, list) and question.kind == Question.MULTIPLE:
        return "; ".join(question.option_label(v) for v in value)
    if question.kind in Question.CHOICE_KINDS:
        return question.option_label(value)
    if question.kind == Question.TABLE and isinstance(value, list):
        return " | ".join(", ".join(f"{k}: {v}" for k, v in row.items()) for row in value)
    if question.kind == Question.FILE and isinstance(value, list):
        return ", ".join(f.get("name", "") for f in value if isinstance(f, dict))
    return str(value)
