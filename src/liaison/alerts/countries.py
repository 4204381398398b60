"""A followed country's reports: a report's events told to those who follow its country, as far as they may read it.

Who may follow a country's reports is `country_reports_visible_to` (alerts.objects): its focal points and
contributors, the people a section of one of its reports is delegated to, secretariat staff and reviewers (who
read reports once submitted). Each event of a report is told to the followers of its country through the
report's own visibility filter, never wider: a secretariat officer following Kenya is told of Kenya's reports to
their convention once submitted or reopened, not of a delegation inside a draft. A follower who may no longer
follow the country (their role taken away) loses the follow at its next event, with their unread notifications
of the country's reports they may no longer read.
"""

from __future__ import annotations

from collections import defaultdict

from liaison.alerts.audience import audience
from liaison.alerts.models import Follow, Notification
from liaison.reporting.models import Report


def country_follows_prune(*, country_id: int) -> int:
    """Drop the follows of this country's reports whose follower may no longer follow them, and their unread
    notifications of its reports they may no longer read; return how many follows went."""
    pairs = set(Follow.objects.filter(object_type="country_reports", object_id=country_id)
                .values_list("user_id", "object_id"))
    lost = {u for u, _c in pairs - audience(object_type="country_reports", pairs=pairs)}
    if not lost:
        return 0
    Follow.objects.filter(object_type="country_reports", object_id=country_id, user_id__in=lost).delete()
    reports = Report.objects.filter(country_id=country_id).values("pk")
    unread = set(Notification.objects.filter(user_id__in=lost, object_type="report", object_id__in=reports,
                                             read_at__isnull=True).values_list("user_id", "object_id"))
    gone: dict[int, list[int]] = defaultdict(list)
    for u, o in unread - audience(object_type="report", pairs=unread):
        gone[u].append(o)
    for user_id, report_ids in gone.items():
        Notification.objects.filter(user_id=user_id, object_type="report", object_id__in=report_ids,
                                    read_at__isnull=True).delete()
    return len(lost)
