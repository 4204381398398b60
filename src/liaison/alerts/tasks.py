"""Background work of alerts: sending notification e-mails (django-tasks; in-process in tests)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from liaison.alerts.mail import MAX_ATTEMPTS, notifications_mail
from liaison.alerts.models import Notification


@task()
def notifications_mail_task(*, notification_ids: list[int]) -> dict:
    """Send these notifications' e-mails; queue one later try of those that failed (backoff per attempt)."""
    counts = notifications_mail(notification_ids=notification_ids)
    if counts["failed"]:
        failed = list(Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True,
                                                  attempts__gt=0, attempts__lt=MAX_ATTEMPTS)
                      .values_list("pk", "attempts"))
        backend = notifications_mail_task.get_backend()
        if failed and backend.supports_defer:  # the database worker; the in-process backend cannot wait
            delay = timedelta(minutes=2 ** max(a for _pk, a in failed))
            notifications_mail_task.using(run_after=timezone.now() + delay).enqueue(
                notification_ids=[pk for pk, _a in failed])
    return counts


@task()
def digests_send_task(*, frequency: str) -> dict:
    """Send the daily or weekly digests now (a scheduler queues it once a day or a week)."""
    from liaison.alerts.digests import digests_send

    return digests_send(frequency=frequency)
