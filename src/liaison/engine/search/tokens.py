"""Words as both search engines see them: runs of letters and digits, lower-cased."""

from __future__ import annotations

import re

MAX_WORD = 64  # longer "words" are cut: no real word is this long
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words_split(text: str) -> list[str]:
    """Return the lower-cased words (letters and digits) of `text`, each cut to MAX_WORD characters."""
    return [w[:MAX_WORD] for w in WORD.findall(text.lower())]
