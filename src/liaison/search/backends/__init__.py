"""The two full-text engines behind search: SQLite FTS5 (the embedded default) and PostgreSQL text search.

Both answer the same four questions over the documents that a WHERE clause (the reader's visibility and
filters, compiled by the ORM) lets through: the best-ranked ids, the best ids of each kind, the counts
grouped by facet, and highlighted snippets of given ids. Marks in snippets are \\x02 and \\x03 (escaped
and turned into <mark> by the selector), so no text from the database reaches a page unescaped.
"""

from __future__ import annotations

from django.db import connection

from liaison.search.backends import postgresql, sqlite

START_MARK, END_MARK = "\x02", "\x03"


def backend():
    """Return the engine module of the current database."""
    return postgresql if connection.vendor == "postgresql" else sqlite
