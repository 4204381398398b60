"""Catalogue pages render real data, in English, French and Spanish."""

import pytest

pytestmark = pytest.mark.django_db


def test_convention_page_lists_parties_with_dates(client):
    page = client.get("/conventions/CMS/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Convention on the Conservation of Migratory Species of Wild Animals" in body
    assert "Kenya" in body and "data-sortable" in body


def test_country_profile(client):
    body = client.get("/countries/KEN/").content.decode()
    assert "Kenya" in body and "CBD" in body


def test_unknown_pages_give_the_404_page(client):
    response = client.get("/conventions/NOPE/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert client.get("/no/such/page/").status_code == 404


@pytest.mark.parametrize("lang,word", [("fr", "Conventions"), ("es", "Convenciones"), ("fr", "Pays"), ("es", "Países")])
def test_navigation_is_translated(client, lang, word):
    body = client.get("/conventions/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert word in body


def test_about_the_data_lists_every_bundled_dataset(client):
    body = client.get("/about/data/").content.decode()
    for folder in ("parties_ieadb", "sdg_open_sdg", "decision_documents", "catalogue"):
        assert f"data/{folder}/" in body



def test_a_convention_page_is_rendered_once_for_every_reader_until_the_data_changes(client_for, page_cache_on,
                                                                                    monkeypatch):
    import datetime as dt

    from liaison.accounts.models import Role
    from liaison.catalogue import views
    from liaison.catalogue.models import Country, Membership

    staff, partner = client_for((Role.SECRETARIAT, "CMS")), client_for((Role.PARTNER, None, None, "Wild Migration"))
    first = staff.get("/conventions/CMS/").content.decode()
    assert "Kenya" in first
    # Were the page's part rendered again, its chart would now be empty.
    monkeypatch.setattr(views, "growth_bars", lambda per_year: [])
    again = partner.get("/conventions/CMS/").content.decode()
    assert '<svg class="chart"' in again and "Sign out" in again
    assert client_for((Role.SECRETARIAT, "CMS")).get("/conventions/CBD/").status_code == 200  # its own part
    country = Country.objects.create(iso3="XHX", iso2="XH", name="Hexland")
    Membership.objects.create(country=country, convention_id=Membership.objects.filter(
        convention__acronym="CMS").values_list("convention_id", flat=True).first(), ratification=dt.date(2020, 1, 1))
    after = partner.get("/conventions/CMS/").content.decode()
    assert "Hexland" in after and '<svg class="chart"' not in after
