"""Writes to the search index: rebuild it all, or refresh what one object contributes, in the caller's transaction."""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from liaison.catalogue.models import Convention, Country, Organization
from liaison.decisions.models import Decision
from liaison.frameworks.models import Framework
from liaison.reporting.models import Answer, Questionnaire
from liaison.search import documents, documents_meetings, documents_work, vectors
from liaison.search.models import SearchDocument

BATCH = 2000


@dataclass
class RebuildReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def documents_store(docs: Iterable[SearchDocument], counts: dict[str, int] | None = None) -> int:
    """Insert `docs` in batches, each with its vector (search.vectors); return how many were stored."""
    batch: list[SearchDocument] = []
    stored = 0
    for doc in docs:
        batch.append(doc)
        if counts is not None:
            counts[doc.kind] = counts.get(doc.kind, 0) + 1
        if len(batch) >= BATCH:
            vectors.vectors_store(documents_insert(batch))
            stored += len(batch)
            batch = []
    if batch:
        vectors.vectors_store(documents_insert(batch))
        stored += len(batch)
    return stored


COLUMNS = ("kind", "object_id", "language", "languages", "fallback", "owner_type", "owner_id", "convention", "year",
           "status", "addressee", "framework", "title", "body", "stems", "url")


def documents_insert(docs: list[SearchDocument]) -> list[SearchDocument]:
    """Insert unsaved documents, their values as the builders made them, and set their ids; return them.

    The same rows as `bulk_create` writes (the builders give every column its final value), without its per-field
    preparation, which was most of the cost of indexing a batch of decisions; ids come back with RETURNING in
    the order of the rows, as bulk_create relies on too (on PostgreSQL, from UNNEST's arrays, as it does there).
    """
    table = SearchDocument._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    if connection.vendor == "postgresql":
        # one array per column (as Django's own UNNEST insert): psycopg binding the 16 placeholders of every row
        # of a VALUES list cost more than the insert (3,216 for one report's documents)
        types = [SearchDocument._meta.get_field(c).db_type(connection).split("(")[0] for c in COLUMNS]
        arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({arrays}) RETURNING id",
                           [[getattr(doc, c) for doc in docs] for c in COLUMNS])
            for doc, (pk,) in zip(docs, cursor.fetchall(), strict=True):
                doc.pk = pk
                doc._state.adding = False
        return docs
    size = connection.ops.bulk_batch_size(list(COLUMNS), docs) or len(docs)  # SQLite: 999 variables a statement
    with connection.cursor() as cursor:
        for start in range(0, len(docs), size):
            part = docs[start:start + size]
            marks = ", ".join([f"({', '.join(['%s'] * len(COLUMNS))})"] * len(part))
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {marks} RETURNING id",
                           [getattr(doc, c) for doc in part for c in COLUMNS])
            for doc, (pk,) in zip(part, cursor.fetchall(), strict=True):
                doc.pk = pk
                doc._state.adding = False
    return docs


def all_documents():
    """Yield the documents of everything Liaison indexes: the decision paragraphs first, the rest after.

    The order is the index's tiering on SQLite: a word matching more documents than backends.sqlite.WINDOW reads
    its newest matches only, which after a rebuild are every decision, mandate, target, country... that has it,
    then the paragraphs indexed last (and every document refreshed since, as refreshes append).
    """
    decisions = Decision.objects.select_related("convention")
    yield from documents.decisions_documents(decisions, others=False)
    yield from documents.conventions_documents(Convention.objects.all())
    yield from documents.countries_documents(Country.objects.all())
    yield from documents.organizations_documents(Organization.objects.select_related("country", "convention"))
    yield from documents_meetings.meetings_documents(documents_meetings.meetings_loaded())
    yield from documents.decisions_documents(decisions, paragraphs=False)
    yield from documents.frameworks_documents(Framework.objects.all())
    yield from documents.partnerships_documents(documents.partnerships_loaded())
    yield from documents_work.activities_documents(documents_work.activities_loaded())
    yield from documents_work.contributions_documents(documents_work.contributions_loaded())
    yield from documents_work.questionnaires_documents(Questionnaire.objects.all())
    yield from documents_work.reports_documents(documents_work.reports_loaded())


def search_rebuild() -> RebuildReport:
    """Empty the index and fill it again from the database; return the counts by kind and the time taken."""
    started = time.perf_counter()
    report = RebuildReport()
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        if connection.vendor == "sqlite":
            # The delete trigger emptied the FTS index row by row; 'rebuild' also compacts it.
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        documents_store(all_documents(), report.counts)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    if connection.vendor == "postgresql":
        # Fresh statistics of the lexemes (the tsvector's most common elements): the planner chooses between the
        # GIN index and walking the newest ids by how many documents a word is in (backends.postgresql).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")
    report.seconds = time.perf_counter() - started
    return report


def _refresh_lock(name: str, number: int) -> None:
    """Serialize refreshes of one object's documents until the transaction ends (PostgreSQL).

    Two requests changing the same decision at once each delete its documents and insert them again; under READ
    COMMITTED the second delete does not see the rows the first inserted, so its insert broke the unique constraint
    (a 500 to the user). SQLite runs one writing transaction at a time already.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)",
                       [zlib.crc32(name.encode()) & 0x7FFFFFFF, number % 0x7FFFFFFF])


def owned_replace(kinds: list[str], owner_type: str, owner_id: int, docs: Iterable[SearchDocument]) -> int:
    with transaction.atomic():
        _refresh_lock(owner_type, owner_id)
        SearchDocument.objects.filter(kind__in=kinds, owner_type=owner_type, owner_id=owner_id).delete()
        return documents_store(docs)


def search_index_decision(*, decision_id: int) -> int:
    """Refresh the documents of one decision (itself, its paragraphs of every revision, its mandates)."""
    kinds = [SearchDocument.DECISION, SearchDocument.PARAGRAPH, SearchDocument.MANDATE]
    decisions = list(Decision.objects.select_related("convention").filter(pk=decision_id))
    return owned_replace(kinds, "decision", decision_id, documents.decisions_documents(decisions))


def search_index_framework(*, framework_id: int) -> int:
    """Refresh the documents of one framework's current targets and indicators."""
    kinds = [SearchDocument.TARGET, SearchDocument.INDICATOR]
    frameworks = list(Framework.objects.filter(pk=framework_id))
    return owned_replace(kinds, "framework", framework_id, documents.frameworks_documents(frameworks))


def search_index_partnership(*, partnership_id: int) -> int:
    """Refresh the document of one partnership."""
    found = documents.partnerships_loaded().filter(pk=partnership_id)
    return owned_replace([SearchDocument.PARTNERSHIP], "partnership", partnership_id,
                         documents.partnerships_documents(found))


def search_index_activity(*, activity_id: int) -> int:
    """Refresh the document of one work-plan activity."""
    return owned_replace([SearchDocument.ACTIVITY], "activity", activity_id, documents_work.activities_documents(
        documents_work.activities_loaded().filter(pk=activity_id)))


def search_index_workplan(*, workplan_id: int) -> int:
    """Refresh the documents of a work plan's activities (they carry its title)."""
    from liaison.partnerships.models import Activity

    ids = list(Activity.objects.filter(workplan_id=workplan_id).values_list("pk", flat=True))
    return sum(search_index_activity(activity_id=pk) for pk in ids)


def search_index_contribution(*, contribution_id: int) -> int:
    """Refresh the document of one partner contribution."""
    return owned_replace([SearchDocument.CONTRIBUTION], "contribution", contribution_id,
                         documents_work.contributions_documents(
                             documents_work.contributions_loaded().filter(pk=contribution_id)))


def search_index_meeting(*, meeting_id: int) -> int:
    """Refresh the document of one meeting record (created, edited, published or unpublished)."""
    return owned_replace([SearchDocument.MEETING], "meeting", meeting_id, documents_meetings.meetings_documents(
        documents_meetings.meetings_loaded().filter(pk=meeting_id)))


def search_index_questionnaire(*, questionnaire_id: int) -> int:
    """Refresh the documents of one questionnaire's current questions."""
    return owned_replace([SearchDocument.QUESTION], "questionnaire", questionnaire_id,
                         documents_work.questionnaires_documents(Questionnaire.objects.filter(pk=questionnaire_id)))


def search_index_report(*, report_id: int) -> int:
    """Refresh the documents of one national report: the report, and each of its answers with words in it."""
    with transaction.atomic():
        _refresh_lock("report", report_id)
        SearchDocument.objects.filter(kind=SearchDocument.REPORT, object_id=report_id).delete()
        SearchDocument.objects.filter(kind=SearchDocument.ANSWER, owner_type="answer", owner_id__in=list(
            Answer.objects.filter(report_id=report_id).values_list("pk", flat=True))).delete()
        return documents_store(documents_work.reports_documents(documents_work.reports_loaded().filter(pk=report_id)))


def search_index_public(*, kind: str, object_id: int) -> int:
    """Refresh the document of one convention, country or organization."""
    with transaction.atomic():
        _refresh_lock(kind, object_id)
        return _public_replace(kind=kind, object_id=object_id)


def _public_replace(*, kind: str, object_id: int) -> int:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
    builders = {
        SearchDocument.CONVENTION: (Convention.objects.all(), documents.conventions_documents),
        SearchDocument.COUNTRY: (Country.objects.all(), documents.countries_documents),
        SearchDocument.ORGANIZATION: (Organization.objects.select_related("country", "convention"),
                                      documents.organizations_documents),
    }
    rows, build = builders[kind]
    return documents_store(build(rows.filter(pk=object_id)))


def search_forget(*, owner_type: str = "", owner_id: int | None = None, kind: str = "",
                  object_id: int | None = None) -> None:
    """Remove the documents of a deleted object (by owner, or by kind and id)."""
    if owner_type:
        SearchDocument.objects.filter(owner_type=owner_type, owner_id=owner_id).delete()
    else:
        SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
