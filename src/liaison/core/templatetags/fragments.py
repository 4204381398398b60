"""`{% shared_fragment "name" key ... %}…{% endshared_fragment %}`: a part of a page rendered once for every reader.

Signed-in pages are never cached whole (they carry the reader's name, messages and controls), but most of what
they show is the same for everyone who may open the page: a decision's paragraphs, a crosswalk's cells. The tag
keeps the rendered HTML of such a part in the "pages" cache under the data version (core/pagecache.py), the
language and the keys given, so any write anywhere makes it old, exactly like the anonymous page cache.

Use it only for a part whose content depends on nothing but its keys: the view has already checked that the
reader may open the page, and the part must hold nothing the reader's roles change (pass what they change,
e.g. a staff flag, as a key). A part holding a CSRF token is never cached. With LIAISON_PAGE_CACHE_SECONDS=0 the
tag only renders.
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import caches
from django.utils import translation
from django.utils.safestring import mark_safe

from liaison.core.pagecache import CACHE_ERRORS, data_version, page_cache_seconds

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, name, keys, nodelist):
        self.name, self.keys, self.nodelist = name, keys, nodelist

    def render(self, context):
        seconds = page_cache_seconds()
        if not seconds:
            return self.nodelist.render(context)
        parts = [str(self.name.resolve(context)), *(repr(k.resolve(context)) for k in self.keys)]
        digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
        cache = caches["pages"]
        try:
            key = f"fragment:{data_version()}:{translation.get_language()}:{digest}"
            html = cache.get(key)
        except CACHE_ERRORS:
            return self.nodelist.render(context)  # the cache server failed: render as if the cache were off
        if html is None:
            html = self.nodelist.render(context)
            if "csrfmiddlewaretoken" in html:
                return html
            try:
                cache.set(key, html, seconds)
            except CACHE_ERRORS:
                pass
        return mark_safe(html)


@register.tag
def shared_fragment(parser, token):
    """{% shared_fragment "name" key1 key2 %} ... {% endshared_fragment %}"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment needs a name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], nodelist)
