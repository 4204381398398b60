"""Shared indicators across conventions: the matrix page and API, the indicator page and API, the harmonised
lines on framework pages, and the visibility filters under them (an unpublished plan's indicator never shows)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.frameworks.models import HarmonisedIndicator, Indicator, IndicatorListing

from .plans import KENYA_PLAN_CSV

pytestmark = pytest.mark.django_db

KENYA_NFP = (Role.FOCAL_POINT, "CBD", "KEN")
UGANDA_NFP = (Role.FOCAL_POINT, "CBD", "UGA")
CMS_STAFF = (Role.SECRETARIAT, "CMS")


def indicator(framework: str, code: str) -> Indicator:
    return Indicator.objects.get(framework__code=framework, code=code)


def cells(item: dict) -> dict[str, list[str]]:
    return {cell["mea"]: [f"{i['framework']} {i['code']}" for i in cell["indicators"]] for cell in item["cells"]}


def test_the_matrix_api_pages_through_every_harmonised_indicator(client):
    first = client.get("/api/indicators/harmonised?limit=200").json()
    assert first["count"] == 657 and len(first["items"]) == 200
    assert first["meas"] == ["CMS", "CITES", "RAMSAR", "GBF", "SDG", "UNCCD"]
    names = [item["name"] for item in first["items"]]
    assert names == sorted(names)
    second = client.get("/api/indicators/harmonised?limit=200&offset=200").json()
    assert second["count"] == 657 and not set(names) & {item["name"] for item in second["items"]}


def test_the_matrix_names_the_same_indicator_in_every_list(client):
    body = client.get("/api/indicators/harmonised?q=red+list+index&limit=200").json()
    rli = next(item for item in body["items"] if item["name"] == "red list index")
    assert cells(rli) == {"CMS": [], "CITES": [], "RAMSAR": [], "GBF": ["GBF A.3"], "SDG": ["SDG 15.5.1"],
                          "UNCCD": []}
    assert rli["categories"] == [{"category": "Biodiversity", "subcategory": "State Of Biodiversity"}]
    assert rli["in_ipbes"] is True and rli["meas_count"] == 2


def test_the_matrix_filters_and_sorts(client):
    shared = client.get("/api/indicators/harmonised?shared=true&sort=meas&limit=200").json()
    assert shared["count"] == 48
    assert shared["items"][0]["meas_count"] == 3  # GBF, SDG and UNCCD: the one name of three lists
    assert all(item["meas_count"] >= 2 for item in shared["items"])
    governance = client.get("/api/indicators/harmonised?category=Governance&limit=200").json()
    assert governance["count"] > 0
    assert all("Governance" in {c["category"] for c in item["categories"]} for item in governance["items"])
    assert "red list index" not in {item["name"] for item in governance["items"]}
    cms = client.get("/api/indicators/harmonised?mea=CMS&limit=200").json()
    cms_names = IndicatorListing.objects.filter(mea="CMS").values("harmonised").distinct().count()
    assert cms["count"] == cms_names == 25 and all(cells(item)["CMS"] for item in cms["items"])
    backwards = client.get("/api/indicators/harmonised?sort=-name&limit=5").json()["items"]
    assert [item["name"] for item in backwards] == sorted((item["name"] for item in backwards), reverse=True)


@pytest.mark.parametrize("query", ["mea=XX", "sort=bad", "limit=0", "limit=201", "offset=-1", "q=" + "x" * 201,
                                   "category=" + "c" * 121])
def test_the_matrix_api_answers_bad_input_with_422(client, query):
    response = client.get(f"/api/indicators/harmonised?{query}")
    assert response.status_code == 422 and response.json()["errors"]


def test_the_indicator_api_gives_names_categories_and_also_used_by(client):
    sdg = indicator("SDG", "15.5.1")
    body = client.get(f"/api/indicators/{sdg.pk}").json()
    assert (body["framework"], body["code"], body["text"]) == ("SDG", "15.5.1", "Red List Index")
    assert [h["name"] for h in body["harmonised"]] == ["red list index"]
    assert [(item["ipbes_id"], item["listed_under"]) for item in body["listings"]] == [
        ("SDG_G15.5.1_201", "target 15.5")]
    assert [(item["mea"], item["indicator"]["framework"], item["indicator"]["code"])
            for item in body["also_used_by"]] == [("GBF", "GBF", "A.3")]


def test_an_indicator_no_list_names_has_empty_lists(client):
    aichi = Indicator.objects.filter(framework__code="AICHI").first()
    body = client.get(f"/api/indicators/{aichi.pk}").json()
    assert body["harmonised"] == body["listings"] == body["also_used_by"] == []


def test_the_indicator_api_answers_bad_ids(client):
    assert client.get("/api/indicators/0").status_code == 422
    assert client.get("/api/indicators/99999999").status_code == 404
    assert client.get("/api/indicators/abc").status_code == 404


def test_the_matrix_page_filters_sorts_and_links_to_indicator_pages(client):
    page = client.get("/indicators/shared/?q=red+list+index")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/indicators/{indicator("SDG", "15.5.1").pk}/"' in html
    assert f'href="/indicators/{indicator("GBF", "A.3").pk}/"' in html
    assert "IPBES_Data_Indicators" in html  # the attribution the licence asks for
    shared = client.get("/indicators/shared/?shared=1&sort=meas").content.decode()
    assert "48 harmonised indicators" in shared
    first_row = shared.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "Total amount of funding for developing countries" in first_row
    assert client.get("/indicators/shared/?category=Governance").content.decode().count('scope="row"') == 50
    assert client.get("/indicators/shared/?mea=XX").status_code == 404
    assert client.get("/indicators/shared/?page=abc&sort=nonsense").status_code == 200


def test_the_indicator_page_shows_the_harmonised_name_and_also_used_by(client):
    gbf = indicator("GBF", "A.3")
    html = client.get(f"/indicators/{gbf.pk}/").content.decode()
    assert "Red list index" in html and "State Of Biodiversity" in html
    assert f'href="/indicators/{indicator("SDG", "15.5.1").pk}/"' in html
    assert "GBF_T4_H_19" in html  # the GBF list names it under target 4 too
    assert client.get("/indicators/99999999/").status_code == 404


def test_the_framework_page_shows_harmonised_names_and_also_used_by(client):
    html = client.get("/frameworks/SDG/").content.decode()
    assert "Red list index" in html
    assert f'href="/indicators/{indicator("GBF", "A.3").pk}/">GBF A.3</a>' in html
    assert "258 indicators are in the MEA indicator lists" not in html  # 256 SDG indicators: parts share one
    unccd = client.get("/frameworks/UNCCD-SF-2018-2030/").content.decode()
    assert "13 indicators are in the MEA indicator lists that IPBES harmonised, 1 shared with another list." in unccd


@pytest.fixture
def hidden_listing(client_for):
    """Kenya's unpublished plan, whose indicator B1.1 a listing names "red list index" (as a national list could)."""
    upload = client_for(KENYA_NFP).post("/api/frameworks/import", {
        "file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode()), "country": "KEN", "published": "false"})
    assert upload.status_code == 201
    secret = indicator("KE-NBSAP-2030", "B1.1")
    IndicatorListing.objects.create(ipbes_id="KE_TEST_1", mea="SDG", indicator=secret, text="hidden",
                                    harmonised=HarmonisedIndicator.objects.get(name="red list index"), match="text")
    return secret


@pytest.mark.parametrize("roles", [None, UGANDA_NFP])
def test_an_unpublished_plans_indicator_stays_hidden(client, client_for, hidden_listing, roles):
    reader = client if roles is None else client_for(roles)
    body = reader.get("/api/indicators/harmonised?q=red+list+index&limit=200").json()
    rli = next(item for item in body["items"] if item["name"] == "red list index")
    assert "KE-NBSAP-2030 B1.1" not in cells(rli)["SDG"]
    gbf = reader.get(f"/api/indicators/{indicator('GBF', 'A.3').pk}").json()
    assert "KE-NBSAP-2030" not in {item["indicator"]["framework"] for item in gbf["also_used_by"]}
    assert reader.get(f"/api/indicators/{hidden_listing.pk}").status_code == 404
    assert reader.get(f"/indicators/{hidden_listing.pk}/").status_code == 404
    assert "KE-NBSAP-2030" not in reader.get("/indicators/shared/?q=red+list+index").content.decode()


@pytest.mark.parametrize("roles", [KENYA_NFP, CMS_STAFF])
def test_the_plans_editors_see_its_indicator_listed(client_for, hidden_listing, roles):
    reader = client_for(roles)
    body = reader.get("/api/indicators/harmonised?q=red+list+index&limit=200").json()
    rli = next(item for item in body["items"] if item["name"] == "red list index")
    assert "KE-NBSAP-2030 B1.1" in cells(rli)["SDG"]
    assert reader.get(f"/api/indicators/{hidden_listing.pk}").json()["harmonised"][0]["name"] == "red list index"
