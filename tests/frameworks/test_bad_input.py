"""Bad input to the frameworks API and pages answers a clear 4xx and changes nothing (issue 11)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.core.csvsafe import csv_cell_safe
from liaison.frameworks.models import Framework, Link, SynergyScore, Target

from .plans import KENYA_PLAN_CSV

pytestmark = pytest.mark.django_db

HUGE = 2**70
STAFF = (Role.SECRETARIAT, "CMS")


def state() -> tuple[int, int, int, int]:
    return Framework.objects.count(), Target.objects.count(), Link.objects.count(), SynergyScore.objects.count()


@pytest.mark.parametrize("url", [
    f"/api/targets/{HUGE}", f"/api/jobs/{HUGE}", f"/api/links?target={HUGE}", "/api/links?target=0",
    "/api/links?limit=501", "/api/links?limit=0", "/api/links?offset=-1", f"/api/links?offset={HUGE}",
    "/api/frameworks?limit=100000", "/api/frameworks/" + "X" * 65, "/api/frameworks/SDG?lang=" + "a" * 40,
    "/api/targets/abc", "/api/frameworks/SDG/export?format=xls",
])
def test_out_of_range_query_and_path_values_answer_422(client, url):
    response = client.get(url)
    assert response.status_code == 422, response.content
    assert set(response.json()) == {"detail", "errors"}


def test_unknown_ids_answer_404_with_the_error_shape(client):
    for url in ("/api/targets/999999999", "/api/jobs/999999999", "/api/frameworks/NOPE"):
        response = client.get(url)
        assert response.status_code == 404 and set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize("method,url,payload", [
    ("patch", f"/api/links/{HUGE}", {"review_state": "accepted"}),
    ("patch", "/api/links/1", {"review_state": "maybe"}),
    ("post", "/api/links", {"source_type": "target", "source_id": HUGE, "target": 1}),
    ("post", "/api/links", {"source_type": "target", "source_id": 1, "target": 2, "confidence": 2}),
    ("post", "/api/links", {"source_type": "nothing", "source_id": 1, "target": 2}),
    ("post", "/api/links", {"source_type": "target", "source_id": 1, "target": 2, "why": "x" * 5001}),
    ("post", "/api/synergies", {"target_a": HUGE, "target_b": 1, "score": 1}),
    ("post", "/api/synergies", {"target_a": 1, "target_b": 2, "score": HUGE}),
    ("post", "/api/synergies", {"target_a": 1, "target_b": 2, "score": 1, "evidence_url": "javascript:alert(1)"}),
    ("post", "/api/frameworks/SDG/suggest", {"against": ["GBF"] * 11}),
    ("post", "/api/frameworks/SDG/suggest", {"against": "GBF"}),
])
def test_bad_bodies_answer_422_and_store_nothing(client_for, method, url, payload):
    before = state()
    response = getattr(client_for(STAFF), method)(url, payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert state() == before


def test_pages_refuse_huge_and_odd_ids(client, client_for):
    for value in (str(HUGE), "abc", "-1", "١٢"):
        assert client.get(f"/crosswalk/path/?from={value}&to=SDG").status_code == 404
    staff = client_for(STAFF)
    response = staff.post("/links/review/", {"link": [str(HUGE), "١٢"], "action": "accept"})
    assert response.status_code == 302


@pytest.mark.parametrize("name,data", [
    ("plan.csv", b"\xff\xfe\x00garbage"),
    ("plan.json", b"[]"),
    ("plan.json", b'{"format": "liaison-framework/1", "items": "none"}'),
    ("plan.yaml", b"!!python/object/apply:os.system ['true']"),
    ("plan.yaml", b"a: &a [*a, *a]"),
    ("plan.csv", b""),
    ("plan.csv", KENYA_PLAN_CSV.replace("KE-NBSAP-2030", "K" * 65).encode()),
])
def test_bad_framework_files_answer_400_and_leave_data_unchanged(client_for, name, data):
    before = state()
    response = client_for(STAFF).post("/api/frameworks/import", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert state() == before


def test_a_too_large_framework_file_answers_413(client_for, settings):
    settings.LIAISON_UPLOAD_MAX_BYTES = 100
    response = client_for(STAFF).post("/api/frameworks/import",
                                      {"file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode())})
    assert response.status_code == 413
    assert not Framework.objects.filter(code="KE-NBSAP-2030").exists()


def test_links_are_paginated_with_a_count(client):
    first = client.get("/api/links?limit=2").json()
    assert first["count"] > 2 and len(first["items"]) == 2
    second = client.get("/api/links?limit=2&offset=2").json()
    assert second["count"] == first["count"]
    assert {link["id"] for link in first["items"]}.isdisjoint({link["id"] for link in second["items"]})
    assert client.get(f"/api/links?offset={first['count']}").json()["items"] == []
    frameworks = client.get("/api/frameworks?limit=1&offset=1").json()
    assert frameworks["count"] >= 6 and len(frameworks["items"]) == 1


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("", ""), ("a=b", "a=b"), (3, 3), (None, None),
])
def test_csv_cell_safe(value, expected):
    assert csv_cell_safe(value) == expected


def test_the_csv_export_neutralises_formula_cells(client_for, client):
    formula = KENYA_PLAN_CSV.replace("Harmful subsidies to agriculture", '=HYPERLINK(""http://evil"")&" subsidies')
    staff = client_for(STAFF)
    assert staff.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", formula.encode()),
                                                 "country": "KEN"}).status_code == 201
    for url in ("/api/frameworks/KE-NBSAP-2030/export?format=csv", "/frameworks/KE-NBSAP-2030/export/?format=csv"):
        exported = client.get(url).content.decode()
        assert "'=HYPERLINK" in exported
        assert ',"=HYPERLINK' not in exported and ",=HYPERLINK" not in exported
    json_export = client.get("/api/frameworks/KE-NBSAP-2030/export?format=json").content.decode()
    assert '"=HYPERLINK' in json_export  # JSON and YAML are not read by spreadsheets: kept as written
