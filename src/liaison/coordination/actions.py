"""A working group's actions: owner (a member), deadline, status, and what each serves (reads and writes).

An action is linked to mandates addressed to Parties (actors of kind `party`), to sections of national reports
and to targets of plans, each among what its author may read (`mandate_visible_to`, `questionnaire_visible_to`,
`target_visible_to`); anything else is refused with 422 and nothing stored. Writes are the group's members'
(`group_work_check_write`) and audited; a new action, or a new owner or status, tells the group's other members
through alerts in one call (`notify_many`, kind `working_group_action`), in a savepoint that loses no action.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.coordination import alerting
from liaison.coordination.fields import date_bounded, ids_bounded
from liaison.coordination.links import links_found, mandate_link, section_link, target_link
from liaison.coordination.models import DESCRIPTION_MAX, TITLE_MAX, GroupAction, GroupMeeting, WorkingGroup
from liaison.coordination.services import text_bounded
from liaison.coordination.work_permissions import (
    action_check_delete,
    action_owner_check,
    action_visible_to,
    group_work_check_write,
    object_in_group,
)
from liaison.core.errors import Invalid
from liaison.core.services import audit_record

logger = logging.getLogger("liaison.coordination")

ACTION_KIND = "working_group_action"  # the alerts kind of an action given or changed
# the statuses' labels in the reader's language (the model's choices stay English, as the migrations hold them)
STATUS_LABELS = {GroupAction.OPEN: gettext_lazy("Open"), GroupAction.IN_PROGRESS: gettext_lazy("In progress"),
                 GroupAction.DONE: gettext_lazy("Done"), GroupAction.DROPPED: gettext_lazy("Dropped")}


def status_checked(status: str | None) -> str | None:
    if status is not None and status not in STATUS_LABELS:
        raise Invalid(errors=[{"field": "status", "message": _("one of %(s)s") % {"s": ", ".join(STATUS_LABELS)}}])
    return status


def meeting_of_group(*, group: WorkingGroup, meeting_id: int | None) -> GroupMeeting | None:
    if meeting_id is None:
        return None
    return object_in_group(GroupMeeting.objects.filter(group=group), object_id=meeting_id,
                           message=_("No such meeting in this working group."))


def action_create(*, user, group: WorkingGroup, title: str, description: str = "", owner_id: int | None = None,
                  deadline: dt.date | None = None, status: str = GroupAction.OPEN, meeting_id: int | None = None,
                  mandates: list[int] | None = None, sections: list[int] | None = None,
                  targets: list[int] | None = None) -> GroupAction:
    """Record an action of the group (its members), linked to what it serves; tell the other members."""
    group_work_check_write(user=user, group=group)
    title = text_bounded(title, field="title", limit=TITLE_MAX, required=True)
    description = text_bounded(description, field="description", limit=DESCRIPTION_MAX, required=False)
    action_owner_check(group=group, owner_id=owner_id)
    deadline = date_bounded(deadline, field="deadline", required=False)
    status = status_checked(status) or GroupAction.OPEN
    meeting = meeting_of_group(group=group, meeting_id=meeting_id)
    links = links_found(user=user, mandates=ids_bounded(mandates, field="mandates"),
                        sections=ids_bounded(sections, field="sections"),
                        targets=ids_bounded(targets, field="targets"))
    with transaction.atomic():
        action = GroupAction.objects.create(group=group, title=title, description=description, owner_id=owner_id,
                                            deadline=deadline, status=status, meeting=meeting,
                                            created_by=user if user.is_authenticated else None)
        for field, objects in links.items():
            getattr(action, field).set(objects)
        audit_record(actor=user, action="group_action_create", obj=action,
                     changes={"group": group.pk, "title": [None, title], "owner": owner_id, "status": status,
                              "deadline": deadline.isoformat() if deadline else None,
                              **{f: [o.pk for o in objs] for f, objs in links.items()}})
        action_notify(action=action, actor=user, change="created")
    return action


def action_update(*, user, action: GroupAction, title: str | None = None, description: str | None = None,
                  owner_id: int | None = None, clear_owner: bool = False, deadline: dt.date | None = None,
                  clear_deadline: bool = False, status: str | None = None, mandates: list[int] | None = None,
                  sections: list[int] | None = None, targets: list[int] | None = None) -> GroupAction:
    """Change what is given of an action (a list of links, when given, replaces the old one); a new owner or status
    tells the other members. Return the action."""
    group = action.group
    group_work_check_write(user=user, group=group)
    values: dict = {}
    if title is not None:
        values["title"] = text_bounded(title, field="title", limit=TITLE_MAX, required=True)
    if description is not None:
        values["description"] = text_bounded(description, field="description", limit=DESCRIPTION_MAX,
                                             required=False)
    if owner_id is not None or clear_owner:
        action_owner_check(group=group, owner_id=None if clear_owner else owner_id)
        values["owner_id"] = None if clear_owner else owner_id
    if deadline is not None or clear_deadline:
        values["deadline"] = None if clear_deadline else date_bounded(deadline, field="deadline", required=False)
    if status is not None:
        values["status"] = status_checked(status)
    asked = {f: ids_bounded(v, field=f) for f, v in (("mandates", mandates), ("sections", sections),
                                                      ("targets", targets)) if v is not None}
    links = links_found(user=user, mandates=asked.get("mandates", []), sections=asked.get("sections", []),
                        targets=asked.get("targets", []))
    before, after = {}, {}
    for name, value in values.items():
        if getattr(action, name) != value:
            before[name], after[name] = getattr(action, name), value
            setattr(action, name, value)
    for field in asked:
        old = sorted(getattr(action, field).values_list("pk", flat=True))
        new = sorted(o.pk for o in links[field])
        if old != new:
            before[field], after[field] = old, new
    if not after:
        return action
    with transaction.atomic():
        action.save()
        for field in asked:
            if field in after:
                getattr(action, field).set(links[field])
        audit_record(actor=user, action="group_action_update", obj=action,
                     changes={"before": {k: v if isinstance(v, list) else str(v) for k, v in before.items()},
                              "after": {k: v if isinstance(v, list) else str(v) for k, v in after.items()}})
        if "owner_id" in after or "status" in after:
            action_notify(action=action, actor=user, change="status" if "status" in after else "owner")
    return action


def action_notify(*, action: GroupAction, actor, change: str) -> int:
    """Tell the group's other members of an action given or changed (alerts, in a savepoint); return how many."""
    group, country = action.group, action.group.country
    owner = action.owner
    params = {"m": alerting.ACTION_WORDING, "action": action.title[:200], "group": group.name,
              "country": country.name, "status": str(STATUS_LABELS[action.status]),
              "owner": (owner.get_full_name() or owner.username) if owner else "—",
              "author": actor.get_full_name() or actor.username, "change": change}
    url = reverse("coordination:group", args=[country.iso3, group.pk]) + f"#action-{action.pk}"
    recipients = list(group.members.values_list("user_id", flat=True))
    from liaison.alerts.services import notify_many
    from liaison.alerts.wording import wording_stored

    try:
        with transaction.atomic():
            return len(notify_many(ACTION_KIND, alerting.OBJECT_TYPE, {group.pk: (wording_stored(params), url, params)},
                                   recipients=recipients, actor=actor))
    except Exception:  # noqa: BLE001 — an action is never lost for a notification
        logger.exception("Notifications of working group action %s could not be written", action.pk)
        return 0


# --- reads --------------------------------------------------------------------------------------------------------

def action_delete(*, user, action: GroupAction) -> None:
    """Delete an action and its links to mandates, report sections and targets (the group's members); audited with
    what it was."""
    action_check_delete(user=user, action=action)
    with transaction.atomic():
        audit_record(actor=user, action="group_action_delete", obj=action.group,
                     changes={"action": action.pk, "title": action.title, "status": action.status,
                              "mandates": sorted(action.mandates.values_list("pk", flat=True)),
                              "sections": sorted(action.sections.values_list("pk", flat=True)),
                              "targets": sorted(action.targets.values_list("pk", flat=True))})
        action.delete()


def action_get(*, user, group: WorkingGroup, action_id: int) -> GroupAction:
    """Return the action `action_id` of `group` to one who may read it; NotFound otherwise."""
    return object_in_group(action_visible_to(user).filter(group=group), object_id=action_id,
                           message=_("No such action in this working group."))


def action_row(action: GroupAction, *, today: dt.date) -> dict:
    """Return an action as the API and the pages show it (links prefetched)."""
    owner = action.owner
    return {"id": action.pk, "group": action.group_id, "title": action.title, "description": action.description,
            "owner": {"user_id": owner.pk, "name": owner.get_full_name() or owner.username} if owner else None,
            "deadline": action.deadline, "status": action.status, "status_label": str(STATUS_LABELS[action.status]),
            "overdue": bool(action.deadline and action.deadline < today
                            and action.status in (GroupAction.OPEN, GroupAction.IN_PROGRESS)),
            "meeting": action.meeting_id,
            "mandates": [mandate_link(m) for m in action.mandates.all()],
            "sections": [section_link(s) for s in action.sections.all()],
            "targets": [target_link(t) for t in action.targets.all()],
            "author": (action.created_by.get_full_name() or action.created_by.username) if action.created_by else ""}


ACTION_PREFETCH = ("mandates__decision__convention", "mandates__paragraph", "sections__questionnaire__convention",
                   "targets__framework")


def actions_of(*, user, group: WorkingGroup, meeting: GroupMeeting | None = None,
               today: dt.date | None = None) -> list[dict]:
    """Return the group's actions `user` may read (of one meeting when given), by deadline."""
    today = today or dt.date.today()
    actions = action_visible_to(user).filter(group=group)
    if meeting is not None:
        actions = actions.filter(meeting=meeting)
    actions = actions.select_related("owner", "created_by").prefetch_related(*ACTION_PREFETCH)
    return [action_row(a, today=today) for a in actions.order_by(F("deadline").asc(nulls_last=True), "pk")]
