"""The API contract check: schemathesis against a served Liaison, anonymous and signed in.

    .venv/bin/python scripts/api_contract.py            # what .ci/run runs
    .venv/bin/python scripts/api_contract.py --as admin --as partner-wild-migration --max-examples 5

It serves a fresh SQLite database with the bundled data and the demo accounts (`liaison load`, `liaison serve`),
then runs schemathesis once per caller (anonymous, then each `--as` demo account: signed in through the login
page, the session cookie and its CSRF token sent with every request, or with a personal API token as
`Authorization: Bearer`) with a fixed seed and a bounded number of examples per operation. Half of the path
parameters are drawn from the ids in the served database, so operations reach real objects. Checks: no server error (5xx) and every response conforms to the schema the operation
declares in /api/openapi.json. Prints the test cases, the requests the server logged and the failures per
operation; exits 1 on any failure or error. schemathesis is installed, at the version pinned in pyproject.toml's
`contract` extra, into its own virtualenv (.venv/contract) so the project's environment stays lean.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from served import REPO, Served  # noqa: E402

CHECKS = "not_a_server_error,response_schema_conformance"
# Where each path parameter's real values live: schemathesis draws half of its ids from these (the other half it
# invents), so the operations reach existing objects instead of answering 404 to random numbers.
ID_SOURCES = {
    "acronym": [("catalogue.Convention", "acronym")],
    "iso3": [("catalogue.Country", "iso3")],
    "decision_id": [("decisions.Decision", "pk")],
    "mandate_id": [("decisions.Mandate", "pk")],
    "code": [("frameworks.Framework", "code"), ("reporting.Questionnaire", "code")],
    "job_id": [("frameworks.SuggestJob", "pk")],
    "target_id": [("frameworks.Target", "pk")],
    "indicator_id": [("frameworks.Indicator", "pk")],
    "link_id": [("frameworks.Link", "pk"), ("reporting.QuestionLink", "pk")],
    "run_id": [("overlap.OverlapRun", "pk")],
    "partnership_id": [("partnerships.Partnership", "pk")],
    "workplan_id": [("partnerships.WorkPlan", "pk")],
    "activity_id": [("partnerships.Activity", "pk")],
    "contribution_id": [("partnerships.Contribution", "pk")],
    "screening_id": [("partnerships.Screening", "pk")],
    "report_id": [("reporting.Report", "pk")],
    "question_id": [("reporting.Question", "pk")],
    "delegation_id": [("reporting.Delegation", "pk")],
    "request_id": [("reporting.ReopenRequest", "pk")],
    "number": [("reporting.Snapshot", "number")],
}
# Run in the served instance's environment: print {parameter: [values]} as JSON.
IDS_READ = """
import json, sys
from django.apps import apps
sources, found = json.loads(sys.argv[1]), {}
for name, places in sources.items():
    values = []
    for label, field in places:
        try:
            model = apps.get_model(label)
            qs = model.objects.order_by("pk")
            if label == "reporting.Question":  # questions of questionnaires somebody reports on
                qs = qs.filter(questionnaire__reports__isnull=False)
            values += [v for v in qs.values_list(field, flat=True)[:30] if v not in values]
        except Exception as exc:  # a model or field renamed by a later change: that parameter stays random
            print(f"ids of {name} from {label}.{field}: {exc}", file=sys.stderr)
    if values:
        found[name] = values
print(json.dumps(found))
"""
CONTRACT_VENV = Path(os.environ.get("LIAISON_CONTRACT_VENV", REPO / ".venv" / "contract"))


def schemathesis_pin() -> str:
    """Return the requirement pinned in pyproject.toml's `contract` extra, e.g. 'schemathesis==4.32.5'."""
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    return next(req for req in extras["contract"] if req.startswith("schemathesis"))


def schemathesis_install() -> Path:
    """Install the pinned schemathesis into its own virtualenv when missing; return its executable."""
    pin = schemathesis_pin()
    exe = CONTRACT_VENV / "bin" / "schemathesis"
    python = CONTRACT_VENV / "bin" / "python"
    if exe.exists():
        probe = subprocess.run([str(python), "-c", "import importlib.metadata as m; print(m.version('schemathesis'))"],
                               capture_output=True, text=True)
        if probe.stdout.strip() == pin.split("==", 1)[1]:
            return exe
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(CONTRACT_VENV)], check=True)
    command = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", pin]
    constraints = REPO / "constraints.txt"
    if constraints.exists():
        command += ["-c", str(constraints)]
    print(f"installing {pin} into {CONTRACT_VENV}", flush=True)
    subprocess.run(command, check=True)
    return exe


# Run in the served instance's environment: print every URL route of the site (path() syntax) as JSON.
ROUTES_READ = """
import json
from django.urls import URLPattern, URLResolver, get_resolver
routes = []
def walk(patterns, prefix):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            routes.append(prefix + str(pattern.pattern))
walk(get_resolver().url_patterns, "")
print(json.dumps(routes))
"""
# Pages not to visit: the API (schemathesis covers it), Django's admin, signing out, files, language switching.
PAGES_SKIPPED = re.compile(r"^(api/|admin/|static/|media/|i18n/|accounts/logout)|logout/$")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def pages_list(served: Served, ids: dict[str, list]) -> list[str]:
    """Return the site's pages to visit: every route without parameters, and each route whose parameters are
    all known ids with up to three of them (the first, the middle and the last)."""
    pages = []
    for route in json.loads(served.django_run(ROUTES_READ)):
        if PAGES_SKIPPED.search(route) or route.startswith("^") or "(?P" in route:
            continue
        names = [name for _, name in PARAM.findall(route)]
        if not names:
            pages.append("/" + route)
            continue
        if not all(name in ids for name in names):
            continue
        for pick in (0, 1, 2):
            url = route
            for name in names:
                values = ids[name]
                url = re.sub(rf"<(?:\w+:)?{name}>", str(values[[0, len(values) // 2, -1][pick]]), url)
            pages.append("/" + url)
    return list(dict.fromkeys(pages))


def pages_check(served: Served, pages: list[str], headers: dict[str, str]) -> tuple[int, list[str]]:
    """GET every page after the fuzzing (stored bad input must not break a page); return (visited, 5xx)."""
    errors = []
    for page in pages:
        request = urllib.request.Request(served.base + page, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                errors.append(f"GET {page} {exc.code}")
        except OSError as exc:
            errors.append(f"GET {page} {exc}")
    return len(pages), errors


def config_write(served: Served, path: Path) -> dict[str, list]:
    """Write a schemathesis.toml that draws path parameters from the served database; return those ids."""
    try:
        found = json.loads(served.django_run(IDS_READ, json.dumps(ID_SOURCES)))
    except RuntimeError as exc:
        print(f"could not read ids from the served database (every id stays random):\n{exc}")
        found = {}
    lines = []
    for name, values in sorted(found.items()):
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    lines += [f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}' for name in sorted(found)]
    path.write_text("\n".join(lines) + "\n")
    return found


def api_requests_logged(served: Served) -> int:
    """Return how many API requests gunicorn's access log holds so far (the schema download excluded)."""
    text = served.log_path.read_text(errors="replace")
    return sum(1 for line in text.splitlines() if ' /api/' in line and "/api/openapi.json" not in line
               and '"' in line)


def contract_run(exe: Path, served: Served, caller: str, headers: list[str], args, out_dir: Path,
                 config: Path) -> dict:
    """Run schemathesis once as `caller`; return its figures and failures per operation."""
    report = out_dir / f"{caller}.json"
    command = [str(exe), "--no-color", "--config-file", str(config), "run", served.base + "/api/openapi.json", "--checks", CHECKS,
               "--max-examples", str(args.max_examples), "--seed", str(args.seed), "--workers", str(args.workers),
               "--request-timeout", "60", "--generation-database", "none",
               "--report", "json", "--report-json-path", str(report)]
    for header in headers:
        command += ["--header", header]
    before = api_requests_logged(served)
    started = time.monotonic()
    log = out_dir / f"{caller}.log"
    with log.open("w") as fh:
        proc = subprocess.run(command, stdout=fh, stderr=subprocess.STDOUT, timeout=args.timeout)
    elapsed = time.monotonic() - started
    time.sleep(1)  # let gunicorn flush its access log
    figures = {"caller": caller, "exit_code": proc.returncode, "seconds": round(elapsed, 1),
               "requests": api_requests_logged(served) - before, "log": str(log), "report": str(report)}
    if not report.exists():
        figures.update(test_cases=0, failures=[], errors=[f"no report: see {log}"])
        return figures
    data = json.loads(report.read_text())
    figures["test_cases"] = data["test_cases"]["generated"]
    figures["failures"] = [failure_summary(f) for f in data.get("failures", [])]
    figures["errors"] = [str(e)[:300] for e in data.get("errors", [])]
    return figures


def failure_summary(failure: dict) -> dict:
    """Reduce one failure group of the JSON report to its check, count and operations."""
    operations = failure.get("operations") or [failure.get("operation") or failure.get("label") or "?"]
    check = " ".join(str(failure.get(key) or "") for key in ("code", "title")).strip() or str(failure)[:120]
    return {"check": check, "count": int(failure.get("count") or 1), "operations": [str(op) for op in operations]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--as", dest="callers", action="append", metavar="USERNAME[:token]",
                        help="demo account to call as, signed in with a session, or with a personal API token "
                             "when followed by ':token' (repeatable; default: admin, "
                             "partner-wild-migration:token)")
    parser.add_argument("--no-anonymous", action="store_true", help="skip the anonymous run")
    parser.add_argument("--max-examples", type=int, default=15, help="test cases per operation (default 15)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    # One worker: with threads, CPython 3.11's ast module (which hypothesis uses to describe strategies) can fail
    # with "AST constructor recursion depth mismatch", an error of the tool that would fail the run.
    parser.add_argument("--workers", type=int, default=1, help="schemathesis workers (default 1)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per run (default 600)")
    parser.add_argument("--sqlite-from", metavar="FILE",
                        help="copy this SQLite file, loaded before by `liaison load`, instead of loading (faster "
                             "while developing; CI loads afresh)")
    parser.add_argument("--out", default=str(REPO / "var" / "contract"), help="reports (default var/contract)")
    args = parser.parse_args(argv)
    callers = args.callers or ["admin", "partner-wild-migration:token"]
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)

    exe = schemathesis_install()
    shutil.rmtree(out_dir / "served", ignore_errors=True)  # a fresh database every run
    for stale in [*out_dir.glob("*.json"), *out_dir.glob("*.log")]:  # and no report of an earlier run
        stale.unlink()
    served = Served(workdir=str(out_dir / "served"), workers=2, sqlite_from=args.sqlite_from)
    with served:
        config = out_dir / "schemathesis.toml"
        ids = config_write(served, config)
        print(f"schemathesis draws {len(ids)} path parameters from the database ({config})")
        runs = []
        if not args.no_anonymous:
            runs.append(contract_run(exe, served, "anonymous", [], args, out_dir, config))
        for caller in callers:
            username, _, how = caller.partition(":")
            if how == "token":  # a personal API token, as scripts and national systems call the API
                headers = [f"Authorization: Bearer {served.token(username)}"]
            else:  # the session cookie and its CSRF token, as the pages call it
                session, csrf = served.login(username)
                headers = [f"Cookie: sessionid={session}; csrftoken={csrf}", f"X-CSRFToken: {csrf}"]
            runs.append(contract_run(exe, served, caller.replace(":", "-"), headers, args, out_dir, config))
        session, csrf = served.login("admin")
        pages = pages_list(served, ids)
        visited, page_errors = pages_check(served, pages, {"Cookie": f"sessionid={session}; csrftoken={csrf}"})

    print("\n== API contract (schemathesis, checks: " + CHECKS + f", seed {args.seed}, "
          f"max {args.max_examples} examples per operation) ==")
    bad = 0
    for run in runs:
        failures, errors = run["failures"], run["errors"]
        print(f"{run['caller']:<30} {run['test_cases']:>6} test cases {run['requests']:>6} requests "
              f"{sum(f['count'] for f in failures):>4} failures {len(errors):>3} errors {run['seconds']:>6} s")
        for failure in failures:
            print(f"    {failure['check']} x{failure['count']} in: {', '.join(failure['operations'])}")
        for error in errors:
            print(f"    error: {error}")
        if failures or errors or run["exit_code"] not in (0,):
            bad += 1
            print(f"    details: {run['log']}")
    print(f"pages after the fuzzing (as admin): {visited} visited, {len(page_errors)} server errors")
    for error in page_errors:
        print(f"    {error}")
    total_requests = sum(run["requests"] for run in runs)
    total_failures = sum(sum(f["count"] for f in run["failures"]) + len(run["errors"]) for run in runs)
    print(f"total: {total_requests} API requests, {total_failures} failures; {len(page_errors)} pages broken")
    return 1 if bad or page_errors else 0


if __name__ == "__main__":
    sys.exit(main())
