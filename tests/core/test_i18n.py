"""The catalogues of the six UN languages are complete as committed: every entry translated (read by a .po parser
that follows multi-line and rewrapped strings), no fuzzy entry, placeholders kept, every plural form of the
language, and the compiled .mo in step with its .po. tests/core/test_i18n_coverage.py checks they are up to date
with the code (through `makemessages`)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "liaison" / "locale"
# Catalogue folder -> number of plural forms (scripts/po_fill.py writes the matching Plural-Forms rule).
NPLURALS = {"fr": 2, "es": 3, "ar": 6, "zh_Hans": 1, "ru": 3}
LANGS = list(NPLURALS)
PLACEHOLDER = re.compile(r"%\(\w+\)(?:\.\d+)?[sdif]|%(?:\.\d+)?[sdif]|\{\w*\}")


def po_entries(text: str) -> list[dict]:
    """Return the entries of a PO/POT text: context, msgid, plural, msgstr forms and flags (header left out).

    A string may run over several quoted lines (`msgid ""` then continuation lines), as makemessages writes long
    or multi-line strings unless told --no-wrap; the pieces are joined."""
    entries, entry, field = [], None, None
    for line in text.splitlines() + [""]:
        if not line.strip():
            if entry is not None and entry.get("msgid"):
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}, "ctxt": None, "plural": None}
        if line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = po_unquote(line)
            if isinstance(field, int):
                entry["msgstr"][field] += value
            else:
                entry[field] += value
        else:
            keyword, _, rest = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            field = int(match[1]) if match else {"msgctxt": "ctxt", "msgid": "msgid", "msgid_plural": "plural",
                                                 "msgstr": 0}[keyword]
            if isinstance(field, int):
                entry["msgstr"][field] = po_unquote(rest)
            else:
                entry[field] = po_unquote(rest)
    return entries


def po_unquote(quoted: str) -> str:
    body = quoted.strip()[1:-1]
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def po_untranslated(text: str) -> list[str]:
    """Return the msgids of a PO text that ship untranslated: fuzzy, or with an empty form."""
    return [e["msgid"] for e in po_entries(text)
            if "fuzzy" in e["flags"] or not e["msgstr"] or not all(e["msgstr"].values())]


def catalogue(lang: str) -> str:
    return (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")


# The two ways the regular-expression test this replaced went wrong, on purpose.
UNTRANSLATED_MULTILINE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: decisions/templates/decisions/mandate_form.html:4
msgid ""
"The mandate's action, as the decision words it.\\n"
"One paragraph."
msgstr ""
'''
COMPLETE_REWRAPPED = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: core/templates/base.html:60
msgid "Liaison — cooperation among the biodiversity conventions."
msgstr ""
"Liaison — la coopération entre les conventions relatives à la diversité "
"biologique."

#, python-format
msgid "%(n)s mandate"
msgid_plural "%(n)s mandates"
msgstr[0] ""
"%(n)s mandat"
msgstr[1] "%(n)s mandats"
'''


def test_an_untranslated_multiline_string_is_found():
    assert po_untranslated(UNTRANSLATED_MULTILINE) == ["The mandate's action, as the decision words it.\nOne paragraph."]


def test_a_complete_catalogue_rewrapped_by_makemessages_is_complete():
    assert po_untranslated(COMPLETE_REWRAPPED) == []
    entry = po_entries(COMPLETE_REWRAPPED)[0]
    assert entry["msgstr"][0] == "Liaison — la coopération entre les conventions relatives à la diversité biologique."


def test_a_fuzzy_or_half_plural_entry_is_untranslated():
    fuzzy = COMPLETE_REWRAPPED.replace("#, python-format", "#, fuzzy, python-format")
    assert po_untranslated(fuzzy) == ["%(n)s mandate"]
    half = COMPLETE_REWRAPPED.replace('msgstr[1] "%(n)s mandats"', 'msgstr[1] ""')
    assert po_untranslated(half) == ["%(n)s mandate"]


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_complete(lang):
    entries = po_entries(catalogue(lang))
    assert len(entries) > 1000
    untranslated = po_untranslated(catalogue(lang))
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated or fuzzy, e.g. {untranslated[:3]}"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_their_placeholders(lang):
    wrong = []
    for entry in po_entries(catalogue(lang)):
        if "fuzzy" in entry["flags"]:
            continue  # makemessages' guess from a similar msgid, not a translation: test_catalogue_is_complete's
        sources = [entry["msgid"]] + ([entry["plural"]] if entry["plural"] else [])
        expected = {p for s in sources for p in PLACEHOLDER.findall(s)}
        for form in filter(None, entry["msgstr"].values()):  # an empty form is test_catalogue_is_complete's
            # A plural form may leave the count out ("one party", "واحد"), but never brings a placeholder of its own.
            found = set(PLACEHOLDER.findall(form))
            if found - expected or (not entry["plural"] and found != expected):
                wrong.append(entry["msgid"])
    assert not wrong, f"{lang}: translations whose placeholders differ from the English: {wrong[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_their_html(lang):
    tag = re.compile(r"</?[a-z][^>]*>")
    wrong = [e["msgid"] for e in po_entries(catalogue(lang)) for form in e["msgstr"].values()
             if form and "fuzzy" not in e["flags"] and sorted(tag.findall(form)) != sorted(tag.findall(e["msgid"]))]
    assert not wrong, f"{lang}: translations whose HTML differs from the English: {wrong[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_plural_entries_have_every_form_of_the_language(lang):
    text = catalogue(lang)
    assert int(re.search(r"nplurals=(\d+);", text)[1]) == NPLURALS[lang]
    short = [e["msgid"] for e in po_entries(text) if e["plural"] and len(e["msgstr"]) != NPLURALS[lang]]
    # A missing form makes gettext fall back to the English text for the counts that select it.
    assert not short, f"{lang}: plural entries without the {NPLURALS[lang]} forms of the language: {short[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_is_in_step_with_the_po(lang):
    # compilemessages forgotten after po_fill.py: the site would show English for the new strings.
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in po_entries(catalogue(lang)):
        if "fuzzy" in entry["flags"] or not all(entry["msgstr"].values()):
            continue  # not compiled into the .mo: reported by test_catalogue_is_complete
        key = entry["msgid"] if entry["ctxt"] is None else f"{entry['ctxt']}\x04{entry['msgid']}"
        if entry["plural"]:
            got = {i: compiled._catalog.get((key, i)) for i in entry["msgstr"]}
        else:
            got = {0: compiled._catalog.get(key)}
        if got != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert not stale, f"{lang}: django.mo differs from django.po (run compilemessages): {stale[:5]}"
