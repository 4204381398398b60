"""Bearer-token authentication for the JSON API, alongside the session."""

from __future__ import annotations

import json
import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.translation import gettext as _

from liaison.accounts.tokens import api_token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _error(status: int, detail: str) -> HttpResponse:
    response = HttpResponse(json.dumps({"detail": detail, "errors": []}), status=status,
                            content_type="application/json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


class ApiTokenAuthentication:
    """Let `Authorization: Bearer <token>` sign an /api/ request in as the token's user.

    Placed after AuthenticationMiddleware, so the token's user replaces the session's and every permission
    check (access_for) sees exactly what that user may do. A token request carries no cookie a browser could
    forge, so it is exempt from CSRF; session requests keep it. A read token is refused on every write method.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not request.path.startswith("/api/") or not header[:7].lower() == "bearer ":
            return self.get_response(request)
        token = api_token_authenticate(header[7:].strip())
        if token is None:
            return _error(401, _("The API token is not valid, or it was revoked."))
        if request.method not in SAFE_METHODS and not token.writes:
            return _error(403, _("This API token may only read: create a read-write token to make changes."))
        request.user = token.user
        request.api_token = token
        request._dont_enforce_csrf_checks = True  # Django's CSRF check, and ninja's for django_auth
        return self.get_response(request)


class SessionIdleRenewal:
    """Keep a signed-in session alive while it is used: renew its expiry at most once a minute.

    SESSION_COOKIE_AGE is the idle timeout; a session not renewed within it expires on its own.
    """

    RENEW_AFTER_SECONDS = 60
    KEY = "_liaison_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not hasattr(request, "api_token") and session.get("_auth_user_id"):
            now = int(time.time())
            if now - int(session.get(self.KEY, 0) or 0) >= self.RENEW_AFTER_SECONDS:
                session[self.KEY] = now  # marks the session modified: saved with a fresh expiry
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="liaison_session_seen_at_login")
def _session_seen_at_login(sender, request, user, **kwargs):
    # the session is written at sign-in anyway: note the time now, so the next request writes nothing
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionIdleRenewal.KEY] = int(time.time())
