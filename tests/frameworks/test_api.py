"""The read API: frameworks, texts in the asked language, targets with their links, link filters."""

import pytest

from liaison.engine.frameworks.ipbes import SOURCE_SPMS_AICHI
from liaison.frameworks.models import Target

pytestmark = pytest.mark.django_db


def test_framework_list_names_the_bundled_frameworks(client):
    data = client.get("/api/frameworks").json()
    assert data["count"] == len(data["items"])
    by_code = {f["code"]: f for f in data["items"]}
    assert {"SDG", "GBF", "AICHI", "CMS-SPMS-2015-2023", "EU-BS-2020", "BE-NBS-2006-2016", "CITES-SV-2021-2030",
            "RAMSAR-SP4-2016-2024"} <= set(by_code)
    assert by_code["SDG"]["targets_count"] == 169
    assert by_code["CMS-SPMS-2015-2023"]["is_summary"] is False  # the official text (issue 17)


def test_framework_detail_serves_french_and_falls_back_to_english(client):
    fr = client.get("/api/frameworks/SDG?lang=fr").json()
    goal15 = next(g for g in fr["goals"] if g["code"] == "15")
    target = next(t for t in goal15["targets"] if t["code"] == "15.5")
    assert target["text"]["lang"] == "fr" and "espèces" in target["text"]["text"]
    assert target["indicators"][0]["text"]["lang"] == "fr"
    gbf = client.get("/api/frameworks/GBF?lang=fr").json()
    first = gbf["goals"][-1]["targets"][0]
    assert first["text"]["lang"] == "en"  # GBF texts are shipped in English only
    en = client.get("/api/frameworks/SDG").json()
    assert next(g for g in en["goals"] if g["code"] == "15")["targets"][0]["text"]["lang"] == "en"


def test_framework_detail_refuses_a_bad_language_and_an_unknown_code(client):
    assert client.get("/api/frameworks/SDG?lang=<script>").status_code == 422
    assert client.get("/api/frameworks/NOPE").status_code == 404


def test_target_detail_lists_links_across_frameworks(client):
    aichi12 = Target.objects.get(framework__code="AICHI", code="12")
    data = client.get(f"/api/targets/{aichi12.pk}").json()
    assert data["code"] == "12" and data["framework"] == "AICHI"
    sources = {(link["source_framework"], link["source_type"]) for link in data["links"]}
    assert ("CMS-SPMS-2015-2023", "target") in sources
    assert ("AICHI", "indicator") in sources
    assert data["indicators"]


def test_links_filter_by_target_source_type_and_state(client):
    spms8 = Target.objects.get(framework__code="CMS-SPMS-2015-2023", code="8")
    aichi12 = Target.objects.get(framework__code="AICHI", code="12")
    links = client.get(f"/api/links?target={aichi12.pk}&source_type=target&state=accepted").json()["items"]
    assert [link["source_id"] for link in links] == [spms8.pk]
    # The SPMS -> Aichi correspondence now comes from the plan's table, as IPBES tabled it, and says so.
    assert links[0]["origin"] == SOURCE_SPMS_AICHI and links[0]["relation"] == "contributes_to"
    assert client.get(f"/api/links?target={aichi12.pk}&state=suggested").json() == {"count": 0, "items": []}
    assert client.get("/api/links?state=maybe").status_code == 422


def test_export_download_reads_back(client):
    from liaison.engine.frameworks import framework_import

    for fmt in ("csv", "json", "yaml"):
        response = client.get(f"/api/frameworks/AICHI/export?format={fmt}")
        assert response.status_code == 200
        assert 'filename="AICHI.' in response["Content-Disposition"]
        record = framework_import(response.content, fmt=fmt)
        assert sum(1 for _ in record.targets()) == 20
        assert record.target_get("12").text["fr"]
