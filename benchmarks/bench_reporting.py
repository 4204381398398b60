"""Time to open a national report with the answers linked from the country's three other reports.

A temporary SQLite database gets the bundled questionnaires (Cartagena 3rd and 4th, CBD 7th GBF binary
questions, Nagoya interim) and their shipped links, plus synthetic accepted links so that each of the three
other reports feeds the Cartagena 4th report (about 200 questions). Then 190 countries x 4 questionnaires of
answers are generated. Measured: `report_view` (questions + this report's answers + the linked answers of
the other reports, carried through each link's value map) for one country's Cartagena 4th report that has
a quarter of its answers typed; baseline, in the same run: a bare query of the same rows (questions,
this report's answers, the country's answers to the linked questions) with no assembly.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_reporting.py [--countries 190] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time

from bench_db import database_prepare, timings


def setup(var_dir: str) -> None:
    database_prepare(var_dir, ["liaison.catalogue.loaders.catalogue_load",
                                    "liaison.reporting.loaders.questionnaires_load",
                                    "liaison.reporting.loaders.question_links_load"])


def links_synthetic() -> int:
    """Accept extra links Nagoya -> Cartagena 4th and CBD -> Cartagena 4th, between questions of the same kind."""
    from liaison.reporting.crosswalk import link_upsert, option_map
    from liaison.reporting.models import Question, QuestionLink

    target = [q for q in Question.objects.filter(questionnaire__code="cartagena-nr4").exclude(kind="header")
              if not QuestionLink.objects.filter(target=q).exists()]
    n = 0
    for code in ("nagoya-interim", "cbd-nr7-gbf"):
        sources = list(Question.objects.filter(questionnaire__code=code).exclude(kind="header"))
        for i, source in enumerate(sources):
            if not target:
                break
            question = target.pop(i % len(target))
            link_upsert(source=source, target=question, transform=option_map(source, question) or {},
                        status=QuestionLink.ACCEPTED, origin="bench")
            n += 1
    return n


def answers_generate(n_countries: int) -> tuple[int, int]:
    from liaison.catalogue.models import Country
    from liaison.reporting.loaders import demo_value
    from liaison.reporting.models import Answer, Questionnaire, Report

    countries = list(Country.objects.order_by("iso3")[:n_countries])
    questionnaires = list(Questionnaire.objects.all())
    questions = {q.pk: list(q.questions.all()) for q in questionnaires}
    total = 0
    for questionnaire in questionnaires:
        current = questionnaire.code == "cartagena-nr4"
        reports = Report.objects.bulk_create([
            Report(questionnaire=questionnaire, country=c, status=Report.DRAFT if current else Report.SUBMITTED)
            for c in countries])
        rows = []
        for report in reports:
            for i, question in enumerate(questions[questionnaire.pk]):
                if current and i % 4:
                    continue  # the report being written: a quarter typed so far
                value = demo_value(question)
                if value is not None:
                    rows.append(Answer(report=report, question=question, value=value))
        Answer.objects.bulk_create(rows, batch_size=5000)
        total += len(rows)
    return len(countries), total


def baseline(report) -> None:
    from django.db.models import Q

    from liaison.reporting.models import Answer, Question, QuestionLink, Report

    questions = list(Question.objects.filter(questionnaire_id=report.questionnaire_id))
    ids = [q.pk for q in questions]
    list(Answer.objects.filter(report=report))
    links = list(QuestionLink.objects.filter(status="accepted").filter(Q(target_id__in=ids) | Q(source_id__in=ids)))
    linked = {link.source_id for link in links} | {link.target_id for link in links}
    others = list(Report.objects.filter(country_id=report.country_id).exclude(pk=report.pk).values_list("pk", flat=True))
    list(Answer.objects.filter(question_id__in=linked, report_id__in=others))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=int, default=190)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reporting-") as var_dir:
        t0 = time.perf_counter()
        setup(var_dir)
        from liaison.core.actors import system_actor
        from liaison.reporting.models import Answer, Question, QuestionLink, Report
        from liaison.reporting.selectors import report_view

        reader = system_actor("bench")  # reads every answer, as the focal point of the report does

        extra = links_synthetic()
        n_countries, n_answers = answers_generate(args.countries)
        report = Report.objects.select_related("questionnaire", "country").get(
            questionnaire__code="cartagena-nr4", country__iso3="KEN")
        print(f"setup {time.perf_counter() - t0:.1f}s: {n_countries} countries x 4 questionnaires, "
              f"{n_answers} answers ({Answer.objects.count()} stored), "
              f"{QuestionLink.objects.filter(status='accepted').count()} accepted links ({extra} synthetic)")
        view = report_view(user=reader, report=report)
        n_questions = Question.objects.filter(questionnaire=report.questionnaire).count()
        print(f"report: {report} — {n_questions} questions, {view['n_answered']} answered here, "
              f"{view['n_prefilled']} prefilled from linked answers of the other reports")
        measured = timings(lambda: report_view(user=reader, report=report), args.repeat)
        bare = timings(lambda: baseline(report), args.repeat)
        med, base = statistics.median(measured), statistics.median(bare)
        print(f"report_view (questions + answers + linked prefills): median {med * 1000:.1f} ms, "
              f"max {max(measured) * 1000:.1f} ms over {args.repeat} runs")
        print(f"baseline (bare query of the same rows):               median {base * 1000:.1f} ms, "
              f"max {max(bare) * 1000:.1f} ms")
        print(f"ratio {med / base:.1f}x the bare query")
    return 0


if __name__ == "__main__":
    sys.exit(main())
