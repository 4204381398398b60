"""PostgreSQL text search: the tsvector column (GIN) of each document in its language, ts_rank_cd, ts_headline.

A common word is read as on SQLite (backends.sqlite): when a query has more than WINDOW matches, the facets count
its WINDOW newest (the largest ids), its hits are the newest WINDOW matches passing the filters, ordered by kind
(BOOSTS) then newest, and its count is the window's plus the older matches extrapolated from PROBES samples of the ids below the window (`approximate`). Ranking and counting every match of "Parties" at a
million paragraphs reads half the table (a bitmap over the GIN index, then ts_rank_cd on every row); reading its
newest ones walks the primary key backwards and stops, which the planner chooses by itself for a common lexeme.
What a common word reads is bounded by its matches' density, not the table's size: the plan its WINDOW + 1
newest (it also looked for its 20,001st newest by an OFFSET, which read every match of a word with fewer), the
facets those above the plan's floor, the samples PROBES * SAMPLE ids, the hits the newest passing the filters
(a narrow filter by the GIN index and the filter columns' indexes of migration 0006 together).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

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
WINDOW = 2000  # matches beyond which a query reads its newest only (as backends.sqlite)
PROBES, SAMPLE = 4, 1500  # id ranges sampled below the window to extrapolate the count (ids, not matches)
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
    """How a query is read: every match (floor 0), or its matches above `floor` (the WINDOW newest, `ids`)."""

    floor: int = 0
    oldest: int = 0  # the smallest id of the table, where the samples start
    ids: tuple[int, ...] = ()  # the window's matches, newest first


def plan(query: Query) -> Plan:
    """Return the plan of `query`: its WINDOW newest matches and the id of the next (none: fewer, read them all).

    One statement: the WINDOW + 1 newest matches (the primary key walked backwards for a common word, the GIN
    index and a sort for a rare one, as the planner estimates from the lexemes' statistics). The facets and the
    hits then read the window's rows by their ids, never the text again: a word whose newest documents are
    sparse ("Ramsar": 2,000 matches among its 25,000 newest documents at 100,000) is walked once a search.
    """
    key = (tsquery_text(query), id(connection.connection), WINDOW)
    now = time.monotonic()
    if key in PLANS and now - PLANS[key][0] < PLAN_SECONDS:
        return PLANS[key][1]
    found = Plan()
    newest = f"SELECT {TABLE}.id FROM {TABLE}, {QUERIES} WHERE {MATCH} ORDER BY {TABLE}.id DESC LIMIT {WINDOW + 1}"
    ids, oldest = rows(f"SELECT ARRAY(SELECT id FROM ({newest}) w), (SELECT MIN(id) FROM {TABLE})",
                       query_params(query))[0]
    if len(ids) > WINDOW:
        found = Plan(floor=ids[WINDOW], oldest=oldest or 0, ids=tuple(ids[:WINDOW]))
    if len(PLANS) > 256:
        PLANS.clear()
    PLANS[key] = (now, found)
    return found


def count_estimate(query: Query, where: tuple[str, list], *, inside: int | None = None) -> int | None:
    """Return about how many matches pass `where` (None: the query is not windowed, the groups count them all).

    The window's matches passing `where` are counted (or `inside`, when the caller has counted them from the
    groups); below it, PROBES ranges of SAMPLE ids each, spread from the oldest id to the window, are counted the
    same way and scaled to the ids below the window.
    """
    p = plan(query)
    if not p.floor:
        return None
    span = max(p.floor - p.oldest, 1)
    step = max(span // PROBES, SAMPLE)
    starts = [p.oldest + i * step for i in range(PROBES) if p.oldest + i * step < p.floor]
    parts = [] if inside is not None else [
        f"(SELECT COUNT(*) FROM {TABLE}, {QUERIES} WHERE {MATCH} AND {TABLE}.id > {int(p.floor)} AND ({where[0]}))"]
    parts += [f"(SELECT COUNT(*) FROM {TABLE}, {QUERIES} WHERE {MATCH} AND {TABLE}.id >= {a} AND {TABLE}.id < "
              f"{min(a + SAMPLE, p.floor)} AND ({where[0]}))" for a in starts]
    counts = list(rows("SELECT " + ", ".join(parts),
                       [v for _ in parts for v in (*query_params(query), *where[1])])[0]) if parts else []
    if inside is not None:
        counts.insert(0, inside)
    covered = sum(min(a + SAMPLE, p.floor) - a for a in starts)
    return counts[0] + round(sum(counts[1:]) * span / max(covered, 1))


def newest_sql(where: tuple[str, list]) -> str:
    """The newest matches passing `where` (id, kind, boost), newest first, at most %s of them.

    For a filter few of a common word's window pass: the planner combines the GIN index with the filter columns'
    indexes (migration 0006) for a narrow one (a year, a kind), and walks the primary key backwards otherwise.
    """
    return (f"SELECT {TABLE}.id AS id, {TABLE}.kind AS kind, {boost_sql(TABLE)} AS boost FROM {TABLE}, {QUERIES} "
            f"WHERE {MATCH} AND ({where[0]}) ORDER BY {TABLE}.id DESC LIMIT %s")


def window_sql(where: tuple[str, list]) -> str:
    """The window's matches (ids given) passing `where`: (id, kind, boost)."""
    return (f"SELECT {TABLE}.id AS id, {TABLE}.kind AS kind, {boost_sql(TABLE)} AS boost FROM {TABLE} "
            f"WHERE {TABLE}.id = ANY(%s) AND ({where[0]})")


def ranked(query: Query, where: tuple[str, list], *, limit: int, offset: int) -> list[tuple[int, float]]:
    p = plan(query)
    if p.floor:  # by kind (BOOSTS) then newest, as backends.sqlite does for a common word: the window's first
        order = "ORDER BY boost DESC, id DESC LIMIT %s OFFSET %s"
        found = rows(f"SELECT id, boost FROM ({window_sql(where)}) w {order}", [list(p.ids), *where[1], limit,
                                                                               offset])
        if len(found) == limit:
            return found
        # fewer of the window pass (a narrow filter, a deep page): the newest that do, further back
        return rows(f"SELECT id, boost FROM ({newest_sql(where)}) n {order}",
                    [*query_params(query), *where[1], max(WINDOW, offset + limit), limit, offset])
    sql = (f"SELECT {TABLE}.id, {RANK} AS rank FROM {TABLE}, {QUERIES} "
           f"WHERE {MATCH} AND ({where[0]}) ORDER BY rank DESC, {TABLE}.id LIMIT %s OFFSET %s")
    return rows(sql, [*query_params(query), *where[1], limit, offset])


def ranked_per_kind(query: Query, where: tuple[str, list], *, per_kind: int) -> list[tuple[int, str, float]]:
    p = plan(query)
    if p.floor:
        best = ("SELECT id, kind, boost FROM (SELECT id, kind, boost, ROW_NUMBER() OVER (PARTITION BY kind "
                "ORDER BY id DESC) AS n FROM ({}) w) n WHERE n <= %s ORDER BY boost DESC, id DESC")
        found = rows(best.format(window_sql(where)), [list(p.ids), *where[1], per_kind])
        if found:
            return found
        return rows(best.format(newest_sql(where)), [*query_params(query), *where[1], WINDOW, per_kind])
    sql = (f"SELECT id, kind, rank FROM (SELECT {TABLE}.id AS id, {TABLE}.kind AS kind, {RANK} AS rank, "
           f"ROW_NUMBER() OVER (PARTITION BY {TABLE}.kind ORDER BY {RANK} DESC, {TABLE}.id) AS n "
           f"FROM {TABLE}, {QUERIES} WHERE {MATCH} AND ({where[0]})) ranked "
           f"WHERE n <= %s ORDER BY rank DESC")
    return rows(sql, [*query_params(query), *where[1], per_kind])


def groups(query: Query, where: tuple[str, list]) -> list[tuple]:
    """Return (*GROUP_COLUMNS, count) of the matches passing `where`; of a common word's, of its WINDOW newest."""
    p = plan(query)
    columns = ", ".join(f"{TABLE}.{c}" for c in GROUP_COLUMNS)
    if p.floor:  # the window's rows by their ids
        sql = f"SELECT {columns}, COUNT(*) FROM {TABLE} WHERE {TABLE}.id = ANY(%s) AND ({where[0]}) GROUP BY {columns}"
        return rows(sql, [list(p.ids), *where[1]])
    sql = f"SELECT {columns}, COUNT(*) FROM {TABLE}, {QUERIES} WHERE {MATCH} AND ({where[0]}) GROUP BY {columns}"
    return rows(sql, [*query_params(query), *where[1]])


def snippets(query: Query, ids: list[int], *, start: str, stop: str) -> dict[int, str]:
    if not ids:
        return {}
    options = f"StartSel={start}, StopSel={stop}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=…"
    sql = (f"SELECT {TABLE}.id, ts_headline({CONFIG}, {TABLE}.body, {OWN_QUERY}, %s) FROM {TABLE}, {QUERIES} "
           f"WHERE {TABLE}.id = ANY(%s)")
    return dict(rows(sql, [options, *query_params(query), list(ids)]))
