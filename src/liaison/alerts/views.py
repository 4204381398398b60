"""Pages of alerts: one's notifications (filter by kind, mark read), e-mail preferences, one-click unsubscribe."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from liaison.alerts import selectors, services
from liaison.alerts.mail import DIGEST_TOKENS, unsubscribe_read
from liaison.alerts.models import MailPreference, Notification
from liaison.alerts.wording import notification_title
from liaison.core.errors import Invalid, NotSignedIn

PER_PAGE = 50


def _signed_in(request) -> None:
    if not request.user.is_authenticated:
        raise NotSignedIn(_("Sign in to read your notifications."))


def notification_list(request):
    _signed_in(request)
    kinds = dict(Notification.KINDS)
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds else ""
    unread = request.GET.get("unread") == "1"
    rows = selectors.notifications_for(user=request.user, unread=unread, kind=kind)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for n in page:
        n.display = notification_title(n)
    return render(request, "alerts/notification_list.html", {
        "page": page, "kinds": Notification.KINDS, "kind": kind, "unread": unread,
        "unread_count": selectors.notifications_unread_count(user=request.user)})


@require_http_methods(["GET", "POST"])
def preferences(request):
    """How one receives e-mails of each kind: at once, in a daily or weekly digest, or not at all."""
    _signed_in(request)
    status, error, saved = 200, "", False
    if request.method == "POST":
        chosen = {kind: request.POST.get(kind, "") for kind, _label in Notification.KINDS if kind in request.POST}
        # one checkbox per convention and kind: a box left unticked (absent from the form) turns it off
        staff = {acronym: {kind: f"staff-{acronym}-{kind}" in request.POST for kind in kinds}
                 for acronym, kinds in selectors.staff_preferences_for(user=request.user).items()
                 if f"staff-{acronym}" in request.POST}  # the form shows that convention's boxes
        try:
            with transaction.atomic():
                services.staff_preferences_set(user=request.user, staff=staff)
                services.mail_preferences_set(user=request.user, preferences=chosen)
            saved = True
        except Invalid as exc:
            status, error = 400, str(exc)
    current = selectors.mail_preferences_for(user=request.user)
    rows = [{"kind": kind, "label": label, "frequency": current[kind]} for kind, label in Notification.KINDS]
    labels = dict(Notification.KINDS)
    staff_rows = [{"acronym": acronym, "kinds": [{"kind": kind, "label": labels[kind], "told": told}
                                                 for kind, told in kinds.items()]}
                  for acronym, kinds in selectors.staff_preferences_for(user=request.user).items()]
    follows_count, follows = selectors.follows_listed(user=request.user)
    return render(request, "alerts/preferences.html", {
        "rows": rows, "frequencies": MailPreference.FREQUENCIES, "error": error, "saved": saved,
        "staff_rows": staff_rows, "follows": follows, "follows_count": follows_count}, status=status)


def _back(request) -> str:
    """Where a follow button sends one back: the page it was on, when it is of this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "alerts:notification_list"


@require_POST
def follow_add(request):
    """Follow what a page shows (a theme, a country's reports...): the form of its Follow button."""
    _signed_in(request)
    raw_id = request.POST.get("id", "")
    services.follow_create(user=request.user, object_type=request.POST.get("type", "")[:16],
                           object_id=int(raw_id) if raw_id.isdigit() and len(raw_id) < 20 else None,
                           key=request.POST.get("key", "")[:120])
    messages.success(request, _("Followed: you will be told of its changes."))
    return redirect(_back(request))


@require_POST
def follow_remove(request, follow_id: int):
    """Stop following (one's own follows only): the form of an Unfollow button."""
    _signed_in(request)
    services.follow_delete(user=request.user, follow_id=follow_id)
    messages.success(request, _("You no longer follow it."))
    return redirect(_back(request))


@require_POST
def notification_read(request, notification_id: int):
    _signed_in(request)
    notification = services.notification_mark_read(user=request.user, notification_id=notification_id)
    if request.POST.get("go") == "1":
        return redirect(notification.url)
    return redirect("alerts:notification_list")


@require_POST
def notification_read_all(request):
    _signed_in(request)
    services.notifications_mark_all_read(user=request.user)
    return redirect("alerts:notification_list")


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, user_id: int, token: str):
    kind = unsubscribe_read(user_id=user_id, token=token)
    if kind is None:
        return HttpResponse(_("This unsubscribe link is not valid."), status=400, content_type="text/plain")
    label = {**dict(Notification.KINDS), **DIGEST_TOKENS}[kind]
    if request.method == "POST":
        services.mail_opt_out(user_id=user_id, kind=kind)
        return render(request, "alerts/unsubscribe.html", {"label": label, "done": True})
    return render(request, "alerts/unsubscribe.html", {"label": label, "done": False})
