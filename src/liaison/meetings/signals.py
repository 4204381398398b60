"""A decision stored with a meeting label ("COP15") is linked to that meeting's record, made when new; a meeting
entered in the shared calendar (an event of kind `meeting` with a convention) becomes or completes a record."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from liaison.decisions.models import Decision
from liaison.partnerships.models import Event

SOURCE = "the meeting label of {decision}"


@receiver(post_save, sender=Decision, dispatch_uid="meetings.decision_meeting_link")
def decision_meeting_link(sender, instance: Decision, raw: bool = False, **kwargs) -> None:
    if raw or instance.adopting_meeting_id is not None or not instance.meeting:
        return
    from liaison.meetings.services import decisions_link

    decisions_link(decisions=Decision.objects.filter(pk=instance.pk), source=SOURCE)


@receiver(post_save, sender=Event, dispatch_uid="meetings.calendar_meeting_store")
def calendar_meeting_store(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    if raw or instance.kind != "meeting" or instance.convention_id is None:
        return
    from liaison.meetings.loaders import calendar_fields, meeting_store

    meeting_store(calendar_fields(instance))
