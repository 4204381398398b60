"""Offline import speed: a 200-question report's DOCX and XLSX read alone, then imported (preview and confirm).

Usage: .venv/bin/python benchmarks/bench_offline.py [--countries 190] [--repeat 5] [--profile [tottime]]
       [--database-url postgres://postgres@127.0.0.1:5432/liaison_bench_offline]   # default: a new SQLite file

The database holds `--countries` reports of the same questionnaire, every question answered (the scale of 190
countries); Kenya's file has every answer changed. Baseline in the same run: reading the file alone
(sheets.docx_read / xlsx_read). Import = the upload's preview (checks, parse, comparison, stored preview)
plus the confirm (200 answers through reporting's answers_save: each checked as the web form's save checks it,
then all written together with their audit events and propagation).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import statistics
import sys
import tempfile
import time

from bench_db import database_prepare, timings

KINDS = ["yesno", "single", "multiple", "number", "text", "date", "table", "yesnopartly"]


def questionnaire_data(n: int) -> dict:
    options = [{"value": v, "label": v.title()} for v in ("alpha", "beta", "gamma")]
    yn = [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
    ynp = yn + [{"value": "partly", "label": "Partly"}]
    sections = []
    for s in range(n // 25):
        questions = []
        for i in range(25):
            kind = KINDS[(s * 25 + i) % len(KINDS)]
            q = {"key": f"q{s}_{i}", "number": f"{s + 1}.{i + 1}", "kind": kind, "title": f"Question {s}.{i}?"}
            if kind in ("single", "multiple"):
                q["options"] = options
            if kind == "yesno":
                q["options"] = yn
            if kind == "yesnopartly":
                q["options"] = ynp
            if kind == "table":
                q["columns"] = [{"key": "name", "label": "Name", "kind": "text"},
                                {"key": "n", "label": "Count", "kind": "text"}]
            questions.append(q)
        sections.append({"key": f"s{s}", "number": str(s + 1), "title": f"Section {s + 1}", "questions": questions})
    return {"format": "liaison-questionnaire/1", "code": "bench-offline", "convention": "CMS",
            "title": "Benchmark report", "cycle": "2026", "sections": sections}


def value_for(kind: str, i: int, changed: bool):
    return {"yesno": "no" if changed else "yes", "yesnopartly": "partly" if changed else "no",
            "single": "gamma" if changed else "alpha", "multiple": ["beta"] if changed else ["alpha"],
            "number": i + (1000 if changed else 0), "text": f"{'New' if changed else 'Old'} text {i}",
            "date": "2025-01-02" if changed else "2024-01-02",
            "table": [{"name": f"row {i}", "n": str(i + changed)}]}[kind]


def timed(fn, repeat: int) -> float:
    return statistics.median(timings(fn, repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=int, default=190)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--profile", nargs="?", const="cumulative", metavar="SORT",
                        help="print where the preview and the confirm spend their time (sorted by: cumulative, "
                             "tottime...)")
    parser.add_argument("--queries", action="store_true", help="print each query of the preview and the confirm")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (its schema is emptied); default SQLite")
    args = parser.parse_args()
    database_prepare(tempfile.mkdtemp(prefix="bench-offline-"), ["liaison.catalogue.loaders.catalogue_load"],
                     url=args.database_url)
    from django.contrib.auth import get_user_model

    from liaison.accounts.loaders import role_ensure
    from liaison.catalogue.models import Country
    from liaison.core.actors import system_actor
    from liaison.offline import services, sheets
    from liaison.offline.cells import value_text
    from liaison.reporting.models import Answer, Report
    from liaison.reporting.questionnaires import questionnaire_import

    questionnaire, _ = questionnaire_import(data=questionnaire_data(args.questions), user=system_actor("bench"))
    questions = list(questionnaire.questions.all())
    countries = list(Country.objects.order_by("iso3")[:args.countries])
    kenya = Country.objects.get(iso3="KEN")
    if kenya not in countries:
        countries[-1] = kenya
    reports = Report.objects.bulk_create([Report(questionnaire=questionnaire, country=c) for c in countries])
    Answer.objects.bulk_create([Answer(report=r, question=q, value=value_for(q.kind, i, False))
                                for r in reports for i, q in enumerate(questions)], batch_size=5000)
    report = Report.objects.select_related("questionnaire__convention", "country").get(
        questionnaire=questionnaire, country=kenya)
    user = get_user_model().objects.create_user("bench-fp")
    role_ensure(user, "focal_point", "CMS", "KEN", None)
    print(f"{len(reports)} reports x {len(questions)} questions ({Answer.objects.count()} answers)")
    import io

    import docx
    import openpyxl

    changed = {q.key: value_text(q, value_for(q.kind, i, True)) for i, q in enumerate(questions)}
    for fmt, reader in (("docx", sheets.docx_read), ("xlsx", sheets.xlsx_read)):
        data, _name = services.offline_download(user=user, report=report, fmt=fmt)
        if fmt == "xlsx":
            book = openpyxl.load_workbook(io.BytesIO(data))
            for row in book["Report"].iter_rows(min_row=2):
                row[5].value = changed.get(row[0].value, row[5].value)
        else:
            book = docx.Document(io.BytesIO(data))
            for table in book.tables:
                for row in table.rows:
                    cells = row.cells
                    if len(cells) > 4 and cells[0].text in changed:
                        cells[4].text = str(changed[cells[0].text])
        out = io.BytesIO()
        book.save(out)
        filled = out.getvalue()
        read = timed(lambda filled=filled, reader=reader: reader(filled), args.repeat)
        previews: list[float] = []
        confirms: list[float] = []
        queries: dict[str, int] = {}
        for _ in range(args.repeat):
            Answer.objects.filter(report=report).delete()
            Answer.objects.bulk_create([Answer(report=report, question=q, value=value_for(q.kind, i, False))
                                        for i, q in enumerate(questions)])
            fresh, _n = services.offline_download(user=user, report=report, fmt=fmt)
            marker, _rows = reader(fresh)
            patched = filled_with_marker(filled, fresh, fmt)
            with phase("preview", fmt, args, queries, previews):
                upload = services.upload_preview(user=user, report=report, name=f"r.{fmt}", data=patched)
            with phase("confirm", fmt, args, queries, confirms):
                n = services.upload_confirm(user=user, upload=upload, keep={}, skip=[])
            assert n == len([q for q in questions]), (n, upload.rows[:2])
        preview, confirm = statistics.median(previews), statistics.median(confirms)
        print(f"{fmt}: {len(filled) / 1024:.0f} KiB; read alone {read * 1000:.1f} ms; preview {preview * 1000:.1f} ms "
              f"({preview / read:.1f}x read); confirm {confirm * 1000:.1f} ms; import (preview + confirm) "
              f"{(preview + confirm) * 1000:.1f} ms ({(preview + confirm) / read:.1f}x read); aim < 1000 ms; "
              f"queries: preview {queries['preview']}, confirm {queries['confirm']}")
    sys.stdout.flush()


@contextlib.contextmanager
def phase(name: str, fmt: str, args, queries: dict[str, int], times: list[float]):
    """Time one phase into `times` and count its queries into `queries[name]`; print its profile (--profile, a
    pstats sort key) or its queries (--queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profiled = args.profile
    profile = cProfile.Profile() if profiled else None
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        if profile:
            profile.enable()
        yield
        if profile:
            profile.disable()
        times.append(time.perf_counter() - start)
    queries[name] = len(captured)
    if args.queries:
        print(f"--- {fmt} {name}: {len(captured)} queries")
        for query in captured:
            print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    if profile:
        print(f"--- {fmt} {name}: {len(captured)} queries")
        pstats.Stats(profile).sort_stats(profiled).print_stats(25)


def filled_with_marker(filled: bytes, fresh: bytes, fmt: str) -> bytes:
    """Return the filled file carrying the marker of a fresh download (so each run has its own download)."""
    import io

    from liaison.offline import sheets

    marker, _rows = (sheets.docx_read if fmt == "docx" else sheets.xlsx_read)(fresh)
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(filled))
        for row in book["About"].iter_rows():
            if row[0].value in marker:
                row[1].value = marker[row[0].value]
    else:
        import docx

        book = docx.Document(io.BytesIO(filled))
        for row in book.tables[0].rows:
            if row.cells[0].text in marker:
                row.cells[1].text = marker[row.cells[0].text]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


if __name__ == "__main__":
    main()
