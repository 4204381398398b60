"""Strategic frameworks and how anything (an indicator, a target, a decision paragraph) links to their targets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    """A strategic framework: the SDGs, a convention's strategic plan, a regional strategy, an NBSAP."""

    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, default="other", help_text="sdg, mea_strategic_plan, nbsap...")
    is_summary = models.BooleanField(default=False, help_text="Texts are summaries, not the official wording.")
    convention = models.ForeignKey("catalogue.Convention", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="frameworks")
    country = models.ForeignKey("catalogue.Country", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="frameworks", help_text="Set for a national plan: its editors.")
    languages = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=300, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, help_text="Of the stored texts: unchanged loads skip.")
    is_bundled = models.BooleanField(default=False, help_text="Shipped with Liaison and loaded by `liaison load`.")
    is_published = models.BooleanField(default=True, help_text="Readable by everyone; otherwise by its editors only.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_bundled", "code"]

    def __str__(self) -> str:
        return self.code


class Goal(models.Model):
    """A goal of a framework, or a "group" heading that only gathers targets (the GBF's 23 targets)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, default="goal")
    title = models.JSONField(default=dict, blank=True)
    text = models.JSONField(default=dict, blank=True)
    identifier = models.CharField(max_length=120, blank=True)
    order = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True,
                                      help_text="Set when a re-import dropped it: kept with its links, shown as retired.")

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="goal_unique_code")]

    def __str__(self) -> str:
        return f"{self.framework.code} goal {self.code}"


class Target(models.Model):
    """A target; `title` and `text` are {language: text}."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="targets")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(max_length=64)
    title = models.JSONField(default=dict, blank=True)
    text = models.JSONField(default=dict, blank=True)
    identifier = models.CharField(max_length=120, blank=True)
    order = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True,
                                      help_text="Set when a re-import dropped it: kept with its links, shown as retired.")
    search_text = models.TextField(blank=True, help_text="Every language's title and text, lower-cased, for search.")

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="target_unique_code")]

    def __str__(self) -> str:
        return f"{self.framework.code} {self.code}"


class Indicator(models.Model):
    """An indicator, attached to one target (or to a goal); further targets it serves are Links."""

    TYPES = [(t, t) for t in ("headline", "component", "complementary", "binary", "operational")]

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    target = models.ForeignKey(Target, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=64)
    text = models.JSONField(default=dict, blank=True)
    type = models.CharField(max_length=32, blank=True)
    identifier = models.CharField(max_length=120, blank=True)
    order = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True,
                                      help_text="Set when a re-import dropped it: kept with its links, shown as retired.")
    search_text = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="indicator_unique_code")]

    def __str__(self) -> str:
        return f"{self.framework.code} indicator {self.code}"


class Link(models.Model):
    """Something (indicator, target, decision paragraph; later activity, answer) linked to a target."""

    INDICATOR, TARGET, PARAGRAPH, ACTIVITY, ANSWER = "indicator", "target", "paragraph", "activity", "answer"
    SOURCE_TYPES = [(INDICATOR, _("Indicator")), (TARGET, _("Target")), (PARAGRAPH, _("Decision paragraph")),
                    (ACTIVITY, _("Activity")), (ANSWER, _("Answer"))]
    RELATIONS = [("equivalent", "equivalent"), ("contributes_to", "contributes to"),
                 ("partly_overlaps", "partly overlaps"), ("measures", "measures"), ("related", "related")]
    SUGGESTED, ACCEPTED, REJECTED = "suggested", "accepted", "rejected"
    STATES = [(SUGGESTED, _("Suggested")), (ACCEPTED, _("Accepted")), (REJECTED, _("Rejected"))]
    CURATED = "curated"

    source_type = models.CharField(max_length=16, choices=SOURCE_TYPES)
    source_id = models.PositiveBigIntegerField(help_text="Primary key of the source in its own table.")
    # PROTECT: a target with links is retired by a re-import, never deleted, so no link is lost.
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="links_in")
    relation = models.CharField(max_length=20, choices=RELATIONS, default="related")
    confidence = models.FloatField(default=1.0)
    source = models.CharField(max_length=120, default=CURATED, help_text='"curated" or "suggested:<method>".')
    why = models.TextField(blank=True, help_text="Evidence or the suggester's reasons.")
    review_state = models.CharField(max_length=16, choices=STATES, default=SUGGESTED, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target", "-confidence"]
        constraints = [models.UniqueConstraint(fields=["source_type", "source_id", "target"], name="link_unique")]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return f"{self.source_type}#{self.source_id} {self.relation} {self.target}"


class Embedding(models.Model):
    """A text's vector under one encoder, so nothing is embedded twice."""

    text_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=64)
    dim = models.PositiveIntegerField()
    vector = models.BinaryField(help_text="float32, little-endian, L2-normalized.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["text_hash", "model"], name="embedding_unique")]


class SuggestJob(models.Model):
    """Progress of one background run suggesting links from a framework's targets to other frameworks."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATES = [(QUEUED, _("Queued")), (RUNNING, _("Running")), (DONE, _("Done")), (FAILED, _("Failed"))]

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="suggest_jobs")
    against = models.JSONField(default=list, help_text="Codes of the frameworks whose targets are candidates.")
    state = models.CharField(max_length=16, choices=STATES, default=QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    suggested = models.PositiveIntegerField(default=0, help_text="Links stored as suggestions.")
    message = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.state == self.DONE else 0)


class SynergyScore(models.Model):
    """How much progress on target A influences target B (SEI "SDG Synergies": -3 cancels ... +3 indivisible)."""

    # PROTECT: a person's score outlives nothing it points at (targets are retired, not deleted).
    target_a = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="synergies_out")
    target_b = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="synergies_in")
    score = models.SmallIntegerField()
    evidence = models.TextField(blank=True)
    evidence_url = models.URLField(blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=-3) & models.Q(score__lte=3),
                                   name="synergy_score_range"),
        ]


class HarmonisedIndicator(models.Model):
    """An indicator as IPBES names it across MEAs (its harmonised name), with its IPBES categories."""

    name = models.TextField(unique=True, help_text="The harmonised name, lower-cased as IPBES_Data_Indicators gives it.")
    category = models.CharField(max_length=120, blank=True, db_index=True)
    subcategory = models.CharField(max_length=120, blank=True)
    category_2 = models.CharField(max_length=120, blank=True, db_index=True)
    subcategory_2 = models.CharField(max_length=120, blank=True)
    in_ipbes = models.BooleanField(default=False, help_text="Also used in IPBES assessments.")
    meas_count = models.PositiveSmallIntegerField(default=0, help_text="How many MEA lists name it.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name[:80]


class IndicatorListing(models.Model):
    """One row of an MEA's indicator list (IPBES): the framework's indicator it is and where the list puts it."""

    ipbes_id = models.CharField(max_length=64, unique=True)
    mea = models.CharField(max_length=16, db_index=True)
    harmonised = models.ForeignKey(HarmonisedIndicator, on_delete=models.CASCADE, related_name="listings")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="listings")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Target, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(help_text="The indicator as the list words it.")
    type = models.CharField(max_length=32, blank=True)
    note = models.CharField(max_length=120, blank=True)
    match = models.CharField(max_length=16, help_text="How the list's row met the indicator: code, text, prefix, "
                                                      "similar, added (the framework lacked it), repeat.")

    class Meta:
        ordering = ["mea", "ipbes_id"]

    def __str__(self) -> str:
        return self.ipbes_id
