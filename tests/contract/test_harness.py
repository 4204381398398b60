"""The API contract harness (scripts/api_contract.py): what it installs, which pages it visits after fuzzing."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

import api_contract  # noqa: E402


def test_schemathesis_is_pinned_in_the_contract_extra():
    pin = api_contract.schemathesis_pin()
    assert pin.startswith("schemathesis==") and pin.count(".") == 2
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert not any(req.startswith("schemathesis") for req in extras["dev"])  # make test stays lean


def test_ci_runs_the_contract_check_after_both_suites():
    ci = (REPO / ".ci" / "run").read_text()
    assert ci.index("make test") < ci.index('DATABASE_URL="$PG_URL"') < ci.index("scripts/api_contract.py")


class FakeServed:
    """Answers ROUTES_READ with a fixed list of routes, as the served Django would."""

    def __init__(self, routes):
        self.routes = routes

    def django_run(self, code, *args):
        assert code == api_contract.ROUTES_READ
        return json.dumps(self.routes)


@pytest.mark.parametrize("routes,expected", [
    (["", "mandates/"], ["/", "/mandates/"]),
    (["api/mandates", "admin/", "accounts/logout/", "static/<path:path>"], []),
    (["partnerships/workplans/<int:workplan_id>/"],
     ["/partnerships/workplans/3/", "/partnerships/workplans/7/", "/partnerships/workplans/9/"]),
    (["reporting/start/<str:code>/<str:iso3>/"], ["/reporting/start/GBF/KEN/"]),
    (["things/<int:thing_id>/"], []),  # an id nobody knows: not guessed
])
def test_pages_visited_after_fuzzing(routes, expected):
    ids = {"workplan_id": [3, 5, 7, 8, 9], "code": ["GBF"], "iso3": ["KEN"]}
    assert api_contract.pages_list(FakeServed(routes), ids) == expected
