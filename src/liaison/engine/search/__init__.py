"""Full-text search without a database: parsing what a reader types, stemming, and writing engine queries."""

from liaison.engine.search.query import Clause, Query, fts5_match, query_parse, tsquery_text
from liaison.engine.search.stemming import LANGUAGES, stem, text_stems

__all__ = ["LANGUAGES", "Clause", "Query", "fts5_match", "query_parse", "stem", "text_stems", "tsquery_text"]
