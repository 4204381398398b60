"""UNEP regions of countries (InforMEA's country data) and the ISO 3166-1 numeric ids world maps use.

The catalogue's countries carry no region: the InforMEA files in `data/informea_melish/` are read once, here.
`informea_countries.json` gives each country's UNEP region (`countryRegions`, `isUnep`); `informea_regions.json`
(ISO3 -> region) fills the gaps. Known gap of both: Antarctica and a few territories have no UNEP region;
`informea_regions.json` lacks the Democratic Republic of the Congo (COD), which the countries file gives.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pycountry  # ISO 3166-1 alpha-3 -> numeric (world-atlas names countries by their numeric code)
from django.conf import settings
from django.utils.translation import gettext as _

FOLDER = "informea_melish"


@lru_cache(maxsize=1)
def regions_by_iso3() -> dict[str, str]:
    """Return {ISO3: UNEP region} from the InforMEA country data."""
    folder = settings.DATA_DIR / FOLDER
    found: dict[str, str] = {}
    for entry in json.loads((folder / "informea_regions.json").read_text(encoding="utf-8")):
        found.update({str(k).upper(): str(v) for k, v in entry.items()})
    for country in json.loads((folder / "informea_countries.json").read_text(encoding="utf-8")):
        unep = [r["region"] for r in country.get("countryRegions") or [] if r.get("isUnep")]
        if unep and country.get("code3l"):
            found[str(country["code3l"]).upper()] = unep[0]
    return found


def region_of(iso3: str) -> str:
    """Return the country's UNEP region, or a label saying InforMEA gives none."""
    return regions_by_iso3().get(iso3.upper()) or _("No UNEP region given")


@lru_cache(maxsize=512)
def numeric_of(iso3: str) -> str | None:
    """Return the ISO 3166-1 numeric code ('404' for KEN) world-atlas uses as a country's id, None if unknown."""
    country = pycountry.countries.get(alpha_3=iso3.upper())
    return country.numeric if country is not None else None
