"""The search index: one row per thing found, in one language; the engines index its title, body and stems.

On SQLite an FTS5 table (`search_fts`, external content over this table, kept in step by triggers) indexes
title, body and stems; on PostgreSQL a generated `tsv` column with a GIN index does (migration 0002).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The columns the facet counts group by (each engine's groups() returns them in this order, then the count).
GROUP_COLUMNS = ("kind", "convention", "status", "year", "addressee", "framework", "language", "fallback",
                 "languages")


class SearchDocument(models.Model):
    PARAGRAPH, DECISION, MANDATE = "paragraph", "decision", "mandate"
    TARGET, INDICATOR = "target", "indicator"
    CONVENTION, COUNTRY, ORGANIZATION, PARTNERSHIP = "convention", "country", "organization", "partnership"
    ACTIVITY, QUESTION, REPORT, ANSWER, CONTRIBUTION = "activity", "question", "report", "answer", "contribution"
    MEETING = "meeting"
    KINDS = [(DECISION, _("Decisions")), (MEETING, _("Meetings")), (PARAGRAPH, _("Decision paragraphs")), (MANDATE, _("Mandates")),
             (TARGET, _("Targets")), (INDICATOR, _("Indicators")), (CONVENTION, _("Conventions")),
             (COUNTRY, _("Countries")), (ORGANIZATION, _("Organizations")), (PARTNERSHIP, _("Partnerships")),
             (ACTIVITY, _("Work-plan activities")), (QUESTION, _("Questionnaire questions")),
             (REPORT, _("National reports")), (ANSWER, _("Answers in national reports")),
             (CONTRIBUTION, _("Partner contributions"))]
    IN_EFFECT, SUPERSEDED, REPEALED = "in_effect", "superseded", "repealed"
    STATUSES = [(IN_EFFECT, _("In effect")), (SUPERSEDED, _("Superseded")), (REPEALED, _("Repealed"))]
    # Whose visibility a document follows: public ("") or the object named (owner_type, owner_id).
    OWNERS = ["", "decision", "framework", "partnership", "activity", "questionnaire", "report", "answer",
              "contribution", "meeting"]

    kind = models.CharField(max_length=16, choices=KINDS)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8, default="en")
    languages = models.CharField(max_length=40, default=",en,",
                                 help_text="Every language the object has a document in, as ',en,fr,'.")
    fallback = models.BooleanField(default=True, help_text="Shown to readers of a language the object lacks.")
    owner_type = models.CharField(max_length=16, blank=True, default="")
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    convention = models.CharField(max_length=32, blank=True, default="", help_text="Acronym.")
    year = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, blank=True, default="",
                              help_text="Of decision texts: in effect, superseded (an older revision) or repealed.")
    addressee = models.CharField(max_length=200, blank=True, default="", help_text="Of mandates: the actor's label.")
    framework = models.CharField(max_length=64, blank=True, default="",
                                 help_text="Of targets and indicators: the framework's code.")
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    stems = models.TextField(blank=True, help_text="French and Spanish words stemmed by Snowball (SQLite only).")
    url = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "language"], name="search_document_unique")]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.language}): {self.title}"


class SearchVector(models.Model):
    """A document's embedding by the static encoder, for ranking by meaning (search.vectors, search.hybrid).

    A side table, so the full-text scans do not read vectors. The database deletes it with its document
    (ON DELETE CASCADE, migration 0005): deleting documents stays one statement for Django.
    """

    document = models.OneToOneField(SearchDocument, primary_key=True, on_delete=models.DO_NOTHING,
                                    db_constraint=False, related_name="+")
    vector = models.BinaryField(help_text="float16, little-endian, L2-normalized.")
