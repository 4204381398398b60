"""JSON API of alerts: one's own notifications (paginated, `?unread=1`), marking read, and follows."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from ninja import Query, Router, Schema, Status
from pydantic import Field, model_validator

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
    staff: dict[str, dict[str, bool]] = Field(..., description="For each convention you are secretariat staff "
                                              "of (by acronym), whether each kind of its dashboards' events is "
                                              "told to you through that role (true unless you turned it off).")


class PreferencesIn(Schema):
    preferences: dict[str, str] = Field(default_factory=dict, description="The kinds to change and their "
                                        "frequency (immediate, daily, weekly, none); kinds left out keep theirs.")
    staff: dict[str, dict[str, bool]] = Field(default_factory=dict, description="Per convention you are staff "
                                              "of, the dashboards' kinds to be told of through your role (true) "
                                              "or not (false); those left out keep theirs.")

    @model_validator(mode="after")
    def something_given(self):
        if not self.model_fields_set:
            raise ValueError("give `preferences`, `staff` or both")
        return self


class FollowIn(Schema):
    type: str = Field(..., max_length=16, description=f"One of: {', '.join(followable_names())}.")
    id: int | None = Field(None, ge=1, le=ID_MAX, description="The object's id (or give `key`).")
    key: str = Field("", max_length=120, description="For a theme its slug (`wetlands`), for a country's reports "
                     "its ISO 3166 alpha-3 code (`KEN`), instead of `id`.")


class FollowOut(Schema):
    id: int
    type: str
    object_id: int
    key: str = Field(..., description="A theme's slug, a country's ISO code; empty for other types.")
    reason: str
    created_at: datetime


class FollowPage(Schema):
    count: int
    items: list[FollowOut]


def notification_out(n: Notification) -> dict:
    return {"id": n.pk, "kind": n.kind, "type": n.object_type, "object_id": n.object_id,
            "title": notification_title(n), "url": n.url, "created_at": n.created_at, "read_at": n.read_at,
            "emailed_at": n.emailed_at}


def follow_out(f, keys: dict[tuple[str, int], str] | None = None) -> dict:
    keys = selectors.follow_keys([f]) if keys is None else keys
    return {"id": f.pk, "type": f.object_type, "object_id": f.object_id, "key": keys.get((f.object_type, f.object_id), ""),
            "reason": f.reason, "created_at": f.created_at}


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
    return {"preferences": selectors.mail_preferences_for(user=request.user),
            "staff": selectors.staff_preferences_for(user=request.user)}


@router.put("/notifications/preferences", response={200: PreferencesOut, **ERRORS}, auth=django_auth,
            description="Change how some kinds of notification are e-mailed to you, and which of your "
                        "conventions' dashboards' events are told to you as staff; 422 and nothing stored for an "
                        "unknown kind or frequency, or a convention you are not staff of.")
def preferences_put(request, payload: PreferencesIn):
    with transaction.atomic():
        staff = services.staff_preferences_set(user=request.user, staff=payload.staff)
        preferences = services.mail_preferences_set(user=request.user, preferences=payload.preferences)
    return {"preferences": preferences, "staff": staff}


@router.get("/follows", response={200: FollowPage, **ERRORS}, auth=django_auth,
            description="What you follow, newest first. Paginated: `limit` (1-500), `offset`.")
def follow_list(request, page: Query[PageIn]):
    count, rows = page_slice(selectors.follows_for(user=request.user), page=page)
    keys = selectors.follow_keys(rows)
    return {"count": count, "items": [follow_out(f, keys) for f in rows]}


@router.post("/follows", response={200: FollowOut, 201: FollowOut, **ERRORS}, auth=django_auth,
             description="Follow a decision, mandate, target, partnership, work plan, contribution, report or "
                         "convention you may see, by `id`; a theme of the overlap report by its slug or a "
                         "country's reports by its ISO code, as `key` "
                         "(404 otherwise). 201 when new, 200 when you followed it already.")
def follow_add(request, payload: FollowIn):
    follow, created = services.follow_create(user=request.user, object_type=payload.type, object_id=payload.id,
                                             key=payload.key)
    return Status(201 if created else 200, follow_out(follow))


@router.delete("/follows/{int:follow_id}", response={204: None, **ERRORS}, auth=django_auth,
               description="Stop following (your own follows only).")
def follow_remove(request, follow_id: int):
    services.follow_delete(user=request.user, follow_id=follow_id)
    return Status(204, None)
