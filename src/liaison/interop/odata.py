"""A strict, small subset of OData query options, parsed into plain values; nothing of the query reaches SQL raw.

Supported: `$filter` as comparisons `field eq value` joined by `and` (values: 'quoted strings' with '' for a
quote, integers, true/false/null), `$orderby` as `field [asc|desc]` separated by commas, `$top`, `$skip`,
`$expand` as a comma-separated list, and `$format=json`. Every field must be one the collection whitelists;
anything else is refused with a message saying what is accepted (QueryInvalid, answered 400).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from liaison.core.errors import DomainError

TOP_MAX = (
    500  # a larger $top is refused (400), not capped: the caller learns the limit instead of missing rows
)
TOP_DEFAULT = 100
SKIP_MAX = 1_000_000
FILTER_MAX = 1000  # characters
OPTIONS = ("$filter", "$orderby", "$top", "$skip", "$expand", "$format")

# One token of a $filter: a quoted string ('' escapes a quote), a number, or a word (name, keyword, true...).
_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d{1,18})(?![\w.])|(?P<word>[A-Za-z_][\w/]*))"
)


class QueryInvalid(DomainError):
    """A query option outside the supported subset or naming a field that cannot be queried."""

    status = 400


@dataclass
class Query:
    """The parsed query options of one request."""

    filters: list[tuple[str, object]] = field(default_factory=list)  # (field, value) pairs, all must hold
    orderby: list[tuple[str, bool]] = field(default_factory=list)  # (field, descending)
    top: int = TOP_DEFAULT
    skip: int = 0
    expand: frozenset[str] = frozenset()


def filter_parse(text: str, *, fields: set[str]) -> list[tuple[str, object]]:
    """Return the (field, value) equalities of a `$filter` of the form `a eq 'x' and b eq 2`."""
    if len(text) > FILTER_MAX:
        raise QueryInvalid(_("$filter is longer than %(n)d characters.") % {"n": FILTER_MAX})
    tokens: list[tuple[str, str]] = []
    pos, text = 0, text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise QueryInvalid(
                _("$filter cannot be read at character %(pos)d: %(rest)r.")
                % {"pos": pos + 1, "rest": text[pos : pos + 20]}
            )
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    allowed = ", ".join(sorted(fields))
    if not tokens:
        raise QueryInvalid(_("$filter is empty."))
    result: list[tuple[str, object]] = []
    i = 0
    while True:
        if i + 3 > len(tokens):
            raise QueryInvalid(_('$filter must be comparisons such as "field eq \'value\'" joined by "and".'))
        (k1, name), (k2, op), (k3, raw) = tokens[i : i + 3]
        if k1 != "word" or name not in fields:
            raise QueryInvalid(
                _("$filter cannot use %(field)r; it accepts: %(fields)s.")
                % {"field": name, "fields": allowed}
            )
        if k2 != "word" or op != "eq":
            raise QueryInvalid(
                _('$filter supports only the operator "eq" (and "and" between comparisons), not %(op)r.')
                % {"op": op}
            )
        result.append((name, literal_value(k3, raw)))
        i += 3
        if i == len(tokens):
            return result
        if tokens[i] != ("word", "and"):
            raise QueryInvalid(
                _('$filter joins comparisons only with "and", not %(op)r.') % {"op": tokens[i][1]}
            )
        i += 1


def literal_value(kind: str, raw: str) -> object:
    """Return the Python value of one literal of a $filter."""
    if kind == "string":
        return raw[1:-1].replace("''", "'")
    if kind == "number":
        return int(raw)
    if raw in ("true", "false"):
        return raw == "true"
    if raw == "null":
        return None
    raise QueryInvalid(
        _("$filter compares with a quoted string, a number, true, false or null, not %(value)r.")
        % {"value": raw}
    )


def orderby_parse(text: str, *, fields: set[str]) -> list[tuple[str, bool]]:
    """Return the (field, descending) keys of an `$orderby` such as `number desc, treaty`."""
    keys = []
    for part in text.split(","):
        words = part.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
            raise QueryInvalid(_('$orderby is a list of "field" or "field asc|desc" separated by commas.'))
        if words[0] not in fields:
            raise QueryInvalid(
                _("$orderby cannot use %(field)r; it accepts: %(fields)s.")
                % {"field": words[0], "fields": ", ".join(sorted(fields))}
            )
        keys.append((words[0], len(words) == 2 and words[1] == "desc"))
    return keys


def count_parse(name: str, text: str, *, maximum: int) -> int:
    """Return the integer value of `$top` or `$skip`, refused when negative, not a number or over `maximum`."""
    if not text.strip().isdigit():
        raise QueryInvalid(
            _("%(name)s must be a whole number from 0 to %(max)d.") % {"name": name, "max": maximum}
        )
    value = int(text)
    if value > maximum:
        raise QueryInvalid(_("%(name)s is at most %(max)d.") % {"name": name, "max": maximum})
    return value


def query_parse(params, *, filters: set[str], orderby: set[str], expand: set[str]) -> Query:
    """Return the parsed OData options of a request's query parameters; QueryInvalid for anything unsupported."""
    query = Query()
    for name in params:
        if name.startswith("$") and name not in OPTIONS:
            raise QueryInvalid(
                _("The option %(name)s is not supported; use %(options)s.")
                % {"name": name[:40], "options": ", ".join(OPTIONS)}
            )
    if params.get("$format", "json") != "json":
        raise QueryInvalid(_("Only $format=json is served."))
    if params.get("$filter"):
        query.filters = filter_parse(params["$filter"], fields=filters)
    if params.get("$orderby"):
        query.orderby = orderby_parse(params["$orderby"], fields=orderby)
    if "$top" in params:
        query.top = count_parse("$top", params["$top"], maximum=TOP_MAX)
    if "$skip" in params:
        query.skip = count_parse("$skip", params["$skip"], maximum=SKIP_MAX)
    if params.get("$expand"):
        asked = {part.strip() for part in params["$expand"].split(",")}
        unknown = sorted(asked - expand)
        if unknown:
            raise QueryInvalid(
                _("$expand cannot expand %(names)s; it accepts: %(fields)s.")
                % {"names": ", ".join(unknown)[:100], "fields": ", ".join(sorted(expand)) or "-"}
            )
        query.expand = frozenset(asked)
    return query
