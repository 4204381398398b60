"""Time the analysis page of one question across every party, and its world map's spec.

A temporary SQLite database (or the PostgreSQL one of `--database-url`, emptied first) gets the bundled
questionnaires (Cartagena 3rd and 4th, CBD 7th GBF, Nagoya interim) and their shipped links (cycle to cycle, and the curated links across conventions), then 190
countries x 4 questionnaires of SUBMITTED reports, every choice and number question answered (the option
varies by country, so that every answer has parties). Measured, for the Cartagena 4th report's question with
the most links (an earlier cycle and a CBD question): the whole page as an anonymous visitor (Django's test
client, page cache off), the selector alone, the map spec from its result, the JSON API. Baseline, in the
same run: a bare query of the same rows (the answers, with country codes, of the question, of its earlier
cycle's question and of its linked questions), with no assembly. Then the indicator page of B.1 with a
series of six years for every country's CBD report, against a bare query of its rows.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_analysis.py [--countries 190] [--repeat 20]
        [--database-url postgres://postgres@127.0.0.1:5432/liaison_bench_analysis]   # default: SQLite
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import zlib

from bench_db import database_prepare, timings


def setup(var_dir: str, url: str | None = None) -> None:
    database_prepare(var_dir, ["liaison.catalogue.loaders.catalogue_load",
                               "liaison.reporting.loaders.questionnaires_load",
                               "liaison.reporting.loaders.question_links_load"], url=url, page_cache=False)


def value_for(question, iso3: str):
    """An answer that differs from country to country (stable from run to run)."""
    n = zlib.crc32(f"{iso3}/{question.key}".encode())
    if question.kind == "number":
        return n % 1000
    values = [o["value"] for o in question.options]
    if not values:
        return None
    if question.kind == "multiple":
        return [values[n % len(values)], values[(n // 7) % len(values)]]
    return values[n % len(values)]


def reports_generate(n_countries: int) -> int:
    from django.utils import timezone

    from liaison.catalogue.models import Country
    from liaison.reporting.models import Answer, Question, Questionnaire, Report
    from liaison.reporting.permissions import ANALYSED_KINDS

    countries = list(Country.objects.order_by("iso3")[:n_countries])
    total = 0
    for questionnaire in Questionnaire.objects.all():
        questions = list(Question.objects.filter(questionnaire=questionnaire, kind__in=sorted(ANALYSED_KINDS)))
        reports = Report.objects.bulk_create([
            Report(questionnaire=questionnaire, country=c, status=Report.SUBMITTED, submitted_at=timezone.now())
            for c in countries])
        rows = []
        for report, country in zip(reports, countries, strict=True):
            for question in questions:
                value = value_for(question, country.iso3)
                if value is not None:
                    rows.append(Answer(report=report, question=question, value=value))
        Answer.objects.bulk_create(rows, batch_size=5000)
        total += len(rows)
    return total


def question_pick():
    """The Cartagena 4th report's question with an earlier cycle's link and the most links across conventions."""
    from django.db.models import Count, Q

    from liaison.reporting.models import Question

    return (Question.objects.filter(questionnaire__code="cartagena-nr4", kind__in=["single", "yesno", "yesnopartly"])
            .annotate(cross=Count("links_out", filter=~Q(links_out__target__questionnaire__code="cartagena-nr4")),
                      back=Count("links_in", filter=Q(links_in__source__questionnaire__code="cartagena-nr3")))
            .filter(back__gt=0).order_by("-cross", "order").first())


def series_generate(template: str = "GBF-INDICATOR-B1") -> int:
    """A national series of six years (km2) for every CBD report, plus one disaggregated row each."""
    from liaison.indicators.models import Series, SeriesRow
    from liaison.reporting.models import Report

    reports = list(Report.objects.filter(questionnaire__code="cbd-nr7-gbf").select_related("country"))
    series = Series.objects.bulk_create([Series(report=r, template=template, indicator="B.1", name="b1.xlsx")
                                         for r in reports])
    rows = []
    for one, report in zip(series, reports, strict=True):
        base = zlib.crc32(report.country.iso3.encode()) % 5000
        rows += [SeriesRow(series=one, line=i + 2, year=2015 + i, unit="km2", value=base + 37.5 * i) for i in range(6)]
        rows.append(SeriesRow(series=one, line=8, disaggregated=True, disaggregation_type="Biome", year=2020,
                              unit="km2", value=base / 2))
    SeriesRow.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def indicator_baseline(template: str) -> None:
    from liaison.indicators.models import SeriesRow

    list(SeriesRow.objects.filter(series__template=template, series__report__status="submitted")
         .values_list("series__report__country__iso3", "series__report__country__name", "year", "value", "unit"))


def baseline(question_ids: list[int]) -> None:
    from liaison.reporting.models import Answer

    list(Answer.objects.filter(question_id__in=question_ids, report__status="submitted")
         .values_list("question_id", "report__country__iso3", "report__country__name", "value"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=int, default=190)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", help="a PostgreSQL database to use (its schema is emptied); default SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-analysis-") as var_dir:
        t0 = time.perf_counter()
        setup(var_dir, args.database_url)
        from django.contrib.auth.models import AnonymousUser
        from django.test import Client

        from liaison.indicators.charts import map_spec
        from liaison.indicators.selectors import question_analysis
        from liaison.reporting.models import Answer

        n_answers = reports_generate(args.countries)
        question = question_pick()
        anonymous = AnonymousUser()
        analysis = question_analysis(user=anonymous, question_id=question.pk)
        ids = [question.pk, *(c["question"] for c in analysis["cycles"]), *(x["question"] for x in analysis["links"])]
        print(f"setup {time.perf_counter() - t0:.1f}s: {args.countries} countries x 4 questionnaires submitted, "
              f"{n_answers} answers ({Answer.objects.count()} stored)")
        print(f"question {question} ({question.kind}): {analysis['parties']} parties, {len(analysis['regions'])} "
              f"regions, {len(analysis['cycles'])} earlier cycle(s), {len(analysis['links'])} linked question(s) "
              f"of other conventions ({sum(x['both'] for x in analysis['links'])} party pairs compared)")
        client = Client()
        url = f"/analysis/questions/{question.pk}/"
        assert client.get(url).status_code == 200
        measured = {
            "page (anonymous, whole response)": timings(lambda: client.get(url), args.repeat),
            "selector question_analysis": timings(lambda: question_analysis(user=anonymous, question_id=question.pk),
                                                args.repeat),
            "map spec from the analysis": timings(lambda: map_spec(analysis), args.repeat),
            "JSON API": timings(lambda: client.get(f"/api/analysis/questions/{question.pk}"), args.repeat),
        }
        bare = timings(lambda: baseline(ids), args.repeat)
        base = statistics.median(bare)
        print(f"{'baseline (bare query of the same rows)':<40} median {base * 1000:7.1f} ms, "
              f"max {max(bare) * 1000:7.1f} ms over {args.repeat} runs")
        for label, times in measured.items():
            med = statistics.median(times)
            print(f"{label:<40} median {med * 1000:7.1f} ms, max {max(times) * 1000:7.1f} ms, "
                  f"{med / base:6.2f}x the bare query")
        page = statistics.median(measured["page (anonymous, whole response)"])
        print(f"aim: the page under 200 ms — {'met' if page < 0.2 else 'NOT met'} ({page * 1000:.0f} ms)")

        n_rows = series_generate()
        indicator_url = "/analysis/indicators/GBF-INDICATOR-B1/"
        assert client.get(indicator_url).status_code == 200
        shown = timings(lambda: client.get(indicator_url), args.repeat)
        bare_rows = timings(lambda: indicator_baseline("GBF-INDICATOR-B1"), args.repeat)
        med, base = statistics.median(shown), statistics.median(bare_rows)
        print(f"indicator B.1: {n_rows} series rows; bare query median {base * 1000:.1f} ms; page median "
              f"{med * 1000:.1f} ms, max {max(shown) * 1000:.1f} ms, {med / base:.2f}x the bare query")
    return 0


if __name__ == "__main__":
    sys.exit(main())
