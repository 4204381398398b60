"""Sign in and out with hashed passwords and CSRF-protected forms; demo accounts per role."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from liaison.accounts.loaders import DEMO_ACCOUNTS, DEMO_PASSWORD
from liaison.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_every_role_has_a_demo_account():
    kinds = {kind for _, _, kind, *_ in DEMO_ACCOUNTS}
    assert kinds == {k for k, _ in Role.KINDS}
    for username, *_ in DEMO_ACCOUNTS:
        user = get_user_model().objects.get(username=username)
        assert user.password != DEMO_PASSWORD  # stored hashed
        assert user.check_password(DEMO_PASSWORD)


def test_login_with_the_right_password_and_not_with_a_wrong_one():
    c = Client(enforce_csrf_checks=True)
    page = c.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    bad = c.post("/accounts/login/", {"username": "cms-secretariat", "password": "nope",
                                      "csrfmiddlewaretoken": token})
    assert bad.status_code == 200 and "_auth_user_id" not in c.session
    good = c.post("/accounts/login/", {"username": "cms-secretariat", "password": DEMO_PASSWORD,
                                       "csrfmiddlewaretoken": token})
    assert good.status_code == 302 and "_auth_user_id" in c.session


def test_login_form_without_csrf_token_is_refused():
    c = Client(enforce_csrf_checks=True)
    response = c.post("/accounts/login/", {"username": "cms-secretariat", "password": DEMO_PASSWORD})
    assert response.status_code == 403


def test_profile_needs_sign_in(client):
    assert client.get("/accounts/me/").status_code == 302
