"""Harmonized national reporting: questionnaires, the crosswalk of their questions, reports and answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Reporting-cycle names as questionnaires give them (data/reporting/questionnaires.yaml), marked for translation so
# a page reads "7e rapport national" in French; a cycle named otherwise is shown as it is.
CYCLE_NAMES = frozenset((
    gettext_noop("1st national report"), gettext_noop("2nd national report"), gettext_noop("3rd national report"),
    gettext_noop("4th national report"), gettext_noop("5th national report"), gettext_noop("6th national report"),
    gettext_noop("7th national report"), gettext_noop("8th national report"), gettext_noop("interim national report"),
))


def cycle_local(cycle: str) -> str:
    """Return a reporting cycle's name in the active language (as it is when it is not a known name)."""
    return gettext(cycle) if cycle in CYCLE_NAMES else cycle


def language_short() -> str:
    return (get_language() or "en").split("-")[0]


class Questionnaire(models.Model):
    """A convention's national-report format for one reporting cycle."""

    convention = models.ForeignKey("catalogue.Convention", on_delete=models.CASCADE, related_name="questionnaires")
    code = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=300)
    cycle = models.CharField(max_length=32, help_text="label of the reporting cycle, e.g. '4th national report'")
    cycle_order = models.PositiveIntegerField(default=1)
    # The reporting cycle: reports are asked from `opens` to `closes` (both days included), due by `deadline`.
    # Unknown dates are null: no `opens` means open since ever, no `closes` means open until told otherwise.
    opens = models.DateField(null=True, blank=True, help_text="first day of the reporting cycle")
    deadline = models.DateField(null=True, blank=True)
    closes = models.DateField(null=True, blank=True, help_text="last day of the reporting cycle")
    languages = models.JSONField(default=list, blank=True)
    source = models.JSONField(default=dict, blank=True)  # provenance of an imported format
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convention__acronym", "cycle_order"]

    def __str__(self) -> str:
        return f"{self.convention.acronym} {self.local_cycle}"

    @property
    def local_cycle(self) -> str:
        return cycle_local(self.cycle)


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    key = models.CharField(max_length=100)
    number = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=500)
    titles = models.JSONField(default=dict, blank=True)  # language -> title
    order = models.PositiveIntegerField(default=0)
    repeating = models.BooleanField(default=False, help_text="one block of answers per species, site...")
    repeat_label = models.CharField(max_length=100, blank=True)
    # set when a new version of the questionnaire dropped the section: kept, with its questions and answers
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "key"], name="section_unique_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def root_id(self) -> int:
        return self.parent.root_id if self.parent_id else self.pk

    @property
    def local_title(self) -> str:
        """The title in the current language when the questionnaire gives it, else the original."""
        return self.titles.get(language_short()) or self.title


class Question(models.Model):
    YESNO, YESNOPARTLY, SINGLE, MULTIPLE = "yesno", "yesnopartly", "single", "multiple"
    NUMBER, TEXT, DATE, TABLE, FILE, LINK, HEADER = "number", "text", "date", "table", "file", "link", "header"
    KINDS = [(YESNO, _("Yes / no")), (YESNOPARTLY, _("Yes / partly / no")), (SINGLE, _("Single choice")),
             (MULTIPLE, _("Multiple choice")), (NUMBER, _("Number")), (TEXT, _("Text")), (DATE, _("Date")),
             (TABLE, _("Table")), (FILE, _("File")), (LINK, _("Link")), (HEADER, _("Heading (no answer)"))]
    CHOICE_KINDS = {YESNO, YESNOPARTLY, SINGLE, MULTIPLE}

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=100)
    number = models.CharField(max_length=32, blank=True)
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=KINDS)
    title = models.TextField()
    titles = models.JSONField(default=dict, blank=True)  # language -> title
    help = models.TextField(blank=True)
    options = models.JSONField(default=list, blank=True)  # [{"value", "label", "labels": {lang: label}}]
    columns = models.JSONField(default=list, blank=True)  # table: [{"key", "label", "kind"}]
    mandatory = models.BooleanField(default=False)
    show_if = models.JSONField(default=list, blank=True)  # [{"question": key, "values": [...], "negate": bool}]
    extra = models.JSONField(default=dict, blank=True)  # fields of the source format kept for export
    # set when a new version of the questionnaire dropped the question: kept with its answers, shown as retired
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "key"], name="question_unique_key")]

    def __str__(self) -> str:
        return f"{self.questionnaire.code} {self.number or self.key}"

    def option_label(self, value) -> str:
        lang = language_short()
        for option in self.options:
            if option.get("value") == value:
                return (option.get("labels") or {}).get(lang) or option.get("label") or str(value)
        return str(value)

    @property
    def local_title(self) -> str:
        """The question in the current language when the questionnaire gives it, else the original."""
        return self.titles.get(language_short()) or self.title

    @property
    def local_options(self) -> list[dict]:
        lang = language_short()
        return [{**o, "label": (o.get("labels") or {}).get(lang) or o.get("label") or o.get("value")}
                for o in self.options]


class QuestionLink(models.Model):
    """Two questions of different reports ask the same thing, or an answer to one implies the other."""

    SAME, IMPLIES = "same", "implies"
    RELATIONS = [(SAME, "asks the same thing"), (IMPLIES, "answer implies the other")]
    SUGGESTED, ACCEPTED, REJECTED = "suggested", "accepted", "rejected"
    STATUSES = [(SUGGESTED, _("Suggested")), (ACCEPTED, _("Accepted")), (REJECTED, _("Rejected"))]

    source = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="links_in")
    relation = models.CharField(max_length=8, choices=RELATIONS, default=SAME)
    transform = models.JSONField(default=dict, blank=True)  # {"map": {source value: target value}} or {}
    status = models.CharField(max_length=10, choices=STATUSES, default=SUGGESTED)
    origin = models.CharField(max_length=32, default="engine")  # engine / identical-text / curated / import
    score = models.FloatField(null=True, blank=True)
    why = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source__questionnaire", "source__order"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="question_link_unique")]


class Report(models.Model):
    """One country's national report for one questionnaire."""

    DRAFT, SUBMITTED, REOPENED = "draft", "submitted", "reopened"
    STATUSES = [(DRAFT, _("Draft")), (SUBMITTED, _("Submitted")), (REOPENED, _("Reopened"))]

    # PROTECT: deleting a questionnaire or a country must never take a country's report with it
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="reports")
    country = models.ForeignKey("catalogue.Country", on_delete=models.PROTECT, related_name="national_reports")
    status = models.CharField(max_length=10, choices=STATUSES, default=DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["questionnaire", "country__name"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "country"], name="report_unique")]

    def __str__(self) -> str:
        return f"{self.country} — {self.questionnaire}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.SUBMITTED


class Answer(models.Model):
    """A country's answer to one question (one per block of a repeating section)."""

    TYPED, PREFILL = "typed", "prefill"

    # PROTECT: an answer is what a person entered; a question dropped from a new version is retired, not deleted
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    block = models.PositiveIntegerField(default=0)
    value = models.JSONField(null=True, blank=True)
    raw = models.TextField(blank=True)  # what was typed when it was not a valid value: kept, never lost
    error = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    origin = models.CharField(max_length=8, default=TYPED)
    source_answer = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_note = models.CharField(max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "question", "block"], name="answer_unique")]
        indexes = [models.Index(fields=["question", "report"])]


class Attachment(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="reporting/%Y/")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class Delegation(models.Model):
    """A section of a report handed to a contributor, who then sees only that section."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="delegations")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_delegations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "section", "user"], name="delegation_unique")]


class Snapshot(models.Model):
    """The report as submitted: every answer, frozen."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="snapshots")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="snapshot_unique")]


class ReopenRequest(models.Model):
    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUSES = [(PENDING, _("Pending")), (APPROVED, _("Approved")), (REJECTED, _("Rejected"))]

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="reopen_requests")
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)


class Reminder(models.Model):
    """A recorded reminder that a country's report is due or overdue."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="reminders")
    country = models.ForeignKey("catalogue.Country", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    days_to_deadline = models.IntegerField()
    state = models.CharField(max_length=16)  # not started / draft / reopened

    class Meta:
        ordering = ["-day", "country__name"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "country", "day"], name="reminder_unique")]
