"""The room's title and messages that name the country read without a French article the country name would need
("de Kenya" for "du Kenya"): Liaison's country names are English in every language, so the wording names the
country as a label ("Salle de coordination — Kenya") rather than after a preposition."""

from __future__ import annotations

import pytest

from liaison.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang, title", [("fr", "Salle de coordination — Kenya"),
                                         ("es", "Sala de coordinación — Kenya"),
                                         ("ar", "غرفة التنسيق — Kenya"),
                                         ("ru", "Координационная комната: Kenya"),
                                         ("en", "Coordination room of Kenya")])
def test_the_rooms_title_names_the_country_as_a_label(user_factory, as_user, lang, title):
    client = as_user(user_factory((Role.FOCAL_POINT, "CMS", "KEN")))
    page = client.get("/countries/KEN/room/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f"<h1>{title}</h1>" in page
    assert "de Kenya" not in page and "بـ Kenya" not in page


def test_the_refusal_and_the_briefing_title_in_french_need_no_article(user_factory, as_user):
    outsider = as_user(user_factory((Role.FOCAL_POINT, "CMS", "UGA")))
    refused = outsider.get("/api/countries/KEN/room", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert refused["detail"].startswith("La salle de coordination du pays (Kenya) est ouverte")
    fp = as_user(user_factory((Role.FOCAL_POINT, "CMS", "KEN")))
    made = fp.post("/api/countries/KEN/working-groups", {"name": "Groupe"}, content_type="application/json")
    again = fp.post("/api/countries/KEN/working-groups", {"name": "groupe"}, content_type="application/json",
                    HTTP_ACCEPT_LANGUAGE="fr")
    assert made.status_code == 201 and again.status_code == 409
    assert again.json()["detail"] == "Kenya : un groupe de travail de ce nom existe déjà."
