"""Bounded HTTP load with wrk against `liaison serve` on loopback: req/s and p50/p95 per page, against a static file.

    .venv/bin/python benchmarks/bench_http.py                       # SQLite, 60 s per URL, 32 connections
    .venv/bin/python benchmarks/bench_http.py --seconds 15 --database postgres
    .venv/bin/python benchmarks/bench_http.py --seconds 15 --signed-in cms-secretariat --signed-in kenya-focal-point
    .venv/bin/python benchmarks/bench_http.py --seconds 10 --pages home "decision page"
    .venv/bin/python benchmarks/bench_http.py --seconds 5 --signed-in kenya-focal-point --no-anonymous --pages crosswalk

The pages are issue 18's key pages (PUBLIC_PAGES), each found as a reader finds it (the first decision of the
list, the first target of the GBF...). With --signed-in USER they are also loaded signed in as that demo account
(its session cookie on every request, so the anonymous page cache never answers), with the pages only a
signed-in person has (their workspace, a national report, contributions): one table for anonymous visitors,
one per USER, the static file of the same run as the baseline of all.

The server is the one `make run` starts (gunicorn workers, whitenoise for static files) on a fresh database
loaded by `liaison load`; the static file it serves is the baseline of the same run. Needs Debian's wrk
(`apt-get install -y wrk`).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from served import served_arguments, served_from_arguments  # noqa: E402

# wrk calls done() once at the end: print the figures as one JSON line (latencies are in microseconds).
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "status_errors": %d, '
    .. '"p50": %f, "p95": %f, "p99": %f, "max": %f}\\n',
    summary.requests, summary.duration / 1e6, errors, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def fetch(url: str, cookie: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read()


def link_first(base: str, path: str, pattern: str, cookie: str | None = None) -> str:
    """Return the first link of the page at `path` matching `pattern` (a page of each kind, found as a reader
    finds it)."""
    _, body = fetch(base + path, cookie)
    found = re.search(pattern.encode(), body)
    if not found:
        raise SystemExit(f"no link matching {pattern} on {path}")
    return found.group(0).decode()


# Issue 18's key pages: (label, path) or (label, (list page, link pattern)) for a page reached from a list.
PUBLIC_PAGES = [
    ("home", "/"), ("conventions", "/conventions/"), ("a convention", "/conventions/CMS/"),
    ("a country", "/countries/KEN/"), ("decision list", "/decisions/"),
    ("decision page", ("/decisions/", r"/decisions/\d+/")), ("in effect", "/conventions/CMS/in-effect/"),
    ("mandate list", "/mandates/"), ("frameworks", "/frameworks/"),
    ("a target", ("/frameworks/GBF/", r"/targets/\d+/")), ("crosswalk", "/crosswalk/"), ("synergies", "/synergies/"),
    ("overlap report", "/overlap/"), ("a theme", ("/overlap/", r"/overlap/themes/[-\w]+/")),
    ("partnerships", "/partnerships/"), ("a work plan", ("/partnerships/", r"/partnerships/\d+/")),
    ("calendar", "/partnerships/calendar/"), ("search results", "/search/?q=wetlands"),
    ("api mandates", "/api/mandates"),
]
# Pages only a signed-in person has: their workspace, a national report, a partner's contributions.
SIGNED_IN_PAGES = [
    ("workspace", "/reporting/"), ("national report", ("/reporting/", r"/reporting/reports/\d+/")),
    ("contributions", "/partnerships/contributions/"),
]


def urls_pick(base: str, pages: list, cookie: str | None = None, *, only: list[str] | None = None
              ) -> list[tuple[str, str]]:
    """Return (label, path) for the pages measured, each checked to answer 200 (as `cookie`, if given)."""
    urls = []
    for label, where in pages:
        if only and label not in only:
            continue
        path = where if isinstance(where, str) else link_first(base, where[0], where[1], cookie)
        if label == "a work plan":  # from a partnership's page to its first work plan
            path = link_first(base, path, r"/partnerships/workplans/\d+/", cookie)
        status, _ = fetch(base + path, cookie)
        if status != 200:
            raise SystemExit(f"{label} {path} answers {status}")
        urls.append((label, path))
    return urls


def static_pick(base: str) -> tuple[str, str]:
    """Return the stylesheet of the home page, the static baseline."""
    _, home = fetch(base + "/")
    static = re.search(rb'(/static/[^"\']+\.css)', home)
    if not static:
        raise SystemExit("no stylesheet link on the home page to use as the static baseline")
    return ("static file", static.group(1).decode())


def server_idle(url: str, *, limit: float = 180.0) -> float:
    """Wait until `url` (the static file) answers within 100 ms again: the workers have served the requests
    still queued from the previous URL's connections. Return the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        before = time.monotonic()
        try:
            fetch(url)
        except OSError:  # still busy past the fetch timeout
            continue
        if time.monotonic() - before < 0.1:
            break
        time.sleep(0.5)
    return time.monotonic() - started


def wrk_run(url: str, *, seconds: int, connections: int, threads: int, script: Path, cookie: str | None = None
            ) -> dict:
    """Run wrk once against `url` (with `cookie` as the Cookie header, if given); return its figures (latencies
    in milliseconds)."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s",
                          *headers, "-s", str(script), url], capture_output=True, text=True, timeout=seconds + 120)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("{")), None)
    if line is None:
        raise SystemExit(f"wrk printed no figures for {url}:\n{out.stdout}\n{out.stderr}")
    figures = json.loads(line)
    for key in ("p50", "p95", "p99", "max"):
        figures[key] /= 1000
    figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0.0
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="seconds of load per URL (default 60)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (default 32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--signed-in", metavar="USER", action="append", default=[],
                        help="also load the pages signed in as this demo account (repeatable)")
    parser.add_argument("--pages", nargs="*", metavar="LABEL", help="only these pages (labels as printed)")
    parser.add_argument("--no-anonymous", action="store_true",
                        help="load the pages signed in only (the anonymous table keeps the static file, the baseline)")
    served_arguments(parser, workers_help="gunicorn worker processes (default 2, as `liaison serve`)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_REPORT)
        served = served_from_arguments(args, workdir=tmp)
        load_seconds = served.load()
        served.start()
        try:
            static = static_pick(served.base)
            plan: list[tuple[str, str | None, list[tuple[str, str]]]] = [
                ("anonymous", None, ([] if args.no_anonymous else urls_pick(served.base, PUBLIC_PAGES, only=args.pages))
                 + [static])]
            for user in args.signed_in:
                session, csrf = served.login(user)
                cookie = f"sessionid={session}; csrftoken={csrf}"
                plan.append((user, cookie, urls_pick(served.base, PUBLIC_PAGES + SIGNED_IN_PAGES, cookie,
                                                     only=args.pages)))
            print(f"liaison serve: gunicorn, {served.worker_kind()}, {args.database}; "
                  f"wrk {args.connections} connections x {args.seconds} s per URL, loopback "
                  f"(data loaded in {load_seconds:.0f} s)")
            results: dict[str, list] = {}
            for who, cookie, urls in plan:
                rows = results[who] = []
                for label, path in urls:
                    server_idle(served.base + static[1])
                    rows.append((label, path, wrk_run(served.base + path, seconds=args.seconds,
                                                      connections=args.connections, threads=args.threads,
                                                      script=script, cookie=cookie)))
        finally:
            served.stop()

    static_rps = results["anonymous"][-1][2]["rps"] or 1.0
    for who, rows in results.items():
        print(f"\n{who}")
        print(f"{'url':<16} {'path':<34} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} "
              f"{'of static':>9}")
        for label, path, fig in rows:
            print(f"{label:<16} {path[:34]:<34} {fig['rps']:>9.1f} {fig['p50']:>8.1f} {fig['p95']:>8.1f} "
                  f"{fig['p99']:>8.1f} {fig['errors']:>7} {fig['rps'] / static_rps:>9.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
