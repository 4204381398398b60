"""Writes of alerts: follow and unfollow (checked), mark read, opt out of a kind of mail, and the fan-out."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.alerts.audience import audience
from liaison.alerts.models import Follow, MailPreference, Notification, StaffOptOut
from liaison.alerts.objects import TYPES, followable_names, followable_of
from liaison.alerts.staff import STAFF_KINDS, staff_roles
from liaison.core.errors import Invalid, NotFound, NotSignedIn
from liaison.core.schemas import id_in_range

logger = logging.getLogger("liaison.alerts")


def _signed_in(user) -> None:
    if not access_for(user).authenticated or access_for(user).system:
        raise NotSignedIn(_("Sign in to follow and be notified."))


def follow_create(*, user, object_type: str, object_id: int | None = None, key: str = "",
                  reason: str = Follow.MANUAL) -> tuple[Follow, bool]:
    """Follow an object `user` may see, named by its id or, for a theme or a country's reports, its key (slug, ISO
    code); return (the follow, created?). NotFound when they may not see it or follow it."""
    _signed_in(user)
    followable = TYPES.get(object_type)
    if followable is None or not followable.followable:
        raise Invalid(_("One cannot follow a %(type)s.") % {"type": object_type}, errors=[
            {"field": "type", "message": _("one of: %(types)s") % {"types": ", ".join(followable_names())}}])
    if object_id is None:
        if not key or followable.key_find is None:
            field = followable.key or "id"
            raise Invalid(_("Say which %(type)s to follow.") % {"type": object_type}, errors=[
                {"field": "key" if followable.key else "id", "message": _("required (%(field)s)") % {"field": field}}])
        object_id = followable.key_find(key) or 0
    if not id_in_range(object_id) or not followable.may_follow(user).filter(pk=object_id).exists():
        raise NotFound(_("No such %(type)s, or it is not visible to you.") % {"type": object_type})
    with transaction.atomic():
        return Follow.objects.get_or_create(user_id=user.pk, object_type=object_type, object_id=object_id,
                                            defaults={"reason": reason})


def follow_delete(*, user, follow_id: int) -> None:
    """Stop following; NotFound unless the follow is `user`'s own."""
    _signed_in(user)
    deleted, _rows = Follow.objects.filter(pk=follow_id if id_in_range(follow_id) else 0, user_id=user.pk).delete()
    if not deleted:
        raise NotFound(_("No such follow."))


def follows_ensure(*, obj: Model, user_ids: Iterable[int], reason: str) -> None:
    """Make these people follow `obj` (the automatic follows: an owner, focal points); keep existing follows."""
    object_type = followable_of(obj).name
    rows = [Follow(user_id=u, object_type=object_type, object_id=obj.pk, reason=reason) for u in set(user_ids) if u]
    Follow.objects.bulk_create(rows, ignore_conflicts=True)


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of `user`'s notifications read (again: no change); NotFound for anyone else's."""
    _signed_in(user)
    notification = Notification.objects.filter(pk=notification_id if id_in_range(notification_id) else 0,
                                               user_id=user.pk).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` read; return how many."""
    _signed_in(user)
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


def mail_opt_out(*, user_id: int, kind: str) -> None:
    """Stop e-mails of `kind` to this person (they still see those notifications on the page); a digest's
    token (`@daily`, `@weekly`) stops every kind that person receives in that digest."""
    if kind.startswith("@"):
        MailPreference.objects.filter(user_id=user_id, frequency=kind[1:]).update(frequency=MailPreference.NONE)
        return
    MailPreference.objects.update_or_create(user_id=user_id, kind=kind, defaults={"frequency": MailPreference.NONE})


def mail_preferences_set(*, user, preferences: dict[str, str]) -> dict[str, str]:
    """Set how `user` receives e-mails of each given kind ({kind: frequency}); return every kind's frequency.

    Invalid (and nothing stored) for an unknown kind or frequency."""
    _signed_in(user)
    kinds, frequencies = dict(Notification.KINDS), dict(MailPreference.FREQUENCIES)
    errors = [{"field": kind, "message": _("not a kind of notification")} for kind in preferences if kind not in kinds]
    errors += [{"field": kind, "message": _("one of: %(values)s") % {"values": ", ".join(frequencies)}}
               for kind, frequency in preferences.items() if kind in kinds and frequency not in frequencies]
    if errors:
        raise Invalid(_("These e-mail preferences cannot be set."), errors=errors)
    with transaction.atomic():
        for kind, frequency in preferences.items():
            MailPreference.objects.update_or_create(user_id=user.pk, kind=kind, defaults={"frequency": frequency})
    from liaison.alerts.selectors import mail_preferences_for

    return mail_preferences_for(user=user)


def staff_preferences_set(*, user, staff: dict[str, dict[str, bool]]) -> dict[str, dict[str, bool]]:
    """Turn on or off, per convention `user` is staff of (by acronym) and per kind of its dashboards, being told
    through their role ({"CMS": {"report_submitted": False}}); return every such choice. Invalid (and nothing
    stored) for a convention they are not staff of or a kind that is not a dashboard's."""
    _signed_in(user)
    from liaison.alerts.selectors import staff_conventions_of, staff_preferences_for

    conventions = {c.acronym: c for c in staff_conventions_of(user=user)}
    errors = [{"field": acronym, "message": _("not a convention you are secretariat staff of")}
              for acronym in staff if acronym not in conventions]
    for acronym, kinds in staff.items():
        errors += [{"field": f"{acronym}.{kind}", "message": _("not a kind told to a convention's staff")}
                   for kind in kinds if kind not in STAFF_KINDS]
    if errors:
        raise Invalid(_("These staff preferences cannot be set."), errors=errors)
    with transaction.atomic():
        for acronym, kinds in staff.items():
            convention = conventions[acronym]
            for kind, told in kinds.items():
                if told:
                    StaffOptOut.objects.filter(user_id=user.pk, convention=convention, kind=kind).delete()
                else:
                    StaffOptOut.objects.get_or_create(user_id=user.pk, convention=convention, kind=kind)
    return staff_preferences_for(user=user)


def notify(kind: str, obj: Model, url: str, title: str, recipients: Iterable[int] | None = None,
           *, actor=None, params: dict | None = None, via: list[tuple[str, int]] | None = None,
           skip: Iterable[int] = ()) -> list[Notification]:
    """Tell the followers of `obj` (and of the objects `via` names, or `recipients`, user ids) who may still see
    it; return the notifications.

    `params` ({"m": wording key, names...}, alerts.wording) lets pages and mails say it in the reader's language.
    """
    ids = notify_many(kind, followable_of(obj).name, {obj.pk: (title, url, params or {})},
                      recipients=recipients, actor=actor, via={obj.pk: via} if via else None, skip=skip)
    return list(Notification.objects.filter(pk__in=ids).order_by("user_id", "pk")) if ids else []


def notify_many(kind: str, object_type: str, objects: dict[int, tuple[str, str, dict]],
                recipients: Iterable[int] | None = None, *, actor=None,
                via: dict[int, list[tuple[str, int]]] | None = None, skip: Iterable[int] = ()) -> list[int]:
    """Fan out one event over several objects of one type ({id: (title, url, params)}): one notification per person
    and object they follow (or per recipient) and may still see, written in bulk; return their ids.

    Followers are those of the object, those of the objects `via` names for it ({id: [(type, id)...]}: an
    activity's work plan and partnership, a report's country), and, for the kinds of a convention's dashboards,
    the convention's staff who did not turn that off (alerts.staff). The mails are queued after the transaction
    commits. A follower who no longer sees the object loses the follow; the people of `skip` are told in another
    way."""
    if not objects:
        return []
    direct: set[tuple[int, int]] = set()
    by_role: dict[tuple[int, int], int] = {}
    if recipients is None:
        follows = Follow.objects.filter(object_type=object_type, object_id__in=list(objects))
        direct = set(follows.values_list("user_id", "object_id"))
        followers = direct | followers_via(via or {})
        # told as staff only when they follow it in no other way: their opt-out then applies to it
        by_role = {p: c for p, c in staff_roles(kind=kind, object_type=object_type, object_ids=list(objects)).items()
                   if p not in followers}
        pairs = followers | set(by_role)
    else:
        pairs = {(u, o) for u in set(recipients) for o in objects if u}
    skipped = set(skip)
    pairs = {(u, o) for u, o in pairs if u not in skipped}
    return notify_pairs(kind, object_type, objects, pairs, actor=actor, followed=direct, by_role=by_role)


def followers_via(via: dict[int, list[tuple[str, int]]]) -> set[tuple[int, int]]:
    """Return (user id, object id) for the followers of the objects `via` names for each object (one query a type)."""
    wanted: dict[str, dict[int, set[int]]] = {}
    for object_id, others in via.items():
        for other_type, other_id in others:
            wanted.setdefault(other_type, {}).setdefault(other_id, set()).add(object_id)
    pairs: set[tuple[int, int]] = set()
    for other_type, by_other in wanted.items():
        for user_id, other_id in (Follow.objects.filter(object_type=other_type, object_id__in=list(by_other))
                                  .values_list("user_id", "object_id")):
            pairs |= {(user_id, o) for o in by_other[other_id]}
    return pairs


def notify_pairs(kind: str, object_type: str, objects: dict[int, tuple[str, str, dict]],
                 pairs: set[tuple[int, int]], *, actor=None, followed: set[tuple[int, int]] | None = None,
                 by_role: dict[tuple[int, int], int] | None = None) -> list[int]:
    """Write one notification per (user id, object id) pair whose user may still see the object (asked in bulk),
    less the actor; return their ids. The `followed` pairs whose user lost access lose their follow; the `by_role`
    pairs ({pair: convention id}) are told as that convention's staff."""
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    pairs = {(u, o) for u, o in pairs if u != actor_id and o in objects}  # who made the change needs no telling
    seen = audience(object_type=object_type, pairs=pairs)
    lost = (followed or set()) & (pairs - seen)
    if lost:
        _follows_forget(object_type, lost)
    ids = _notifications_insert(kind, object_type, objects, seen, by_role or {})
    if ids:
        transaction.on_commit(lambda: _mail_queue(ids))
    return ids


INSERTED = ("user", "kind", "object_type", "object_id", "title", "params", "url", "created_at", "attempts",
            "last_error", "unmailed", "staff_of")


def _notifications_insert(kind: str, object_type: str, objects: dict[int, tuple[str, str, dict]],
                          pairs: set[tuple[int, int]], by_role: dict[tuple[int, int], int]) -> list[int]:
    """Write one notification per (user id, object id) pair; return their ids.

    A fan-out writes tens of thousands of rows: each object's title, link and params are prepared for the
    database once, not once per follower, and the rows go in one `executemany` (Django's bulk_create prepares
    every value of every row, five times slower here). The rows share one `created_at`, by which they are read
    back (one indexed query) to give their ids to the mail queue."""
    if not pairs:
        return []
    connection = connections[router.db_for_write(Notification)]
    fields = {name: Notification._meta.get_field(name) for name in INSERTED}
    stamp = timezone.now()
    stamp_db = fields["created_at"].get_db_prep_save(stamp, connection)
    prepared = {o: (title[:300], fields["params"].get_db_prep_save(params, connection), url[:500])
                for o, (title, url, params) in objects.items()}
    rows = [(u, kind, object_type, o, prepared[o][0], prepared[o][1], prepared[o][2], stamp_db, 0, "", "",
             by_role.get((u, o))) for u, o in sorted(pairs)]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(Notification._meta.db_table)} "
           f"({', '.join(quote(fields[n].column) for n in INSERTED)}) VALUES ({', '.join(['%s'] * len(INSERTED))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return list(Notification.objects.filter(created_at=stamp, kind=kind, object_type=object_type)
                .order_by("pk").values_list("pk", flat=True))


def _follows_forget(object_type: str, pairs: set[tuple[int, int]]) -> None:
    """Drop the follows (and unread notifications) of objects their followers may no longer see."""
    by_object: dict[int, list[int]] = {}
    for u, o in pairs:
        by_object.setdefault(o, []).append(u)
    for object_id, user_ids in by_object.items():
        Follow.objects.filter(object_type=object_type, object_id=object_id, user_id__in=user_ids).delete()
        Notification.objects.filter(object_type=object_type, object_id=object_id, user_id__in=user_ids,
                                    read_at__isnull=True).delete()


def _mail_queue(ids: list[int]) -> None:
    """Queue the e-mails; a worker or queue that fails leaves the notifications for the next send run."""
    from liaison.alerts.tasks import notifications_mail_task

    try:
        notifications_mail_task.enqueue(notification_ids=ids)
    except Exception:  # the notifications are stored: mail.notifications_mail_pending sends them later
        logger.exception("Could not queue the e-mails of %d notifications", len(ids))
