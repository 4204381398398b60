"""Answers kept until the database changes (search.cache): a repeated search is not read again, and any committed
write (a new document, a partnership hidden, one deleted) is in the next answer. Run in a thread of its own, on a
connection outside the test's transaction (inside a transaction nothing is cached), its writes committed and
undone at the end."""

import threading

import pytest
from django.db import connection, connections

from liaison.catalogue.models import Convention
from liaison.partnerships.models import Partnership
from liaison.search import cache
from liaison.search.selectors import search_run

pytestmark = pytest.mark.django_db


def in_own_connection(work):
    """Run work() in a new thread (its own connection, autocommit); re-raise what it raised."""
    errors: list[BaseException] = []

    def run():
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if errors:
        raise errors[0]


def titles(q: str) -> list[str]:
    return [hit.title for hit in search_run(user=None, q=q).hits]


def test_a_repeated_search_is_kept_and_every_committed_write_is_in_the_next(settings):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("an in-memory SQLite database is not shared with another thread's connection")
    seen: dict[str, object] = {}

    def work():
        cache.clear()
        assert not connection.in_atomic_block
        assert titles("quokka") == []
        hits = cache.STATS["hits"]
        assert titles("quokka") == [] and cache.STATS["hits"] == hits + 1  # the same answer, kept
        cms = Convention.objects.get(acronym="CMS")
        made = Partnership.objects.create(slug="cache-quokka", title="Parties of the quokka memorandum",
                                          instrument="mou", convention=cms)
        try:
            seen["after create"] = titles("quokka")
            Partnership.objects.filter(pk=made.pk).update(published=False)
            made.refresh_from_db()
            made.save()  # the index follows the visibility at query time; the save writes too
            seen["after hide"] = titles("quokka")
        finally:
            made.delete()
        seen["after delete"] = titles("quokka")

    in_own_connection(work)
    assert seen == {"after create": ["Parties of the quokka memorandum"], "after hide": [], "after delete": []}


def test_nothing_is_kept_inside_a_transaction():
    cache.clear()
    search_run(user=None, q="wetlands")
    search_run(user=None, q="wetlands")
    assert cache.ENTRIES == {} or not any(key[2:3] == ("text",) and "wetlands" in key for key in cache.ENTRIES)
