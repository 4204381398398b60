"""Journey 7: a member of the public searches and finds decisions, targets, indicators and parties."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_finds_targets_indicators_and_decisions(client):
    page = client.get("/search/?q=invasive+alien+species")
    assert page.status_code == 200
    targets = page.context["targets"]
    assert any(t.framework.code.startswith("GBF") or "Aichi" in t.framework.code or t.framework.code.startswith("AICHI")
               for t in targets)
    assert page.context["indicators"]


def test_search_lists_the_parties_of_the_conventions_concerned(client):
    page = client.get("/search/?q=Biodiversity+Liaison+Group")
    cms = [c for c in page.context["conventions"] if c.acronym == "CMS"]
    assert cms and cms[0].parties_count == 122  # HUGGO_MEM (data/party_memberships_manyenviron)


def test_search_in_french_uses_french_labels(client):
    page = client.get("/search/?q=espèces+exotiques+envahissantes", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    assert page.context["targets"]


def test_empty_and_silly_queries_are_harmless(client):
    assert client.get("/search/").status_code == 200
    assert client.get("/search/?q=" + "x" * 5000).status_code == 200
    assert client.get("/search/?q=%00%01").status_code == 400
    assert client.get("/api/decisions?q=%00").status_code == 400
