"""What the draft check ranks among, held in memory beside the search vectors (search.vectors.CACHE): each stored
document's kind, status, convention and addressee, as small integer codes aligned with the cache's ids.

Ranking only the documents of the wanted kind, status, convention or addressee needs their positions among the
vectors. Reading the ids of every paragraph in effect from the database on each check took most of a check at
a million paragraphs (one query of 900,000 ids, twice, and once per addressee); here they are a comparison of
integer arrays. A search document is never changed in place: a change of its object deletes it and stores a new
one (search.services.owned_replace), so the facets a document was stored with stay its own. They are read once
for every document, then only for the documents new to the vector cache, and again for the ids this process
wrote (a rolled-back insert may hand its ids to another document, as VectorCache knows). A document deleted
since stays until the vector cache drops it: harmless, as every candidate is checked against the whole
condition and the reader's visibility in SQL (search.vectors.passing) before it is shown.
"""

from __future__ import annotations

import json
import threading

import numpy as np
from django.db import connection

from liaison.search.vectors import CACHE, CHUNK, DOCUMENTS, rows

COLUMNS = ("kind", "status", "convention", "addressee")
NOWHERE = -1  # the code of a document the table no longer holds: it meets no condition
READ_ALL = 20_000  # more documents to read than this: one scan of the table, not lists of ids


class DocumentFacets:
    """The facets of every document of the vector cache: `ids` as CACHE's, a code array per column."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.alias = ""
        self.version = 0
        self.ids = np.zeros(0, dtype=np.int64)
        self.columns = {name: np.zeros(0, dtype=np.int32) for name in COLUMNS}
        self.codes: dict[str, dict[str, int]] = {name: {} for name in COLUMNS}

    def current(self) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """Return the vector cache's (ids, matrix) and the facet codes of those ids, read only where new."""
        with self.lock:
            rewritten = np.array(sorted(CACHE.written), dtype=np.int64)  # CACHE.current() clears it
            ids, matrix = CACHE.current()
            name = connection.settings_dict["NAME"]
            if name != self.alias or (CACHE.version or 0) < self.version:  # another database, or one emptied
                self.alias, self.ids = name, np.zeros(0, dtype=np.int64)
                self.columns = {c: np.zeros(0, dtype=np.int32) for c in COLUMNS}
            if self.ids is not ids:
                self.align(ids, rewritten)
            self.version = CACHE.version or 0
            return ids, matrix, self.columns

    def align(self, ids: np.ndarray, rewritten: np.ndarray) -> None:
        known = np.isin(ids, self.ids) & ~np.isin(ids, rewritten)
        columns = {c: np.full(len(ids), NOWHERE, dtype=np.int32) for c in COLUMNS}
        if known.any():
            at = np.searchsorted(self.ids, ids[known])
            for c in COLUMNS:
                columns[c][known] = self.columns[c][at]
        missing = ids[~known]
        for pk, *values in self.read(missing):
            position = int(np.searchsorted(ids, pk))
            for c, value in zip(COLUMNS, values, strict=True):
                columns[c][position] = self.codes[c].setdefault(value or "", len(self.codes[c]))
        self.ids, self.columns = ids, columns

    def read(self, missing: np.ndarray) -> list[tuple]:
        """Return (id, kind, status, convention, addressee) of the `missing` documents the table holds."""
        select = f"SELECT id, {', '.join(COLUMNS)} FROM {DOCUMENTS}"
        if not len(missing):
            return []
        if len(missing) > READ_ALL:
            wanted = set(missing.tolist())
            return [row for row in rows(select, []) if row[0] in wanted]
        if connection.vendor == "sqlite":
            return rows(f"{select} WHERE id IN (SELECT value FROM json_each(%s))", [json.dumps(missing.tolist())])
        found = []
        for start in range(0, len(missing), CHUNK):
            part = missing[start:start + CHUNK].tolist()
            found += rows(f"{select} WHERE id IN ({', '.join(['%s'] * len(part))})", part)
        return found

    def positions(self, columns: dict[str, np.ndarray], **wanted: str) -> np.ndarray:
        """Return the positions (in the cache's order) of the documents whose facets are all `wanted`."""
        mask = np.ones(len(next(iter(columns.values()))), dtype=bool)
        for name, value in wanted.items():
            code = self.codes[name].get(value)
            if code is None:
                return np.zeros(0, dtype=np.int64)
            mask &= columns[name] == code
        return np.flatnonzero(mask)


FACETS = DocumentFacets()
