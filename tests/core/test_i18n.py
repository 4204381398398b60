"""The French and Spanish catalogues are complete: no empty or fuzzy translation ships."""

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "liaison" / "locale"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_catalogue_is_complete(lang):
    text = (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = re.findall(r'^msgid "(.+)"\n(?:msgid_plural .*\n)?msgstr(?:\[0\])? "(.*)"', text, re.M)
    assert len(entries) > 500
    empty = [msgid for msgid, msgstr in entries if not msgstr]
    assert not empty, f"{len(empty)} untranslated, e.g. {empty[:3]}"
    assert (LOCALE / lang / "LC_MESSAGES" / "django.mo").stat().st_size > 10_000
