"""Every string the code marks for translation is translated in the catalogues of the six UN languages.

tests/core/test_i18n.py checks the catalogues as committed; this file checks they are up to date with the code
by running `makemessages` itself (wrapping its lines, as it does by default) for every language on a copy of
src/liaison in a temporary directory, without touching src/liaison/locale, and reading what it wrote with the
.po parser: a string added to the code and not translated, or translated as fuzzy, shows up as untranslated.
makemessages needs GNU gettext (Debian package `gettext`); without it these tests are skipped.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.core.test_i18n import LANGS, po_entries, po_untranslated

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "liaison"


def catalogues_regenerated(workdir: Path) -> dict[str, str]:
    """Return, per language, the catalogue `makemessages` writes from the code and the committed catalogue."""
    copy = workdir / "liaison"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "glossary"))
    # Only the copy's own locale folder: LOCALE_PATHS would point makemessages at the real catalogues.
    with override_settings(LOCALE_PATHS=[]), pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        call_command("makemessages", locale=LANGS, no_obsolete=True, verbosity=0)
    return {lang: (copy / "locale" / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
            for lang in LANGS}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> dict[str, str]:
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed: apt-get install gettext")
    return catalogues_regenerated(tmp_path_factory.mktemp("i18n"))


def test_makemessages_finds_the_marked_strings(regenerated):
    # Guards the extraction itself: strings marked in Python, in {% translate %} and in {% blocktranslate %}.
    msgids = {e["msgid"] for e in po_entries(regenerated["fr"])}
    assert {"Sign in", "Mandate tracker", "%(total)s mandate", "Arabic"} <= msgids
    assert len(msgids) > 1000


@pytest.mark.parametrize("lang", LANGS)
def test_every_marked_string_is_translated(regenerated, lang):
    missing = po_untranslated(regenerated[lang])
    assert not missing, (
        f"{len(missing)} marked strings are not translated in the {lang} catalogue, e.g. {missing[:5]}. Run "
        "makemessages -l fr -l es -l ar -l zh_Hans -l ru --no-obsolete --no-wrap (in src/liaison), add the "
        "translations to src/liaison/locale/glossary/, then scripts/po_fill.py and compilemessages.")


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
