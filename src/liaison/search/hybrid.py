"""Hybrid ranking: the full-text ranking fused with the documents nearest in meaning (issue 13).

The matches of a hybrid search are the full-text matches plus the NEIGHBOURS documents the reader may see that
are nearest in meaning to the query (cosine of the static encoder's vectors, search.vectors, at least FLOOR), so
"killing of birds in nets" finds paragraphs on illegal taking and trapping that share none of its words. Both
lists start from the same visibility condition (selectors.document_visibility): a hidden plan's target is not
found by meaning either. Filters and facets apply to that one set of matches, as in a full-text search.

The two rankings are fused by reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): a document's
score is the sum over the lists it is in of 1 / (RRF_K + its rank there), with the paper's k = 60 and the two
lists weighted alike; the one documented choice, not tuned to the relevance set (docs/search.md, "Relevance").
"""

from __future__ import annotations

from django.db import connection

from liaison.engine.search import Query, fts5_match
from liaison.search import vectors
from liaison.search.backends import backend, postgresql
from liaison.search.models import GROUP_COLUMNS, SearchDocument
from liaison.search.selectors import (
    Filters,
    Results,
    facets_count,
    filters_compiled,
    group_passes,
    hits_load,
    search_begin,
)

MODES = ("text", "hybrid")
RRF_K = 60
NEIGHBOURS = 50  # documents nearest in meaning added to the matches
FLOOR = 0.25  # cosine under which a document is not near enough to count (see docs/search.md)
DEPTH = 100  # full-text hits fused (more when a page goes deeper)


def text_matching(query: Query, ids: list[int]) -> set[int]:
    """Return those of `ids` that the full-text query matches (so a neighbour is not counted twice)."""
    if not ids:
        return set()
    if connection.vendor == "postgresql":
        table = postgresql.TABLE
        sql = f"SELECT {table}.id FROM {table}, {postgresql.QUERIES} WHERE {postgresql.MATCH} AND {table}.id = ANY(%s)"
        return {pk for (pk,) in vectors.rows(sql, [*postgresql.query_params(query), list(ids)])}
    marks = ", ".join(["%s"] * len(ids))
    sql = f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({marks})"
    return {pk for (pk,) in vectors.rows(sql, [fts5_match(query), *ids])}


def fused(*rankings: list[int]) -> list[tuple[int, float]]:
    """Return (id, score) by reciprocal rank fusion of the rankings (ids best first), best first."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def hybrid_run(*, user, q: str, filters: Filters | None = None, reader_language: str = "en", limit: int = 20,
               offset: int = 0, per_kind: int | None = None) -> Results:
    """Return what selectors.search_run does, the matches and their order taken from both rankings."""
    begun = search_begin(user=user, q=q, filters=filters, reader_language=reader_language)
    results, filters, reader_language, visible, groups = (begun.results, begun.filters, begun.reader_language,
                                                          begun.visible, begun.groups)
    if not results.query:
        return results
    query, engine = results.query, backend()
    neighbours = vectors.nearest(query.words, visible, k=NEIGHBOURS, floor=FLOOR)
    near = {row["id"]: row for row in SearchDocument.objects.filter(pk__in=[pk for pk, _ in neighbours])
            .values("id", *GROUP_COLUMNS)}
    matched = text_matching(query, list(near)) if groups else set()
    groups += [{**{c: near[pk][c] for c in GROUP_COLUMNS}, "count": 1} for pk in near if pk not in matched]
    results.facets = facets_count(groups, filters, reader_language)
    results.count = sum(g["count"] for g in groups if group_passes(g, filters, reader_language))
    if not results.count:
        return results
    condition = filters_compiled(filters, reader_language)
    where = (f"({visible[0]}) AND ({condition[0]})", [*visible[1], *condition[1]])  # the visibility compiled once
    by_meaning = [pk for pk, _ in neighbours if group_passes(near[pk], filters, reader_language)]
    if per_kind:
        text = engine.ranked_per_kind(query, where, per_kind=max(per_kind, DEPTH))
        kinds = {pk: kind for pk, kind, _ in text} | {pk: near[pk]["kind"] for pk in by_meaning}
        ranked = []
        for kind in dict.fromkeys(kinds.values()):
            ranked += fused([pk for pk, k, _ in text if k == kind], [pk for pk in by_meaning if kinds[pk] == kind]
                            )[:per_kind]
        ranked.sort(key=lambda item: (-item[1], item[0]))
    else:
        text_ids = [pk for pk, _ in engine.ranked(query, where, limit=max(DEPTH, offset + limit), offset=0)]
        ranked = fused(text_ids, by_meaning)[offset:offset + limit]
    results.hits = hits_load(query, ranked)
    return results
