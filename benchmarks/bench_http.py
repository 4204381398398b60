"""Bounded HTTP load with wrk against `liaison serve` on loopback: req/s and p50/p95 per page, against a static file.

    .venv/bin/python benchmarks/bench_http.py                       # SQLite, 60 s per URL, 32 connections
    .venv/bin/python benchmarks/bench_http.py --seconds 15 --database postgres
    .venv/bin/python benchmarks/bench_http.py --seconds 15 --signed-in cms-secretariat

With --signed-in USER every page is also loaded signed in as that demo account (its session cookie on every
request, so the anonymous page cache never answers): one table for anonymous visitors, one for USER, the
static file of the same run as the baseline of both.

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


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read()


def urls_pick(base: str) -> list[tuple[str, str]]:
    """Return (label, path) for the pages measured, the static file last, each checked to answer 200."""
    _, home = fetch(base + "/")
    static = re.search(rb'(/static/[^"\']+\.css)', home)
    if not static:
        raise SystemExit("no stylesheet link on the home page to use as the static baseline")
    _, body = fetch(base + "/api/decisions?limit=1")
    listing = json.loads(body)
    items = listing["items"] if isinstance(listing, dict) else listing
    decision = f"/decisions/{items[0]['id']}/"
    urls = [("home", "/"), ("decision page", decision), ("mandate list", "/mandates/"),
            ("api mandates", "/api/mandates"), ("static file", static.group(1).decode())]
    for label, path in urls:
        status, _ = fetch(base + path)
        if status != 200:
            raise SystemExit(f"{label} {path} answers {status}")
    return urls


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
    parser.add_argument("--signed-in", metavar="USER", help="also load every page signed in as this demo account")
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
            urls = urls_pick(served.base)
            print(f"liaison serve: gunicorn, {served.worker_kind()}, {args.database}; "
                  f"wrk {args.connections} connections x {args.seconds} s per URL, loopback "
                  f"(data loaded in {load_seconds:.0f} s)")
            cookies: list[tuple[str, str | None]] = [("anonymous", None)]
            if args.signed_in:
                session, csrf = served.login(args.signed_in)
                cookies.append((args.signed_in, f"sessionid={session}; csrftoken={csrf}"))
            results: dict[str, list] = {}
            for who, cookie in cookies:
                rows = results[who] = []
                for label, path in urls[:-1] if cookie else urls:
                    server_idle(served.base + urls[-1][1])
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
