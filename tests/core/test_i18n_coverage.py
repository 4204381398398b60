"""Every string the code marks for translation is translated in the French and Spanish catalogues.

tests/core/test_i18n.py checks that the catalogues have no empty or fuzzy entry; this file checks they are
up to date with the code: it extracts the marked strings the way `makemessages` does (Django's templatize for
templates, then GNU xgettext with Django's keywords) into a temporary directory, without touching
src/liaison/locale, and compares them with the catalogues. It also checks that each translation keeps the
placeholders of its msgid and that plural entries have as many forms as their catalogue declares.
The extraction needs GNU gettext (Debian package `gettext`); without it that test is skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils.translation import templatize

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "liaison"
LOCALE = PACKAGE / "locale"
LANGS = ["fr", "es"]
# The same options and keywords as `django-admin makemessages` for the "django" domain (Django 5.2).
XGETTEXT = ["xgettext", "-d", "django", "--language=Python", "--keyword=gettext_noop", "--keyword=gettext_lazy",
            "--keyword=ngettext_lazy:1,2", "--keyword=pgettext:1c,2", "--keyword=npgettext:1c,2,3",
            "--keyword=pgettext_lazy:1c,2", "--keyword=npgettext_lazy:1c,2,3", "--from-code=UTF-8",
            "--no-location", "--output=-"]
PLACEHOLDER = re.compile(r"%\(\w+\)(?:\.\d+)?[sdif]|%(?:\.\d+)?[sdif]|\{\w*\}")


def po_entries(text: str) -> list[dict]:
    """Return the entries of a PO/POT text: context, msgid, plural, msgstr forms and flags (header left out)."""
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


def catalogue(lang: str) -> str:
    return (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")


def marked_strings(workdir: Path) -> set[tuple[str | None, str]]:
    """Return (context, msgid) of every string marked in src/liaison, extracted as makemessages does."""
    inputs = []
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if path.suffix not in {".py", ".html", ".txt"} or any(p.startswith(".") for p in relative.parts) \
                or "__pycache__" in relative.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            inputs.append(str(path))
            continue
        # Templates go through Django's templatize, which rewrites {% translate %} blocks as gettext calls.
        work = workdir / (str(relative).replace("/", "__") + ".py")
        work.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(relative)), encoding="utf-8")
        inputs.append(str(work))
    files_list = workdir / "files.txt"
    files_list.write_text("\n".join(inputs) + "\n", encoding="utf-8")
    run = subprocess.run([*XGETTEXT, f"--files-from={files_list}"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return {(e["ctxt"], e["msgid"]) for e in po_entries(run.stdout)}


@pytest.fixture(scope="module")
def code_strings(tmp_path_factory) -> set[tuple[str | None, str]]:
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")
    return marked_strings(tmp_path_factory.mktemp("i18n"))


def test_extraction_finds_the_marked_strings(code_strings):
    # Guards the extraction itself: strings marked in Python, in {% translate %} and in {% blocktranslate %}.
    assert (None, "Sign in") in code_strings
    assert (None, "Mandate tracker") in code_strings
    assert (None, "%(total)s mandate") in code_strings
    assert len(code_strings) > 500


@pytest.mark.parametrize("lang", LANGS)
def test_every_marked_string_is_translated(code_strings, lang):
    translated = {(e["ctxt"], e["msgid"]) for e in po_entries(catalogue(lang))
                  if "fuzzy" not in e["flags"] and all(e["msgstr"].values())}
    missing = sorted(msgid for _, msgid in code_strings - translated)
    assert not missing, (
        f"{len(missing)} marked strings are not translated in the {lang} catalogue, e.g. {missing[:5]}. Run "
        "makemessages -l fr -l es --no-obsolete --no-wrap (in src/liaison), add the translations to "
        "src/liaison/locale/glossary/, then scripts/po_fill.py and compilemessages.")


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_their_placeholders(lang):
    wrong = []
    for entry in po_entries(catalogue(lang)):
        sources = [entry["msgid"]] + ([entry["plural"]] if entry["plural"] else [])
        expected = {p for s in sources for p in PLACEHOLDER.findall(s)}
        for form in entry["msgstr"].values():
            # A singular form may leave the count out ("one party"), but never brings a placeholder of its own.
            found = set(PLACEHOLDER.findall(form))
            if found - expected or (not entry["plural"] and found != expected):
                wrong.append(entry["msgid"])
    assert not wrong, f"{lang}: translations whose placeholders differ from the English: {wrong[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_plural_entries_have_every_form(lang):
    text = catalogue(lang)
    nplurals = int(re.search(r"nplurals=(\d+);", text)[1])
    short = [e["msgid"] for e in po_entries(text) if e["plural"] and len(e["msgstr"]) != nplurals]
    # A missing form makes gettext fall back to the English text for the counts that select it.
    assert not short, f"{lang}: plural entries without the {nplurals} forms the catalogue declares: {short[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "detail"), [
    ("fr", "Le jeton d'API n'est pas valide, ou il a été révoqué."),
    ("es", "El token de API no es válido o ha sido revocado."),
    ("en", "The API token is not valid, or it was revoked."),
])
def test_api_refusal_comes_in_the_callers_language(client, lang, detail):
    # The token check runs in a middleware, before any view: the language must be active by then.
    answer = client.get("/api/me", HTTP_AUTHORIZATION="Bearer not-a-token", HTTP_ACCEPT_LANGUAGE=lang)
    assert answer.status_code == 401
    assert answer.json()["detail"] == detail
