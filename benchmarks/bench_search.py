"""Search speed at scale: the full-text index against today's LIKE query and a bare indexed lookup, in one run.

A throw-away database gets the bundled data, then N decision paragraphs made by varying the shipped real
texts (sentences of different paragraphs recombined, so word frequencies stay those of real decisions).
Measured for 30 queries (common words such as "Parties", rare words, phrases, prefixes, symbols, filters),
each run 3 times:
  like    the old `paragraph_search` (a chain of icontains filters, the first 100 rows), what /search/ did
  lookup  a bare indexed lookup: the 20 best ids by rank (FTS5 MATCH + bm25, or tsv @@ + ts_rank_cd)
  facets  the facet counts alone (one GROUP BY over every match the public may see)
  first   what /api/search does (facet counts, the 20 best hits the public may see, highlighted snippets) for a
          query no one asked since the last write: the answer cache (search.cache) and the plans emptied, once
  search  the same query again, as a running server answers it until the next write (search.cache)
  page-first, page   GET /search/ through Django's test client (grouped by kind, facets, side panel), the same two
          ways
  hybrid  /api/search?mode=hybrid (unless --no-vectors): the search fused with the 50 nearest in meaning
On SQLite, in the same run, what the three last cost when every match is read and ranked by bm25, as before
the window of backends.sqlite (a common word's newest WINDOW matches, bm25 only without common words):
  facets-all, search-all, page-all
Also the index build time (`search_rebuild`) and the index size.

    .venv/bin/python benchmarks/bench_search.py --paragraphs 100000
    .venv/bin/python benchmarks/bench_search.py --paragraphs 100000 \
        --database-url postgres://postgres@127.0.0.1:5432/liaison_bench_search
    .venv/bin/python benchmarks/bench_search.py --reuse \
        --database-url postgres://postgres@127.0.0.1:5432/liaison_bench_search   # the same index, timed again
    .venv/bin/python benchmarks/bench_search.py --paragraphs 1000000 --sqlite-dir /tmp/bench-1m   # kept there
    .venv/bin/python benchmarks/bench_search.py --reuse --sqlite-dir /tmp/bench-1m
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

import bench_db  # noqa: E402  (benchmarks/, the folder of this script)

QUERIES = [
    # common words
    ("Parties", {}), ("Secretariat", {}), ("conservation", {}), ("migratory species", {}), ("cooperation", {}),
    ("requests", {}), ("implementation", {}),
    # rarer words
    ("bycatch", {}), ("poisoning", {}), ("wetlands", {}), ("flyways", {}), ("Ramsar", {}), ("Kenya", {}),
    ("invasive alien species", {}), ("capacity building", {}),
    # phrases
    ('"wetland habitats"', {}), ('"Memorandum of Understanding"', {}), ('"Scientific Council"', {}),
    ('"Conference of the Parties"', {}), ('"illegal killing"', {}),
    # prefixes and symbols
    ("migrat*", {}), ("synerg*", {}), ("11.10", {}), ("14.3", {}),
    # filters
    ("Parties", {"kind": "paragraph"}), ("Parties", {"convention": "CMS"}), ("species", {"status": "all"}),
    ("Secretariat", {"kind": "mandate"}), ("targets", {"kind": "target"}), ("cooperation", {"year": 2014}),
]
REPEATS = 3


def database_prepare(var_dir: str, url: str | None) -> None:
    """A throw-away database (SQLite under `var_dir`, or PostgreSQL `url`) with all the bundled data, the page cache off."""
    bench_db.database_prepare(var_dir, None, url=url, page_cache=False)


def database_reuse(var_dir: str, url: str) -> None:
    """Point Django at the database `url` as a former run left it, the page cache off."""
    os.environ.update({"LIAISON_VAR_DIR": var_dir, "DATABASE_URL": url, "LIAISON_DEMO": "0",
                       "LIAISON_PAGE_CACHE_SECONDS": "0", "DJANGO_SETTINGS_MODULE": "liaison.config.settings.dev"})
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()


def paragraphs_generate(n: int, seed: int = 13) -> int:
    """Store `n` more operative paragraphs in new decisions (100 paragraphs each), varying the real texts."""
    from django.db import transaction

    from liaison.catalogue.models import Convention
    from liaison.decisions.models import Decision, DecisionRevision, Paragraph

    rng = random.Random(seed)
    sentences = []
    for text in Paragraph.objects.values_list("text", flat=True):
        sentences += [s.strip() for s in text.replace(";", ".").split(".") if len(s.split()) >= 4]
    conventions = list(Convention.objects.filter(acronym__in=["CMS", "CBD", "CITES", "Ramsar", "AEWA", "WHC"]))
    per_decision = 100
    with transaction.atomic():
        decisions = Decision.objects.bulk_create([
            Decision(convention=conventions[i % len(conventions)], kind="resolution", number=f"90.{i}",
                     title=" ".join(rng.choice(sentences).split()[:8]), year=1990 + i % 35,
                     status=Decision.IN_EFFECT if i % 10 else Decision.SUPERSEDED)
            for i in range(n // per_decision)])
        revisions = DecisionRevision.objects.bulk_create([
            DecisionRevision(decision=d, content_hash=f"bench-{d.pk}", source_name="generated", source_format="txt")
            for d in decisions])
        rows = []
        for revision in revisions:
            for order in range(1, per_decision + 1):
                text = ". ".join(rng.sample(sentences, k=rng.randint(1, 4))) + "."
                rows.append(Paragraph(revision=revision, kind=Paragraph.OPERATIVE, order=order, number=str(order),
                                      text=text))
            if len(rows) >= 5000:
                Paragraph.objects.bulk_create(rows)
                rows = []
        Paragraph.objects.bulk_create(rows)
    return len(decisions) * per_decision


def index_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('search_searchdocument'), "
                           "pg_relation_size('search_document_tsv')")
            total, gin = cursor.fetchone()
            return f"table with vector and indexes {total / 1e6:.0f} MB, of which the GIN index {gin / 1e6:.0f} MB"
        try:
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'")
            fts = cursor.fetchone()[0] or 0
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name = 'search_searchdocument'")
            docs = cursor.fetchone()[0] or 0
            return f"FTS5 index {fts / 1e6:.0f} MB, documents table {docs / 1e6:.0f} MB"
        except Exception:  # dbstat is an optional SQLite module
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            return f"whole database {pages * cursor.fetchone()[0] / 1e6:.0f} MB (dbstat unavailable)"


@contextlib.contextmanager
def every_match_read(engine):
    """Within: the SQLite engine reads and ranks every match of every query, as before its window (the baseline)."""
    planned = engine.plan

    def every(query):
        return engine.Plan(match=engine.fts5_match(query))

    engine.plan = every
    try:
        yield
    finally:
        engine.plan = planned


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000, help="paragraphs to generate (default 100000)")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (it is emptied); default SQLite")
    parser.add_argument("--no-page", action="store_true", help="skip the page timings")
    parser.add_argument("--no-before", action="store_true", help="skip the every-match baseline (SQLite)")
    parser.add_argument("--no-vectors", action="store_true",
                        help="store no embeddings in the rebuild (the full-text timings do not read them; "
                             "embedding a million documents takes longer than the rest of the rebuild)")
    parser.add_argument("--reuse", action="store_true",
                        help="time the queries on the database a former run left (no load, no rebuild)")
    parser.add_argument("--like-repeats", type=int, default=REPEATS,
                        help=f"runs of each query's LIKE baseline (default {REPEATS}; 1 at a million paragraphs, where "
                             "one takes seconds; 0 skips it)")
    parser.add_argument("--sqlite-dir", help="keep the SQLite database in this folder (bench.sqlite3), for --reuse")
    args = parser.parse_args()
    if args.reuse and not (args.database_url or args.sqlite_dir):
        parser.error("--reuse needs --database-url or --sqlite-dir")
    if args.sqlite_dir and not args.reuse:
        Path(args.sqlite_dir).mkdir(parents=True, exist_ok=True)
        Path(args.sqlite_dir, "bench.sqlite3").unlink(missing_ok=True)
    kept = contextlib.nullcontext(args.sqlite_dir) if args.sqlite_dir else tempfile.TemporaryDirectory()
    with kept as var_dir:
        started = time.perf_counter()
        if args.reuse:
            database_reuse(var_dir, args.database_url or f"sqlite:///{var_dir}/bench.sqlite3")
        else:
            database_prepare(var_dir, args.database_url)
            print(f"bundled data loaded in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            made = paragraphs_generate(args.paragraphs)
            print(f"{made} paragraphs generated in {time.perf_counter() - started:.1f} s")

        from django.db import connection
        from django.test import Client

        from liaison.decisions.models import Paragraph
        from liaison.decisions.selectors import paragraph_search
        from liaison.engine.search import query_parse
        from liaison.search import cache as search_cache
        from liaison.search.backends import backend
        from liaison.search.selectors import Filters, document_visibility, search_run, where_compiled
        from liaison.search.services import search_rebuild

        if args.no_vectors:
            from liaison.search import services

            services.vectors.vectors_store = lambda docs: 0
        if args.reuse:
            print(f"index reused ({Paragraph.objects.count()} paragraphs); {index_size()}")
        else:
            report = search_rebuild()
            print(f"index rebuilt: {report.total} documents in {report.seconds:.1f} s "
                  f"({Paragraph.objects.count()} paragraphs); {index_size()}")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"engine: {connection.vendor}; {len(QUERIES)} queries x {REPEATS} runs each")
        engine = backend()
        visible = where_compiled(document_visibility(None))
        client = Client()
        timings: dict[str, list[float]] = {"like": [], "lookup": [], "facets": [], "first": [], "search": [],
                                           "page-first": [], "page": [],
                                           "hybrid": [], "facets-all": [], "search-all": [], "page-all": []}
        slowest: list[tuple[float, str]] = []
        for q, params in QUERIES:
            filters = Filters(**params)
            query = query_parse(q)
            search_cache.clear()  # a search no one asked since the last write: read from the database
            engine.PLANS.clear()
            first = timed(lambda q=q, filters=filters: search_run(user=None, q=q, filters=filters))
            timings["first"].append(first)
            slowest.append((first, q + (f" {params}" if params else "")))  # read from the database, not the cache
            if not args.no_page:
                search_cache.clear()
                engine.PLANS.clear()
                timings["page-first"].append(timed(lambda q=q, params=params: client.get("/search/", {"q": q,
                                                                                                    **params})))
            search_run(user=None, q=q, filters=filters)  # warm the caches once, as a running server has them
            if not args.no_vectors:
                search_run(user=None, q=q, filters=filters, mode="hybrid")  # the vectors read into memory once
            for run in range(REPEATS):
                if run < args.like_repeats:
                    timings["like"].append(timed(lambda q=q: list(paragraph_search(q=q.strip('"*')))))
                timings["lookup"].append(timed(lambda query=query: engine.ranked(query, ("1 = 1", []), limit=20,
                                                                                offset=0)))
                timings["facets"].append(timed(lambda query=query: engine.groups(query, visible)))
                timings["search"].append(timed(lambda q=q, filters=filters: search_run(user=None, q=q,
                                                                                        filters=filters)))
                if not args.no_vectors:
                    timings["hybrid"].append(timed(lambda q=q, filters=filters: search_run(
                        user=None, q=q, filters=filters, mode="hybrid")))
                if not args.no_page:
                    timings["page"].append(timed(lambda q=q, params=params: client.get("/search/", {"q": q,
                                                                                                  **params})))
                if connection.vendor == "sqlite" and not args.no_before:
                    with every_match_read(engine):
                        timings["facets-all"].append(timed(lambda query=query: engine.groups(query, visible)))
                        timings["search-all"].append(timed(lambda q=q, filters=filters: search_run(
                            user=None, q=q, filters=filters)))
                        if not args.no_page:
                            timings["page-all"].append(timed(lambda q=q, params=params: client.get(
                                "/search/", {"q": q, **params})))
        for name, samples in timings.items():
            if samples:
                print(f"  {name:<10} {percentiles(samples)}")
        print("slowest first searches: " + "; ".join(f"{q} {ms:.0f} ms" for ms, q in sorted(slowest, reverse=True)[:5]))
        for q in ("Parties", "migratory species", "bycatch", '"wetland habitats"'):
            search_cache.clear()
            found = search_run(user=None, q=q)
            line = f"matches of {q}: {'about ' if found.approximate else ''}{found.count}"
            if connection.vendor == "sqlite" and found.approximate:
                search_cache.clear()
                with every_match_read(engine):
                    line += f" (exact: {search_run(user=None, q=q).count}; window {found.window})"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
