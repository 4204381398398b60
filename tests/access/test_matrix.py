"""The authorization matrix (docs/access-matrix.yaml): every route, asked as every person, answers as written.

One test per route: the world of tests/access/scenario.py is built, then each person asks the route inside a
transaction that is rolled back, so a write one person may make never changes what the next one meets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from .scenario import PDF, PEOPLE, PLAN_CSV, scenario_build

MATRIX_PATH = Path(__file__).resolve().parents[2] / "docs" / "access-matrix.yaml"
MATRIX = yaml.safe_load(MATRIX_PATH.read_text(encoding="utf-8"))
SEED = Path(__file__).resolve().parents[2] / "data" / "decision_documents"
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def _people(allow) -> set[str]:
    names = [allow] if isinstance(allow, str) else list(allow)
    found: set[str] = set()
    for name in names:
        found |= set(MATRIX["groups"][name]) if name in MATRIX["groups"] else {name}
    unknown = found - set(PEOPLE)
    assert not unknown, f"unknown people in the matrix: {unknown}"
    return found


def _fill(value, ids: dict):
    """Put the scenario's ids into a URL or a body ("{plan_target}" alone becomes the integer)."""
    if isinstance(value, str):
        whole = re.fullmatch(r"\{(\w+)\}", value)
        if whole and whole.group(1) in ids and isinstance(ids[whole.group(1)], int):
            return ids[whole.group(1)]
        return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), value)
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _sample(name: str) -> SimpleUploadedFile:
    if name == "pdf":
        return SimpleUploadedFile("evidence.pdf", PDF, "application/pdf")
    if name == "plan":
        return SimpleUploadedFile("plan.csv", PLAN_CSV.encode(), "text/csv")
    if name == "seed":
        path = sorted(SEED.glob("*.txt"))[0]
        return SimpleUploadedFile(path.name, path.read_bytes(), "text/plain")
    if name == "questionnaire":
        return SimpleUploadedFile("q.json", b'{"format": "liaison-questionnaire/1", "code": "matrix-q"}',
                                  "application/json")
    raise KeyError(name)


def _ask(client, entry: dict, ids: dict):
    method, _, url = entry["route"].partition(" ")
    url = _fill(url, ids)
    call = getattr(client, method.lower())
    if "files" in entry or "form" in entry:
        data = {**_fill(entry.get("form", {}), ids), **{k: _sample(v) for k, v in entry.get("files", {}).items()}}
        return call(url, data)
    if "json" in entry:
        return call(url, _fill(entry["json"], ids), content_type="application/json")
    return call(url)


def _outcome(response) -> str:
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    if response.status_code == 405:
        return "wrong method (405): the matrix names a method the route does not take"
    if response.status_code in (401, 403, 404):
        return "refused"
    if response.status_code in (301, 302, 303) and any(p in response.get("Location", "") for p in LOGIN_PATHS):
        return "refused"
    return "allowed"


class _Rollback(Exception):
    pass


def _route_check(s, entry) -> list[str]:
    """Ask `entry` as every person, each inside a rolled-back transaction; return the answers that differ."""
    allowed = _people(entry["allow"])
    wrong = []
    for person in PEOPLE:
        client = s.client(person)
        try:
            with transaction.atomic():
                response = _ask(client, entry, s.ids)
                raise _Rollback
        except _Rollback:
            pass
        got = _outcome(response)
        expected = "allowed" if person in allowed else "refused"
        if got != expected:
            wrong.append(f"{entry['route']} as {person}: expected {expected}, got {got} ({response.status_code})")
    return wrong


@pytest.mark.django_db
def test_every_route_answers_each_person_as_the_matrix_says():
    """One world, every route of the matrix, every person: all the differences are listed at once."""
    s = scenario_build()
    wrong = [line for entry in MATRIX["routes"] for line in _route_check(s, entry)]
    assert not wrong, f"{len(wrong)} answer(s) differ from {MATRIX_PATH.name}:\n  " + "\n  ".join(wrong)


def _page_patterns():
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(resolver, prefix):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern) in ("admin/", "api/"):
                    continue
                walk(p, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found.append(prefix + str(p.pattern))

    walk(get_resolver(), "")
    return found


def _api_operations():
    from liaison.config.api import api

    found = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    found.append((method.upper(), "api/" + (prefix.strip("/") + "/" if prefix.strip("/") else "")
                                  + path.lstrip("/")))
    return found


def _regex(pattern: str) -> re.Pattern:
    """A URL pattern ("mandates/<int:mandate_id>/" or "mandates/{int:mandate_id}") as a regex of concrete URLs."""
    text = re.escape(pattern)
    text = re.sub(r"\\<[^>]*\\>|<[^>]*>", "[^/]+", text)
    text = re.sub(r"\\\{[^}]*\\\}|\{[^}]*\}", "[^/]+", text)
    return re.compile("^/" + text + "$")


def _matrix_urls():
    out = []
    for entry in MATRIX["routes"]:
        method, _, url = entry["route"].partition(" ")
        out.append((method, re.sub(r"\{\w+\}", "1", url.split("?")[0])))
    return out


def test_every_page_is_in_the_matrix():
    urls = _matrix_urls()
    missing = [p for p in _page_patterns() if not any(_regex(p).match(u) for _, u in urls)]
    assert not missing, f"pages missing from {MATRIX_PATH.name}: {missing}"


def test_every_api_operation_is_in_the_matrix():
    urls = _matrix_urls()
    missing = [f"{m} /{p}" for m, p in _api_operations()
               if not any(mm == m and _regex(p).match(u) for mm, u in urls)]
    assert not missing, f"API operations missing from {MATRIX_PATH.name}: {missing}"


def test_matrix_size_is_printed(capsys):
    routes, people = len(MATRIX["routes"]), len(PEOPLE)
    print(f"authorization matrix: {routes} routes x {people} people = {routes * people} cells")
    assert routes > 100
