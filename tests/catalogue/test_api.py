"""The catalogue through the JSON API, on the bundled IEADB data."""

import pytest

pytestmark = pytest.mark.django_db


def test_conventions_lists_the_fifteen_ieadb_agreements_and_ipbes(client):
    response = client.get("/api/conventions")
    assert response.status_code == 200
    acronyms = {c["acronym"] for c in response.json()["items"]}
    assert {"CBD", "CITES", "CMS", "Ramsar", "WHC", "ICRW", "ITPGRFA", "UNCCD", "AEWA", "EUROBATS", "ASCOBANS",
            "ACCOBAMS", "ACAP", "Gorillas", "WaddenSeaSeals", "IPBES"} <= acronyms


def test_convention_counts_parties_as_the_provenance_states(client):
    by_acronym = {c["acronym"]: c for c in client.get("/api/conventions").json()["items"]}
    # data/party_memberships_manyenviron (HUGGO_MEM): CBD 196 ratifications, CMS 124 states, CAF only signed
    # (its StateForce is the 9999-12-31 placeholder); the EU (EUE) is not a Liaison country in either
    assert by_acronym["CBD"]["parties_count"] == 195
    assert by_acronym["CMS"]["parties_count"] == 122
    assert by_acronym["AEWA"]["parent"] == "CMS"
    assert by_acronym["CMS"]["ecolex_id"] == "TRE-000495"


def test_parties_carry_iso3_and_dates(client):
    parties = client.get("/api/conventions/cms/parties?limit=500").json()["items"]
    kenya = next(p for p in parties if p["iso3"] == "KEN")
    assert kenya["name"] == "Kenya"
    assert kenya["entry_into_force"] is not None


def test_south_sudan_is_not_merged_into_sudan(client):
    parties = {p["iso3"] for p in client.get("/api/conventions/CBD/parties?limit=500").json()["items"]}
    assert {"SSD", "SDN"} <= parties


def test_country_detail_lists_memberships(client):
    data = client.get("/api/countries/ken").json()
    assert data["iso3"] == "KEN"
    assert "CBD" in {m["convention"] for m in data["memberships"]}


@pytest.mark.parametrize("url,status", [
    ("/api/conventions/NOPE", 404),
    ("/api/conventions/NOPE/parties", 404),
    ("/api/countries/XXX", 404),
    ("/api/countries/12", 422),
    ("/api/countries/ABCD", 422),
])
def test_bad_parameters_give_json_errors_not_500(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_openapi_document_and_docs_are_served(client):
    doc = client.get("/api/openapi.json").json()
    assert "/api/conventions/{acronym}/parties" in doc["paths"]
    assert client.get("/api/docs").status_code == 200
