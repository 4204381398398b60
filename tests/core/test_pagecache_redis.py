"""The page cache on a real Redis server (LIAISON_CACHE_URL): answers and the data version shared there, never
stale, and a Redis server that fails costs the cache, never the page or the write.

Uses the Redis server on loopback (127.0.0.1:6379 on these machines; LIAISON_TEST_REDIS_URL to change it), with
key prefixes of this test run's own, removed afterwards.
"""

from __future__ import annotations

import os
import socket
import uuid

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured

from liaison.accounts.models import Role
from liaison.config.settings.base import caches_config
from liaison.core import pagecache
from liaison.decisions.models import Decision

REDIS_URL = os.environ.get("LIAISON_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


if not redis_reachable():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"Redis is not reachable at {REDIS_URL}: the shared-cache path must be tested under CI")
    pytest.skip(f"no Redis server at {REDIS_URL}", allow_module_level=True)

pytestmark = pytest.mark.django_db


def caches_at(url: str, prefix: str) -> dict:
    """CACHES for `url` with key prefixes of this test's own."""
    config = caches_config(url)
    for name, entry in config.items():
        entry["KEY_PREFIX"] = f"{prefix}-{name}"
    return config


@pytest.fixture
def prefix():
    value = f"liaison-test-{uuid.uuid4().hex[:12]}"
    yield value
    server = redis.Redis.from_url(REDIS_URL)
    keys = list(server.scan_iter(f"{value}-*"))
    if keys:
        server.delete(*keys)


@pytest.fixture
def on_redis(settings, prefix, tmp_path):
    """The page cache on, its answers and data version in Redis."""
    settings.LIAISON_PAGE_CACHE_SECONDS = 300
    settings.LIAISON_CACHE_URL = REDIS_URL
    settings.LIAISON_DATA_VERSION_FILE = tmp_path / "data-version"  # must stay unused
    settings.CACHES = caches_at(REDIS_URL, prefix)
    pagecache.PENDING["bump"] = False
    yield redis.Redis.from_url(REDIS_URL)
    pagecache.PENDING["bump"] = False


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # nothing listens there once the socket is closed


def a_decision() -> Decision:
    from django.contrib.auth.models import AnonymousUser

    from liaison.decisions.permissions import decision_visible_to

    return decision_visible_to(AnonymousUser()).order_by("pk").first()


def test_answers_and_the_version_are_stored_in_redis(client, on_redis, prefix, tmp_path):
    decision = a_decision()
    assert "X-Page-Cache" not in client.get(f"/decisions/{decision.pk}/")
    assert client.get(f"/decisions/{decision.pk}/")["X-Page-Cache"] == "hit"
    assert any(b":page:" in key for key in on_redis.scan_iter(f"{prefix}-pages:*"))
    assert on_redis.get(f"{prefix}-default:1:{pagecache.VERSION_KEY}") is not None
    assert not (tmp_path / "data-version").exists()


def test_a_write_changes_the_version_every_worker_reads(client, on_redis, prefix, django_capture_on_commit_callbacks):
    decision = a_decision()
    client.get(f"/decisions/{decision.pk}/")
    stored = on_redis.get(f"{prefix}-default:1:{pagecache.VERSION_KEY}")
    with django_capture_on_commit_callbacks(execute=True):  # the commit writes the shared version
        Decision.objects.filter(pk=decision.pk).update(title="Changed while the page was in Redis")
    response = client.get(f"/decisions/{decision.pk}/")
    assert "X-Page-Cache" not in response
    assert b"Changed while the page was in Redis" in response.content
    assert on_redis.get(f"{prefix}-default:1:{pagecache.VERSION_KEY}") != stored


def test_a_version_written_by_another_host_makes_the_next_answer_a_miss(client, on_redis, prefix):
    decision = a_decision()
    client.get(f"/decisions/{decision.pk}/")
    assert client.get(f"/decisions/{decision.pk}/")["X-Page-Cache"] == "hit"
    # Another host's worker wrote: it sets the shared version, this process learns it from Redis alone.
    import pickle

    on_redis.set(f"{prefix}-default:1:{pagecache.VERSION_KEY}", pickle.dumps("version-of-another-host"))
    assert "X-Page-Cache" not in client.get(f"/decisions/{decision.pk}/")


def test_a_signed_in_answer_is_never_stored_in_redis(client, client_for, on_redis, prefix):
    decision = a_decision()
    staff = client_for((Role.SECRETARIAT, "CMS"))
    assert b"Sign out" in staff.get(f"/decisions/{decision.pk}/").content
    assert not any(b":page:" in key for key in on_redis.scan_iter(f"{prefix}-pages:*"))
    assert b"Sign out" not in client.get(f"/decisions/{decision.pk}/").content


def test_a_redis_server_that_fails_costs_the_cache_not_the_page(client, client_for, settings, prefix):
    settings.LIAISON_PAGE_CACHE_SECONDS = 300
    settings.LIAISON_CACHE_URL = closed_port_url()
    settings.CACHES = caches_at(settings.LIAISON_CACHE_URL, prefix)
    decision = a_decision()
    for _ in range(2):
        response = client.get(f"/decisions/{decision.pk}/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert client.get("/").status_code == 200  # the home page's shared fragments render uncached
    assert client_for((Role.SECRETARIAT, "CMS")).get("/").status_code == 200  # the visit note is skipped


def test_a_write_while_redis_fails_succeeds_and_changes_the_version_later(settings, on_redis, prefix,
                                                                         django_capture_on_commit_callbacks):
    before = pagecache.data_version()
    live = settings.CACHES
    settings.LIAISON_CACHE_URL = closed_port_url()
    settings.CACHES = caches_at(settings.LIAISON_CACHE_URL, prefix)
    decision = a_decision()
    with django_capture_on_commit_callbacks(execute=True):
        Decision.objects.filter(pk=decision.pk).update(title="Written while Redis was away")
    assert Decision.objects.get(pk=decision.pk).title == "Written while Redis was away"
    assert pagecache.PENDING["bump"] is True
    settings.LIAISON_CACHE_URL = REDIS_URL
    settings.CACHES = live  # Redis is back: the first read writes the version the write could not
    after = pagecache.data_version()
    assert after.split(".")[0] != before.split(".")[0]
    assert pagecache.PENDING["bump"] is False


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "redis://", "http://127.0.0.1:6379"])
def test_a_cache_url_that_is_not_redis_is_refused_with_one_clear_line(url):
    with pytest.raises(ImproperlyConfigured, match="LIAISON_CACHE_URL"):
        caches_config(url)


def test_no_cache_url_is_local_memory():
    assert {entry["BACKEND"] for entry in caches_config("").values()} == {
        "django.core.cache.backends.locmem.LocMemCache"}
