"""Reading the search index: ranked hits the reader may see, facets with counts, highlighted snippets.

Visibility composes the filters of the areas the documents come from (decision_visible_to,
framework_visible_to, partnerships_visible_to, meetings_visible_to...): a document is shown when it is public or when the reader
may see the object it follows. The filters run at query time, so a plan published or hidden is found or
not from the next search on, with no re-indexing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple, dataclass, field

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Q
from django.utils.html import escape

from liaison.accounts.access import access_for
from liaison.decisions.permissions import decision_visible_to
from liaison.engine.search import LANGUAGES, Query, query_parse
from liaison.frameworks.permissions import framework_visible_to
from liaison.meetings.permissions import meetings_visible_to
from liaison.partnerships.contributions.permissions import contributions_visible_to
from liaison.partnerships.registry.permissions import activities_visible_to, partnerships_visible_to
from liaison.reporting.permissions import answer_visible_to, questionnaire_visible_to, report_visible_to
from liaison.search import cache
from liaison.search.backends import END_MARK, START_MARK, backend
from liaison.search.models import GROUP_COLUMNS, SearchDocument

# What "status" may ask for; the default leaves superseded and repealed texts out.
STATUS_CHOICES = ("in_effect", "superseded", "repealed", "all")
HIDDEN_BY_DEFAULT = (SearchDocument.SUPERSEDED, SearchDocument.REPEALED)
FACETS = ("kind", "convention", "status", "year", "addressee", "framework", "language")
QUERY_MAX = 500  # characters; the API refuses longer queries, the page cuts them
LIMIT_MAX = 500


@dataclass
class Filters:
    kind: str = ""
    convention: str = ""
    status: str = ""
    year: int | None = None
    language: str = ""  # "": the reader's language (or the object's fallback); else that language only
    addressee: str = ""  # of mandates: the actor's label
    framework: str = ""  # of targets and indicators: the framework's code


@dataclass
class Hit:
    id: int
    kind: str
    object_id: int
    title: str
    url: str
    convention: str
    year: int | None
    status: str
    language: str
    score: float
    snippet: str = ""  # HTML: the text escaped, matched words in <mark>


@dataclass
class Results:
    q: str
    query: Query
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # A common word's count is extrapolated and its facets counted over the `window` newest matches (SQLite).
    approximate: bool = False
    window: int = 0

    def by_kind(self) -> list[tuple[str, str, list[Hit]]]:
        """Return (kind, label, hits) in the order of SearchDocument.KINDS, kinds without hits left out."""
        labels = dict(SearchDocument.KINDS)
        grouped: dict[str, list[Hit]] = {}
        for hit in self.hits:
            grouped.setdefault(hit.kind, []).append(hit)
        return [(kind, labels[kind], grouped[kind]) for kind, _ in SearchDocument.KINDS if kind in grouped]


def document_visibility(user) -> Q:
    """Return the condition on search documents `user` may see (composes each area's visibility filter)."""
    if access_for(user).everything:
        return Q()
    return (Q(owner_type="")
            | Q(owner_type="decision", owner_id__in=decision_visible_to(user).values("pk"))
            | Q(owner_type="framework", owner_id__in=framework_visible_to(user).values("pk"))
            | Q(owner_type="partnership", owner_id__in=partnerships_visible_to(user).values("pk"))
            | Q(owner_type="activity", owner_id__in=activities_visible_to(user).values("pk"))
            | Q(owner_type="contribution", owner_id__in=contributions_visible_to(user).values("pk"))
            | Q(owner_type="questionnaire", owner_id__in=questionnaire_visible_to(user).values("pk"))
            | Q(owner_type="report", owner_id__in=report_visible_to(user).values("pk"))
            | Q(owner_type="answer", owner_id__in=answer_visible_to(user).values("pk"))
            | Q(owner_type="meeting", owner_id__in=meetings_visible_to(user).values("pk")))


def language_condition(reader_language: str) -> Q:
    """Documents in the reader's language, and the fallback document of objects that have none in it."""
    return Q(language=reader_language) | (Q(fallback=True) & ~Q(languages__contains=f",{reader_language},"))


def filters_condition(filters: Filters, reader_language: str) -> Q:
    condition = Q()
    if filters.kind:
        condition &= Q(kind=filters.kind)
    if filters.convention:
        condition &= Q(convention=filters.convention)
    if filters.year is not None:
        condition &= Q(year=filters.year)
    if filters.addressee:
        condition &= Q(addressee=filters.addressee)
    if filters.framework:
        condition &= Q(framework=filters.framework)
    if filters.status in ("", None):
        condition &= ~Q(status__in=HIDDEN_BY_DEFAULT)
    elif filters.status != "all":
        condition &= Q(status=filters.status)
    if filters.language:
        condition &= Q(language=filters.language)
    else:
        condition &= language_condition(reader_language)
    return condition


def where_compiled(condition: Q) -> tuple[str, list]:
    """Return the SQL (columns qualified by the table name) and parameters of a condition on the documents."""
    qs = SearchDocument.objects.filter(condition)
    compiler = qs.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.compile(qs.query.where)
    except FullResultSet:
        return "1 = 1", []
    except EmptyResultSet:
        return "1 = 0", []
    return sql or "1 = 1", list(params)


# Compiling the visibility's eight subqueries through the ORM took 10 to 30 ms a search. The public's compiles to the
# same SQL and parameters every time (no query is run to build it: the areas' filters are subqueries evaluated by
# the database), as do the filters: both are kept per database. A signed-in reader's is compiled each search.
COMPILED: dict[tuple, tuple[str, list]] = {}


def visibility_compiled(user) -> tuple[str, list]:
    """Return where_compiled(document_visibility(user)), the public's compiled once per database."""
    if getattr(user, "is_authenticated", False):
        return where_compiled(document_visibility(user))
    return compiled_once(("public",), lambda: document_visibility(None))


def filters_compiled(filters: Filters, reader_language: str) -> tuple[str, list]:
    """Return where_compiled(filters_condition(filters, reader_language)), compiled once per database."""
    return compiled_once(("filters", astuple(filters), reader_language),
                         lambda: filters_condition(filters, reader_language))


def compiled_once(key: tuple, condition) -> tuple[str, list]:
    key = (connection.vendor, connection.settings_dict["NAME"], *key)
    if key not in COMPILED:
        if len(COMPILED) > 1024:
            COMPILED.clear()
        COMPILED[key] = where_compiled(condition())
    sql, params = COMPILED[key]
    return sql, list(params)


def group_passes(group: dict, filters: Filters, reader_language: str, *, skip: str = "") -> bool:
    """Return True if a facet group passes the filters (all but `skip`, the facet being counted)."""
    if skip != "kind" and filters.kind and group["kind"] != filters.kind:
        return False
    if skip != "convention" and filters.convention and group["convention"] != filters.convention:
        return False
    if skip != "year" and filters.year is not None and group["year"] != filters.year:
        return False
    for name in ("addressee", "framework"):
        if skip != name and getattr(filters, name) and group[name] != getattr(filters, name):
            return False
    if skip != "status":
        if filters.status in ("", None) and group["status"] in HIDDEN_BY_DEFAULT:
            return False
        if filters.status not in ("", None, "all") and group["status"] != filters.status:
            return False
    if skip != "language":
        if filters.language:
            return group["language"] == filters.language
        shown = group["language"] == reader_language or (
            group["fallback"] and f",{reader_language}," not in group["languages"])
        return bool(shown)
    return True


def facets_count(groups: list[dict], filters: Filters, reader_language: str) -> dict[str, list[tuple[str, int]]]:
    """Return each facet's values with their counts under the other facets' filters, most frequent first."""
    facets = {}
    for name in FACETS:
        counter: Counter = Counter()
        for group in groups:
            if group_passes(group, filters, reader_language, skip=name) and group[name] not in ("", None):
                counter[str(group[name])] += group["count"]
        if name == "year":
            facets[name] = sorted(counter.items(), reverse=True)  # latest first
        else:
            facets[name] = counter.most_common()
    return facets


def snippet_html(raw: str) -> str:
    """Return a snippet escaped for HTML, the engine's marks turned into <mark>."""
    return escape(raw).replace(START_MARK, "<mark>").replace(END_MARK, "</mark>")


def hits_load(query: Query, ranked: list[tuple[int, float]]) -> list[Hit]:
    ids = [pk for pk, _ in ranked]
    docs = SearchDocument.objects.in_bulk(ids)
    snippets = backend().snippets(query, ids, start=START_MARK, stop=END_MARK)
    hits = []
    for pk, score in ranked:
        doc = docs.get(pk)
        if doc is None:
            continue
        hits.append(Hit(id=pk, kind=doc.kind, object_id=doc.object_id, title=doc.title, url=doc.url,
                        convention=doc.convention, year=doc.year, status=doc.status, language=doc.language,
                        score=round(float(score), 6), snippet=snippet_html(snippets.get(pk) or doc.body[:300])))
    return hits


@dataclass
class Begun:
    """What both modes start from: the parsed query, the visibility compiled once, the matches' facet groups."""

    results: Results
    filters: Filters
    reader_language: str
    visible: tuple[str, list] = ("1 = 0", [])
    groups: list[dict] = field(default_factory=list)


def search_begin(*, user, q: str, filters: Filters | None, reader_language: str) -> Begun:
    """Return the query parsed and, when it has words, the facet groups of its full-text matches `user` may see."""
    begun = Begun(results=Results(q=q, query=query_parse(q[:QUERY_MAX])), filters=filters or Filters(),
                  reader_language=reader_language if reader_language in LANGUAGES else "en")
    if not begun.results.query:
        return begun
    begun.visible = visibility_compiled(user)
    names = (*GROUP_COLUMNS, "count")
    begun.groups = [dict(zip(names, row, strict=True)) for row in backend().groups(begun.results.query,
                                                                                   begun.visible)]
    return begun


def search_run(*, user, q: str, filters: Filters | None = None, reader_language: str = "en", limit: int = 20,
               offset: int = 0, per_kind: int | None = None, mode: str = "text") -> Results:
    """Return the documents matching `q` that `user` may see, best first, with facet counts.

    `per_kind`: the best `per_kind` hits of each kind (the grouped page) instead of one ranked page.
    `mode`: "text" (full-text ranking) or "hybrid" (fused with the nearest in meaning: search.hybrid).
    """
    if mode == "hybrid":
        from liaison.search.hybrid import hybrid_run

        return hybrid_run(user=user, q=q, filters=filters, reader_language=reader_language, limit=limit,
                          offset=offset, per_kind=per_kind)
    reader = (type(user).__name__, getattr(user, "pk", None), bool(getattr(user, "is_authenticated", False)))
    key = ("text", reader, q, astuple(filters or Filters()), reader_language, limit, offset, per_kind)
    return cache.cached(key, lambda: text_run(user=user, q=q, filters=filters, reader_language=reader_language,
                                              limit=limit, offset=offset, per_kind=per_kind))


def text_run(*, user, q: str, filters: Filters | None, reader_language: str, limit: int, offset: int,
             per_kind: int | None) -> Results:
    """Return search_run's answer in "text" mode, read from the database."""
    begun = search_begin(user=user, q=q, filters=filters, reader_language=reader_language)
    results, filters, reader_language, visible, groups = (begun.results, begun.filters, begun.reader_language,
                                                          begun.visible, begun.groups)
    if not results.query:
        return results
    query, engine = results.query, backend()
    results.facets = facets_count(groups, filters, reader_language)
    results.count = sum(g["count"] for g in groups if group_passes(g, filters, reader_language))
    condition = filters_compiled(filters, reader_language)
    where = (f"({visible[0]}) AND ({condition[0]})", [*visible[1], *condition[1]])  # the visibility compiled once
    # The window's count is the groups' (both engines group a common word's matches above its window's floor).
    estimate = engine.count_estimate(query, where, inside=results.count)
    if estimate is not None:  # a common word (SQLite): facets of its newest matches, its count extrapolated
        results.approximate, results.window = True, sum(g["count"] for g in groups)
        results.count = estimate
    if not results.count and estimate is None:
        return results
    if per_kind:
        ranked = [(pk, score) for pk, _, score in engine.ranked_per_kind(query, where, per_kind=per_kind)]
    else:
        ranked = engine.ranked(query, where, limit=min(limit, LIMIT_MAX), offset=offset)
    results.hits = hits_load(query, ranked)
    if results.approximate:  # none of the filtered in the window, yet some further: at least those shown
        results.count = max(results.count, offset + len(results.hits))
    return results


def search_objects(*, user, results: Results, lang: str = "en") -> dict[str, list]:
    """Return the targets, indicators and paragraphs behind the hits, read again through their areas' filters,
    and the conventions the hits concern with their number of parties (the page's side panel)."""
    from django.db.models import Count

    from liaison.catalogue.models import Convention
    from liaison.decisions.models import Paragraph
    from liaison.decisions.permissions import decision_visibility
    from liaison.frameworks.permissions import indicator_visible_to, target_visible_to
    from liaison.frameworks.selectors import targets_labelled, text_show

    ids: dict[str, list[int]] = {}
    for hit in results.hits:
        ids.setdefault(hit.kind, []).append(hit.object_id)

    def ordered(rows, kind):
        found = {row.pk: row for row in rows}
        return [found[pk] for pk in dict.fromkeys(ids.get(kind, [])) if pk in found]

    targets = ordered(target_visible_to(user).select_related("framework__convention").filter(
        pk__in=ids.get(SearchDocument.TARGET, [])), SearchDocument.TARGET)
    targets_labelled(targets, lang)
    indicators = ordered(indicator_visible_to(user).select_related("framework", "target").filter(
        pk__in=ids.get(SearchDocument.INDICATOR, [])), SearchDocument.INDICATOR)
    for indicator in indicators:
        indicator.label = text_show(indicator.text, lang).text
    paragraphs = ordered(Paragraph.objects.filter(decision_visibility(user, prefix="revision__decision__")).filter(
        pk__in=ids.get(SearchDocument.PARAGRAPH, [])).select_related("revision__decision__convention")
        .defer("revision__parsed"),
        SearchDocument.PARAGRAPH)
    acronyms = [value for value, _ in results.facets.get("convention", [])]
    parties = Q(memberships__entry_into_force__isnull=False) | Q(memberships__ratification__isnull=False)
    conventions = list(Convention.objects.filter(acronym__in=acronyms).annotate(
        parties_count=Count("memberships", filter=parties, distinct=True)).order_by("acronym"))
    return {"targets": targets, "indicators": indicators, "paragraphs": paragraphs, "conventions": conventions}
