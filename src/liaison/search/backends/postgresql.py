"""PostgreSQL text search: the tsvector column (GIN) of each document in its language, ts_rank_cd, ts_headline.

A common word is read as on SQLite (backends.sqlite): when a query has more than WINDOW matches, the facets count
its WINDOW newest (the largest ids), its hits are the newest matches passing the filters among its SCAN newest,
ordered by kind (BOOSTS) then newest, and its count is the window's plus the older matches extrapolated from
PROBES samples of the ids below the window (`approximate`). Ranking and counting every match of "Parties" at a
million paragraphs reads half the table (a bitmap over the GIN index, then ts_rank_cd on every row); reading its
newest ones walks the primary key backwards and stops, which the planner chooses by itself for a common lexeme.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection

from liaison.engine.search import Query, tsquery_text
from liaison.search.backends.boosts import BOOSTS, boost_sql
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
WINDOW = 2000  # matches beyond which a query reads its newest only (as backends.sqlite)
SCAN = 20_000  # a common word's hits under a filter are looked for among this many of its newest matches
PROBES, SAMPLE = 4, 5000  # id ranges sampled below the window to extrapolate the count (ids, not matches)
# A search asks for its plan three times (groups, count, hits): it is kept PLAN_SECONDS. A plan a write made old
# only moves the window's edge (a few newer matches counted and listed too); visibility is applied either way.
PLAN_SECONDS = 1.0
PLANS: dict[tuple, tuple[float, Plan]] = {}


def rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def query_params(query: Query) -> list[str]:
    return [tsquery_text(query)] * 3


@dataclass(frozen=True)
class Plan:
    """How a query is read: every match (floor 0), or its matches above `floor` (the WINDOW newest)."""

    floor: int = 0
    reach: int = 0  # the hits of a filter are looked for above this id (its SCAN newest matches)
    oldest: int = 0  # the smallest id matched, where the samples start


def newest_id(skip: int) -> str:
    return f"(SELECT {TABLE}.id FROM {TABLE}, {QUERIES} WHERE {MATCH} ORDER BY {TABLE}.id DESC OFFSET {skip} LIMIT 1)"


def plan(query: Query) -> Plan:
    """Return the plan of `query`: the id of its WINDOW+1st newest match (none: fewer, read them all)."""
    key = (tsquery_text(query), id(connection.connection), WINDOW, SCAN)
    now = time.monotonic()
    if key in PLANS and now - PLANS[key][0] < PLAN_SECONDS:
        return PLANS[key][1]
    found = Plan()
    floor = rows(f"SELECT {newest_id(WINDOW)}", query_params(query))[0][0]
    if floor is not None:
        reach, oldest = rows(f"SELECT {newest_id(SCAN)}, (SELECT MIN(id) FROM {TABLE})", query_params(query))[0]
        found = Plan(floor=floor, reach=reach or 0, oldest=oldest or 0)
    if len(PLANS) > 256:
        PLANS.clear()
    PLANS[key] = (now, found)
    return found


def above(p: Plan, *, reach: bool = False) -> str:
    """The condition keeping the newest matches only (none when every match is read)."""
    bound = p.reach if reach else p.floor
    return f" AND {TABLE}.id > {int(bound)}" if bound else ""


def count_estimate(query: Query, where: tuple[str, list]) -> int | None:
    """Return about how many matches pass `where` (None: the query is not windowed, the groups count them all).

    The window's matches passing `where` are counted; below it, PROBES ranges of SAMPLE ids each, spread from the
    oldest match to the window, are counted the same way and scaled to the ids below the window.
    """
    p = plan(query)
    if not p.floor:
        return None
    span = max(p.floor - p.oldest, 1)
    step = max(span // PROBES, SAMPLE)
    starts = [p.oldest + i * step for i in range(PROBES) if p.oldest + i * step < p.floor]
    parts = [f"(SELECT COUNT(*) FROM {TABLE}, {QUERIES} WHERE {MATCH} AND {TABLE}.id > {int(p.floor)} "
             f"AND ({where[0]}))"]
    parts += [f"(SELECT COUNT(*) FROM {TABLE}, {QUERIES} WHERE {MATCH} AND {TABLE}.id >= {a} AND {TABLE}.id < "
              f"{min(a + SAMPLE, p.floor)} AND ({where[0]}))" for a in starts]
    counts = rows("SELECT " + ", ".join(parts), [v for _ in parts for v in (*query_params(query), *where[1])])[0]
    covered = sum(min(a + SAMPLE, p.floor) - a for a in starts)
    return counts[0] + round(sum(counts[1:]) * span / max(covered, 1))


def newest(query: Query, p: Plan, where: tuple[str, list], size: int) -> list[tuple[int, str, float]]:
    """Return (id, kind, score) of the `size` newest matches passing `where` among the SCAN newest, ordered by
    kind (BOOSTS) then newest, as backends.sqlite does for a common word."""
    sql = (f"SELECT {TABLE}.id, {TABLE}.kind FROM {TABLE}, {QUERIES} WHERE {MATCH}{above(p, reach=True)} "
           f"AND ({where[0]}) ORDER BY {TABLE}.id DESC LIMIT %s")
    found = [(pk, kind, BOOSTS.get(kind, 1.0)) for pk, kind in rows(sql, [*query_params(query), *where[1], size])]
    return sorted(found, key=lambda hit: (-hit[2], -hit[0]))


def ranked(query: Query, where: tuple[str, list], *, limit: int, offset: int) -> list[tuple[int, float]]:
    p = plan(query)
    if p.floor:
        return [(pk, score) for pk, _, score in newest(query, p, where, max(WINDOW, offset + limit))][offset:offset
                                                                                                     + limit]
    sql = (f"SELECT {TABLE}.id, {RANK} AS rank FROM {TABLE}, {QUERIES} "
           f"WHERE {MATCH} AND ({where[0]}) ORDER BY rank DESC, {TABLE}.id LIMIT %s OFFSET %s")
    return rows(sql, [*query_params(query), *where[1], limit, offset])


def ranked_per_kind(query: Query, where: tuple[str, list], *, per_kind: int) -> list[tuple[int, str, float]]:
    p = plan(query)
    if p.floor:
        taken: dict[str, int] = {}
        best = []
        for hit in newest(query, p, where, WINDOW):
            taken[hit[1]] = taken.get(hit[1], 0) + 1
            if taken[hit[1]] <= per_kind:
                best.append(hit)
        return best
    sql = (f"SELECT id, kind, rank FROM (SELECT {TABLE}.id AS id, {TABLE}.kind AS kind, {RANK} AS rank, "
           f"ROW_NUMBER() OVER (PARTITION BY {TABLE}.kind ORDER BY {RANK} DESC, {TABLE}.id) AS n "
           f"FROM {TABLE}, {QUERIES} WHERE {MATCH} AND ({where[0]})) ranked "
           f"WHERE n <= %s ORDER BY rank DESC")
    return rows(sql, [*query_params(query), *where[1], per_kind])


def groups(query: Query, where: tuple[str, list]) -> list[tuple]:
    """Return (*GROUP_COLUMNS, count) of the matches passing `where`; of a common word's, of its WINDOW newest."""
    p = plan(query)
    columns = ", ".join(f"{TABLE}.{c}" for c in GROUP_COLUMNS)
    if p.floor:
        inner = ", ".join(f"{TABLE}.{c} AS {c}" for c in GROUP_COLUMNS)
        sql = (f"SELECT {', '.join(GROUP_COLUMNS)}, COUNT(*) FROM (SELECT {inner} FROM {TABLE}, {QUERIES} "
               f"WHERE {MATCH}{above(p)} AND ({where[0]}) ORDER BY {TABLE}.id DESC LIMIT {WINDOW}) newest "
               f"GROUP BY {', '.join(GROUP_COLUMNS)}")
        return rows(sql, [*query_params(query), *where[1]])
    sql = f"SELECT {columns}, COUNT(*) FROM {TABLE}, {QUERIES} WHERE {MATCH} AND ({where[0]}) GROUP BY {columns}"
    return rows(sql, [*query_params(query), *where[1]])


def snippets(query: Query, ids: list[int], *, start: str, stop: str) -> dict[int, str]:
    if not ids:
        return {}
    options = f"StartSel={start}, StopSel={stop}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=…"
    sql = (f"SELECT {TABLE}.id, ts_headline({CONFIG}, {TABLE}.body, {OWN_QUERY}, %s) FROM {TABLE}, {QUERIES} "
           f"WHERE {TABLE}.id = ANY(%s)")
    return dict(rows(sql, [options, *query_params(query), list(ids)]))
