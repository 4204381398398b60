"""Answers of recent searches, kept per process until the database changes: never stale, no timer.

A search's answer (its count, facets and hits) is a function of the words, the filters, the page, the reader
(whose visibility is read from the database) and the data. It is kept under a version of the whole database
read at each search, one cheap statement that reads no table:

- SQLite: `PRAGMA data_version` (moves when another connection commits) with the connection's `total_changes`
  (its own writes), for that connection object (kept in the entry, so a new connection never takes an old one's
  numbers for its own).
- PostgreSQL: `pg_current_snapshot()`. Two equal snapshots see the same committed transactions, so the same
  rows of every table; any transaction that commits a write, to any table (a document, a role, a plan's
  visibility), moves it.

Nothing is read from or kept in the cache inside a transaction (the caller's own uncommitted writes are not in
the version; a rollback would bring an older state back under the same numbers), so what a request writes is
found by its next search, and tests, which run inside transactions, read the database each time.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db import connection

SIZE = 512  # answers kept per process (an answer is a few kilobytes: 20 hits, the facets)
ENTRIES: OrderedDict[tuple, tuple[Any, Any, Any]] = OrderedDict()  # key -> (connection, version, answer)
LOCK = threading.Lock()
STATS = {"hits": 0, "misses": 0}


def database_version() -> tuple[Any, Any] | None:
    """Return (connection, version) of the data this connection sees now, or None: do not cache here."""
    if connection.in_atomic_block:
        return None
    connection.ensure_connection()
    raw = connection.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if raw.in_transaction:
                return None
            cursor.execute("PRAGMA data_version")
            return raw, (cursor.fetchone()[0], raw.total_changes)
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_current_snapshot()::text")
            return None, cursor.fetchone()[0]
    return None


def cached(key: tuple, compute: Callable[[], Any]) -> Any:
    """Return compute()'s answer for `key`, from the cache while the database has not changed since."""
    version = database_version()
    if version is None:
        return compute()
    raw, number = version
    full = (connection.vendor, connection.settings_dict["NAME"], *key)
    with LOCK:
        entry = ENTRIES.get(full)
        if entry is not None and entry[0] is raw and entry[1] == number:
            ENTRIES.move_to_end(full)
            STATS["hits"] += 1
            return copy.deepcopy(entry[2])
    answer = compute()
    with LOCK:
        STATS["misses"] += 1
        ENTRIES[full] = (raw, number, copy.deepcopy(answer))
        while len(ENTRIES) > SIZE:
            ENTRIES.popitem(last=False)
    return answer


def clear() -> None:
    with LOCK:
        ENTRIES.clear()
