"""JSON API of alerts: one's own notifications (paginated, `?unread=1`), marking read, and follows."""

from __future__ import annotations

from datetime import datetime

from ninja import Query, Router, Schema, Status
from pydantic import Field

from liaison.alerts import selectors, services
from liaison.alerts.models import Notification
from liaison.alerts.objects import followable_names
from liaison.alerts.wording import notification_title
from liaison.core.apiauth import django_auth
from liaison.core.schemas import ID_MAX, ErrorOut, PageIn, page_slice

router = Router(tags=["alerts"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 422)}


class NotificationOut(Schema):
    id: int
    kind: str
    type: str
    object_id: int
    title: str
    url: str
    created_at: datetime
    read_at: datetime | None
    emailed_at: datetime | None


class NotificationPage(Schema):
    count: int
    unread: int
    items: list[NotificationOut]


class NotificationFilters(PageIn):
    unread: bool = Field(False, description="Only the notifications not read yet (`?unread=1`).")
    kind: str = Field("", max_length=32, description="Only this kind of notification.")


class PreferencesOut(Schema):
    preferences: dict[str, str] = Field(..., description="Every kind of notification and how it is e-mailed: "
                                        "immediate, daily, weekly or none.")


class PreferencesIn(Schema):
    preferences: dict[str, str] = Field(..., description="The kinds to change and their frequency (immediate, "
                                        "daily, weekly, none); kinds left out keep theirs.")


class FollowIn(Schema):
    type: str = Field(..., max_length=16, description=f"One of: {', '.join(followable_names())}.")
    id: int = Field(..., ge=1, le=ID_MAX)


class FollowOut(Schema):
    id: int
    type: str
    object_id: int
    reason: str
    created_at: datetime


class FollowPage(Schema):
    count: int
    items: list[FollowOut]


def notification_out(n: Notification) -> dict:
    return {"id": n.pk, "kind": n.kind, "type": n.object_type, "object_id": n.object_id,
            "title": notification_title(n), "url": n.url, "created_at": n.created_at, "read_at": n.read_at,
            "emailed_at": n.emailed_at}


def follow_out(f) -> dict:
    return {"id": f.pk, "type": f.object_type, "object_id": f.object_id, "reason": f.reason,
            "created_at": f.created_at}


@router.get("/notifications", response={200: NotificationPage, **ERRORS}, auth=django_auth,
            description="Your notifications, newest first. Filters: `unread=1`, `kind`. Paginated: `limit` "
                        "(1-500), `offset`.")
def notification_list(request, filters: Query[NotificationFilters]):
    rows = selectors.notifications_for(user=request.user, unread=filters.unread, kind=filters.kind)
    count, page = page_slice(rows, page=filters)
    return {"count": count, "unread": selectors.notifications_unread_count(user=request.user),
            "items": [notification_out(n) for n in page]}


@router.post("/notifications/{int:notification_id}/read", response={200: NotificationOut, **ERRORS},
             auth=django_auth, description="Mark one of your notifications read.")
def notification_read(request, notification_id: int):
    return notification_out(services.notification_mark_read(user=request.user, notification_id=notification_id))


@router.get("/notifications/preferences", response={200: PreferencesOut, **ERRORS}, auth=django_auth,
            description="How each kind of notification is e-mailed to you: immediate (the default), daily or "
                        "weekly digest, or none.")
def preferences_get(request):
    return {"preferences": selectors.mail_preferences_for(user=request.user)}


@router.put("/notifications/preferences", response={200: PreferencesOut, **ERRORS}, auth=django_auth,
            description="Change how some kinds of notification are e-mailed to you; 422 and nothing stored for an "
                        "unknown kind or frequency.")
def preferences_put(request, payload: PreferencesIn):
    return {"preferences": services.mail_preferences_set(user=request.user, preferences=payload.preferences)}


@router.get("/follows", response={200: FollowPage, **ERRORS}, auth=django_auth,
            description="What you follow, newest first. Paginated: `limit` (1-500), `offset`.")
def follow_list(request, page: Query[PageIn]):
    count, rows = page_slice(selectors.follows_for(user=request.user), page=page)
    return {"count": count, "items": [follow_out(f) for f in rows]}


@router.post("/follows", response={200: FollowOut, 201: FollowOut, **ERRORS}, auth=django_auth,
             description="Follow a decision, mandate, target, partnership, work plan, contribution, report or "
                         "convention you may see "
                         "(404 otherwise). 201 when new, 200 when you followed it already.")
def follow_add(request, payload: FollowIn):
    follow, created = services.follow_create(user=request.user, object_type=payload.type, object_id=payload.id)
    return Status(201 if created else 200, follow_out(follow))


@router.delete("/follows/{int:follow_id}", response={204: None, **ERRORS}, auth=django_auth,
               description="Stop following (your own follows only).")
def follow_remove(request, follow_id: int):
    services.follow_delete(user=request.user, follow_id=follow_id)
    return Status(204, None)
