"""Pages of the public catalogue."""

from django.shortcuts import render

from liaison.catalogue import selectors


def convention_list(request):
    return render(request, "catalogue/convention_list.html", {"conventions": selectors.convention_list()})


def convention_detail(request, acronym: str):
    convention = selectors.convention_get(acronym=acronym)
    parties = selectors.convention_parties(convention=convention)
    years = {}
    for m in parties:
        d = m.entry_into_force or m.ratification
        if d:
            years[d.year] = years.get(d.year, 0) + 1
    growth = growth_bars(years)
    return render(request, "catalogue/convention_detail.html", {
        "convention": convention, "parties": parties, "bodies": convention.bodies.all(),
        "growth": growth, "growth_last": growth[-1] if growth else None,
        "children": convention.children.all(),
    })


def country_list(request):
    return render(request, "catalogue/country_list.html", {"countries": selectors.country_list()})


def country_detail(request, iso3: str):
    country = selectors.country_get(iso3=iso3)
    return render(request, "catalogue/country_detail.html", {
        "country": country, "memberships": selectors.country_memberships(country=country),
    })


def growth_bars(per_year: dict[int, int], *, width: int = 600, height: int = 150) -> list[dict]:
    """Return SVG bar geometry for the cumulative count of parties per year."""
    if not per_year:
        return []
    first, last = min(per_year), max(per_year)
    span = last - first + 1
    bar = width / span
    bars, total = [], 0
    cumulative = {}
    for year in range(first, last + 1):
        total += per_year.get(year, 0)
        cumulative[year] = total
    for i, year in enumerate(range(first, last + 1)):
        h = round(height * cumulative[year] / total, 1)
        bars.append({"year": year, "n": cumulative[year], "x": round(i * bar, 1), "y": round(height - h, 1),
                     "w": round(max(bar - 1, 1), 1), "h": h})
    return bars
