"""Meetings of the conventions' bodies as records: dates, venue, documents, and the decisions they adopted.

A decision points to the meeting that adopted it (`decisions.Decision.adopting_meeting`); its `meeting` label
stays as the text it was given.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.meetings.symbols import KINDS as KIND_CODES

SYMBOL_MAX = 32
TITLE_MAX = 300
CITY_MAX = 120
SOURCE_MAX = 300
DOCUMENTS_MAX = 50  # documents listed on one meeting


KIND_LABELS = {"cop": _("Conference of the Parties"), "mop": _("Meeting of the Parties"),
               "standing-committee": _("Standing Committee"), "scientific-council": _("Scientific Council"),
               "plenary": _("Plenary"), "other": _("Other meeting")}


class Meeting(models.Model):
    """A meeting of a convention's body (COP14, StC53, 44 COM): when, where, its documents, where it came from."""

    KINDS = [(code, KIND_LABELS[code]) for code in KIND_CODES]
    PRECISIONS = [("day", _("Day")), ("month", _("Month")), ("year", _("Year"))]

    slug = models.SlugField(max_length=120, unique=True)
    convention = models.ForeignKey("catalogue.Convention", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=KINDS, default="other")
    number = models.PositiveIntegerField(null=True, blank=True)
    symbol = models.CharField(max_length=SYMBOL_MAX, blank=True, help_text="COP14, StC53, 44 COM")
    title = models.CharField(max_length=TITLE_MAX)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    precision = models.CharField(max_length=6, choices=PRECISIONS, default="day",
                                 help_text="How precisely the dates are known; 'year' means only the years.")
    city = models.CharField(max_length=CITY_MAX, blank=True)
    country = models.ForeignKey("catalogue.Country", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="meetings")
    url = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=5000)
    documents = models.JSONField(default=list, blank=True, help_text='[{"title": ..., "url": ...}]')
    published = models.BooleanField(default=True)
    source = models.CharField(max_length=SOURCE_MAX, help_text="Where the record came from")
    informea_id = models.CharField(max_length=120, blank=True, help_text="The id of the InforMEA record it was "
                                                                         "harvested from")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "convention__acronym", "symbol"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "symbol"], condition=~models.Q(symbol=""),
                                    name="meeting_unique_symbol"),
            models.UniqueConstraint(fields=["informea_id"], condition=~models.Q(informea_id=""),
                                    name="meeting_unique_informea_id"),
        ]

    def __str__(self) -> str:
        return f"{self.convention.acronym} {self.symbol or self.title}"
