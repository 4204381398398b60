"""PostgreSQL text search: the tsvector column (GIN) of each document in its language, ts_rank_cd, ts_headline."""

from __future__ import annotations

from django.db import connection

from liaison.engine.search import Query, tsquery_text
from liaison.search.backends.boosts import boost_sql
from liaison.search.models import GROUP_COLUMNS

TABLE = "search_searchdocument"
# The query in each language's dictionary; each document is matched by the query in its own language, so an
# English text is not found by the French stem of an English word ("parties" -> "part").
QUERIES = ("(SELECT to_tsquery('english', %s) AS en, to_tsquery('french', %s) AS fr, "
           "to_tsquery('spanish', %s) AS es) q")
MATCH = (f"(({TABLE}.tsv @@ q.en AND {TABLE}.language NOT IN ('fr', 'es')) "
         f"OR ({TABLE}.tsv @@ q.fr AND {TABLE}.language = 'fr') OR ({TABLE}.tsv @@ q.es AND {TABLE}.language = 'es'))")
OWN_QUERY = f"(CASE {TABLE}.language WHEN 'fr' THEN q.fr WHEN 'es' THEN q.es ELSE q.en END)"
CONFIG = f"(CASE {TABLE}.language WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish' ELSE 'english' END)::regconfig"
# ts_rank_cd over the weighted vector (title A, body B); normalization 1 divides by 1 + log(length).
RANK = f"ts_rank_cd({TABLE}.tsv, {OWN_QUERY}, 1) * {boost_sql(TABLE)}"


def rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def query_params(query: Query) -> list[str]:
    return [tsquery_text(query)] * 3


def ranked(query: Query, where: tuple[str, list], *, limit: int, offset: int) -> list[tuple[int, float]]:
    sql = (f"SELECT {TABLE}.id, {RANK} AS rank FROM {TABLE}, {QUERIES} "
           f"WHERE {MATCH} AND ({where[0]}) ORDER BY rank DESC, {TABLE}.id LIMIT %s OFFSET %s")
    return rows(sql, [*query_params(query), *where[1], limit, offset])


def ranked_per_kind(query: Query, where: tuple[str, list], *, per_kind: int) -> list[tuple[int, str, float]]:
    sql = (f"SELECT id, kind, rank FROM (SELECT {TABLE}.id AS id, {TABLE}.kind AS kind, {RANK} AS rank, "
           f"ROW_NUMBER() OVER (PARTITION BY {TABLE}.kind ORDER BY {RANK} DESC, {TABLE}.id) AS n "
           f"FROM {TABLE}, {QUERIES} WHERE {MATCH} AND ({where[0]})) ranked "
           f"WHERE n <= %s ORDER BY rank DESC")
    return rows(sql, [*query_params(query), *where[1], per_kind])


def groups(query: Query, where: tuple[str, list]) -> list[tuple]:
    columns = ", ".join(f"{TABLE}.{c}" for c in GROUP_COLUMNS)
    sql = f"SELECT {columns}, COUNT(*) FROM {TABLE}, {QUERIES} WHERE {MATCH} AND ({where[0]}) GROUP BY {columns}"
    return rows(sql, [*query_params(query), *where[1]])


def count_estimate(query: Query, where: tuple[str, list]) -> None:
    """PostgreSQL counts every match (the facets' GROUP BY): no estimate."""
    return None


def snippets(query: Query, ids: list[int], *, start: str, stop: str) -> dict[int, str]:
    if not ids:
        return {}
    options = f"StartSel={start}, StopSel={stop}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=…"
    sql = (f"SELECT {TABLE}.id, ts_headline({CONFIG}, {TABLE}.body, {OWN_QUERY}, %s) FROM {TABLE}, {QUERIES} "
           f"WHERE {TABLE}.id = ANY(%s)")
    return dict(rows(sql, [options, *query_params(query), list(ids)]))
