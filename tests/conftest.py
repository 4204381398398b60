"""Shared fixtures: the test database holds the bundled real data, loaded once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the bundled data into the test database once (idempotent, so --reuse-db is safe)."""
    from liaison.core.loading import data_load_all

    with django_db_blocker.unblock():
        data_load_all()


@pytest.fixture
def cycles_open(db):
    """Open every loaded questionnaire's reporting cycle (no closing day), as its secretariat can: the bundled
    Cartagena and Nagoya cycles closed years ago, and no new report can be started in a closed cycle."""
    from liaison.reporting.models import Questionnaire

    Questionnaire.objects.update(closes=None)


@pytest.fixture
def user_factory(db):
    """Return a function creating a user with the given roles."""
    from django.contrib.auth import get_user_model

    from liaison.accounts.loaders import role_ensure

    counter = {"n": 0}

    def make(*roles, username: str | None = None):
        counter["n"] += 1
        user = get_user_model().objects.create_user(username or f"user{counter['n']}", password="pw-test-123")
        for role in roles:
            kind, acronym, iso3, org = (list(role) + [None, None, None])[:4]
            role_ensure(user, kind, acronym, iso3, org)
        return user

    return make


@pytest.fixture
def client_for(client, user_factory):
    """Return a function giving a test client signed in as a new user with the given roles."""

    def make(*roles):
        from django.test import Client

        c = Client()
        c.force_login(user_factory(*roles))
        return c

    return make


@pytest.fixture
def as_user():
    """Return a function giving a test client signed in as the given (existing) user."""

    def make(user):
        from django.test import Client

        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def page_cache_on(settings, tmp_path):
    """The page cache and the shared fragments on (the test settings turn them off), with a data version of this
    test's own."""
    from django.core.cache import caches

    settings.LIAISON_PAGE_CACHE_SECONDS = 300
    settings.LIAISON_DATA_VERSION_FILE = tmp_path / "data-version"
    caches["pages"].clear()
    yield
    caches["pages"].clear()
