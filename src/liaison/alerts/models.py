"""Follows (who watches what), notifications (what they were told) and how each person wants them by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The object types a person may follow; each is read through its area's `<type>_visible_to` (alerts.objects).
OBJECT_TYPES = [("decision", _("Decision")), ("mandate", _("Mandate")), ("target", _("Target")),
                ("partnership", _("Partnership")), ("report", _("National report")),
                ("convention", _("Convention")),
                # registered by the coordination app (coordination.alerting), which sits above alerts
                ("working_group", _("Working group"))]


class Follow(models.Model):
    MANUAL, OWNER, FOCAL_POINT, STAFF = "manual", "owner", "focal_point", "staff"
    REASONS = [(MANUAL, _("Followed by you")), (OWNER, _("You own it")), (FOCAL_POINT, _("You are its focal point")),
               (STAFF, _("Your convention's"))]

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
    KINDS = [(DECISION_REFERENCED, _("A new decision refers to a decision you follow")),
             (MANDATE_CHANGED, _("A mandate changed")),
             (REPORT_DELEGATED, _("A report was delegated")),
             (REPORT_SUBMITTED, _("A report was submitted")),
             (REPORT_REOPENED, _("A report was reopened")),
             (SECTION_DELEGATED, _("A section was delegated to you")),
             (REPORT_DUE, _("A national report is due")),
             (WORKING_GROUP_NOTE, _("A note was added to your working group"))]

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
