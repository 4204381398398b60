"""Template filters of the overlap pages."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
