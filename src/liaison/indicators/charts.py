"""Vega-Lite specifications of the analysis charts, built on the server from an analysis (plain dicts).

The page puts each in a <script type="application/json"> for `indicators/analysis.js` to render with the
vendored Vega-Lite; the world map reads world-atlas' `countries-110m.json` (ids are ISO 3166-1 numeric codes)
from the app's own static files.
"""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.translation import gettext as _

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # a name only: nothing is fetched from it
ATLAS = "indicators/vendor/countries-110m.json"
NO_ANSWER_COLOUR = "#d9d9d9"
# A colour-blind-safe qualitative palette (Tableau 10), one colour per answer in the questionnaire's order.
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac"]


def distribution_spec(analysis: dict) -> dict:
    """Return a bar chart of the parties per answer (a histogram of the values for a number question)."""
    if analysis["kind"] == "number":
        values = [{"name": c["name"], "value": c["number"]} for c in analysis["countries"]]
        return {"$schema": SCHEMA, "width": "container", "height": 220, "data": {"values": values},
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {"x": {"field": "value", "type": "quantitative", "bin": {"maxbins": 20},
                                   "title": _("Answer")},
                             "y": {"aggregate": "count", "type": "quantitative", "title": _("Parties")}}}
    values = [{"category": d["category"], "count": d["count"]} for d in analysis["distribution"]]
    counts = {"field": "count", "type": "quantitative", "title": _("Parties"), "axis": {"tickMinStep": 1, "format": "d"}}
    if not any(v["count"] for v in values):  # no party yet: an axis of 0 to 1 (a zero-wide one ticks "0.000000")
        counts["scale"] = {"domain": [0, 1]}
    return {"$schema": SCHEMA, "width": "container", "height": {"step": 28}, "data": {"values": values},
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {"y": {"field": "category", "type": "nominal", "sort": None, "title": None,
                               "axis": {"labelLimit": 320}},
                         "x": counts,
                         "color": {"field": "category", "type": "nominal", "legend": None,
                                   "scale": {"domain": [d["category"] for d in values],
                                             "range": colours(len(values))}}}}


def colours(n: int) -> list[str]:
    return [PALETTE[i % len(PALETTE)] for i in range(n)]


def map_spec(analysis: dict, *, title: str | None = None) -> dict:
    """Return a world map coloured by each party's answer (grey where no submitted answer)."""
    values = [{"id": c["numeric"], "party": c["name"], "answer": c["number"] if analysis["kind"] == "number"
               else c["answer"]} for c in analysis["countries"] if c["numeric"]]
    answer = title or _("Answer")
    if analysis["kind"] == "number":
        colour = {"field": "answer", "type": "quantitative", "title": answer, "scale": {"scheme": "blues"}}
    else:
        # single answers in the questionnaire's order, then any combination of a multiple choice
        domain = [d["category"] for d in analysis["distribution"] if d["count"]]
        domain += sorted({v["answer"] for v in values} - set(domain))
        colour = {"field": "answer", "type": "nominal", "title": answer,
                  "scale": {"domain": domain, "range": colours(len(domain))},
                  "legend": {"orient": "bottom", "columns": 2, "labelLimit": 360}}
    if not any(v["answer"] is not None for v in values):  # nothing to colour: no legend (a title alone, or NaN)
        colour["legend"] = None
    return {"$schema": SCHEMA, "width": "container", "height": 380,
            "data": {"url": static(ATLAS), "format": {"type": "topojson", "feature": "countries"}},
            "projection": {"type": "equalEarth"},
            "layer": [
                {"mark": {"type": "geoshape", "fill": NO_ANSWER_COLOUR, "stroke": "#ffffff", "strokeWidth": 0.4},
                 "encoding": {"tooltip": [{"field": "properties.name", "type": "nominal", "title": _("Country")}]}},
                {"transform": [{"lookup": "id", "from": {"data": {"values": values}, "key": "id",
                                                          "fields": ["party", "answer"]}},
                               {"filter": "isValid(datum.answer)"}],
                 "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
                 "encoding": {"color": colour,
                              "tooltip": [{"field": "party", "type": "nominal", "title": _("Party")},
                                          {"field": "answer", "type": colour["type"], "title": answer}]}},
            ]}


def indicator_lines_spec(analysis: dict) -> dict:
    """Return a line chart of each country's national value by year (the unit most countries use)."""
    values = [{"party": c["name"], "year": y["year"], "value": y["value"]} for c in analysis["countries"]
              for y in c["years"] if y["unit"] == analysis["unit"]]
    many = len({v["party"] for v in values}) > 12
    return {"$schema": SCHEMA, "width": "container", "height": 260, "data": {"values": values},
            "mark": {"type": "line", "point": True, "tooltip": True},
            "encoding": {"x": {"field": "year", "type": "ordinal", "title": _("Year"), "axis": {"labelAngle": 0}},
                         "y": {"field": "value", "type": "quantitative", "title": analysis["unit"] or _("Value")},
                         "color": {"field": "party", "type": "nominal", "title": _("Party"),
                                   "legend": None if many else {"orient": "bottom", "columns": 3}}}}


def indicator_map_spec(analysis: dict) -> dict:
    """Return a world map coloured by each country's latest national value (in the unit most countries use)."""
    countries = [{"numeric": c["numeric"], "name": c["name"], "number": c["latest_value"]}
                 for c in analysis["countries"] if c["unit"] == analysis["unit"]]
    return map_spec({"kind": "number", "countries": countries, "distribution": []},
                    title=_("Latest value (%(unit)s)") % {"unit": analysis["unit"]} if analysis["unit"] else None)
