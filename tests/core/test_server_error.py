"""The last-resort 500 answer: the API's error shape for API callers, the styled page for people."""

import json

import pytest
from django.test import RequestFactory

from liaison.core.views import server_error


def test_an_api_caller_gets_the_error_shape_even_from_the_last_resort_handler():
    response = server_error(RequestFactory().get("/api/mandates"))
    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": "The server failed to answer this request; the fault is logged.",
                                            "errors": []}


def test_a_person_gets_the_styled_page():
    response = server_error(RequestFactory().get("/mandates/"))
    assert response.status_code == 500 and b"<nav" in response.content


@pytest.mark.django_db
def test_an_anonymous_write_is_told_to_sign_in_not_refused_for_csrf(client):
    response = client.patch("/api/mandates/1", {"status": "in_progress"}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["detail"]
