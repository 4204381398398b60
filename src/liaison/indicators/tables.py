"""The figures behind each chart and table of a question's analysis, as CSV rows (header first)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from liaison.core.errors import Invalid

TABLES = ("distribution", "regions", "countries", "cycles", "links")
STATISTICS = ("count", "min", "median", "max")


def summary_rows(summary: dict) -> list[tuple[str, object]]:
    return [(s, summary[s]) for s in STATISTICS]


def table_rows(analysis: dict, table: str) -> list[list]:
    """Return the rows of one table of `analysis`; Invalid for a table that does not exist."""
    number = analysis["kind"] == "number"
    if table == "distribution":
        if number:
            return [["statistic", "value"], *[[s, v] for s, v in summary_rows(analysis["summary"])]]
        return [["category", "value", "count"], *[[d["category"], d["value"], d["count"]]
                                                  for d in analysis["distribution"]]]
    if table == "regions":
        if number:
            return [["region", "parties", *STATISTICS[1:]],
                    *[[r["region"], r["parties"], *(r["summary"][s] for s in STATISTICS[1:])]
                      for r in analysis["regions"]]]
        return [["region", "parties", "category", "value", "count"],
                *[[r["region"], r["parties"], d["category"], d["value"], d["count"]]
                  for r in analysis["regions"] for d in r["distribution"]]]
    if table == "countries":
        return [["country", "name", "region", "answer"],
                *[[c["country"], c["name"], c["region"], c["number"] if number else c["answer"]]
                  for c in analysis["countries"]]]
    if table == "cycles":
        head = ["questionnaire", "cycle", "question", "found_by", "parties", "answered_both", "same", "changed"]
        rows: list[list] = [[*head, "category", "value", "count"]]
        for c in analysis["cycles"]:
            common = [c["questionnaire"], c["cycle"], c["question"], c["found_by"], c["parties"], c["both"],
                      c["same"], c["changed"]]
            if number:
                rows += [[*common, s, "", v] for s, v in summary_rows(c["summary"])]
            else:
                rows += [[*common, d["category"], d["value"], d["count"]] for d in c["distribution"]]
        return rows
    if table == "links":
        rows = [["link", "status", "convention", "questionnaire", "question", "country", "name", "answer",
                 "other_answer", "agrees"]]
        for link in analysis["links"]:
            rows += [[link["link"], link["status"], link["convention"], link["questionnaire"], link["question"],
                      c["country"], c["name"], c["answer"], c["other_answer"], "yes" if c["agrees"] else "no"]
                     for c in link["countries"]]
        return rows
    raise Invalid(_("No such table: choose one of %(tables)s.") % {"tables": ", ".join(TABLES)},
                  errors=[{"field": "table", "message": _("unknown table")}])


INDICATOR_TABLES = ("countries", "regions")


def indicator_table_rows(analysis: dict, table: str) -> list[list]:
    """Return the rows of one table of an indicator's analysis; Invalid for a table that does not exist."""
    if table == "countries":
        return [["country", "name", "region", "year", "value", "unit"],
                *[[c["country"], c["name"], c["region"], y["year"], y["value"], y["unit"]]
                  for c in analysis["countries"] for y in c["years"]]]
    if table == "regions":
        return [["region", "parties", "unit", "min", "median", "max"],
                *[[r["region"], r["parties"], analysis["unit"], r["min"], r["median"], r["max"]]
                  for r in analysis["regions"]]]
    raise Invalid(_("No such table: choose one of %(tables)s.") % {"tables": ", ".join(INDICATOR_TABLES)},
                  errors=[{"field": "table", "message": _("unknown table")}])
