"""Partnerships of the conventions: the registry, joint work plans, partner contributions, due diligence,
and the shared outreach calendar (CMS Resolution 11.10, paragraphs 3-10, 18, 21, 22, 26)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.partnerships.bounds import BUDGET_MAX, DAY_MAX, DAY_MIN, day_in_range

BOUNDED = [day_in_range]  # every stored day lies in 1900..2200 (pages draw timelines over them)


class Partnership(models.Model):
    MOU, MOC, JWP, INFORMAL, COMMITMENT = "mou", "moc", "jwp", "informal", "commitment"
    INSTRUMENTS = [(MOU, _("Memorandum of Understanding")), (MOC, _("Memorandum of Cooperation")),
                   (JWP, _("Joint work plan")), (INFORMAL, _("Non-formalized collaboration")),
                   (COMMITMENT, _("Voluntary commitment"))]
    PROPOSED, NEGOTIATION, SIGNED, ACTIVE, EXPIRED, TERMINATED = (
        "proposed", "under_negotiation", "signed", "active", "expired", "terminated")
    STATUSES = [(PROPOSED, _("Proposed")), (NEGOTIATION, _("Under negotiation")), (SIGNED, _("Signed")),
                (ACTIVE, _("Active")), (EXPIRED, _("Expired")), (TERMINATED, _("Terminated"))]
    # The lifecycle: which status may follow which. An expired instrument may be renewed (active again).
    TRANSITIONS = {
        PROPOSED: {NEGOTIATION, TERMINATED},
        NEGOTIATION: {PROPOSED, SIGNED, TERMINATED},
        SIGNED: {ACTIVE, TERMINATED},
        ACTIVE: {EXPIRED, TERMINATED},
        EXPIRED: {ACTIVE},
        TERMINATED: set(),
    }
    # The date field a transition into a status stamps.
    STATUS_DATES = {SIGNED: "signed_on", ACTIVE: "started_on", EXPIRED: "ended_on", TERMINATED: "ended_on"}

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    instrument = models.CharField(max_length=16, choices=INSTRUMENTS)
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.PROTECT, related_name="partnerships",
                                   help_text="The convention whose secretariat follows the partnership.")
    status = models.CharField(max_length=20, choices=STATUSES, default=PROPOSED, db_index=True)
    summary = models.TextField(blank=True)
    signed_on = models.DateField(null=True, blank=True, help_text="Empty when unknown.", validators=BOUNDED)
    started_on = models.DateField(null=True, blank=True, db_index=True, help_text="Empty when unknown.",
                                  validators=BOUNDED)
    ended_on = models.DateField(null=True, blank=True, db_index=True, help_text="Empty when unknown or not ended.",
                                validators=BOUNDED)
    expires_on = models.DateField(null=True, blank=True, validators=BOUNDED)
    status_source = models.CharField(max_length=300, blank=True,
                                     help_text="Where the status is stated, e.g. a paragraph of a resolution.")
    published = models.BooleanField(default=True)
    organizations = models.ManyToManyField("catalogue.Organization", through="PartnershipParty",
                                           related_name="partnerships")
    decisions = models.ManyToManyField("decisions.Decision", through="PartnershipDecision",
                                       related_name="partnerships")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def private_parties(self):
        return [p for p in self.organizations.all() if p.kind == "private"]


class PartnershipParty(models.Model):
    ROLES = [("party", _("Party")), ("lead", _("Lead")), ("observer", _("Observer"))]

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey("catalogue.Organization", on_delete=models.PROTECT, related_name="party_to")
    role = models.CharField(max_length=16, choices=ROLES, default="party")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "organization"], name="party_unique")]


class PartnershipDecision(models.Model):
    """A decision that welcomed, requested or noted a partnership, with the paragraph that says so."""

    RELATIONS = [("welcomes", _("Welcomes")), ("requests", _("Requests")), ("notes", _("Notes"))]

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="decision_links")
    decision = models.ForeignKey("decisions.Decision", on_delete=models.CASCADE, related_name="partnership_links")
    relation = models.CharField(max_length=16, choices=RELATIONS, default="welcomes")
    paragraph = models.CharField(max_length=32, blank=True, help_text="e.g. 'preamble 19' or '10'.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "decision", "relation"], name="pdecision_unique")]


class PartnershipDocument(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300)
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="partnerships/%Y/", blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(auto_now_add=True)


class Screening(models.Model):
    """Due diligence of a company against the CMS Code of Conduct, with the reviewer's decision and reasons."""

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    DECISIONS = [(PENDING, _("Pending")), (APPROVED, _("Approved")), (REJECTED, _("Rejected"))]
    RISKS = [("low", _("Low")), ("medium", _("Medium")), ("high", _("High"))]

    organization = models.ForeignKey("catalogue.Organization", on_delete=models.CASCADE, related_name="screenings")
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.PROTECT, related_name="screenings")
    sector = models.CharField(max_length=200)
    harmful_activities = models.TextField(help_text="Activities harmful to migratory species, or 'none found'.")
    conflicts_of_interest = models.TextField(blank=True)
    reputational_risk = models.CharField(max_length=8, choices=RISKS)
    decision = models.CharField(max_length=10, choices=DECISIONS, default=PENDING, db_index=True)
    reasons = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class WorkPlan(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="workplans")
    title = models.CharField(max_length=300)
    period_start = models.DateField(null=True, blank=True, validators=BOUNDED)
    period_end = models.DateField(null=True, blank=True, validators=BOUNDED)
    aligned_with = models.CharField(max_length=200, blank=True, help_text="e.g. the CMS Strategic Plan.")
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["partnership__title", "title"]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    PLANNED, IN_PROGRESS, DONE, DELAYED, CANCELLED = "planned", "in_progress", "done", "delayed", "cancelled"
    STATUSES = [(PLANNED, _("Planned")), (IN_PROGRESS, _("In progress")), (DONE, _("Done")), (DELAYED, _("Delayed")),
                (CANCELLED, _("Cancelled"))]

    workplan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    owner = models.ForeignKey("catalogue.Organization", on_delete=models.PROTECT, related_name="activities_owned",
                              help_text="The organization whose members may update the activity.")
    lead = models.ForeignKey("catalogue.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="activities_led")
    contributors = models.ManyToManyField("catalogue.Organization", blank=True, related_name="activities_contributed")
    start = models.DateField(null=True, blank=True, help_text="Empty when unknown.", validators=BOUNDED)
    end = models.DateField(null=True, blank=True, help_text="Empty when unknown.", validators=BOUNDED)
    status = models.CharField(max_length=12, choices=STATUSES, default=PLANNED, db_index=True)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal(0)), MaxValueValidator(BUDGET_MAX)])
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217 code.")
    funding_source = models.CharField(max_length=300, blank=True)
    mandates = models.ManyToManyField("decisions.Mandate", blank=True, related_name="activities")
    source = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workplan", "start", "code", "id"]
        verbose_name_plural = "activities"
        # The database holds the bounds too: SQLite stores any number in a decimal column, and a budget
        # over the column's digits then fails every read of the row.
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__isnull=True)
                                   | models.Q(budget__gte=0, budget__lte=BUDGET_MAX), name="activity_budget_bounded"),
            models.CheckConstraint(condition=models.Q(start__isnull=True) | models.Q(start__range=(DAY_MIN, DAY_MAX)),
                                   name="activity_start_bounded"),
            models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__range=(DAY_MIN, DAY_MAX)),
                                   name="activity_end_bounded"),
        ]

    def __str__(self) -> str:
        return self.title


class TargetLink(models.Model):
    """A link from an activity or a contribution to a target of a strategic framework (SPMS, GBF, SDG...).

    `target` points at liaison.frameworks' Target; the codes are kept beside it so the link still reads
    when a framework is re-imported and its targets are replaced.
    """

    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="targets")
    contribution = models.ForeignKey("Contribution", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="targets")
    target = models.ForeignKey("frameworks.Target", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="partnership_links")
    framework_code = models.CharField(max_length=64)
    target_code = models.CharField(max_length=64)

    class Meta:
        ordering = ["framework_code", "target_code"]

    def __str__(self) -> str:
        return f"{self.framework_code} {self.target_code}"


class Milestone(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due = models.DateField(null=True, blank=True, validators=BOUNDED)
    done_on = models.DateField(null=True, blank=True, validators=BOUNDED)

    class Meta:
        ordering = ["due", "id"]


class Contribution(models.Model):
    """A partner's report of what it did, against mandates, targets and activities, reviewed by the secretariat."""

    DRAFT, SUBMITTED, RETURNED, ACCEPTED, REJECTED = "draft", "submitted", "returned", "accepted", "rejected"
    STATUSES = [(DRAFT, _("Draft")), (SUBMITTED, _("Submitted")), (RETURNED, _("Returned with comments")),
                (ACCEPTED, _("Accepted")), (REJECTED, _("Rejected"))]

    organization = models.ForeignKey("catalogue.Organization", on_delete=models.PROTECT, related_name="contributions")
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.PROTECT, related_name="contributions")
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="contributions")
    title = models.CharField(max_length=300)
    period_start = models.DateField(validators=BOUNDED)
    period_end = models.DateField(validators=BOUNDED)
    summary = models.TextField(help_text="What was done.")
    links = models.JSONField(default=list, blank=True)
    mandates = models.ManyToManyField("decisions.Mandate", blank=True, related_name="contributions")
    activities = models.ManyToManyField(Activity, blank=True, related_name="contributions")
    status = models.CharField(max_length=10, choices=STATUSES, default=DRAFT, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Evidence(models.Model):
    KINDS = [("pdf", _("PDF")), ("docx", _("Word document")), ("png", _("PNG image")), ("jpeg", _("JPEG image"))]

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="contributions/%Y/")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=KINDS)
    size = models.PositiveIntegerField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(auto_now_add=True)


class Review(models.Model):
    ACCEPT, RETURN, REJECT = "accept", "return", "reject"
    DECISIONS = [(ACCEPT, _("Accept")), (RETURN, _("Return with comments")), (REJECT, _("Reject"))]

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=8, choices=DECISIONS)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Event(models.Model):
    """An entry of the shared outreach calendar (paragraph 18): a campaign, a meeting, an observance."""

    KINDS = [("campaign", _("Campaign")), ("meeting", _("Meeting")), ("observance", _("Observance")), ("launch", _("Launch"))]
    PRECISIONS = [("day", _("Day")), ("month", _("Month")), ("year", _("Year"))]

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=KINDS)
    start = models.DateField(validators=BOUNDED)
    end = models.DateField(validators=BOUNDED)
    precision = models.CharField(max_length=6, choices=PRECISIONS, default="day",
                                 help_text="How precisely the dates are known; 'year' means only the years.")
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    convention = models.ForeignKey("catalogue.Convention", null=True, blank=True, on_delete=models.SET_NULL)
    organizations = models.ManyToManyField("catalogue.Organization", blank=True, related_name="events")
    source = models.CharField(max_length=300, blank=True)
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["start", "title"]

    def __str__(self) -> str:
        return self.title
