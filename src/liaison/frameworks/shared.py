"""Reads of the MEA indicator lists: an indicator's harmonised name, categories and "also used by" (the same
harmonised indicator in other MEAs' lists), and the matrix of harmonised indicators x MEA.

Every read starts from the visibility filters (listing_visible_to, indicator_visible_to): an indicator of a
framework someone may not read is never shown, nor counted, nor offered as "also used by".
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from django.db.models import Q
from django.utils.translation import gettext as _

from liaison.core.errors import NotFound
from liaison.engine.frameworks.meas import MEAS
from liaison.frameworks.models import HarmonisedIndicator, Indicator
from liaison.frameworks.permissions import harmonised_visible_to, indicator_visible_to, listing_visible_to

MEA_LABELS = {"CMS": "CMS", "CITES": "CITES", "RAMSAR": "Ramsar", "GBF": "GBF", "SDG": "SDG", "UNCCD": "UNCCD"}
# The matrix's orders: by name, by how many MEAs list it (most first), by category.
SORTS = {"name": ("name",), "-name": ("-name",), "meas": ("-meas_count", "name"), "-meas": ("meas_count", "name"),
         "category": ("category", "subcategory", "name"), "-category": ("-category", "-subcategory", "name")}
PAGE_SIZE = 50
QUERY_MAX = 200


def categories(harmonised: HarmonisedIndicator) -> list[dict]:
    """Return the IPBES categories of a harmonised indicator, [{category, subcategory}], one or two."""
    pairs = [(harmonised.category, harmonised.subcategory), (harmonised.category_2, harmonised.subcategory_2)]
    return [{"category": c, "subcategory": s} for c, s in pairs if c]


def categories_list() -> list[str]:
    """Return every IPBES category some harmonised indicator has, sorted."""
    found = set(HarmonisedIndicator.objects.exclude(category="").values_list("category", flat=True))
    found |= set(HarmonisedIndicator.objects.exclude(category_2="").values_list("category_2", flat=True))
    return sorted(found)


def indicator_get(*, user, indicator_id: int) -> Indicator:
    """Return one indicator `user` may read, with its framework, target and goal; NotFound otherwise."""
    indicator = (indicator_visible_to(user).select_related("framework", "target", "goal")
                 .filter(pk=indicator_id).first())
    if indicator is None:
        raise NotFound(_("No indicator with id %(id)s.") % {"id": indicator_id})
    return indicator


# The columns of a listing that its pages and API show (read as plain rows: a framework page reads ~800).
LISTING_COLUMNS = ("ipbes_id", "mea", "text", "type", "note", "match", "harmonised_id", "indicator_id",
                   "indicator__code", "indicator__text", "indicator__framework__code", "goal_id", "goal__code", "target_id",
                   "target__code")


def _listing_row(values: dict, harmonised: dict[int, HarmonisedIndicator]) -> SimpleNamespace:
    """Return a listing's columns shaped as the templates and the API read a listing (listing.indicator.code)."""
    return SimpleNamespace(
        **{k: values[k] for k in ("ipbes_id", "mea", "text", "type", "note", "match", "harmonised_id",
                                  "indicator_id", "goal_id", "target_id")},
        harmonised=harmonised[values["harmonised_id"]],
        indicator=SimpleNamespace(pk=values["indicator_id"], code=values["indicator__code"],
                                  text=values["indicator__text"] or {},
                                  framework=SimpleNamespace(code=values["indicator__framework__code"])),
        goal=SimpleNamespace(code=values["goal__code"]) if values["goal_id"] else None,
        target=SimpleNamespace(pk=values["target_id"], code=values["target__code"]) if values["target_id"] else None)


def harmonisation_for(*, user, indicators) -> dict[int, dict]:
    """Return, for each of `indicators` (a queryset) that an MEA list names, {"harmonised": [HarmonisedIndicator],
    "listings": [its own listings], "also": [listings of the same names by other MEAs]}, read through the gateway."""
    visible = listing_visible_to(user)
    mine = visible.filter(indicator__in=indicators.values("pk"))  # subqueries: a framework page asks for ~400
    harmonised = HarmonisedIndicator.objects.in_bulk(list(mine.values_list("harmonised_id", flat=True).distinct()))
    if not harmonised:
        return {}
    own = [_listing_row(v, harmonised) for v in mine.order_by("ipbes_id").values(*LISTING_COLUMNS)]
    others = defaultdict(list)
    for values in (visible.filter(harmonised_id__in=list(harmonised))
                   .order_by("mea", "indicator__framework__code", "indicator__order").values(*LISTING_COLUMNS)):
        others[values["harmonised_id"]].append(_listing_row(values, harmonised))
    found: dict[int, dict] = {}
    for listing in own:
        entry = found.setdefault(listing.indicator_id, {"harmonised": [], "listings": [], "also": []})
        entry["listings"].append(listing)
        if listing.harmonised not in entry["harmonised"]:
            entry["harmonised"].append(listing.harmonised)
    for entry in found.values():
        own_meas = {listing.mea for listing in entry["listings"]}
        seen = set()
        for name in entry["harmonised"]:
            for other in others[name.pk]:
                if other.mea not in own_meas and other.indicator_id not in seen:
                    seen.add(other.indicator_id)
                    entry["also"].append(other)
    return found


def harmonised_filtered(*, user, category: str = "", mea: str = "", q: str = "", shared: bool = False,
                        sort: str = "name"):
    """Return the harmonised indicators `user` may see, filtered (IPBES category, listed by an MEA, words in
    the name, listed by two MEAs or more) and sorted (SORTS)."""
    rows = harmonised_visible_to(user)
    if category:
        rows = rows.filter(Q(category=category) | Q(category_2=category))
    if mea:
        rows = rows.filter(pk__in=listing_visible_to(user).filter(mea=mea).values("harmonised_id"))
    for word in q.lower().split()[:10]:
        rows = rows.filter(name__contains=word)  # the names are lower-cased
    if shared:
        rows = rows.filter(meas_count__gte=2)
    return rows.order_by(*SORTS.get(sort, SORTS["name"]))


def harmonised_cells(*, user, harmonised: list[HarmonisedIndicator]) -> dict[int, dict[str, list[Indicator]]]:
    """Return {harmonised id: {MEA: [the indicators that MEA's list names so]}} for a page of the matrix."""
    cells: dict[int, dict[str, list[Indicator]]] = {h.pk: {mea: [] for mea in MEAS} for h in harmonised}
    listings = (listing_visible_to(user).filter(harmonised_id__in=list(cells))
                .select_related("indicator__framework").order_by("indicator__order"))
    for listing in listings:
        cell = cells[listing.harmonised_id].setdefault(listing.mea, [])
        if listing.indicator not in cell:
            cell.append(listing.indicator)
    return cells


def harmonised_matrix(*, user, offset: int = 0, limit: int = PAGE_SIZE, **filters) -> dict:
    """Return {"count", "items": [{"obj": HarmonisedIndicator, "categories", "cells": {MEA: [Indicator]}}]}
    for one page of the matrix harmonised indicator x MEA."""
    rows = harmonised_filtered(user=user, **filters)
    page = list(rows[offset:offset + limit])
    cells = harmonised_cells(user=user, harmonised=page)
    return {"count": rows.count(), "items": [
        {"obj": h, "categories": categories(h), "cells": [(mea, cells[h.pk].get(mea, [])) for mea in MEAS]}
        for h in page]}


def listings_count(*, user, framework_code: str) -> dict[str, int]:
    """Return how many of a framework's indicators an MEA list names, and how many other MEAs' lists name too."""
    visible = listing_visible_to(user)
    own = visible.filter(indicator__framework__code=framework_code)
    shared = own.filter(harmonised__meas_count__gte=2)
    return {"listed": own.values("indicator_id").distinct().count(),
            "shared": shared.values("indicator_id").distinct().count()}
