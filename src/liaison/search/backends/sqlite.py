"""SQLite FTS5: bm25 ranking (title weighted over body), snippet() for highlights."""

from __future__ import annotations

from django.db import connection

from liaison.engine.search import Query, fts5_match
from liaison.search.backends.boosts import BOOSTS, boost_sql
from liaison.search.models import GROUP_COLUMNS

TABLE = "search_searchdocument"
# bm25 weights of the FTS columns (title, body, stems): a word in a title (a symbol, a name) counts most.
BM25 = "bm25(search_fts, 8.0, 1.0, 1.0)"
RANK = f"{BM25} * {boost_sql(TABLE)}"
# A page is taken from the best CANDIDATES matches by bm25 alone (the FTS index, no join), filtered and
# re-ranked with the kinds' boosts; only when too few of them pass the filters are all matches joined.
CANDIDATES = 200
# The join reads the narrow covering index (migration 0003), not the wide rows: filters and facets need no text.
FROM = f"search_fts JOIN {TABLE} INDEXED BY search_document_filters ON {TABLE}.id = search_fts.rowid"


def rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ranked(query: Query, where: tuple[str, list], *, limit: int, offset: int) -> list[tuple[int, float]]:
    """Return (id, score) of the best documents, best first (score: higher is better)."""
    match = fts5_match(query)
    need = offset + limit
    size = max(CANDIDATES, 4 * need)
    candidates = rows(f"SELECT rowid, {BM25} AS score FROM search_fts WHERE search_fts MATCH %s "
                      f"ORDER BY score LIMIT %s", [match, size])
    if not candidates:
        return []
    marks = ", ".join(["%s"] * len(candidates))
    kinds = dict(rows(f"SELECT {TABLE}.id, {TABLE}.kind FROM {TABLE} INDEXED BY search_document_filters "
                      f"WHERE {TABLE}.id IN ({marks}) AND ({where[0]})", [pk for pk, _ in candidates] + where[1]))
    scored = sorted(((-score * BOOSTS.get(kinds[pk], 1.0), pk) for pk, score in candidates if pk in kinds),
                    key=lambda sp: (-sp[0], sp[1]))
    if len(scored) >= need or len(candidates) < size:  # enough passed, or every match was a candidate
        return [(pk, score) for score, pk in scored[offset:need]]
    return ranked_joined(query, where, limit=limit, offset=offset)


def ranked_joined(query: Query, where: tuple[str, list], *, limit: int, offset: int) -> list[tuple[int, float]]:
    """Return (id, score) of the best documents passing `where`, every match joined to its document."""
    sql = (f"SELECT {TABLE}.id, {RANK} AS rank FROM {FROM} WHERE search_fts MATCH %s AND ({where[0]}) "
           f"ORDER BY rank LIMIT %s OFFSET %s")
    return [(pk, -rank) for pk, rank in rows(sql, [fts5_match(query), *where[1], limit, offset])]


def ranked_per_kind(query: Query, where: tuple[str, list], *, per_kind: int) -> list[tuple[int, str, float]]:
    """Return (id, kind, score) of the best `per_kind` documents of each kind."""
    # bm25() may not sit in a window function: rank the matches first (materialized), then number them.
    sql = (f"WITH matched AS MATERIALIZED (SELECT {TABLE}.id AS id, {TABLE}.kind AS kind, {RANK} AS rank "
           f"FROM {FROM} WHERE search_fts MATCH %s AND ({where[0]})) "
           f"SELECT id, kind, rank FROM (SELECT id, kind, rank, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY rank) "
           f"AS n FROM matched) WHERE n <= %s ORDER BY rank")
    return [(pk, kind, -rank) for pk, kind, rank in rows(sql, [fts5_match(query), *where[1], per_kind])]


def groups(query: Query, where: tuple[str, list]) -> list[tuple]:
    """Return (kind, convention, status, year, language, fallback, languages, count) of the matches."""
    columns = ", ".join(f"{TABLE}.{c}" for c in GROUP_COLUMNS)
    sql = f"SELECT {columns}, COUNT(*) FROM {FROM} WHERE search_fts MATCH %s AND ({where[0]}) GROUP BY {columns}"
    return rows(sql, [fts5_match(query), *where[1]])


def snippets(query: Query, ids: list[int], *, start: str, stop: str) -> dict[int, str]:
    """Return {id: body snippet with the matched words between start and stop marks}."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    sql = (f"SELECT rowid, snippet(search_fts, 1, %s, %s, '…', 32) FROM search_fts "
           f"WHERE search_fts MATCH %s AND rowid IN ({marks})")
    return dict(rows(sql, [start, stop, fts5_match(query), *ids]))
