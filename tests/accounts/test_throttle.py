"""Login throttling per account and per address; password validators, password change, session idle timeout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from liaison.accounts.models import LoginFailure

pytestmark = pytest.mark.django_db

RIGHT = "pw-test-123"


def sign_in(username: str, password: str, address: str = "192.0.2.1", path: str = "/accounts/login/"):
    c = Client(REMOTE_ADDR=address)
    response = c.post(path, {"username": username, "password": password})
    return response, "_auth_user_id" in c.session


def test_after_five_wrong_passwords_even_the_right_one_is_refused(user_factory):
    user = user_factory()
    for _ in range(settings.LIAISON_LOGIN_FAILURES_PER_ACCOUNT):
        response, signed_in = sign_in(user.username, "wrong")
        assert response.status_code == 200 and not signed_in
    response, signed_in = sign_in(user.username, RIGHT, address="198.51.100.7")  # from elsewhere too
    assert response.status_code == 429
    assert not signed_in
    assert b"Too many failed sign-in attempts" in response.content


def test_refused_attempts_do_not_stretch_the_cool_down(user_factory):
    user = user_factory()
    for _ in range(settings.LIAISON_LOGIN_FAILURES_PER_ACCOUNT + 10):
        sign_in(user.username, "wrong")
    assert LoginFailure.objects.filter(username=user.username).count() == settings.LIAISON_LOGIN_FAILURES_PER_ACCOUNT


def test_the_account_signs_in_again_once_the_window_has_passed(user_factory):
    user = user_factory()
    for _ in range(settings.LIAISON_LOGIN_FAILURES_PER_ACCOUNT):
        sign_in(user.username, "wrong")
    assert sign_in(user.username, RIGHT)[0].status_code == 429
    LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=settings.LIAISON_LOGIN_WINDOW_SECONDS + 1))
    response, signed_in = sign_in(user.username, RIGHT)
    assert response.status_code == 302 and signed_in


def test_one_address_trying_many_accounts_is_refused(user_factory):
    target = user_factory()
    for n in range(settings.LIAISON_LOGIN_FAILURES_PER_ADDRESS):
        sign_in(f"guess{n}", "wrong", address="203.0.113.9")
    response, signed_in = sign_in(target.username, RIGHT, address="203.0.113.9")
    assert response.status_code == 429 and not signed_in
    # the same account from another address is not locked: the address was throttled, not the account
    assert sign_in(target.username, RIGHT, address="203.0.113.10")[1]


def test_a_successful_sign_in_clears_the_account_failures(user_factory):
    user = user_factory()
    for _ in range(settings.LIAISON_LOGIN_FAILURES_PER_ACCOUNT - 1):
        sign_in(user.username, "wrong")
    assert sign_in(user.username, RIGHT)[1]
    assert not LoginFailure.objects.filter(username=user.username).exists()


def test_the_admin_sign_in_is_throttled_too(user_factory):
    admin = get_user_model().objects.create_superuser("root-h5", password=RIGHT)
    for _ in range(settings.LIAISON_LOGIN_FAILURES_PER_ACCOUNT):
        sign_in(admin.username, "wrong", path="/admin/login/")
    _, signed_in = sign_in(admin.username, RIGHT, path="/admin/login/")
    assert not signed_in


def test_usernames_are_counted_whatever_their_case(user_factory):
    user = user_factory()
    for n in range(settings.LIAISON_LOGIN_FAILURES_PER_ACCOUNT):
        sign_in(user.username.upper() if n % 2 else user.username, "wrong")
    assert sign_in(user.username, RIGHT)[0].status_code == 429


def test_the_password_change_page_is_linked_from_the_profile_and_validates(user_factory):
    user = user_factory()
    c = Client()
    c.force_login(user)
    assert b"/accounts/me/password/" in c.get("/accounts/me/").content
    page = c.get("/accounts/me/password/")
    assert page.status_code == 200 and b"<nav" in page.content
    for weak in ("12345678901", "password123", user.username + "1"):
        response = c.post("/accounts/me/password/", {"old_password": RIGHT, "new_password1": weak,
                                                     "new_password2": weak})
        assert response.status_code == 200 and b"errorlist" in response.content, weak
    wrong_old = c.post("/accounts/me/password/", {"old_password": "nope", "new_password1": "tapir-river-42x",
                                                  "new_password2": "tapir-river-42x"})
    assert wrong_old.status_code == 200
    ok = c.post("/accounts/me/password/", {"old_password": RIGHT, "new_password1": "tapir-river-42x",
                                           "new_password2": "tapir-river-42x"})
    assert ok.status_code == 302 and ok["Location"] == "/accounts/me/"
    user.refresh_from_db()
    assert user.check_password("tapir-river-42x")
    assert c.get("/accounts/me/").status_code == 200  # still signed in after the change


def test_the_password_change_page_needs_sign_in(client):
    assert client.get("/accounts/me/password/").status_code == 302


def test_sessions_expire_after_the_idle_timeout(user_factory):
    assert settings.SESSION_COOKIE_AGE == settings.LIAISON_SESSION_IDLE_SECONDS
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    c = Client()
    c.force_login(user_factory())
    assert c.get("/accounts/me/").status_code == 200
    Session.objects.filter(session_key=c.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert c.get("/accounts/me/").status_code == 302  # idle too long: signed out


def test_activity_renews_the_session_at_most_once_a_minute(user_factory):
    c = Client()
    c.force_login(user_factory())
    key = c.session.session_key
    session = c.session
    session["_liaison_seen"] = int(session["_liaison_seen"]) - 61  # the last renewal was a minute ago
    session.save()
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    c.get("/accounts/me/")  # renewed: expires a full idle timeout from now
    assert Session.objects.get(session_key=key).expire_date > soon
    Session.objects.filter(session_key=key).update(expire_date=soon)
    c.get("/accounts/me/")  # a second request within the minute: no write
    assert Session.objects.get(session_key=key).expire_date == soon


def test_the_first_request_after_sign_in_writes_no_session(user_factory):
    c = Client()
    c.force_login(user_factory())
    key = c.session.session_key
    stored = Session.objects.get(session_key=key).session_data
    c.get("/accounts/me/")
    assert Session.objects.get(session_key=key).session_data == stored  # not rewritten
