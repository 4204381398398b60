"""SQLite FTS5: bm25 ranking (title weighted over body), snippet() for highlights."""

from __future__ import annotations

from dataclasses import dataclass

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
# A word in more documents than this is common. bm25() counts the documents of each of its phrases on every
# query (FTS5 stores no document frequencies), so its cost follows the commonest word: a query with a word
# in more than COMMON documents is not scored by bm25 but ordered by kind (BOOSTS), newest first; one with more
# than WINDOW matches reads its WINDOW newest only (ranking, the grouped page, the facets), and its total is
# extrapolated from where the window ends among its matches' rowids (backends.sqlite.plan). Rebuilds index the
# paragraphs first (services.all_documents), so the newest matches are every other kind, then the paragraphs
# indexed or refreshed last.
WINDOW = 2000
COMMON = 20_000
SCAN = 20_000  # a common word's hits under a filter are looked for among this many of its newest matches
PROBES, SAMPLE = 4, 250  # samples of consecutive matches below the window, to extrapolate counts (older_probes)
# The join reads the narrow covering index (migration 0003), not the wide rows: filters and facets need no text.
FROM = f"search_fts JOIN {TABLE} INDEXED BY search_document_filters ON {TABLE}.id = search_fts.rowid"


def rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True)
class Plan:
    """How a query is read: all its matches, or (a common word) only the newest WINDOW of them."""

    match: str
    floor: int = 0  # the rowid where the WINDOW newest matches end (0: the query has no more)
    estimate: int | None = None  # when windowed: the number of matches, extrapolated
    probes: tuple[tuple[int, int, int], ...] = ()  # when windowed: (from rowid, to rowid, matches) sampled below
    reach: int = 0  # when windowed: the hits of a filter are looked for among the SCAN newest matches (above it)
    ranked: bool = True  # scored by bm25; False when a clause is common: by kind, newest first


def scalar_rowid(match_mark: str, *, newest: bool = True, skip: int = 0) -> str:
    return (f"(SELECT rowid FROM search_fts WHERE search_fts MATCH {match_mark} ORDER BY rowid "
            f"{'DESC' if newest else 'ASC'} LIMIT 1 OFFSET {int(skip)})")


PLANS: dict[tuple, Plan] = {}  # the plans of recent queries, until the next write (sqlite3's total_changes)


def plan(query: Query) -> Plan:
    """Return the plan of `query`, in one statement reading a few entries at the ends of its doclists."""
    match = fts5_match(query)
    raw = connection.connection
    key = (match, id(raw), raw.total_changes if raw else None)
    if key in PLANS:
        return PLANS[key]
    clauses = [fts5_match(Query((clause,))) for clause in query.clauses] if len(query.clauses) > 1 else []
    columns = [scalar_rowid("%s", skip=WINDOW), scalar_rowid("%s", skip=SCAN), scalar_rowid("%s", newest=False),
               *[scalar_rowid("%s", skip=COMMON) for _ in clauses]]
    floor, reach, oldest, *common = rows("SELECT " + ", ".join(columns), [match, match, match, *clauses])[0]
    if floor is None:
        found = Plan(match=match, ranked=not any(c is not None for c in common))
    else:
        probes = older_probes(match, oldest, floor)
        covered, sampled = sum(b - a for a, b, _ in probes), sum(n for _, _, n in probes)
        older = max(1, round(sampled * (floor - oldest + 1) / max(covered, 1)))
        found = Plan(match=match, floor=floor, estimate=WINDOW + older, probes=probes, reach=reach or 0,
                     ranked=False)
    if len(PLANS) > 256:
        PLANS.clear()
    PLANS[key] = found
    return found


def older_probes(match: str, oldest: int, floor: int) -> tuple[tuple[int, int, int], ...]:
    """Return PROBES samples of the matches below the window: (from rowid, to rowid, matches between).

    Each starts at an evenly spread rowid from the oldest match to the window (a rebuild indexes the paragraphs
    first, so the window's density is not theirs) and spans SAMPLE consecutive matches, or those up to the window
    if fewer: a plan reads PROBES * SAMPLE entries more at most, however many matches there are.
    """
    step = max((floor - oldest) // PROBES, 1)
    starts = sorted({oldest + i * step for i in range(PROBES) if oldest + i * step <= floor})
    ends = ", ".join(f"(SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid >= {a} AND rowid <= "
                     f"{int(floor)} ORDER BY rowid LIMIT 1 OFFSET {SAMPLE - 1}), "
                     f"(SELECT COUNT(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s AND rowid >= {a} "
                     f"AND rowid <= {int(floor)} LIMIT {SAMPLE}))" for a in starts)
    found = rows(f"SELECT {ends}", [match] * (2 * len(starts)))[0]
    probes = []
    for i, a in enumerate(starts):
        end, n = found[2 * i], found[2 * i + 1]
        probes.append((a, (end if end is not None else floor) + 1, n))
    return tuple(probes)


def count_estimate(query: Query, where: tuple[str, list], *, inside: int | None = None) -> int | None:
    """Return about how many matches pass `where` (None: count them exactly, the query is not windowed).

    The window's are counted (or `inside`, when the caller has counted them from the groups); below it, the
    matches extrapolated by the plan times the share of the probes' matches that pass `where` (the filters and
    visibility, applied to those sampled rows only).
    """
    p = plan(query)
    if p.estimate is None:
        return None
    parts = [] if inside is not None else [
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM {FROM} WHERE search_fts MATCH %s AND search_fts.rowid > "
        f"{int(p.floor)} AND ({where[0]})))"]
    parts += [f"(SELECT COUNT(*) FROM (SELECT 1 FROM {FROM} WHERE search_fts MATCH %s AND search_fts.rowid >= {a} "
              f"AND search_fts.rowid < {b} AND ({where[0]})))" for a, b, _ in p.probes]
    counts = list(rows("SELECT " + ", ".join(parts), [v for _ in parts for v in (p.match, *where[1])])[0])
    if inside is not None:
        counts.insert(0, inside)
    sampled = sum(n for _, _, n in p.probes)
    share = sum(counts[1:]) / sampled if sampled else 0.0
    return counts[0] + round((p.estimate - WINDOW) * share)


def newest(p: Plan, where: tuple[str, list], size: int) -> list[tuple[int, str]]:
    """Return (id, kind) of the `size` newest matches passing `where` (FTS5 reads its doclist backwards), looked
    for among the SCAN newest matches of a common word (a narrow filter finds fewer, not slower)."""
    reach = f" AND search_fts.rowid > {int(p.reach)}" if p.reach else ""
    sql = (f"SELECT {TABLE}.id, {TABLE}.kind FROM {FROM} WHERE search_fts MATCH %s{reach} AND ({where[0]}) "
           f"ORDER BY search_fts.rowid DESC LIMIT %s")
    return rows(sql, [p.match, *where[1], size])


def by_kind_then_newest(found: list[tuple[int, str]]) -> list[tuple[int, str, float]]:
    """Return (id, kind, score) of a common word's matches: the kinds' factor (BOOSTS) first, then newest."""
    scored = [(pk, kind, BOOSTS.get(kind, 1.0)) for pk, kind in found]
    return sorted(scored, key=lambda hit: (-hit[2], -hit[0]))


def ranked(query: Query, where: tuple[str, list], *, limit: int, offset: int) -> list[tuple[int, float]]:
    """Return (id, score) of the best documents, best first (score: higher is better)."""
    p = plan(query)
    need = offset + limit
    size = max(CANDIDATES, 4 * need)
    if not p.ranked:
        return [(pk, score) for pk, _, score in by_kind_then_newest(newest(p, where, max(size, WINDOW)))[offset:need]]
    candidates = rows(f"SELECT rowid, {BM25} AS score FROM search_fts WHERE search_fts MATCH %s "
                      f"ORDER BY score LIMIT %s", [p.match, size])
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
    p = plan(query)
    if not p.ranked:  # a common word: the best of each kind among its WINDOW newest matches the reader may see
        taken: dict[str, int] = {}
        best = []
        for hit in by_kind_then_newest(newest(p, where, WINDOW)):
            taken[hit[1]] = taken.get(hit[1], 0) + 1
            if taken[hit[1]] <= per_kind:
                best.append(hit)
        return best
    # bm25() may not sit in a window function: rank the matches first (materialized), then number them.
    sql = (f"WITH matched AS MATERIALIZED (SELECT {TABLE}.id AS id, {TABLE}.kind AS kind, {RANK} AS rank "
           f"FROM {FROM} WHERE search_fts MATCH %s AND ({where[0]})) "
           f"SELECT id, kind, rank FROM (SELECT id, kind, rank, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY rank) "
           f"AS n FROM matched) WHERE n <= %s ORDER BY rank")
    return [(pk, kind, -rank) for pk, kind, rank in rows(sql, [p.match, *where[1], per_kind])]


def groups(query: Query, where: tuple[str, list]) -> list[tuple]:
    """Return (*GROUP_COLUMNS, count) of the matches passing `where`; of a common word's, of its WINDOW newest."""
    p = plan(query)
    columns = ", ".join(GROUP_COLUMNS)
    inner = ", ".join(f"{TABLE}.{c} AS {c}" for c in GROUP_COLUMNS)
    # A common word's: those of its WINDOW newest matches (above the floor) that pass `where`.
    newest_only = "" if p.estimate is None else f" AND search_fts.rowid > {int(p.floor)}"
    sql = (f"SELECT {columns}, COUNT(*) FROM (SELECT {inner} FROM {FROM} WHERE search_fts MATCH %s"
           f"{newest_only} AND ({where[0]})) GROUP BY {columns}")
    return rows(sql, [p.match, *where[1]])


def snippets(query: Query, ids: list[int], *, start: str, stop: str) -> dict[int, str]:
    """Return {id: body snippet with the matched words between start and stop marks}."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    sql = (f"SELECT rowid, snippet(search_fts, 1, %s, %s, '…', 32) FROM search_fts "
           f"WHERE search_fts MATCH %s AND rowid IN ({marks})")
    return dict(rows(sql, [start, stop, fts5_match(query), *ids]))
