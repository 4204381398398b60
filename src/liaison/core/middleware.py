"""Request guards shared by every page and API route."""

from __future__ import annotations

import json

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _


class NulCharacterGuard:
    """Refuse query strings and form fields holding NUL characters with a 400, whatever the database.

    SQLite stores them silently; PostgreSQL refuses them with an error deep inside a query. Refusing them at
    the door gives the same clear answer on both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # This guard runs before LocaleMiddleware: its refusals pick the caller's language themselves.
        with translation.override(translation.get_language_from_request(request)):
            refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request) -> HttpResponse | None:
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return HttpResponseBadRequest(_("The address contains a NUL character, which Liaison does not accept."),
                                          content_type="text/plain; charset=utf-8")
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data") and any(
            "\x00" in value for values in request.POST.lists() for value in values[1]
        ):
            return HttpResponseBadRequest(_("A form field contains a NUL character, which Liaison does not accept."),
                                          content_type="text/plain; charset=utf-8")
        if api_body_unreadable(request):
            # JSON sent as text/plain (or any other type) would be parsed by the API without this guard
            # ever reading it: the API reads only the types it declares.
            return HttpResponse(json.dumps({"detail": _("The API reads JSON (application/json) or forms; this "
                                                        "request body is of another type."), "errors": []}),
                                status=415, content_type="application/json")
        if json_type_is(request.content_type) and b"\\u0000" in request.body:
            return HttpResponseBadRequest(json.dumps({"detail": _("A value contains a NUL character, which Liaison "
                                                                  "does not accept."), "errors": []}),
                                          content_type="application/json")
        return None


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def json_type_is(content_type: str | None) -> bool:
    """Return True for application/json and the +json types (e.g. application/merge-patch+json)."""
    return content_type == "application/json" or bool(content_type and content_type.endswith("+json"))


def api_body_unreadable(request) -> bool:
    """Return True when an API write carries a body of a type the API does not declare (JSON or a form)."""
    if not request.path.startswith("/api/") or request.method not in ("POST", "PUT", "PATCH"):
        return False
    if json_type_is(request.content_type) or request.content_type in FORM_TYPES:
        return False
    return bool(request.META.get("CONTENT_LENGTH") not in (None, "", "0") or request.body)


class DomainErrorPages:
    """Answer a domain error raised by a page view with the styled page of its status (403, 404, 409...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from liaison.core.errors import DomainError, NotSignedIn

        if not isinstance(exception, DomainError):
            return None
        if isinstance(exception, NotSignedIn):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        from django.shortcuts import render
        from django.utils.translation import gettext

        template = {404: "core/404.html", 403: "core/403.html"}.get(exception.status, "core/error.html")
        # default details are plain English msgids: shown in the reader's language
        return render(request, template, {"detail": gettext(exception.detail), "status": exception.status},
                      status=exception.status)


class SecurityHeaders:
    """Add the Content-Security-Policy and Permissions-Policy of the settings to every answer."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.csp = getattr(settings, "LIAISON_CONTENT_SECURITY_POLICY", "")
        self.permissions = getattr(settings, "LIAISON_PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.csp
        if self.permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions
        return response
