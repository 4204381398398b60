"""The daily scans: work-plan activities late, mandates' deadlines near or passed. Each event is told once.

They run from the scheduler (alerts.schedule, inside `liaison worker`) or `liaison notifications scan`. Each
event has a key (the activity or mandate and its deadline), kept in `EventMark` once told: a second run, the
next day's, or a run by a second worker tells nobody again; a deadline moved makes a new event.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from liaison.alerts.models import EventMark, Follow, Notification
from liaison.alerts.objects import TYPES
from liaison.alerts.services import notify_many
from liaison.alerts.wording import wording_stored
from liaison.decisions.models import Decision, Mandate
from liaison.decisions.tracking import mandate_deadline_end
from liaison.partnerships.models import Activity

DEADLINE_DAYS = 30  # "near": due within this many days; "passed": passed within this many days
NOT_DONE_MANDATES = (Mandate.DONE, Mandate.SUPERSEDED)
NOT_DONE_ACTIVITIES = (Activity.DONE, Activity.CANCELLED)


def marks_new(keys: list[str]) -> set[str]:
    """Return those of `keys` no scan has told of yet."""
    told = set()
    for start in range(0, len(keys), 500):
        told |= set(EventMark.objects.filter(key__in=keys[start:start + 500]).values_list("key", flat=True))
    return set(keys) - told


def marks_add(keys) -> None:
    """Record these events as told."""
    EventMark.objects.bulk_create([EventMark(key=k) for k in keys], ignore_conflicts=True, batch_size=500)


def activities_late_notify(*, today: dt.date | None = None) -> int:
    """Tell of each activity past its end date and not done (nor cancelled), once per activity and end date, to
    the followers of its work plan and partnership and its convention's staff; return notifications written."""
    today = today or timezone.localdate()
    rows = list(Activity.objects.filter(end__lt=today).exclude(status__in=NOT_DONE_ACTIVITIES).order_by("pk")
                .values_list("pk", "end", "title", "workplan_id", "workplan__title", "workplan__partnership_id"))
    keys = {f"activity_late:{pk}:{end.isoformat()}": pk for pk, end, *_rest in rows}
    new = {keys[k] for k in marks_new(list(keys))}
    objects, via = {}, {}
    with transaction.atomic():
        for pk, end, title, workplan_id, workplan_title, partnership_id in rows:
            if pk not in new:
                continue
            params = {"m": "activity_late", "activity": title[:200], "workplan": workplan_title[:200],
                      "end": end.isoformat()}
            objects[pk] = (wording_stored(params), TYPES["activity"].url(Activity(pk=pk, workplan_id=workplan_id)),
                           params)
            via[pk] = [("workplan", workplan_id), ("partnership", partnership_id)]
        written = len(notify_many(Notification.ACTIVITY_LATE, "activity", objects, via=via))
        marks_add(k for k, pk in keys.items() if pk in new)
    return written


def mandate_deadline_phase(end: dt.date, today: dt.date, days: int = DEADLINE_DAYS) -> str:
    """Return "near" (due within `days`), "passed" (passed within `days`) or "" for a deadline's last day."""
    if today <= end <= today + dt.timedelta(days=days):
        return "near"
    if today - dt.timedelta(days=days) <= end < today:
        return "passed"
    return ""


def mandate_deadlines_notify(*, today: dt.date | None = None, days: int = DEADLINE_DAYS) -> int:
    """Tell of each open mandate whose deadline (a date in its text, or a meeting Liaison knows the dates of) is
    within `days`, or passed within `days`, once per mandate, deadline and phase: to its followers (its owner
    follows it) and its convention's staff; return notifications written."""
    today = today or timezone.localdate()
    mandates = (Mandate.objects.exclude(status__in=NOT_DONE_MANDATES).exclude(deadline="")
                .select_related("decision__convention", "paragraph").order_by("pk"))
    due: dict[str, tuple[Mandate, dt.date, str]] = {}
    for mandate in mandates.iterator(chunk_size=2000):
        end = mandate_deadline_end(mandate)
        phase = mandate_deadline_phase(end, today, days) if end else ""
        if phase:
            due[f"mandate_deadline:{mandate.pk}:{end.isoformat()}:{phase}"] = (mandate, end, phase)
    new = marks_new(list(due))
    if not new:
        return 0
    kinds = {k: str(label) for k, label in Decision.KINDS}
    objects = {}
    with transaction.atomic():
        owners = [Follow(user_id=m.owner_id, object_type="mandate", object_id=m.pk, reason=Follow.OWNER)
                  for key, (m, _end, _phase) in due.items() if key in new and m.owner_id]
        Follow.objects.bulk_create(owners, ignore_conflicts=True)
        for key in sorted(new):
            mandate, end, phase = due[key]
            decision = mandate.decision
            params = {"m": f"mandate_deadline_{phase}", "end": end.isoformat(),
                      "decision": f"{decision.convention.acronym} {kinds.get(decision.kind, decision.kind)} "
                                  f"{decision.number}", "paragraph": mandate.paragraph.number or "-"}
            objects[mandate.pk] = (wording_stored(params), TYPES["mandate"].url(mandate), params)
        written = len(notify_many(Notification.MANDATE_DEADLINE, "mandate", objects))
        marks_add(new)
    return written
