"""The country of a meeting's venue as a calendar writes it ("Dubai, UAE", "Leiden, The Netherlands").

The catalogue's resolver (catalogue.memberships.country_resolver_build: the hand-made aliases, ECOLEX's party
names, then ISO 3166 through pycountry) reads full names and ISO codes. Venues are also written with the short
forms people use for a few countries, which none of those sources holds (data/ was searched: the InforMEA country
list, the ECOLEX, IEADB and ManyEnviron names give "United Arab Emirates", never "UAE"). Those few are below, each
mapped by hand to its ISO 3166-1 alpha-3 code; the spellings are the ones the UNEP-WCMC post-2020 timeline
(data/unepwcmc_post2020) writes in its Location column, and the list grows when a source writes another.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from liaison.catalogue.memberships import country_resolver_build

# Short forms of country names, as venues write them -> ISO 3166-1 alpha-3 (ISO's names in the comments).
SHORT_NAMES = {
    "uae": "ARE",  # United Arab Emirates (the)
    "u.a.e.": "ARE",
    "uk": "GBR",  # United Kingdom of Great Britain and Northern Ireland (the)
    "u.k.": "GBR",
    "drc": "COD",  # Congo (the Democratic Republic of the)
}
ARTICLE = "the "  # ISO lists "Netherlands (the)"; venues write "The Netherlands"


def venue_country_resolver_build(data_dir: Path) -> Callable[[str], str | None]:
    """Return a function giving the ISO 3166-1 alpha-3 code of the country a venue's last part names, or None."""
    resolve = country_resolver_build(data_dir)

    def venue_country(name: str) -> str | None:
        text = " ".join((name or "").split())
        if not text:
            return None
        code = SHORT_NAMES.get(text.lower())
        if code is not None:
            return code
        code, _reason = resolve(text)
        if code is None and text.lower().startswith(ARTICLE):
            code, _reason = resolve(text[len(ARTICLE):])
        return code

    return venue_country
