"""Markup: HTML (including Akoma Ntoso renderings) and Markdown to plain lines of text."""

from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HTML_TAG = re.compile(r"</(?:p|div|span|li|h[1-6]|section|td|article|body)>", re.I)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "li", "ul", "ol", "tr", "table", "blockquote", "dd", "dt", "dl",
    "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "body", "main", "header", "footer", "aside", "pre",
}
# Akoma Ntoso renders its block elements as <span class="akn-...">; these classes start a new line.
_AKN_BLOCK_CLASSES = {
    "akn-p", "akn-listIntroduction", "akn-listWrapUp", "akn-item", "akn-intro", "akn-wrapUp",
    "akn-content", "akn-paragraph", "akn-subparagraph", "akn-point", "akn-blockList", "akn-hcontainer",
    "akn-preface", "akn-preamble", "akn-body", "akn-conclusions", "akn-heading", "akn-subheading",
}
_SKIP_TAGS = {"script", "style", "nav", "noscript", "template", "head", "button", "form"}
_SKIP_CLASSES = {"coverpage", "notice-list", "akn-remark", "akn-authorialNote-marker"}
_MARKER_ONLY = re.compile(r"^\s*(?:\(?[0-9]{1,3}[.)]?|\(?[a-z]{1,2}\)|\(?[ivxlc]{1,6}\)|[a-z]\.|[-–•])\s*$")


def front_matter_split(text: str) -> tuple[dict, str]:
    """Return the YAML front matter (as a dict, empty when absent or invalid) and the rest of the text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        import yaml  # imported lazily: only files with front matter need it

        meta = yaml.safe_load(match.group(1))
    except Exception:  # invalid YAML is common in hand-made files; the body is still worth parsing
        meta = None
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def markup_sniff(text: str, filename: str) -> str:
    """Return 'html', 'markdown' or 'text' for decoded text."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    head = text[:4000].lstrip().lower()
    if extension in ("html", "htm", "xhtml", "xml") or head.startswith(("<!doctype html", "<html", "<?xml")):
        return "html"
    meta, body = front_matter_split(text)
    if len(_HTML_TAG.findall(body[:200000])) >= 3 and (meta or extension in ("md", "markdown") or "<" in head[:1]):
        return "html"
    if meta or extension in ("md", "markdown"):
        return "markdown"
    return "text"


def html_extract(text: str) -> tuple[str, str | None, dict]:
    """Return (text with one block per line, title, front matter) of an HTML or AKN document."""
    from selectolax.lexbor import LexborHTMLParser  # imported lazily: only HTML input needs it

    meta, body = front_matter_split(text)
    tree = LexborHTMLParser(body)
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    if not title:
        heading = tree.css_first("div.coverpage h1") or tree.css_first("h1") or tree.css_first("title")
        title = heading.text(strip=True) if heading is not None else None
    lines: list[str] = []
    buffer: list[str] = []
    root = tree.body or tree.root
    if root is not None:
        _walk(root, lines, buffer, ordinal=None)
    _flush(lines, buffer, force=True)
    return "\n".join(lines), (" ".join(title.split()) if title else None), meta


def _flush(lines: list[str], buffer: list[str], force: bool = False) -> None:
    line = " ".join("".join(buffer).split())
    if not line:
        buffer.clear()
        return
    # A bare "(a)" or "1." is the number of the block that follows: keep it on the same line.
    if not force and _MARKER_ONLY.match(line):
        return
    lines.append(line)
    buffer.clear()


def _list_marker(ordinal: list[int]) -> str:
    """Write out the number HTML lists leave to the browser: 1. at the top, (a) below, then (i); bullets as dashes."""
    ordinal[0] += 1
    count, depth, numbered = ordinal
    if not numbered:
        return "- "
    if depth == 1:
        return f"{count}. "
    if depth == 2:
        return f"({chr(96 + count) if count <= 26 else count}) "
    romans = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
    return f"({romans[count - 1]}) " if count <= len(romans) else "- "


def _walk(node, lines: list[str], buffer: list[str], ordinal: list[int] | None) -> None:
    # ordinal is [items so far, list depth, 1 for <ol> or 0 for <ul>], or None outside lists.
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            buffer.append(child.text_content or "")
        elif tag in _SKIP_TAGS or tag == "-comment":
            pass
        else:
            attributes = child.attributes
            classes = set((attributes.get("class") or "").split())
            if classes & _SKIP_CLASSES:
                child = child.next
                continue
            block = tag in _BLOCK_TAGS or bool(classes & _AKN_BLOCK_CLASSES)
            if block:
                _flush(lines, buffer)
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                # Headings are marked the Markdown way so the structure step can tell them from paragraphs.
                buffer.append("## ")
            if tag == "li" and ordinal is not None:
                buffer.append(_list_marker(ordinal))
            if tag == "sup" and (child.text_content or "").strip().isdigit():
                # Footnote call: superscript digits keep their meaning for the footnote step.
                buffer.append("".join(_SUPERSCRIPT.get(c, c) for c in (child.text_content or "").strip()))
            else:
                if tag in ("ol", "ul"):
                    depth = ordinal[1] + 1 if ordinal is not None else 1
                    inner: list[int] | None = [0, depth, 1 if tag == "ol" else 0]
                else:
                    inner = ordinal
                _walk(child, lines, buffer, inner)
            if block or tag == "br":
                _flush(lines, buffer)
        child = child.next


_SUPERSCRIPT = dict(zip("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹", strict=True))

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def markdown_extract(text: str) -> tuple[str, str | None, dict]:
    """Return (plain text, title, front matter) of a Markdown document."""
    meta, body = front_matter_split(text)
    if len(_HTML_TAG.findall(body[:200000])) >= 3:
        return html_extract(text)
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    lines = []
    for raw in body.splitlines():
        line = raw.rstrip()
        line = re.sub(r"^\s{0,3}>\s?", "", line)
        heading = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if heading:
            if title is None and heading.group(1) == "#":
                title = heading.group(2)
            line = "## " + heading.group(2)
        line = re.sub(r"^(\s*)[*+]\s+", r"\1- ", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        line = line.replace("\\", "")
        lines.append(line)
    return "\n".join(lines), title, meta
