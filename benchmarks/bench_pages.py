"""Time issue 18's key pages signed in, in-process (Django's test client), against the 404 page of the same run.

    .venv/bin/python benchmarks/bench_pages.py --sqlite-from /tmp/var/liaison.sqlite3 [--repeat 30]
    PYTHONPATH=/tmp/base/src .venv/bin/python benchmarks/bench_pages.py --sqlite-from ...   # another tree's code
    .venv/bin/python benchmarks/bench_pages.py --sqlite-from ... --users cms-secretariat --pages crosswalk \\
        --profile /tmp/crosswalk.prof

The database is a copy of a SQLite file `liaison load` filled with the demo accounts (LIAISON_DEMO=1): each run
starts from the same rows, and the copy takes what a visit writes. Each demo account given by --users (default:
cms-secretariat, kenya-focal-point, partner-wild-migration) is signed in with its own client; the pages are
bench_http's (the public key pages and the signed-in ones: workspace, a national report, contributions), each
found as that account finds it; a page the account may not open is listed as such. A round loads the 404 page
then each page once, so the baseline and the pages see the same machine; after a warm request, --repeat rounds.
Printed per account and page: median and p95 ms, the queries of one request, and the median over the 404's.
--profile FILE writes a cProfile of --repeat requests of each page named by --pages (one account) and prints
its 25 costliest functions.

The code measured is this checkout's src/, or the tree PYTHONPATH names (the same benchmark for before/after).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_USERS = ["cms-secretariat", "kenya-focal-point", "partner-wild-migration"]
MISSING_PATH = "/no-such-page-h18/"  # the baseline: a 404 through the same middleware and base template


def django_setup(sqlite_from: str, var_dir: str) -> None:
    """Point Django at a copy of `sqlite_from` under `var_dir` (settings as `make run` has them)."""
    if not os.environ.get("PYTHONPATH"):
        sys.path.insert(0, str(REPO / "src"))
    database = Path(var_dir) / "liaison.sqlite3"
    shutil.copyfile(sqlite_from, database)
    for suffix in ("-wal", "-shm"):
        if Path(sqlite_from + suffix).exists():
            shutil.copyfile(sqlite_from + suffix, str(database) + suffix)
    os.environ["LIAISON_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "liaison.config.settings.dev"
    os.environ.setdefault("LIAISON_DATA_DIR", str(REPO / "data"))
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # not a line per 404 of the baseline


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def link_first(client, path: str, pattern: str) -> str | None:
    """Return the first link of `path` matching `pattern`, as the signed-in reader finds it."""
    answer = client.get(path)
    found = re.search(pattern.encode(), answer.content) if answer.status_code == 200 else None
    return found.group(0).decode() if found else None


def pages_pick(client, pages: list, only: list[str] | None) -> list[tuple[str, str, int]]:
    """Return (label, path, status) of each page for this client's account (status 0: no link found)."""
    picked = []
    for label, where in pages:
        if only and label not in only:
            continue
        path = where if isinstance(where, str) else link_first(client, where[0], where[1])
        if path and label == "a work plan":
            path = link_first(client, path, r"/partnerships/workplans/\d+/")
        if path is None:
            picked.append((label, str(where[0]), 0))
            continue
        picked.append((label, path, client.get(path).status_code))
    return picked


def queries_count(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def timed(client, path: str, status: int) -> float:
    started = time.perf_counter()
    answer = client.get(path)
    elapsed = time.perf_counter() - started
    if answer.status_code != status:
        raise SystemExit(f"{path} answered {answer.status_code}, {status} before")
    return elapsed


def account_measure(username: str, *, repeat: int, only: list[str] | None) -> list[tuple]:
    """Return the rows printed for one account: (label, path, status, queries, times) with the 404 first."""
    from bench_http import PUBLIC_PAGES, SIGNED_IN_PAGES
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    pages = [("404 page", MISSING_PATH, 404)] + [
        p for p in pages_pick(client, [pg for pg in PUBLIC_PAGES + SIGNED_IN_PAGES if pg[0] != "api mandates"], only)]
    measured = [i for i, page in enumerate(pages) if page[2] in (200, 404)]
    times: dict[int, list[float]] = {i: [] for i in measured}
    for i in measured:
        timed(client, pages[i][1], pages[i][2])  # warm: templates compiled, the process's caches filled
    for _ in range(repeat):
        for i in measured:
            times[i].append(timed(client, pages[i][1], pages[i][2]))
    return [(label, path, status, queries_count(client, path) if i in times else None, times.get(i))
            for i, (label, path, status) in enumerate(pages)]


def report_print(username: str, rows: list[tuple]) -> None:
    baseline = statistics.median(rows[0][4])
    print(f"\n{username}")
    print(f"{'page':<16} {'path':<40} {'median ms':>9} {'p95 ms':>8} {'queries':>7} {'x 404':>6}")
    for label, path, status, queries, times in rows:
        if times is None:
            why = "no link found" if status == 0 else f"answers {status}"
            print(f"{label:<16} {path[:40]:<40} {why:>9}")
            continue
        median = statistics.median(times)
        print(f"{label:<16} {path[:40]:<40} {median * 1000:>9.1f} {percentile(times, .95) * 1000:>8.1f} "
              f"{queries:>7} {median / baseline:>6.1f}")


def profile_write(username: str, labels: list[str], repeat: int, target: str) -> None:
    import cProfile
    import pstats

    from bench_http import PUBLIC_PAGES, SIGNED_IN_PAGES
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for label, path, status in pages_pick(client, PUBLIC_PAGES + SIGNED_IN_PAGES, labels):
        if status != 200:
            print(f"{label}: answers {status}, not profiled")
            continue
        out = target if len(labels) == 1 else f"{target}.{re.sub(r'[^a-z0-9]+', '-', label)}"
        profiler = cProfile.Profile()
        profiler.runcall(lambda path=path: [client.get(path) for _ in range(repeat)])
        profiler.dump_stats(out)
        print(f"\n{label} {path}: cProfile of {repeat} requests as {username} in {out}")
        pstats.Stats(out).sort_stats("cumulative").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite-from", required=True, help="a SQLite file `liaison load` filled (demo accounts on)")
    parser.add_argument("--repeat", type=int, default=30, help="rounds of requests per page (default 30)")
    parser.add_argument("--users", nargs="*", default=DEFAULT_USERS, help="demo accounts to sign in as")
    parser.add_argument("--pages", nargs="*", metavar="LABEL", help="only these pages (labels as printed)")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the --pages as the first of --users instead")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO / "benchmarks"))
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as var_dir:
        django_setup(args.sqlite_from, var_dir)
        import liaison

        print(f"code: {Path(liaison.__file__).parent}; load average {os.getloadavg()[0]:.2f}; "
              f"{args.repeat} rounds (404 page, then each page)")
        if args.profile:
            if not args.pages:
                raise SystemExit("--profile needs --pages")
            profile_write(args.users[0], args.pages, args.repeat, args.profile)
            return 0
        for username in args.users:
            report_print(username, account_measure(username, repeat=args.repeat, only=args.pages))
        print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
