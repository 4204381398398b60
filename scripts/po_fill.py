"""Fill empty translations in the .po catalogues from the glossaries in src/liaison/locale/glossary/.

Usage: python scripts/po_fill.py   (after `django-admin makemessages`; then compilemessages)
Glossaries are YAML files named <area>.<lang>.yaml: English msgid -> translation; for plural entries a list [singular, plural].
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

LOCALE = Path(__file__).resolve().parent.parent / "src" / "liaison" / "locale"
ENTRY = re.compile(r'(?P<head>(?:#.*\n)*)msgid (?P<id>(?:".*"\n)+)(?:msgid_plural (?P<plural>(?:".*"\n)+))?'
                   r'(?P<strs>(?:msgstr(?:\[\d\])? (?:".*"\n)+)+)')


def po_unquote(block: str) -> str:
    return "".join(re.findall(r'"(.*)"', block)).encode("latin-1", "backslashreplace").decode("unicode_escape")


def po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def catalogue_fill(lang: str) -> tuple[int, list[str]]:
    """Fill one language's catalogue; return how many entries were filled and which are missing."""
    glossary: dict = {}
    for path in sorted((LOCALE / "glossary").glob(f"*.{lang}.yaml")):
        glossary.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    filled, missing = 0, []

    def replace(match: re.Match) -> str:
        nonlocal filled
        msgid = po_unquote(match["id"])
        if not msgid:
            return match.group(0)
        # A filled entry is ours, not makemessages' guess: drop the fuzzy flag and the previous msgid it kept.
        head = re.sub(r"^#\| .*\n", "", match["head"].replace("#, fuzzy\n", "").replace("#, fuzzy, ", "#, "),
                      flags=re.M)
        translation = glossary.get(msgid)
        if translation is None:
            missing.append(msgid)
            return match.group(0)
        filled += 1
        if match["plural"]:
            forms = translation if isinstance(translation, list) else [translation, translation]
            strs = "".join(f"msgstr[{i}] {po_quote(f)}\n" for i, f in enumerate(forms))
            return f"{head}msgid {match['id']}msgid_plural {match['plural']}{strs}"
        return f"{head}msgid {match['id']}msgstr {po_quote(translation)}\n"

    text = ENTRY.sub(replace, text).replace('#, fuzzy\nmsgid ""\nmsgstr ""', 'msgid ""\nmsgstr ""', 1)
    text = text.replace('"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"', '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"')
    text = text.replace('"Content-Type: text/plain; charset=CHARSET\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"')
    po.write_text(text, encoding="utf-8")
    return filled, missing


if __name__ == "__main__":
    status = 0
    for lang in ("fr", "es"):
        n, missing = catalogue_fill(lang)
        print(f"{lang}: {n} translated, {len(missing)} missing")
        for m in missing:
            print(f"  missing: {m!r}")
        status |= bool(missing)
    sys.exit(0)
