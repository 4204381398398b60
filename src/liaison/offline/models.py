"""Offline files of national reports: each download remembers what it held, each upload waits for a confirm."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfflineDownload(models.Model):
    """A report (or one section of it) written to a Word or Excel file: the answers and versions it carried.

    An upload is compared with this: a row the person did not touch changes nothing, and an answer saved
    online since the download is a conflict to resolve rather than silently overwritten.
    """

    DOCX, XLSX = "docx", "xlsx"
    FORMATS = [(DOCX, _("Word")), (XLSX, _("Excel"))]

    report = models.ForeignKey("reporting.Report", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey("reporting.Section", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    format = models.CharField(max_length=4, choices=FORMATS)
    version = models.CharField(max_length=32)  # the questionnaire's structure fingerprint at download
    rows = models.JSONField(default=dict)  # row id -> {"question", "block", "version", "value"}
    created_at = models.DateTimeField(auto_now_add=True)


class OfflineUpload(models.Model):
    """A filled file read back: the changes it proposes, waiting for the person to confirm them."""

    PENDING, APPLIED, DISCARDED = "pending", "applied", "discarded"
    STATUSES = [(PENDING, _("Pending")), (APPLIED, _("Applied")), (DISCARDED, _("Discarded"))]

    download = models.ForeignKey(OfflineDownload, on_delete=models.CASCADE, related_name="uploads")
    report = models.ForeignKey("reporting.Report", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    rows = models.JSONField(default=list)  # what the preview shows, one item per row that differs
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied = models.PositiveIntegerField(default=0)


class FormImport(models.Model):
    """A convention's Word or Excel questionnaire form, read into the Liaison format, waiting for a confirm."""

    PENDING, STORED = "pending", "stored"
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    data = models.JSONField()  # the questionnaire in the Liaison format (reporting.formats)
    status = models.CharField(max_length=10, default=PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
