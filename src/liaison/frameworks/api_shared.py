"""JSON API of the MEA indicator lists: one indicator with its harmonised name, categories and the other MEAs'
indicators of the same name; the matrix of harmonised indicators x MEA, filtered, sorted and paginated.

Reads go through the visibility filters (frameworks.permissions); an indicator someone may not read answers 404.
"""

from __future__ import annotations

from ninja import Path, Query, Router

from liaison.core.schemas import ID_MAX, ErrorOut
from liaison.engine.frameworks.meas import MEAS
from liaison.frameworks import selectors, shared
from liaison.frameworks.models import HarmonisedIndicator, Indicator, IndicatorListing
from liaison.frameworks.schemas import HarmonisedPage, IndicatorDetailOut

router = Router(tags=["frameworks"])

LIMIT_MAX = 200
MAX_OFFSET = 2**31
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
MEA_PATTERN = "^(" + "|".join(MEAS) + ")$"
SORT_PATTERN = "^(" + "|".join(shared.SORTS).replace("-", r"\-") + ")$"


def harmonised_out(h: HarmonisedIndicator) -> dict:
    return {"id": h.pk, "name": h.name, "categories": shared.categories(h), "in_ipbes": h.in_ipbes,
            "meas_count": h.meas_count}


def listed_out(indicator: Indicator, lang: str = "en") -> dict:
    return {"id": indicator.pk, "framework": indicator.framework.code, "code": indicator.code,
            "text": selectors.text_show(indicator.text, lang).text}


def listing_out(listing: IndicatorListing, lang: str = "en") -> dict:
    under = (f"target {listing.target.code}" if listing.target_id else
             f"goal {listing.goal.code}" if listing.goal_id else "")
    return {"ipbes_id": listing.ipbes_id, "mea": listing.mea, "harmonised": listing.harmonised.name,
            "listed_under": under, "text": listing.text, "type": listing.type, "note": listing.note,
            "match": listing.match, "indicator": listed_out(listing.indicator, lang)}


@router.get("/indicators/harmonised", response={200: HarmonisedPage, 422: ErrorOut})
def harmonised_list(request, category: str = Query("", max_length=120), mea: str | None = Query(None, pattern=MEA_PATTERN),
                    q: str = Query("", max_length=shared.QUERY_MAX), shared_only: bool = Query(False, alias="shared"),
                    sort: str = Query("name", pattern=SORT_PATTERN),
                    limit: int = Query(50, ge=1, le=LIMIT_MAX), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """The harmonised indicators (IPBES) of the MEA lists, each with its IPBES categories and, per MEA, the
    indicators its list names so (only those of frameworks you may read). Filter by IPBES `category`, by the
    `mea` whose list names it, by words `q` of the name, `shared=true` for those of two lists or more; `sort`
    by name, meas (most lists first) or category, `-` reversing. `limit` (at most 200) and `offset` page."""
    page = shared.harmonised_matrix(user=request.user, offset=offset, limit=limit, category=category.strip(),
                                    mea=mea or "", q=q, shared=shared_only, sort=sort)
    return {"count": page["count"], "meas": list(MEAS), "items": [
        {**harmonised_out(row["obj"]), "cells": [{"mea": mea_code, "indicators": [listed_out(i) for i in found]}
                                                 for mea_code, found in row["cells"]]}
        for row in page["items"]]}


@router.get("/indicators/{int:indicator_id}", response={200: IndicatorDetailOut, 404: ErrorOut})
def indicator_detail(request, indicator_id: int = Path(..., ge=1, le=ID_MAX),
                     lang: str = Query("en", pattern=LANG_PATTERN, max_length=20)):
    """An indicator of a framework you may read, with its harmonised name(s) and IPBES categories, the rows of
    the MEA lists that name it, and the indicators of other MEAs under the same harmonised name."""
    indicator = shared.indicator_get(user=request.user, indicator_id=indicator_id)
    found = shared.harmonisation_for(user=request.user, indicators=Indicator.objects.filter(pk=indicator.pk)
                                     ).get(indicator.pk) or {}
    text = selectors.text_show(indicator.text, lang)
    return {"id": indicator.pk, "framework": indicator.framework.code, "code": indicator.code,
            "type": indicator.type, "text": text.text, "lang": text.lang, "target": indicator.target_id,
            "goal": indicator.goal.code if indicator.goal_id else None, "retired": indicator.retired_at is not None,
            "harmonised": [harmonised_out(h) for h in found.get("harmonised", [])],
            "listings": [listing_out(listing, lang) for listing in found.get("listings", [])],
            "also_used_by": [listing_out(listing, lang) for listing in found.get("also", [])]}
