"""Request-validation errors (422) name each field with a message in the caller's language, limits included."""

import pytest

from liaison.core.validation import MESSAGES, validation_message

pytestmark = pytest.mark.django_db


def errors_by_field(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.mark.parametrize(("lang", "too_large", "not_a_number"), [
    ("en", "Must be at most 500.", "Must be a whole number."),
    ("fr", "Doit être au plus 500.", "Doit être un nombre entier."),
    ("es", "Debe ser como máximo 500.", "Debe ser un número entero."),
])
def test_query_parameters_out_of_bounds_are_explained_in_the_callers_language(client, lang, too_large,
                                                                              not_a_number):
    assert errors_by_field(client.get("/api/mandates?limit=501", HTTP_ACCEPT_LANGUAGE=lang))["limit"] == too_large
    assert errors_by_field(client.get("/api/mandates?offset=x", HTTP_ACCEPT_LANGUAGE=lang))["offset"] == not_a_number


def test_a_missing_body_field_and_a_too_long_one_are_explained_in_french(client_for):
    from liaison.accounts.models import Role

    staff = client_for((Role.SECRETARIAT, "CMS"))
    response = staff.post("/api/partnerships", {"title": "x" * 1000}, content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="fr")
    errors = errors_by_field(response)
    assert "Doit comporter au plus" in errors["title"]
    assert "Ce champ est obligatoire." in errors.values()


def test_an_unknown_error_type_keeps_pydantics_text_and_a_validator_of_ours_loses_its_prefix():
    assert validation_message({"type": "some_new_type", "msg": "Something else"}) == "Something else"
    assert validation_message({"type": "value_error", "msg": "Value error, Dates run 1900 to 2200."}) == (
        "Dates run 1900 to 2200.")
    assert validation_message({"type": "string_too_long", "msg": "too long", "ctx": {}}) == "too long"
    assert all("%(" not in m or m.count("%(") == 1 for m in MESSAGES.values())
