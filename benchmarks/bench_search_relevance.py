"""Search relevance on judged queries: nDCG@10 and recall@20 of today's LIKE search, full-text and hybrid, one run.

The queries and their judgments are data/search_eval/queries.yaml (built from the shipped data by
benchmarks/search_eval_build.py; rules in data/search_eval/PROVENANCE.md). A throw-away database gets the bundled
data; each query is run as the public would run it:
  like    the old page's two calls, `paragraph_search` and `framework_search` (chains of icontains filters), their
          three unranked lists (paragraphs, targets, indicators) taken in turn, one of each
  text    /api/search's full-text ranking (FTS5 bm25 on SQLite, ts_rank_cd on PostgreSQL): every word required
  anyword plain BM25 as the literature runs it: the same engine and score, any of the query's words enough (OR);
          a baseline here only, not a mode of Liaison
  hybrid  /api/search?mode=hybrid: the same fused with the documents nearest in meaning (search.hybrid)
Gains are 2^grade - 1; the query's own object (an indicator's, a target's) is left out of its ranking.

    .venv/bin/python benchmarks/bench_search_relevance.py
    .venv/bin/python benchmarks/bench_search_relevance.py --database-url postgres://postgres@127.0.0.1:5432/liaison_x
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import REPO, database_prepare, paragraphs_generate  # noqa: E402

QUERIES = REPO / "data" / "search_eval" / "queries.yaml"
RANKERS = ("like", "text", "anyword", "hybrid")
DEPTH = 20


def ref_resolve(ref: dict) -> tuple[str, int] | None:
    """Return (kind, id) of a judged object named by its codes, None if the database lacks it."""
    from liaison.decisions.models import Decision, DecisionRevision, Paragraph
    from liaison.frameworks.models import Indicator, Target

    kind = ref["kind"]
    if kind in ("target", "indicator"):
        model = Target if kind == "target" else Indicator
        pk = model.objects.filter(framework__code=ref["framework"], code=ref["code"]).values_list("pk", flat=True)
        return (kind, pk[0]) if pk else None
    decision = Decision.objects.filter(convention__acronym=ref["convention"], number=ref["number"]).first()
    if decision is None:
        return None
    if kind == "decision":
        return kind, decision.pk
    revision = DecisionRevision.objects.filter(decision=decision).order_by("created_at", "id").last()
    for pk, pkind, number, order in Paragraph.objects.filter(revision=revision).values_list("pk", "kind", "number",
                                                                                             "order"):
        if f"{pkind}-{number or order}" == ref["paragraph"]:
            return kind, pk
    return None


def like_ranking(q: str, depth: int) -> list[tuple[str, int]]:
    from django.contrib.auth.models import AnonymousUser

    from liaison.decisions.selectors import paragraph_search
    from liaison.frameworks.selectors import framework_search

    paragraphs = [("paragraph", p.pk) for p in paragraph_search(q=q, limit=depth)]
    found = framework_search(user=AnonymousUser(), q=q, limit=depth)
    lists = [paragraphs, [("target", t.pk) for t in found["targets"]],
             [("indicator", i.pk) for i in found["indicators"]]]
    merged = []
    for position in range(depth):
        merged += [items[position] for items in lists if position < len(items)]
    return merged


def search_ranking(q: str, depth: int, mode: str) -> list[tuple[str, int]]:
    from django.contrib.auth.models import AnonymousUser

    from liaison.search.selectors import search_run

    results = search_run(user=AnonymousUser(), q=q, limit=depth, mode=mode)
    return [(hit.kind, hit.object_id) for hit in results.hits]


def anyword_ranking(q: str, depth: int) -> list[tuple[str, int]]:
    """Return the documents matching any word of `q`, by the engine's own score (as /api/search ranks)."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from liaison.engine.search import Query, fts5_match, query_parse, tsquery_text
    from liaison.search.backends import postgresql, sqlite
    from liaison.search.selectors import Filters, document_visibility, filters_condition, where_compiled

    query = query_parse(q)
    if not query:
        return []
    where = where_compiled(document_visibility(AnonymousUser()) & filters_condition(Filters(), "en"))
    table = sqlite.TABLE
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = " | ".join(tsquery_text(Query(clauses=(clause,))) for clause in query.clauses)
            cursor.execute(f"SELECT {table}.kind, {table}.object_id FROM {table}, {postgresql.QUERIES} "
                           f"WHERE {postgresql.MATCH} AND ({where[0]}) ORDER BY {postgresql.RANK} DESC, {table}.id "
                           f"LIMIT %s", [text] * 3 + where[1] + [depth])
        else:
            match = " OR ".join(fts5_match(Query(clauses=(clause,))) for clause in query.clauses)
            cursor.execute(f"SELECT {table}.kind, {table}.object_id FROM {sqlite.FROM} WHERE search_fts MATCH %s "
                           f"AND ({where[0]}) ORDER BY {sqlite.RANK} LIMIT %s", [match, *where[1], depth])
        return [(kind, pk) for kind, pk in cursor.fetchall()]


def ndcg(ranking: list, grades: dict, k: int = 10) -> float:
    dcg = sum((2 ** grades.get(item, 0) - 1) / math.log2(i + 2) for i, item in enumerate(ranking[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranking: list, grades: dict, k: int = 20) -> float:
    return len(set(ranking[:k]) & set(grades)) / len(grades) if grades else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to use (emptied first); default SQLite")
    parser.add_argument("--queries", default=str(QUERIES))
    parser.add_argument("--paragraphs", type=int, default=0,
                        help="add N generated paragraphs first (benchmarks/bench_search.py's), as distractors and "
                             "to time the rankers at that size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        database_prepare(var_dir, args.database_url)
        from django.db import connection

        if args.paragraphs:
            from liaison.search.services import search_rebuild

            paragraphs_generate(args.paragraphs)
            report = search_rebuild()
            print(f"{args.paragraphs} paragraphs generated; index rebuilt in {report.seconds:.1f} s "
                  f"({report.total} documents, vectors included)")

        from liaison.search.hybrid import FLOOR, NEIGHBOURS, RRF_K
        from liaison.search.vectors import CACHE

        queries = yaml.safe_load(Path(args.queries).read_text())["queries"]
        missing = 0
        scores: dict[tuple[str, str], list[tuple[float, float]]] = {}
        seconds: dict[str, list[float]] = {r: [] for r in RANKERS}
        started = time.perf_counter()
        CACHE.current()  # the vectors read once, as a warm process has them
        print(f"vectors read into memory in {time.perf_counter() - started:.2f} s: {CACHE.matrix.shape[0]} x "
              f"{CACHE.matrix.shape[1]} float32, {CACHE.matrix.nbytes / 1e6:.0f} MB")
        for query in queries:
            grades = {}
            for ref in query["relevant"]:
                found = ref_resolve(ref)
                missing += found is None
                if found is not None:
                    grades[found] = max(grades.get(found, 0), ref["grade"])
            excluded = {found for ref in query.get("exclude", []) if (found := ref_resolve(ref)) is not None}
            for ranker in RANKERS:
                started = time.perf_counter()
                depth = DEPTH + len(excluded)
                if ranker == "like":
                    ranking = like_ranking(query["q"], depth)
                elif ranker == "anyword":
                    ranking = anyword_ranking(query["q"], depth)
                else:
                    ranking = search_ranking(query["q"], depth, ranker)
                seconds[ranker].append(time.perf_counter() - started)
                ranking = [item for item in ranking if item not in excluded]
                for family in (query["family"], "all"):
                    scores.setdefault((family, ranker), []).append((ndcg(ranking, grades), recall(ranking, grades)))
        families = list(dict.fromkeys(q["family"] for q in queries)) + ["all"]
        print(f"{len(queries)} judged queries on {connection.vendor}; {missing} judged objects not in the database; "
              f"hybrid: reciprocal rank fusion k={RRF_K}, {NEIGHBOURS} neighbours, cosine floor {FLOOR}")
        print("nDCG@10 and recall@20 (means over the queries); hybrid against text and anyword: the queries whose "
              "nDCG@10 it raises / lowers")
        print(f"{'family':<11}{'queries':>8}" + "".join(f"{'nDCG ' + r:>13}" for r in RANKERS)
              + "".join(f"{'R@20 ' + r:>13}" for r in RANKERS) + f"{'vs text':>10}{'vs anyword':>12}")
        for family in families:
            rows = {r: scores[(family, r)] for r in RANKERS}
            versus = []
            for other in ("text", "anyword"):
                pairs = list(zip(rows["hybrid"], rows[other], strict=True))
                versus.append(f"{sum(h[0] > o[0] + 1e-9 for h, o in pairs)}/{sum(h[0] < o[0] - 1e-9 for h, o in pairs)}")
            print(f"{family:<11}{len(rows['text']):>8}"
                  + "".join(f"{statistics.fmean(s[0] for s in rows[r]):>13.3f}" for r in RANKERS)
                  + "".join(f"{statistics.fmean(s[1] for s in rows[r]):>13.3f}" for r in RANKERS)
                  + f"{versus[0]:>10}{versus[1]:>12}")
        print("ms per query, p50 / p95: " + ", ".join(
            f"{r} {statistics.median(seconds[r]) * 1000:.1f} / {statistics.quantiles(seconds[r], n=20)[18] * 1000:.1f}"
            for r in RANKERS))


if __name__ == "__main__":
    main()
