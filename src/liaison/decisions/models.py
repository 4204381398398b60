"""Decisions read from their texts: revisions, paragraphs, references, mandates and their evidence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Longest texts a person may enter (forms, API schemas and services apply the same bounds).
ACTION_MAX = 5000
NOTE_MAX = 5000
URL_MAX = 500


class Decision(models.Model):
    IN_EFFECT, REPEALED, SUPERSEDED = "in_effect", "repealed", "superseded"
    STATUSES = [(IN_EFFECT, _("In effect")), (REPEALED, _("Repealed")), (SUPERSEDED, _("Superseded"))]
    KINDS = [("resolution", _("Resolution")), ("decision", _("Decision")), ("recommendation", _("Recommendation"))]

    convention = models.ForeignKey("catalogue.Convention", on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=16, choices=KINDS, default="resolution")
    number = models.CharField(max_length=64, help_text="The decision's own number, e.g. 11.10, XIII/24, 15/4.")
    title = models.CharField(max_length=500, blank=True)
    meeting = models.CharField(max_length=64, blank=True)
    adopting_meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="decisions",
                                         help_text="The meeting record that adopted it, when its label names one.")
    year = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=STATUSES, default=IN_EFFECT, db_index=True)
    repealed_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeals")
    has_text = models.BooleanField(default=True, help_text="False while the decision is known only by reference.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["convention__acronym", "kind", "number"]
        constraints = [models.UniqueConstraint(fields=["convention", "kind", "number"], name="decision_unique")]

    def __str__(self) -> str:
        return f"{self.convention.acronym} {self.get_kind_display()} {self.number}"

    @property
    def current_revision(self):
        return self.revisions.order_by("-created_at", "-id").first()


class DecisionRevision(models.Model):
    """One text of a decision; a revised text (e.g. Rev.COP12) is a new revision of the same decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="revisions")
    label = models.CharField(max_length=64, blank=True)
    content_hash = models.CharField(max_length=64, unique=True)
    source_name = models.CharField(max_length=300)
    source_format = models.CharField(max_length=16)
    parsed = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision", "-created_at"]


class Paragraph(models.Model):
    PREAMBLE, OPERATIVE, ANNEX = "preamble", "operative", "annex"
    KINDS = [(PREAMBLE, _("Preamble")), (OPERATIVE, _("Operative")), (ANNEX, _("Annex"))]

    revision = models.ForeignKey(DecisionRevision, on_delete=models.CASCADE, related_name="paragraphs")
    kind = models.CharField(max_length=16, choices=KINDS)
    order = models.PositiveIntegerField()
    number = models.CharField(max_length=32, blank=True)
    lead = models.CharField(max_length=120, blank=True)
    text = models.TextField()
    subparagraphs = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["revision", "kind", "order"]
        indexes = [models.Index(fields=["revision", "kind", "order"])]

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.number or self.order}"


class Reference(models.Model):
    RELATIONS = [(r, r) for r in ("recalls", "repeals", "revises", "welcomes", "notes", "cites")]

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="references")
    source = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="references_out")
    target_type = models.CharField(max_length=16)
    target_convention = models.CharField(max_length=32, blank=True)
    target_number = models.CharField(max_length=120)
    relation = models.CharField(max_length=16, choices=RELATIONS)
    target = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="references_in")

    class Meta:
        indexes = [models.Index(fields=["target_convention", "target_type", "target_number"])]


class Actor(models.Model):
    """A normalized addressee of mandates: the Secretariat, Parties, the Scientific Council, FAO..."""

    code = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Mandate(models.Model):
    OPEN, IN_PROGRESS, DONE, SUPERSEDED, NEEDS_FUNDING = "open", "in_progress", "done", "superseded", "needs_funding"
    STATUSES = [(OPEN, _("Open")), (IN_PROGRESS, _("In progress")), (DONE, _("Done")), (SUPERSEDED, _("Superseded")),
                (NEEDS_FUNDING, _("Needs funding"))]

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="mandates")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="mandates")
    order = models.PositiveIntegerField(default=0)
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="mandates")
    verb = models.CharField(max_length=40)
    action = models.TextField(max_length=ACTION_MAX)
    deadline = models.CharField(max_length=200, blank=True)
    report_to = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=STATUSES, default=OPEN, db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    corrected = models.BooleanField(default=False, help_text="A person changed what the parser extracted.")
    # When a revised or replacing text arrives, the mandate of the new text that carries on this one's work
    # (status, owner, evidence and links were carried to it); readers follow it (decisions.succession).
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="predecessors")
    unresolved = models.BooleanField(
        default=False, db_index=True,
        help_text="Its text was replaced and no successor was found: staff decide (it keeps its status meanwhile).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["decision", "paragraph__order", "order"]


class MandateEvidence(models.Model):
    """A note, a link or a file showing what was done on a mandate; files open only through the gateway view."""

    KINDS = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "odt": "application/vnd.oasis.opendocument.text"}

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="evidence")
    note = models.TextField(blank=True, max_length=NOTE_MAX)
    url = models.URLField(blank=True, max_length=URL_MAX)
    file = models.FileField(upload_to="evidence/%Y/", blank=True)
    kind = models.CharField(max_length=8, blank=True, help_text="What the file's bytes are (core.filetypes).")
    name = models.CharField(max_length=200, blank=True, help_text="The file's name as uploaded.")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at"]


class IngestBatch(models.Model):
    """Decision texts read together and published (or undone) together: a meeting's documents, an upload.

    A draft holds the files and what the parser read; nothing of it is in the public record until it is
    published. Publishing stores `changes`: the rows it created and the values it changed, so Undo restores
    the record exactly as it was.
    """

    PARSING, FAILED, DRAFT, PUBLISHED, UNDONE = "parsing", "failed", "draft", "published", "undone"
    STATES = [(PARSING, _("Parsing")), (FAILED, _("Failed")), (DRAFT, _("Draft")), (PUBLISHED, _("Published")),
              (UNDONE, _("Undone"))]

    convention = models.ForeignKey("catalogue.Convention", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="ingest_batches",
                                   help_text="Whose staff review it; empty for batches of the system actor.")
    label = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=16, choices=STATES, default=DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_label = models.CharField(max_length=200, blank=True, help_text="The system actor, when it made it.")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # Progress of the background parse (state "parsing"): files read of the total, the step, the failure.
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, help_text="Why the parse failed (state failed).")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label or f"Batch {self.pk}"

    @property
    def percent(self) -> int:
        """How far the parse is, 0..100 (100 once it is over)."""
        if self.state != self.PARSING:
            return 100
        return min(100, 100 * self.done // self.total) if self.total else 0


class IngestFile(models.Model):
    """One file of a batch: its bytes, the options given with it, and what the parser read (or its error)."""

    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="files")
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=300)
    data = models.BinaryField()
    content_hash = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["batch", "order"]


class BatchCorrection(models.Model):
    """A person's correction of what the parser read in a batch file, applied to the parse before it is stored.

    It names its target as a re-parse of the same file reproduces it (engine.decisions.corrections): the
    decision's symbol in a file of many, the paragraph's label and text hash, the mandate's position; never
    the ids of rows, which the preview's rolled-back transaction discards.
    """

    KINDS = [("paragraph_split", _("Split the paragraph")), ("paragraph_lead", _("Set the lead")),
             ("paragraph_type", _("Mark operational or informational")), ("mandate_set", _("Correct a mandate")),
             ("mandate_merge", _("Merge with the next mandate")), ("mandate_split", _("Split the mandate"))]

    file = models.ForeignKey(IngestFile, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=16, choices=KINDS)
    decision = models.CharField(max_length=64, blank=True, help_text="The decision's symbol in a compilation.")
    paragraph = models.CharField(max_length=32, help_text="The paragraph's number (its position if unnumbered).")
    text_hash = models.CharField(max_length=64, help_text="Hash of the paragraph's text when it was corrected.")
    mandate = models.PositiveIntegerField(null=True, blank=True, help_text="Position of the mandate in it.")
    field = models.CharField(max_length=16, blank=True)
    value = models.TextField(blank=True, max_length=ACTION_MAX)
    offset = models.PositiveIntegerField(null=True, blank=True, help_text="Where a split falls, in characters.")
    number = models.CharField(max_length=32, blank=True, help_text="The number of the paragraph a split makes.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["file", "created_at", "id"]


class SavedDraft(models.Model):
    """A draft decision its author checked and saved (issue 15): what the parser read of it, so that opening it
    runs the check again against the record as it is that day. Read by its author and its convention's staff."""

    TITLE_MAX = 200

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_drafts")
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.PROTECT, related_name="saved_drafts")
    title = models.CharField(max_length=TITLE_MAX)
    source_name = models.CharField(max_length=300, blank=True, help_text="The uploaded file's name; blank if pasted.")
    # {"title", "paragraphs": the operative paragraphs as parsed (text, subparagraphs, mandates), "mentions"}
    draft = models.JSONField()
    paragraph_count = models.PositiveIntegerField()
    # What the check found when the draft was saved, counted (similar, supersedes, references, targets): the list
    # shows it without running the check again. Opening the draft runs it on the record of that day.
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title
