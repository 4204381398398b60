"""Reads: one CBD headline indicator (an ORT template) across countries, from submitted reports' series only.

Per country, the national rows (not disaggregated) give one value per year; when a country has submitted the
template in several reports, a later report's value for a year replaces an earlier one. A draft's series never
reaches the analysis; the convention's staff also get how many reports in progress carry the template.
"""

from __future__ import annotations

import statistics
from collections import Counter

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from liaison.core.errors import NotFound
from liaison.indicators.models import Series, SeriesRow
from liaison.indicators.regions import numeric_of, region_of
from liaison.indicators.templates_ort import templates_all
from liaison.reporting.models import Report
from liaison.reporting.permissions import report_progress_visible_to


def series_analysed_to(user) -> QuerySet[Series]:
    """Return the series that analyses across countries count for `user`: those of submitted reports, for
    everyone (as answers: a submitted report is published to its convention; a draft's series never counts)."""
    return Series.objects.filter(report__status=Report.SUBMITTED)


def template_get(code: str):
    template = templates_all().get(code)
    if template is None:
        raise NotFound(_("No such indicator template."))
    return template


def indicator_list(*, user) -> list[dict]:
    """Return every indicator template with the number of countries that submitted data for it."""
    seen: dict[str, set[int]] = {}
    for template, country in series_analysed_to(user).values_list("template", "report__country_id"):
        seen.setdefault(template, set()).add(country)
    counts = {t: len(c) for t, c in seen.items()}
    return [{"template": t.code, "indicator": t.indicator, "title": t.title, "countries": counts.get(t.code, 0)}
            for t in templates_all().values()]


def indicator_analysis(*, user, template: str) -> dict:
    """Return the indicator's national values across countries: per country the values by year and the latest,
    per UNEP region the median of the latest values (in the unit most countries use)."""
    found = template_get(template)
    rows = (SeriesRow.objects.filter(series__in=series_analysed_to(user).filter(template=found.code),
                                     disaggregated=False)
            .order_by("series__report__submitted_at", "series__report_id", "line")
            .values_list("series__report__country__iso3", "series__report__country__name", "year", "value", "unit"))
    by_country: dict[str, dict] = {}
    for code, name, year, value, unit in rows:
        entry = by_country.setdefault(code, {"name": name, "years": {}})
        entry["years"][year] = (value, unit)  # a later report's value for the year replaces an earlier one
    countries = []
    for code in sorted(by_country):
        entry = by_country[code]
        years = sorted(entry["years"])
        latest_value, latest_unit = entry["years"][years[-1]]
        countries.append({"country": code, "name": entry["name"], "region": region_of(code),
                          "numeric": numeric_of(code), "latest_year": years[-1], "latest_value": latest_value,
                          "unit": latest_unit,
                          "years": [{"year": y, "value": entry["years"][y][0], "unit": entry["years"][y][1]}
                                    for y in years]})
    units = Counter(c["unit"] for c in countries)
    unit = units.most_common(1)[0][0] if units else ""
    regions: dict[str, list[float]] = {}
    for c in countries:
        if c["unit"] == unit:
            regions.setdefault(c["region"], []).append(c["latest_value"])
    progress = report_progress_visible_to(user).filter(questionnaire__convention__acronym="CBD")
    drafts = None
    if progress.exists():
        drafts = Series.objects.filter(template=found.code,
                                       report__in=progress.exclude(status=Report.SUBMITTED).values("pk")).count()
    return {"template": found.code, "indicator": found.indicator, "title": found.title, "parties": len(countries),
            "unit": unit, "units": dict(units), "countries": countries,
            "regions": [{"region": r, "parties": len(v), "median": statistics.median(v), "min": min(v),
                         "max": max(v)} for r, v in sorted(regions.items())],
            "drafts": drafts}
