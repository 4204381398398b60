"""Reads of the overlap report's pairs for the pages and the API: filtered, counted per filter value, sorted
and paginated, each side with its decision's current status, and only pairs whose decisions the reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.urls import reverse

from liaison.decisions.models import Decision
from liaison.decisions.permissions import decision_visible_to
from liaison.overlap.formula import FORMULAIC, WEAK, WORTH, PairJudge
from liaison.overlap.models import OverlapPair, OverlapRun

STATUSES = (Decision.IN_EFFECT, Decision.SUPERSEDED, Decision.REPEALED)
READINGS = (WORTH, FORMULAIC, WEAK)
# "priority": what a secretariat needs first — both paragraphs in effect, then the highest score.
SORTS = ("priority", "score", "score_asc", "convention", "document")
PER_PAGE = (10, 25, 50, 100)
PER_PAGE_DEFAULT = 25
READING_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PairQuery:
    """What a reader asks of the pairs; every field is optional and checked by the caller (form or schema)."""

    convention: str | None = None
    theme: str | None = None
    status: str | None = None  # in_effect: both sides; superseded or repealed: either side
    min_score: float | None = None
    internal: bool = False
    reading: str | None = WORTH  # None: every pair
    sort: str = "priority"


def pair_query_make(*, convention: str | None = None, theme: str | None = None, status: str | None = None,
                    min_score: float | None = None, internal: bool = False, reading: str | None = None,
                    sort: str | None = None) -> PairQuery:
    """Return the query of a page's or the API's parameters; reading "all" or none within one convention: every
    pair (the reading filter was measured on pairs across conventions, so only there is it the default)."""
    reading = reading or ("all" if internal else WORTH)
    return PairQuery(convention=convention or None, theme=theme or None, status=status or None, min_score=min_score,
                     internal=internal, reading=None if reading == "all" else reading, sort=sort or "priority")


class PairRow(NamedTuple):
    pk: int
    score: float
    kind: str
    convention_a: str
    convention_b: str
    document_a: str
    document_b: str
    themes: tuple[str, ...]
    reading: str
    status_a: str
    status_b: str


@dataclass
class PairSearch:
    """The pairs matching a query, in order (light rows), and the counts of each filter's values."""

    rows: list[PairRow]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.rows)


def treaty_is(document: str, convention: str) -> bool:
    """Return True when a pair's side is its convention's treaty text (always in force, always public)."""
    return document == f"{convention} treaty text"


def document_label(acronym: str, kind: str, number: str) -> str:
    """Return the name the overlap corpus gives a decision's paragraphs ("CMS Resolution 11.10")."""
    return f"{acronym} {kind.capitalize()} {number}"


def decisions_by_document(user) -> dict[str, tuple[int, str]]:
    """Return {document name: (decision id, status)} of the decisions `user` may read."""
    rows = decision_visible_to(user).values_list("pk", "convention__acronym", "kind", "number", "status")
    return {document_label(acronym, kind, number): (pk, status) for pk, acronym, kind, number, status in rows}


def readings_get(run: OverlapRun) -> dict[int, str]:
    """Return {pair id: reading} for a finished run, computed from the texts once and kept in the cache."""
    key = f"overlap-readings:{run.pk}:{run.finished_at.isoformat() if run.finished_at else ''}"
    readings = cache.get(key)
    if readings is None:
        judge = PairJudge()
        readings = {pk: judge.reading(a or "", b or "")
                    for pk, a, b in run.pairs.values_list("pk", "a__text", "b__text").iterator(chunk_size=2000)}
        cache.set(key, readings, READING_CACHE_SECONDS)
    return readings


def pairs_values(run: OverlapRun, *, cross: bool) -> list[tuple]:
    """Return every pair of a finished run as plain values (pk, score, kind, conventions, documents, themes), read
    once and kept in the cache: a run's pairs are written before it is done and never after (a new run has a new
    key), and the reader's visibility is applied to them at each read (rows_visible). Reading them costs ~10 ms
    (a JSON field and two JSON keys per pair); the cache answers in well under one."""
    key = f"overlap-pairs:{run.pk}:{run.finished_at.isoformat() if run.finished_at else ''}:{int(cross)}"
    values = cache.get(key)
    if values is None:
        values = [(pk, score, kind, conv_a, conv_b, doc_a, doc_b, tuple(themes or ()))
                  for pk, score, kind, conv_a, conv_b, doc_a, doc_b, themes in run.pairs.filter(cross=cross).values_list(
                      "pk", "score", "kind", "convention_a", "convention_b", "a__document", "b__document", "themes")]
        cache.set(key, values, READING_CACHE_SECONDS)
    return values


def rows_visible(*, user, run: OverlapRun, internal: bool) -> list[PairRow]:
    """Return the light rows of a run's pairs (across or within conventions) whose two sides `user` may read."""
    documents = decisions_by_document(user)
    readings = readings_get(run)
    rows = []
    for pk, score, kind, conv_a, conv_b, doc_a, doc_b, themes in pairs_values(run, cross=not internal):
        status_a = Decision.IN_EFFECT if treaty_is(doc_a, conv_a) else documents.get(doc_a, (0, None))[1]
        status_b = Decision.IN_EFFECT if treaty_is(doc_b, conv_b) else documents.get(doc_b, (0, None))[1]
        if status_a is None or status_b is None:
            continue  # a decision the reader may not see, or one no longer stored
        rows.append(PairRow(pk, score, kind, conv_a, conv_b, doc_a, doc_b, themes,
                            readings.get(pk, WORTH), status_a, status_b))
    return rows


def row_matches(row: PairRow, query: PairQuery, *, skip: str = "") -> bool:
    """Return True when a row passes every filter of the query but `skip` (to count that filter's values)."""
    if skip != "convention" and query.convention:
        wanted = query.convention.lower()
        if row.convention_a.lower() != wanted and row.convention_b.lower() != wanted:
            return False
    if skip != "theme" and query.theme and query.theme not in row.themes:
        return False
    if skip != "status" and query.status and not status_matches(row, query.status):
        return False
    if skip != "reading" and query.reading and row.reading != query.reading:
        return False
    return query.min_score is None or row.score >= query.min_score


def status_matches(row: PairRow, status: str) -> bool:
    """In effect: both sides are; superseded or repealed: at least one side is."""
    if status == Decision.IN_EFFECT:
        return row.status_a == row.status_b == Decision.IN_EFFECT
    return status in (row.status_a, row.status_b)


def sort_key(sort: str):
    """Return the key ordering rows for a sort name; ties always fall back to the highest score."""
    if sort == "score":
        return lambda r: (-r.score, r.pk)
    if sort == "score_asc":
        return lambda r: (r.score, r.pk)
    if sort == "convention":
        return lambda r: (r.convention_a.lower(), r.convention_b.lower(), -r.score, r.pk)
    if sort == "document":
        return lambda r: (r.document_a.lower(), r.document_b.lower(), -r.score, r.pk)
    both = Decision.IN_EFFECT
    return lambda r: (not (r.status_a == both and r.status_b == both), -r.score, r.pk)


def pair_search(*, user, run: OverlapRun | None, query: PairQuery) -> PairSearch:
    """Return the pairs of a run `user` may see that match `query`, sorted, with per-value counts of each filter."""
    if run is None:
        return PairSearch(rows=[], facets={"convention": {}, "theme": {}, "status": {}, "reading": {}})
    rows = rows_visible(user=user, run=run, internal=query.internal)
    facets: dict[str, dict[str, int]] = {"convention": {}, "theme": {}, "status": {}, "reading": {}}
    for row in rows:
        if row_matches(row, query, skip="convention"):
            for conv in {row.convention_a, row.convention_b}:
                facets["convention"][conv] = facets["convention"].get(conv, 0) + 1
        if row_matches(row, query, skip="theme"):
            for slug in row.themes:
                facets["theme"][slug] = facets["theme"].get(slug, 0) + 1
        if row_matches(row, query, skip="status"):
            for status in STATUSES:
                if status_matches(row, status):
                    facets["status"][status] = facets["status"].get(status, 0) + 1
        if row_matches(row, query, skip="reading"):
            facets["reading"][row.reading] = facets["reading"].get(row.reading, 0) + 1
    kept = sorted((r for r in rows if row_matches(r, query)), key=sort_key(query.sort))
    return PairSearch(rows=kept, facets=facets)


def pairs_page(*, user, search: PairSearch, offset: int, limit: int) -> list[OverlapPair]:
    """Return the pairs of one page of a search, each with its sides' statuses, decision links and reading."""
    rows = search.rows[offset: offset + limit]
    by_pk = OverlapPair.objects.in_bulk([r.pk for r in rows])
    documents = {r.document_a for r in rows} | {r.document_b for r in rows}
    decisions = {label: pk for label, (pk, _) in decisions_by_label(user=user, labels=documents).items()}
    page = []
    for row in rows:
        pair = by_pk.get(row.pk)
        if pair is None:
            continue  # the run was replaced between the search and this read
        pair.reading = row.reading
        pair.status_a, pair.status_b = row.status_a, row.status_b
        pair.decision_a, pair.decision_b = decisions.get(row.document_a), decisions.get(row.document_b)
        pair.link_a = decision_link(pair.decision_a, pair.a)
        pair.link_b = decision_link(pair.decision_b, pair.b)
        page.append(pair)
    return page


def decisions_by_label(*, user, labels: set[str]) -> dict[str, tuple[int, str]]:
    """Return {document name: (decision id, status)} of the decisions `user` may read named among `labels`."""
    wanted = {label for label in labels if not label.endswith(" treaty text")}
    if not wanted:
        return {}
    numbers = {label.split(" ", 2)[-1] for label in wanted}
    rows = decision_visible_to(user).filter(number__in=numbers).values_list("pk", "convention__acronym", "kind", "number",
                                                                   "status")
    found = {document_label(acronym, kind, number): (pk, status) for pk, acronym, kind, number, status in rows}
    return {label: found[label] for label in wanted if label in found}


def decision_link(decision_id: int | None, ref: dict) -> str:
    """Return the page of a pair side's decision at its paragraph, or "" for a treaty article."""
    if decision_id is None:
        return ""
    return reverse("decisions:decision_detail", args=[decision_id]) + f"#operative-{ref.get('paragraph', '')}"
