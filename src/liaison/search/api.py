"""JSON API of search: one operation, ranked hits the caller may see, with facet counts. Thin: one selector."""

from __future__ import annotations

from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field, model_serializer

from liaison.core.schemas import ErrorOut
from liaison.search.models import SearchDocument
from liaison.search.selectors import LIMIT_MAX, QUERY_MAX, Filters, search_run

router = Router(tags=["search"])
KIND_VALUES = tuple(kind for kind, _ in SearchDocument.KINDS)
Kind = Literal["paragraph", "decision", "mandate", "target", "indicator", "convention", "country",
               "organization", "partnership", "activity", "question", "report", "answer", "contribution",
               "meeting"]


class SearchIn(Schema):
    q: str = Field(..., min_length=1, max_length=QUERY_MAX, description="Words; \"a phrase\"; prefix*.")
    kind: Kind | None = Field(None, description="Only this kind of thing.")
    convention: str | None = Field(None, max_length=32, description="Only this convention (acronym).")
    status: Literal["in_effect", "superseded", "repealed", "all"] | None = Field(
        None, description="Decision texts: default in effect only; 'superseded', 'repealed' or 'all'.")
    year: int | None = Field(None, ge=1900, le=2200, description="Only this year (of a decision, a convention).")
    addressee: str | None = Field(None, max_length=200, description="Only mandates to this addressee (its label).")
    framework: str | None = Field(None, max_length=64, description="Only targets and indicators of this framework "
                                                                   "(its code).")
    language: Literal["en", "fr", "es"] | None = Field(
        None, description="Only texts in this language; default: the reader's, or the text the object has.")
    mode: Literal["text", "hybrid"] = Field(
        "text", description="'text': full-text ranking; 'hybrid': fused with the documents nearest in meaning "
                            "(embeddings), which finds texts that share none of the query's words.")
    limit: int = Field(20, ge=1, le=LIMIT_MAX, description="Hits per page, 1 to 500.")
    offset: int = Field(0, ge=0, le=100_000, description="Hits to skip.")


class HitOut(Schema):
    kind: str
    id: int = Field(description="The id of the thing found, in its own table (a paragraph, a target...).")
    title: str
    snippet: str = Field(description="HTML: the text escaped, the matched words in <mark>.")
    url: str
    convention: str
    year: int | None
    status: str = Field(description="Of decision texts: in_effect, superseded or repealed; else empty.")
    language: str
    score: float = Field(description="Relevance (bm25 on SQLite, ts_rank_cd on PostgreSQL; in hybrid mode the "
                                     "reciprocal rank fusion score); higher is better.")


class FacetOut(Schema):
    value: str
    count: int


class SearchOut(Schema):
    count: int = Field(description="Matches under the filters; about so many when `approximate`.")
    approximate: bool = Field(False, description="True for a word so common (SQLite) that the count is extrapolated, "
                                                 "the facets counted over its newest matches and the hits taken "
                                                 "from them.")
    items: list[HitOut]
    facets: dict[str, list[FacetOut]]

    @model_serializer(mode="wrap")
    def exact_without_flag(self, handler):
        """An exact answer does not carry `approximate` (the answer's shape before the flag existed)."""
        data = handler(self)
        if not data.get("approximate"):
            data.pop("approximate", None)
        return data


@router.get("/search", response={200: SearchOut, 422: ErrorOut},
            description="Full-text search across decisions and their paragraphs, mandates, targets, indicators, "
                        "conventions, countries, organizations, partnerships, work-plan activities, questionnaire "
                        "questions, meetings (COP14, StC53: symbol, title, convention, venue, year), and the national reports, answers and partner contributions (drafts "
                        "included) the caller may read; limited to what the caller may see. Ranked by relevance "
                        "(best first), English, French and Spanish words stemmed. Filters: kind, convention, "
                        "status (decision texts in effect by default), year, addressee, framework, language. "
                        "Facets count each value of kind, convention, status, year, addressee, framework and "
                        "language under the other filters. Paginated with limit/offset.")
def search(request, params: Query[SearchIn]):
    filters = Filters(kind=params.kind or "", convention=params.convention or "", status=params.status or "",
                      year=params.year, language=params.language or "", addressee=params.addressee or "",
                      framework=params.framework or "")
    results = search_run(user=request.user, q=params.q, filters=filters,
                         reader_language=getattr(request, "LANGUAGE_CODE", "en"),
                         limit=params.limit, offset=params.offset, mode=params.mode)
    return {"count": results.count, "approximate": results.approximate,
            "items": [{**hit.__dict__, "id": hit.object_id} for hit in results.hits],
            "facets": {name: [{"value": v, "count": n} for v, n in values]
                       for name, values in results.facets.items()}}
