"""Indicator data series: a country's rows of one CBD ORT template, stored with its national report."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Series(models.Model):
    """One uploaded series of a headline indicator for a report (a later upload of the same template replaces it)."""

    report = models.ForeignKey("reporting.Report", on_delete=models.CASCADE, related_name="indicator_series")
    template = models.CharField(max_length=32)  # the template's file stem, e.g. GBF-INDICATOR-B1
    indicator = models.CharField(max_length=32)  # e.g. B.1
    name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "template"], name="indicator_series_one")]


class SeriesRow(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()  # the row in the uploaded sheet
    disaggregated = models.BooleanField(default=False)
    disaggregation_type = models.CharField(max_length=200, blank=True)
    disaggregation = models.CharField(max_length=300, blank=True)
    year = models.PositiveIntegerField()
    unit = models.CharField(max_length=100, blank=True)
    value = models.FloatField()
    footnote = models.TextField(blank=True)

    class Meta:
        ordering = ["line"]
