"""Fill empty translations in the .po catalogues from the glossaries in src/liaison/locale/glossary/.

Usage: python scripts/po_fill.py [LANG ...]   (after `django-admin makemessages`; then compilemessages)
Without LANG, every catalogue in PLURALS is filled.
Glossaries are YAML files named <area>.<lang>.yaml (lang as the catalogue's folder: fr, es, ar, zh_Hans, ru):
English msgid -> translation; for a plural entry a list with one form per plural form of the language, in the
order of its Plural-Forms rule (PLURALS below: French 2, Spanish 3, Arabic 6, Chinese 1, Russian 3); an entry
with a context (pgettext) is the key "context|msgid".
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

LOCALE = Path(__file__).resolve().parent.parent / "src" / "liaison" / "locale"
# The Plural-Forms header each catalogue gets (msginit's guess is replaced, so the glossaries know the order).
PLURALS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    # zero, one, two, few (3-10, 103-110...), many (11-99, 111-199...), other (100-102, 200-202...)
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
    "zh_Hans": "nplurals=1; plural=0;",
    # one (1, 21, 101...), few (2-4, 22-24...), many (0, 5-20, 25-30...)
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}
ENTRY = re.compile(r'(?P<head>(?:#.*\n)*)(?:msgctxt (?P<ctxt>(?:".*"\n)+))?msgid (?P<id>(?:".*"\n)+)'
                   r'(?:msgid_plural (?P<plural>(?:".*"\n)+))?(?P<strs>(?:msgstr(?:\[\d\])? (?:".*"\n)+)+)')


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
    nplurals = int(PLURALS[lang].split(";")[0].split("=")[1])

    def replace(match: re.Match) -> str:
        nonlocal filled
        msgid = po_unquote(match["id"])
        if not msgid:
            return match.group(0)
        # A filled entry is ours, not makemessages' guess: drop the fuzzy flag and the previous msgid it kept.
        head = re.sub(r"^#\| .*\n", "", match["head"].replace("#, fuzzy\n", "").replace("#, fuzzy, ", "#, "),
                      flags=re.M)
        # An entry with a context ("mandate verb") is "context|msgid" in the glossary.
        ctxt = f"msgctxt {match['ctxt']}" if match["ctxt"] else ""
        translation = glossary.get(f"{po_unquote(match['ctxt'])}|{msgid}" if match["ctxt"] else msgid)
        if translation is None:
            missing.append(msgid)
            return match.group(0)
        filled += 1
        if match["plural"]:
            forms = translation if isinstance(translation, list) else [translation] * nplurals
            if len(forms) != nplurals:
                missing.append(f"{msgid} ({len(forms)} plural forms, {nplurals} expected)")
                return match.group(0)
            strs = "".join(f"msgstr[{i}] {po_quote(f)}\n" for i, f in enumerate(forms))
            return f"{head}{ctxt}msgid {match['id']}msgid_plural {match['plural']}{strs}"
        return f"{head}{ctxt}msgid {match['id']}msgstr {po_quote(translation)}\n"

    text = ENTRY.sub(replace, text).replace('#, fuzzy\nmsgid ""\nmsgstr ""', 'msgid ""\nmsgstr ""', 1)
    text = re.sub(r'^"Plural-Forms: .*\\n"$', lambda _m: f'"Plural-Forms: {PLURALS[lang]}\\n"', text, count=1, flags=re.M)
    text = text.replace('"Content-Type: text/plain; charset=CHARSET\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"')
    po.write_text(text, encoding="utf-8")
    return filled, missing


if __name__ == "__main__":
    status = 0
    for lang in sys.argv[1:] or PLURALS:
        n, missing = catalogue_fill(lang)
        print(f"{lang}: {n} translated, {len(missing)} missing")
        for m in missing:
            print(f"  missing: {m!r}")
        status |= bool(missing)
    sys.exit(0)
