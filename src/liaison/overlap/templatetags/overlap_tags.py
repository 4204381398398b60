"""Template filters of the overlap pages."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from liaison.decisions.models import Decision

register = template.Library()


@register.filter
def highlight(text: str, spans) -> str:
    """Return `text` escaped, with each shared span wrapped in <mark>."""
    html = escape(text or "")
    for span in sorted({s for s in spans or [] if s}, key=len, reverse=True):
        words = [re.escape(escape(w)) for w in span.split()]
        if not words:
            continue
        pattern = re.compile(r"\s+".join(words), re.IGNORECASE)
        html = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", html)
    return mark_safe(html)


@register.filter
def facet_items(counts) -> list[tuple[str, int]]:
    """Return a filter's (value, count) pairs, the most frequent first."""
    return sorted((counts or {}).items(), key=lambda item: (-item[1], str(item[0]).lower()))


@register.filter
def get(mapping, key):
    """Return mapping[key], or None."""
    return (mapping or {}).get(key)


@register.filter
def has_key_ci(mapping, key) -> bool:
    """Return True when `mapping` has `key`, whatever its case."""
    return str(key).lower() in {str(k).lower() for k in (mapping or {})}


@register.filter
def pair_sides(pair) -> list[tuple[dict, str, str]]:
    """Return the two sides of a pair of the pages as (paragraph, link, status)."""
    return [(pair.a, getattr(pair, "link_a", ""), getattr(pair, "status_a", "")),
            (pair.b, getattr(pair, "link_b", ""), getattr(pair, "status_b", ""))]


@register.filter
def status_label(status: str) -> str:
    """Return a decision status in the reader's language."""
    return str(dict(Decision.STATUSES).get(status, status))
