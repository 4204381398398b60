"""Follows (who watches what), notifications (what they were told) and how each person wants them by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The object types a person may follow; each is read through its area's `<type>_visible_to` (alerts.objects).
OBJECT_TYPES = [("decision", _("Decision")), ("mandate", _("Mandate")), ("target", _("Target")),
                ("partnership", _("Partnership")), ("report", _("National report")),
                ("convention", _("Convention")), ("workplan", _("Work plan")), ("contribution", _("Contribution")),
                # a cross-cutting theme of the overlap report, by its slug (FollowedTheme); a country's national
                # reports, as many of them as the follower may see (alerts.countries)
                ("theme", _("Theme")), ("country_reports", _("A country's national reports")),
                # told of, not followed: an activity (through its work plan or partnership), a link (through its
                # targets)
                ("activity", _("Activity")), ("link", _("Link")),
                # registered by the coordination app (coordination.alerting), which sits above alerts
                ("working_group", _("Working group"))]


class Follow(models.Model):
    MANUAL, OWNER, FOCAL_POINT, AUTHOR = "manual", "owner", "focal_point", "author"
    # STAFF is never a row: a convention's staff follow its dashboards through their role (alerts.staff)
    STAFF = "staff"
    REASONS = [(MANUAL, _("Followed by you")), (OWNER, _("You own it")), (FOCAL_POINT, _("You are its focal point")),
               (AUTHOR, _("You wrote it")), (STAFF, _("Your convention's"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    object_type = models.CharField(max_length=16, choices=OBJECT_TYPES)
    object_id = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=16, choices=REASONS, default=MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "object_type", "object_id"], name="follow_unique")]
        indexes = [models.Index(fields=["object_type", "object_id"])]


class Notification(models.Model):
    DECISION_REFERENCED = "decision_referenced"
    MANDATE_CHANGED = "mandate_changed"
    REPORT_DELEGATED = "report_delegated"
    REPORT_SUBMITTED = "report_submitted"
    REPORT_REOPENED = "report_reopened"
    SECTION_DELEGATED = "section_delegated"
    REPORT_DUE = "report_due"
    WORKING_GROUP_NOTE = "working_group_note"  # made by the coordination app
    WORKING_GROUP_ACTION = "working_group_action"  # made by the coordination app (coordination.actions)
    LINK_SUGGESTED = "link_suggested"
    LINK_ACCEPTED = "link_accepted"
    CONTRIBUTION_SUBMITTED = "contribution_submitted"
    CONTRIBUTION_REVIEWED = "contribution_reviewed"
    ACTIVITY_LATE = "activity_late"
    DECISION_OVERLAP = "decision_overlap"
    MANDATE_DEADLINE = "mandate_deadline"
    THEME_DECISION = "theme_decision"
    THEME_OVERLAP = "theme_overlap"
    KINDS = [(DECISION_REFERENCED, _("A new decision refers to a decision you follow")),
             (MANDATE_CHANGED, _("A mandate changed")),
             (REPORT_DELEGATED, _("A report was delegated")),
             (REPORT_SUBMITTED, _("A report was submitted")),
             (REPORT_REOPENED, _("A report was reopened")),
             (SECTION_DELEGATED, _("A section was delegated to you")),
             (REPORT_DUE, _("A national report is due")),
             (WORKING_GROUP_NOTE, _("A note was added to your working group")),
             (WORKING_GROUP_ACTION, _("An action of your working group was given or changed")),
             (LINK_SUGGESTED, _("Links were suggested for a target you follow")),
             (LINK_ACCEPTED, _("A link to a target you follow was accepted")),
             (CONTRIBUTION_SUBMITTED, _("A contribution was submitted for review")),
             (CONTRIBUTION_REVIEWED, _("A contribution was returned, accepted or rejected")),
             (ACTIVITY_LATE, _("A work-plan activity is late")),
             (DECISION_OVERLAP, _("A new decision overlaps one you follow")),
             (MANDATE_DEADLINE, _("A mandate's deadline is near or passed")),
             (THEME_DECISION, _("A new decision comes under a theme you follow")),
             (THEME_OVERLAP, _("New overlaps were found under a theme you follow"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=KINDS)
    object_type = models.CharField(max_length=16, choices=OBJECT_TYPES)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300, help_text="In the site's language; pages and mails render `params`.")
    params = models.JSONField(default=dict, blank=True, help_text="The wording's key (m) and the names it shows.")
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Told only because its recipient is staff of this convention (alerts.staff), not through a follow: their
    # opt-out of that convention's kind (StaffOptOut) keeps it out of e-mails and digests.
    staff_of = models.ForeignKey("catalogue.Convention", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times sending its e-mail was tried and failed.")
    last_error = models.CharField(max_length=300, blank=True)
    # Why its e-mail will never be sent (no address, e-mails of its kind turned off, recipient inactive): the
    # pending scans skip it for good, instead of reading it again at every run.
    NO_ADDRESS, OPTED_OUT, INACTIVE = "no_address", "opted_out", "inactive"
    UNMAILED = [(NO_ADDRESS, _("No e-mail address")), (OPTED_OUT, _("E-mails of this kind turned off")),
                (INACTIVE, _("Account inactive"))]
    unmailed = models.CharField(max_length=16, choices=UNMAILED, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["emailed_at", "attempts"]),
                   models.Index(fields=["created_at"])]


class MailPreference(models.Model):
    """How a person receives e-mails of one kind of notification: at once (no row), in a daily or weekly digest,
    or not at all (they still see those notifications on the page)."""

    IMMEDIATE, DAILY, WEEKLY, NONE = "immediate", "daily", "weekly", "none"
    FREQUENCIES = [(IMMEDIATE, _("At once")), (DAILY, _("In a daily digest")), (WEEKLY, _("In a weekly digest")),
                   (NONE, _("No e-mail"))]
    DIGESTS = (DAILY, WEEKLY)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Notification.KINDS)
    frequency = models.CharField(max_length=16, choices=FREQUENCIES, default=IMMEDIATE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="mail_preference_unique")]


class OptedOutManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(frequency=MailPreference.NONE)


class MailOptOut(MailPreference):
    """The preferences set to "no e-mail" (what the unsubscribe link writes), read as opt-outs."""

    objects = OptedOutManager()

    class Meta:
        proxy = True


class StaffOptOut(models.Model):
    """A secretariat officer who no longer wants one kind of their convention's dashboards' events told to them
    through their role (alerts.staff); no row: told. What they follow themselves is still told."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Notification.KINDS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "convention", "kind"], name="staff_opt_out_unique")]


class FollowedTheme(models.Model):
    """A cross-cutting theme someone follows, by its slug: themes are rows of one overlap run and are made again
    at each run, so follows and notifications name this stable number instead (alerts.themes)."""

    slug = models.SlugField(max_length=120, unique=True)
    label = models.CharField(max_length=200, help_text="The theme's label when it was last seen.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.label


class EventMark(models.Model):
    """An event already told of, by its key ("activity_late:12:2026-03-31"): the scans that run every day tell of
    each late activity, deadline or overlap once, however often they run."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Visit(models.Model):
    """When a person was last seen (written at most every few minutes) and where their current visit looks back
    to: the end of the visit before (alerts.visits)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="+")
    seen_at = models.DateTimeField()
    since = models.DateTimeField(null=True, blank=True, help_text="The end of the visit before; empty at the first.")


class ScheduledRun(models.Model):
    """One run of a scheduled job for one period (a day, an ISO week): the unique pair makes it run once, even
    with several workers (alerts.schedule)."""

    job = models.CharField(max_length=32)
    period = models.CharField(max_length=16, help_text="2026-03-02 for a day, 2026-W10 for a week.")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="scheduled_run_unique")]
