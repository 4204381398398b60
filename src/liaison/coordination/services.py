"""Writes of the coordination room: working groups, their members and their log, each checked and audited."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.alerts.services import notify_many
from liaison.alerts.wording import wording_stored
from liaison.coordination import alerting
from liaison.coordination.fields import date_bounded, ids_bounded
from liaison.coordination.links import links_found
from liaison.coordination.models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    NOTE_MAX,
    ROLE_MAX,
    WorkingGroup,
    WorkingGroupMember,
    WorkingGroupNote,
)
from liaison.coordination.permissions import (
    groups_check_manage,
    member_check_eligible,
    note_check_create,
)
from liaison.core.errors import Conflict, Invalid, NotFound
from liaison.core.services import audit_record
from liaison.reporting.cycles import today_default

logger = logging.getLogger("liaison.coordination")

# the kind of the notification of a new note (its wording: coordination.alerting)
NOTE_KIND = "working_group_note"
CREATOR_ROLE = "convener"  # the role in the group of the focal point who created it


def text_bounded(value: str | None, *, field: str, limit: int, required: bool) -> str:
    """Return `value` stripped; Invalid when it is empty (and required) or longer than `limit` characters."""
    text = (value or "").strip()
    if required and not text:
        raise Invalid(errors=[{"field": field, "message": _("this field is required")}])
    if len(text) > limit:
        raise Invalid(errors=[{"field": field, "message": _("at most %(n)d characters") % {"n": limit}}])
    if "\x00" in text:
        raise Invalid(errors=[{"field": field, "message": _("a NUL character cannot be stored")}])
    return text


def working_group_create(*, user, country, name: str, description: str = "") -> WorkingGroup:
    """Create a national working group of `country` (its focal points); its creator joins it as convener."""
    groups_check_manage(user=user, country=country)
    name = text_bounded(name, field="name", limit=NAME_MAX, required=True)
    description = text_bounded(description, field="description", limit=DESCRIPTION_MAX, required=False)
    if WorkingGroup.objects.filter(country=country, name__iexact=name).exists():
        raise Conflict(_("%(country)s already has a working group of this name.") % {"country": country.name})
    try:
        with transaction.atomic():
            group = WorkingGroup.objects.create(country=country, name=name, description=description,
                                                created_by=user if user.is_authenticated else None)
            try:
                member_check_eligible(country=country, user_id=user.pk)
                WorkingGroupMember.objects.create(group=group, user=user, role=CREATOR_ROLE, added_by=user)
            except Invalid:  # an administrator holds no role for the country: creates the group, stays out
                pass
            audit_record(actor=user, action="working_group_create", obj=group, changes={"name": [None, name]})
    except IntegrityError as exc:  # the same name created at the same moment
        raise Conflict(_("%(country)s already has a working group of this name.") % {"country": country.name}) \
            from exc
    return group


def working_group_member_add(*, user, group: WorkingGroup, member_id: int, role: str = ""
                             ) -> tuple[WorkingGroupMember, bool]:
    """Add a person holding a role for the group's country (or change their role); return (member, created?)."""
    groups_check_manage(user=user, country=group.country)
    role = text_bounded(role, field="role", limit=ROLE_MAX, required=False)
    member_check_eligible(country=group.country, user_id=member_id)
    with transaction.atomic():
        member, created = WorkingGroupMember.objects.get_or_create(
            group=group, user_id=member_id, defaults={"role": role, "added_by": user})
        if not created and member.role != role:
            audit_record(actor=user, action="working_group_member_role", obj=group,
                         changes={"user": member_id, "role": [member.role, role]})
            member.role = role
            member.save(update_fields=["role"])
        elif created:
            audit_record(actor=user, action="working_group_member_add", obj=group,
                         changes={"user": member_id, "role": [None, role]})
    return member, created


def working_group_member_remove(*, user, group: WorkingGroup, member_id: int) -> None:
    """Take a person out of the group; NotFound when they are not in it."""
    groups_check_manage(user=user, country=group.country)
    with transaction.atomic():
        deleted, _rows = WorkingGroupMember.objects.filter(group=group, user_id=member_id).delete()
        if not deleted:
            raise NotFound(_("This person is not a member of the group."))
        audit_record(actor=user, action="working_group_member_remove", obj=group, changes={"user": member_id})


def working_group_note_create(*, user, group: WorkingGroup, text: str, date: dt.date | None = None,
                              mandates: list[int] | None = None, sections: list[int] | None = None,
                              targets: list[int] | None = None) -> WorkingGroupNote:
    """Add an entry to the group's log (its members), linked to the mandates addressed to Parties, report sections
    and targets given (each among what `user` may read: Invalid otherwise, nothing stored), and tell the other
    members; return the note."""
    note_check_create(user=user, group=group)
    text = text_bounded(text, field="text", limit=NOTE_MAX, required=True)
    date = date_bounded(date, field="date", required=False)
    links = links_found(user=user, mandates=ids_bounded(mandates, field="mandates"),
                        sections=ids_bounded(sections, field="sections"),
                        targets=ids_bounded(targets, field="targets"))
    with transaction.atomic():
        note = WorkingGroupNote.objects.create(group=group, author=user if user.is_authenticated else None,
                                               date=date or today_default(None), text=text)
        for field, objects in links.items():
            getattr(note, field).set(objects)
        audit_record(actor=user, action="working_group_note_create", obj=note,
                     changes={"group": group.pk, **{f: [o.pk for o in objs] for f, objs in links.items() if objs}})
        note_notify(note=note, actor=user)
    return note


def note_notify(*, note: WorkingGroupNote, actor) -> int:
    """Tell the group's other members of a new note (alerts, in a savepoint: a failure there is logged and
    loses no note); return how many notifications were written."""
    group, country = note.group, note.group.country
    params = {"m": alerting.NOTE_WORDING, "group": group.name, "country": country.name,
              "author": actor.get_full_name() or actor.username}
    url = reverse("coordination:room", args=[country.iso3]) + f"#group-{group.pk}"
    recipients = list(group.members.values_list("user_id", flat=True))
    try:
        with transaction.atomic():
            return len(notify_many(NOTE_KIND, alerting.OBJECT_TYPE,
                                   {group.pk: (wording_stored(params), url, params)},
                                   recipients=recipients, actor=actor))
    except Exception:  # noqa: BLE001 — a note is never lost for a notification
        logger.exception("Notifications of working group note %s could not be written", note.pk)
        return 0
