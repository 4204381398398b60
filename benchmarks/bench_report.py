"""Benchmark of the Standing Committee report: 1,000 partnerships and 10,000 activities in a temporary SQLite DB.

Run: .venv/bin/python benchmarks/bench_report.py [--partnerships 1000] [--activities 10000] [--rounds 3]
Prints the time to build the report's data and to render it as HTML and DOCX, against a baseline measured in
the same run on the same database: a bare query listing the same rows (every partnership with its parties,
every activity with its owner). Aim: the whole report in a few seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time

from bench_db import database_prepare


def setup(var_dir: str) -> None:
    database_prepare(var_dir, ["liaison.catalogue.loaders.catalogue_load", "liaison.decisions.loaders.decisions_load"])


def generate(n_partnerships: int, n_activities: int, seed: int = 11) -> None:
    """Create organizations, partnerships (2 parties each), one work plan each, activities and contributions."""
    from django.db import transaction
    from django.utils import timezone

    from liaison.catalogue.models import Convention, Organization
    from liaison.decisions.models import Mandate
    from liaison.partnerships.models import (
        Activity,
        Contribution,
        Partnership,
        PartnershipParty,
        TargetLink,
        WorkPlan,
    )

    rng = random.Random(seed)
    cms = Convention.objects.get(acronym="CMS")
    secretariat = Organization.objects.get(kind="secretariat", convention=cms)
    today = dt.date.today()
    kinds = ["ngo", "igo", "academic", "private", "government"]
    statuses = [s for s, _ in Partnership.STATUSES]
    activity_statuses = [s for s, _ in Activity.STATUSES]
    with transaction.atomic():
        orgs = Organization.objects.bulk_create([Organization(name=f"Bench partner {i:05d}", kind=rng.choice(kinds))
                                                 for i in range(n_partnerships)])
        partnerships = []
        for i in range(n_partnerships):
            start = today - dt.timedelta(days=rng.randint(0, 3000))
            ended = start + dt.timedelta(days=rng.randint(200, 2000))
            status = rng.choice(statuses)
            partnerships.append(Partnership(
                slug=f"bench-{i:05d}", title=f"Bench partnership {i:05d}", instrument=rng.choice(["mou", "jwp", "moc"]),
                convention=cms, status=status, started_on=start, signed_on=start,
                ended_on=ended if status in ("expired", "terminated") else None))
        partnerships = Partnership.objects.bulk_create(partnerships, batch_size=500)
        PartnershipParty.objects.bulk_create(
            [PartnershipParty(partnership=p, organization=o) for p, o in zip(partnerships, orgs, strict=True)]
            + [PartnershipParty(partnership=p, organization=secretariat) for p in partnerships], batch_size=1000)
        plans = WorkPlan.objects.bulk_create([WorkPlan(partnership=p, title=f"Work plan of {p.title}")
                                              for p in partnerships], batch_size=500)
        activities = []
        for i in range(n_activities):
            plan_index = i % len(plans)
            start = today - dt.timedelta(days=rng.randint(-400, 1500))
            activities.append(Activity(
                workplan=plans[plan_index], code=f"A{i}", title=f"Bench activity {i:06d}", owner=orgs[plan_index],
                lead=orgs[plan_index], start=start, end=start + dt.timedelta(days=rng.randint(30, 900)),
                status=rng.choice(activity_statuses), budget=rng.randint(1000, 100000), currency="EUR"))
        activities = Activity.objects.bulk_create(activities, batch_size=1000)
        TargetLink.objects.bulk_create([TargetLink(activity=a, framework_code="CMS-SPMS-2015-2023",
                                                   target_code=str(rng.randint(1, 16))) for a in activities],
                                       batch_size=1000)
        mandates = list(Mandate.objects.filter(actor__code="secretariat").values_list("pk", flat=True))
        through = Activity.mandates.through
        through.objects.bulk_create([through(activity_id=a.pk, mandate_id=rng.choice(mandates))
                                     for a in activities[::3]], batch_size=1000)
        now = timezone.now()
        Contribution.objects.bulk_create([Contribution(
            organization=orgs[i % len(orgs)], convention=cms, title=f"Bench contribution {i}",
            period_start=today - dt.timedelta(days=365), period_end=today, summary="Work done.",
            status=rng.choice(["submitted", "accepted", "returned"]),
            submitted_at=now - dt.timedelta(days=rng.randint(0, 900))) for i in range(n_partnerships * 2)],
            batch_size=1000)


def best_of(function, rounds: int) -> tuple[float, object]:
    """Return the best wall-clock time of `rounds` calls of function, and its last result."""
    best, result = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="liaison-bench-report-") as var_dir:
        t0 = time.perf_counter()
        setup(var_dir)
        generate(args.partnerships, args.activities)
        print(f"data set: {args.partnerships} partnerships, {args.activities} activities, "
              f"{args.partnerships * 2} contributions; generated in {time.perf_counter() - t0:.1f} s")

        from django.db import connection

        from liaison.catalogue.models import Convention
        from liaison.core.actors import system_actor
        from liaison.partnerships.committee.render import report_docx, report_html
        from liaison.partnerships.committee.report import report_build
        from liaison.partnerships.models import Activity, Partnership

        cms = Convention.objects.get(acronym="CMS")
        actor = system_actor("bench_report")  # the report is built as the CLI builds it
        start, end = dt.date.today() - dt.timedelta(days=365), dt.date.today()

        def baseline():
            rows = list(Partnership.objects.filter(convention=cms).values_list("title", "status",
                                                                                "organizations__name"))
            rows += list(Activity.objects.filter(workplan__partnership__convention=cms).values_list(
                "title", "owner__name", "start", "end", "status"))
            return rows

        def build():
            return report_build(user=actor, convention=cms, start=start, end=end)

        base, rows = best_of(baseline, args.rounds)
        connection.queries_log.clear()
        built, report = best_of(build, args.rounds)
        html_time, html = best_of(lambda: report_html(report_build(user=actor, convention=cms, start=start, end=end)),
                                  args.rounds)
        docx_time, docx = best_of(lambda: report_docx(report_build(user=actor, convention=cms, start=start, end=end)),
                                  args.rounds)
        print(f"baseline: bare query listing the same {len(rows):,} rows      {base * 1000:8.0f} ms")
        print(f"report data (counts, late activities, contributions, mandates) {built * 1000:8.0f} ms"
              f"  ({built / base:.1f}x baseline)")
        print(f"report built and rendered as HTML ({len(html) // 1024} KB)            {html_time * 1000:8.0f} ms"
              f"  ({html_time / base:.1f}x baseline)")
        print(f"report built and rendered as DOCX ({len(docx) // 1024} KB)            {docx_time * 1000:8.0f} ms"
              f"  ({docx_time / base:.1f}x baseline)")
        print(f"late activities counted: {report.late_total:,}; work plans with activities: "
              f"{report.workplans_total:,}; partners tracked: {len(report.reporting):,}")


if __name__ == "__main__":
    main()
