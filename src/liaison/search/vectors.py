"""The documents' vectors for ranking by meaning: computed when documents are stored, held in memory per process.

Each stored document gets the static encoder's embedding (engine.embedding, model2vec over
data/models/minilm-static-256, offline) of its title and body, kept as float16 in `search_searchvector` (512 bytes
a document; the cosine order is unchanged at that precision). Queries compare the query's vector with every
document's by brute force (one matrix-vector product with numpy: 13 to 21 ms at 100,000 documents on the busy
2-core development machine), over a per-process cache of the table. Its freshness is one index seek a query: the
largest document id (ids only ever grow, AUTOINCREMENT on SQLite, a sequence on PostgreSQL, so every write of the
index, which stores new documents, raises it). Only when it moved are the new rows read, and the table counted to
learn whether some were deleted (then its ids are read to drop theirs). A document deleted with no write after it
keeps its vector in the cache until the next write: harmless, as `passing` joins every candidate to its document.
The ids a write in this process stored are read again at once (a rolled-back insert may leave its ids to another
document). The page cache's data version (core.pagecache) is not used: it moves only when that cache is on, and
at every write of any table, which would make each write anywhere a refresh here.

Visibility is not decided here: the nearest documents are filtered by the same WHERE clause (the reader's
visibility and filters) as the full-text matches, in SQL, before any is returned (`nearest`).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence

import numpy as np
from django.conf import settings
from django.db import connection

from liaison.engine.embedding import Encoder, EncoderUnavailableError, encoder_get
from liaison.search.models import SearchDocument

logger = logging.getLogger(__name__)
MISSING: list[str] = []  # the reason the encoder is unavailable, once logged
TABLE = "search_searchvector"
DOCUMENTS = "search_searchdocument"
TEXT_MAX = 2000  # characters of a document embedded: its title and the start of its body
STORED = np.dtype("<f2")
CHUNK = 900  # ids per IN (...) list: under SQLite's smallest variable limit


def encoder() -> Encoder | None:
    """Return the static encoder, or None where its model is missing (LIAISON_MODELS_DIR without it): documents are
    then stored without vectors and hybrid search ranks by full text alone, until a rebuild with the model."""
    try:
        return encoder_get(models_dir=settings.MODELS_DIR)
    except EncoderUnavailableError as exc:
        if not MISSING:
            logger.warning("search: no vectors, hybrid ranking by full text only (%s)", exc)
            MISSING.append(str(exc))
        return None


def document_text(title: str, body: str) -> str:
    return f"{title}. {body}"[:TEXT_MAX]


def vectors_store(docs: Sequence[SearchDocument]) -> int:
    """Store the vectors of saved documents (their ids set); return how many."""
    docs = [doc for doc in docs if doc.pk is not None]
    model = encoder()
    if not docs or model is None:
        return 0
    matrix = model.encode([document_text(doc.title, doc.body) for doc in docs]).astype(STORED)
    with connection.cursor() as cursor:  # two plain columns: no model instance per row
        if connection.vendor == "postgresql":  # two arrays, one statement: not one INSERT per document
            cursor.execute(f"INSERT INTO {TABLE} (document_id, vector) SELECT * FROM UNNEST(%s::bigint[], %s::bytea[])",
                           [[doc.pk for doc in docs], [row.tobytes() for row in matrix]])
        else:
            cursor.executemany(f"INSERT INTO {TABLE} (document_id, vector) VALUES (%s, %s)",
                               [(doc.pk, row.tobytes()) for doc, row in zip(docs, matrix, strict=True)])
    CACHE.written.update(doc.pk for doc in docs)
    return len(docs)


def words_known(words: Sequence[str]) -> list[str]:
    """Return the words the encoder's vocabulary holds whole: one it only knows by pieces ("qzxvjw" is q, ##z,
    ##x...) says nothing of meaning, and would bring the documents nearest to noise."""
    tokenizer = getattr(getattr(encoder(), "model", None), "tokenizer", None)  # the static model's
    if tokenizer is None:
        return list(words)
    return [word for word in words if tokenizer.token_to_id(word.lower()) is not None]


def query_vector(words: Sequence[str], dim: int) -> np.ndarray:
    """Return the unit vector of a query's known words (a zero vector when it has none, or no encoder)."""
    model = encoder()
    known = words_known(words) if model is not None else []
    if model is None or not known:
        return np.zeros(dim, dtype=np.float32)
    return model.encode([" ".join(known)])[0]


def rows(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def table_version() -> int:
    """Return the largest document id holding a vector (0: none): a seek in the primary key, not a scan."""
    return int(rows(f"SELECT COALESCE(MAX(document_id), 0) FROM {TABLE}", [])[0][0])


def table_count() -> int:
    return int(rows(f"SELECT COUNT(*) FROM {TABLE}", [])[0][0])


def chunks(ids: Sequence[int]):
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


class VectorCache:
    """Every document's vector, in the order of their ids: `ids` (int64, sorted) and `matrix` (float32 rows)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.alias = ""
        self.version: int | None = None  # the largest id read (table_version)
        self.written: set[int] = set()  # ids stored by this process since the last refresh: read again
        self.ids = np.zeros(0, dtype=np.int64)
        self.matrix = np.zeros((0, 0), dtype=np.float32)

    def current(self) -> tuple[np.ndarray, np.ndarray]:
        """Return (ids, matrix) as the database holds them now, reading only the rows that changed."""
        with self.lock:
            version = table_version()
            if self.written or version != self.version or self.alias != connection.settings_dict["NAME"]:
                self.refresh(version)
            return self.ids, self.matrix

    def refresh(self, version: int) -> None:
        if self.alias != connection.settings_dict["NAME"] or (self.version or 0) > version:
            # another database, or one emptied (a test's rollback): read all again
            self.ids, self.matrix = np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
            self.alias, self.version = connection.settings_dict["NAME"], None
        written = np.array(sorted(self.written), dtype=np.int64)
        kept = ~np.isin(self.ids, written)
        if int(np.count_nonzero(kept)) + self.newer_count() != table_count():  # some were deleted
            present = np.array([pk for (pk,) in rows(f"SELECT document_id FROM {TABLE} WHERE document_id <= %s",
                                                     [self.version or 0])], dtype=np.int64)
            kept &= np.isin(self.ids, present)
        old_ids, old_matrix = self.ids[kept], self.matrix[kept]
        loaded = dict(rows(f"SELECT document_id, vector FROM {TABLE} WHERE document_id > %s", [self.version or 0]))
        for part in chunks(written.tolist()):
            marks = ", ".join(["%s"] * len(part))
            loaded.update(rows(f"SELECT document_id, vector FROM {TABLE} WHERE document_id IN ({marks})", part))
        new_ids = np.array(sorted(loaded), dtype=np.int64)
        fresh = [np.frombuffer(bytes(loaded[pk]), dtype=STORED).astype(np.float32) for pk in new_ids.tolist()]
        if len(old_ids) and fresh and old_matrix.shape[1] != len(fresh[0]):  # another encoder's size: read all again
            self.ids, self.matrix, self.version = np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32), None
            return self.refresh(version)
        dim = len(fresh[0]) if fresh else old_matrix.shape[1]
        if not len(old_ids):
            old_matrix = np.zeros((0, dim), dtype=np.float32)
        new_matrix = np.stack(fresh) if fresh else np.zeros((0, dim), dtype=np.float32)
        all_ids = np.concatenate([old_ids, new_ids])
        order = np.argsort(all_ids, kind="stable")
        self.ids, self.matrix = all_ids[order], np.concatenate([old_matrix, new_matrix])[order]
        self.version = version
        self.written.clear()

    def newer_count(self) -> int:
        """Return how many rows the table holds above the largest id read (the ones a refresh adds)."""
        return int(rows(f"SELECT COUNT(*) FROM {TABLE} WHERE document_id > %s", [self.version or 0])[0][0])


CACHE = VectorCache()


def passing(ids: list[int], where: tuple[str, list]) -> set[int]:
    """Return those of `ids` whose document passes `where` (a compiled condition on the documents)."""
    if connection.vendor == "sqlite":
        # CROSS JOIN makes SQLite look each candidate up by its id; given `id IN (...)` it read the visibility's
        # OR of indexes over every document first (50 ms for 200 candidates at 6,000 documents).
        return {pk for (pk,) in rows(f"SELECT {DOCUMENTS}.id FROM json_each(%s) AS candidate CROSS JOIN {DOCUMENTS} "
                                     f"ON {DOCUMENTS}.id = candidate.value WHERE ({where[0]})",
                                     [json.dumps(ids), *where[1]])}
    found: set[int] = set()
    for part in chunks(ids):
        marks = ", ".join(["%s"] * len(part))
        found.update(pk for (pk,) in rows(f"SELECT {DOCUMENTS}.id FROM {DOCUMENTS} WHERE {DOCUMENTS}.id IN ({marks}) "
                                          f"AND ({where[0]})", [*part, *where[1]]))
    return found


def nearest(words: Sequence[str], where: tuple[str, list], *, k: int, floor: float) -> list[tuple[int, float]]:
    """Return (document id, cosine) of the `k` documents passing `where` nearest in meaning to the query's
    `words`, nearest first, none under `floor`.

    The best candidates by cosine are checked against `where` in SQL; when fewer than `k` of them pass, four times
    as many are, and so on up to every document above the floor.
    """
    ids, matrix = CACHE.current()
    if not len(ids):
        return []
    # einsum's own loop, not BLAS: a matrix-vector product is memory-bound, and OpenBLAS's threads only contend
    # on a busy 2-core machine (6,000 documents: 0.4 ms against 17 to 27 ms; 100,000: 13 to 21 ms against 28 to 55).
    scores = np.einsum("ij,j->i", matrix, query_vector(words, matrix.shape[1]))
    above = int(np.count_nonzero(scores >= floor))
    size = min(above, max(4 * k, 200))
    while size:
        top = np.argpartition(-scores, size - 1)[:size] if size < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        kept = passing(ids[top].tolist(), where)
        found = [(int(ids[i]), float(scores[i])) for i in top if int(ids[i]) in kept and scores[i] >= floor]
        if len(found) >= k or size >= above:
            return found[:k]
        size = min(above, size * 4)
    return []
