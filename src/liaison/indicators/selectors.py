"""Reads: a report's indicator series (seen by who reads the report whole) and answers across parties.

The analysis of a question across parties lives in `indicators.analysis` (every count starts from reporting's
`answer_analysed_to(user)`: submitted answers only); it is named here too, where readers look for selectors.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from liaison.core.errors import NotFound
from liaison.indicators.analysis import question_analysis, value_labels
from liaison.indicators.models import Series
from liaison.reporting.models import Report
from liaison.reporting.permissions import report_read_whole

__all__ = ["question_analysis", "series_for_report", "series_get_for", "value_labels"]


def series_for_report(*, user, report: Report) -> list[Series]:
    """Return the report's series if `user` reads the report whole (a draft's: only who may read the draft)."""
    if not report_read_whole(user, report):
        return []
    return list(Series.objects.filter(report=report).prefetch_related("rows").order_by("indicator"))


def series_get_for(*, user, report: Report, template: str) -> Series:
    for series in series_for_report(user=user, report=report):
        if series.template == template:
            return series
    raise NotFound(_("No indicator data of this template for this report."))
