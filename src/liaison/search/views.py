"""The search page: every kind of thing found for a few words, grouped by kind, with facets to narrow it."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from liaison.search.models import SearchDocument
from liaison.search.selectors import QUERY_MAX, STATUS_CHOICES, Filters, search_objects, search_run

PER_KIND = 10  # hits of each kind on the grouped page
PAGE = 20  # hits a page once one kind is chosen
LANGUAGES = ("en", "fr", "es")


def filters_read(params) -> Filters:
    """Return the filters of the query string; values that name nothing are dropped, not an error."""
    kinds = {kind for kind, _ in SearchDocument.KINDS}
    year = params.get("year", "")
    return Filters(
        kind=params.get("kind", "") if params.get("kind", "") in kinds else "",
        convention=params.get("convention", "")[:32],
        status=params.get("status", "") if params.get("status", "") in STATUS_CHOICES else "",
        year=int(year) if year.isdigit() and 1900 <= int(year) <= 2200 else None,
        language=params.get("language", "") if params.get("language", "") in LANGUAGES else "",
        addressee=params.get("addressee", "")[:200],
        framework=params.get("framework", "")[:64],
    )


FACET_HEADINGS = {"kind": _("Kind"), "convention": _("Convention"), "status": _("Status"), "year": _("Year"),
                  "addressee": _("Addressee"), "framework": _("Framework"), "language": _("Language")}
FACET_SHOWN = 12  # values of each facet in the side panel


def facet_panels(facets: dict[str, list[tuple[str, int]]]) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
    """Return (name, heading, [(value, label, count)]) of each facet that has values, for the side panel."""
    labels = {"kind": dict(SearchDocument.KINDS), "status": dict(SearchDocument.STATUSES)}
    return [(name, FACET_HEADINGS[name], [(value, labels.get(name, {}).get(value, value), n)
                                          for value, n in values[:FACET_SHOWN]])
            for name, values in facets.items() if values]


def offset_read(value: str) -> int:
    return min(int(value), 100_000) if value.isdigit() else 0


def search(request):
    """Journey 7: decisions in effect, targets, indicators, conventions, countries... for a few words."""
    q = " ".join((request.GET.get("q") or "").split())[:QUERY_MAX]
    filters = filters_read(request.GET)
    offset = offset_read(request.GET.get("offset", ""))
    lang = getattr(request, "LANGUAGE_CODE", "en")
    results = search_run(user=request.user, q=q, filters=filters, reader_language=lang, limit=PAGE, offset=offset,
                         per_kind=None if filters.kind else PER_KIND)
    context = {"q": q, "results": results, "filters": filters, "groups": results.by_kind(),
               "kind_label": dict(SearchDocument.KINDS).get(filters.kind, ""), "facet_panels": facet_panels(results.facets),
               "offset": offset, "page": PAGE, "next_offset": offset + PAGE if offset + PAGE < results.count else None,
               "previous_offset": max(offset - PAGE, 0) if offset else None,
               **search_objects(user=request.user, results=results, lang=lang)}
    return render(request, "search/search.html", context)
