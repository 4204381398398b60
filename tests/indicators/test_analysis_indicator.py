"""An indicator across countries: national values of submitted reports' series only, per country and year, by
UNEP region, on a map by ISO numeric id; the draft's series never counted; CSV tables."""

from __future__ import annotations

import pytest

from .test_analysis_page import report_complete_and_submit, rows, spec
from .test_api import B1, BIOME, filled, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def uganda_b1(client_for, cycles_open):
    """Uganda's DRAFT CBD seventh report with a B.1 series: national values for 2019 and 2020 (km2), and one
    disaggregated row (never counted as a national value)."""
    fp = client_for(("focal_point", "CBD", "UGA"))
    report_id = fp.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                        content_type="application/json").json()["id"]
    data = filled([("No", None, None, 2019, "km2", 1000, None), ("No", None, None, 2020, "km2", 1234.5, None),
                   ("Yes", BIOME, "T1 Tropical-subtropical forests biome", 2020, "km2", 800, None)])
    assert upload(fp, report_id, data).status_code == 201
    return fp, report_id


def test_a_draft_series_is_not_counted_until_submitted(uganda_b1, client, client_for):
    fp, report_id = uganda_b1
    url = f"/api/analysis/indicators/{B1}"
    before = client.get(url).json()
    assert "UGA" not in [c["country"] for c in before["countries"]] and before["drafts"] is None
    staff = client_for(("secretariat", "CBD")).get(url).json()
    assert staff["drafts"] >= 1 and staff["countries"] == before["countries"]
    page = client.get(f"/analysis/indicators/{B1}/").content.decode()
    assert "Uganda" not in page and "Only submitted reports count" in page

    report_complete_and_submit(fp, report_id)
    body = client.get(url).json()
    uganda = next(c for c in body["countries"] if c["country"] == "UGA")
    assert uganda["latest_year"] == 2020 and uganda["latest_value"] == 1234.5 and uganda["unit"] == "km2"
    assert [y["year"] for y in uganda["years"]] == [2019, 2020]  # the disaggregated row is not a national value
    assert uganda["region"] == "Africa" and uganda["numeric"] == "800"
    assert sum(r["parties"] for r in body["regions"]) == body["parties"] == len(body["countries"])

    html = client.get(f"/analysis/indicators/{B1}/").content.decode()
    assert "Uganda" in html and "1234.5" in html
    world = spec(html, "spec-map")
    assert {"id": "800", "party": "Uganda", "answer": 1234.5} in world["layer"][1]["transform"][0]["from"]["data"][
        "values"]
    assert {"party": "Uganda", "year": 2019, "value": 1000.0} in spec(html, "spec-lines")["data"]["values"]
    table = rows(client.get(f"/api/analysis/indicators/{B1}.csv"))
    assert table[0] == ["country", "name", "region", "year", "value", "unit"]
    assert ["UGA", "Uganda", "Africa", "2020", "1234.5", "km2"] in table
    regions = rows(client.get(f"/api/analysis/indicators/{B1}.csv?table=regions"))
    assert regions[0] == ["region", "parties", "unit", "min", "median", "max"]
    assert any(r[0] == "Africa" for r in regions[1:])
    listing = client.get("/analysis/indicators/").content.decode()
    assert f'href="/analysis/indicators/{B1}/"' in listing


def test_unknown_indicator_or_table_is_refused(client):
    assert client.get("/api/analysis/indicators/GBF-INDICATOR-Z9").status_code == 404
    assert client.get("/analysis/indicators/GBF-INDICATOR-Z9/").status_code == 404
    assert client.get("/api/analysis/indicators/GBF-INDICATOR-Z9.csv").status_code == 404
    refused = client.get(f"/api/analysis/indicators/{B1}.csv?table=secrets")
    assert refused.status_code == 422
    # a template with a dot in its code is found, as JSON and as CSV
    assert client.get("/api/analysis/indicators/GBF-INDICATOR-A.1").status_code == 200
    assert client.get("/api/analysis/indicators/GBF-INDICATOR-A.1.csv").status_code == 200
