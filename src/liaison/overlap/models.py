"""Overlap between conventions: computed runs with their pairs and themes, and the lead-MEA register."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from liaison.engine.overlap.themes import theme_name

RATIONALE_MAX = 5000


class OverlapRun(models.Model):
    """One computation of the overlap report, with its progress for the page's progress bar."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATES = [(QUEUED, _("Queued")), (RUNNING, _("Running")), (DONE, _("Done")), (FAILED, _("Failed"))]

    state = models.CharField(max_length=16, choices=STATES, default=QUEUED)
    step = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=4)
    # Cosine of the shipped static embeddings. The engine's own default is 0.9 (paraphrases of one text); on
    # real decision and treaty texts 0.85 also finds paragraphs of different conventions on the same issue.
    threshold = models.FloatField(default=0.85)
    paragraphs = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class OverlapPair(models.Model):
    run = models.ForeignKey(OverlapRun, on_delete=models.CASCADE, related_name="pairs")
    kind = models.CharField(max_length=16)  # near-duplicate | semantic
    cross = models.BooleanField(help_text="Across two conventions (False: duplication within one).")
    score = models.FloatField(db_index=True)
    a = models.JSONField()  # {"document", "convention", "paragraph", "text", "url"}
    b = models.JSONField()
    convention_a = models.CharField(max_length=32, db_index=True)
    convention_b = models.CharField(max_length=32, db_index=True)
    shared = models.JSONField(default=list)
    themes = models.JSONField(default=list)

    class Meta:
        ordering = ["-score"]


class Theme(models.Model):
    """A cross-cutting theme of a run: a term of the LEO glossary (slug: the term slugified, the same in every
    run, so follows and the lead register stay attached) or "other"; `label` is its English name."""

    run = models.ForeignKey(OverlapRun, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField(max_length=120)
    label = models.CharField(max_length=200)
    names = models.JSONField(default=dict, blank=True)  # {"en": ..., "fr": ..., "es": ...}
    terms = models.JSONField(default=list)
    members = models.JSONField(default=list)
    conventions = models.JSONField(default=list)
    lead = models.JSONField(default=dict)

    class Meta:
        ordering = ["label"]

    @property
    def name(self) -> str:
        """Return the theme's name in the active language, in English when it has none in it."""
        return theme_name(self.names or {"en": self.label}, get_language())


class LeadAssignment(models.Model):
    """The register: which MEA leads on a cross-cutting theme, why, and which decision assigned it."""

    theme_slug = models.SlugField(max_length=120, db_index=True)
    theme_label = models.CharField(max_length=200)
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.PROTECT)
    rationale = models.TextField(max_length=RATIONALE_MAX)
    decision = models.ForeignKey("decisions.Decision", null=True, blank=True, on_delete=models.SET_NULL)
    meeting = models.CharField(max_length=200, blank=True, help_text="e.g. BLG meeting where it was agreed.")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme_label", "-created_at"]
