"""The JSON API: one django-ninja instance, one router per app, errors always as JSON."""

from __future__ import annotations

import copy
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from liaison.accounts.api import router as accounts_router
from liaison.alerts.api import router as alerts_router
from liaison.catalogue.api import router as catalogue_router
from liaison.contacts.api import router as contacts_router
from liaison.coordination.api import router as coordination_router
from liaison.core.apiauth import django_auth
from liaison.core.errors import DomainError
from liaison.core.validation import validation_message
from liaison.decisions.api import router as decisions_router
from liaison.frameworks.api import router as frameworks_router
from liaison.frameworks.api_shared import router as frameworks_shared_router
from liaison.indicators.api import router as indicators_router
from liaison.interop.api import router as interop_router
from liaison.meetings.api import router as meetings_router
from liaison.offline.api import router as offline_router
from liaison.overlap.api import router as overlap_router
from liaison.partnerships.api import router as partnerships_router
from liaison.reporting.api import router as reporting_router
from liaison.search.api import router as search_router

logger = logging.getLogger("liaison.api")

DESCRIPTION = """Decisions, mandates, conventions, parties and crosswalks of the biodiversity conventions.

**Authentication.** Pages sign you in with a session (and CSRF for changes). Scripts and national systems
send a personal API token, created on the profile page (`/accounts/me/`), as `Authorization: Bearer <token>`.
A token acts as its user, with exactly that user's roles; a read-only token is refused (403) on every change;
an unknown or revoked token answers 401. Requests with a token need no CSRF token.

**Errors** always have the shape `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`, in the
language of `Accept-Language` (English, French, Spanish).
"""


class LiaisonAPI(NinjaAPI):
    """The ninja API with its OpenAPI document built once per path prefix, not on every request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._openapi_cache: dict[str, dict] = {}
        self.openapi_builds = 0  # how many times the document was built (tests read it)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cached = self._openapi_cache.get(path_prefix)
        if cached is None:
            self.openapi_builds += 1
            cached = dict(super().get_openapi_schema(path_prefix=path_prefix))
            _bearer_document(cached)
            self._openapi_cache[path_prefix] = cached
        return copy.copy(cached)  # a shallow copy: a caller adding a key does not change the cached one


def _bearer_document(schema: dict) -> None:
    """Declare the Bearer token next to the session cookie wherever an operation asks for sign-in."""
    components = schema.setdefault("components", {})
    components.setdefault("securitySchemes", {})["BearerToken"] = {
        "type": "http", "scheme": "bearer",
        "description": "A personal API token from the profile page; read-only tokens cannot change anything.",
    }
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and operation.get("security"):
                if {"BearerToken": []} not in operation["security"]:
                    operation["security"].append({"BearerToken": []})


api = LiaisonAPI(
    title="Liaison API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
)


def error_response(request, status: int, detail, errors: list[dict] | None = None):
    """Answer with the one error shape of the API: {"detail": "...", "errors": [{"field", "message"}]}."""
    if not isinstance(detail, str):
        detail = "; ".join(str(d) for d in detail) if isinstance(detail, (list, tuple)) else str(detail)
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    # default details are plain English msgids: translated here, in the caller's language
    return error_response(request, exc.status, _(exc.detail), exc.errors)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error_response(request, 404, str(exc) or _("Not found."))


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return error_response(request, 403, str(exc) or _("You may not do this."))


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return error_response(request, 401, _("Sign in first, or send a personal API token."))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # ninja's own refusals, e.g. "CSRF check Failed" (403) for a session write without its CSRF token
    return error_response(request, exc.status_code, _(exc.message) if exc.message else _("The request failed."))


@api.exception_handler(Exception)
def server_error(request, exc):
    # the last resort: no input may reach a raw 500 page; the traceback goes to the log, not to the caller
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return error_response(request, 500, _("Something went wrong on our side. The error was logged; "
                                          "nothing was stored half-way. Please try again."))


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = []
    if hasattr(exc, "error_dict"):
        errors = [{"field": name, "message": str(m)} for name, msgs in exc.message_dict.items() for m in msgs]
    return error_response(request, 400, exc.messages, errors)


@api.exception_handler(DataError)
def data_error(request, exc):
    # e.g. a NUL character in a JSON string, which PostgreSQL refuses: the caller's input, not a server fault
    return error_response(request, 400, _("The request holds a value the database cannot store "
                                          "(for example a NUL character, or a number too large)."))


@api.exception_handler(NinjaValidationError)
def invalid_params(request, exc):
    errors = []
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc), "message": validation_message(err)})
    return error_response(request, 422, _("Some values are not valid."), errors)


api.add_router("/", accounts_router)
api.add_router("/", catalogue_router)
api.add_router("/", decisions_router)
api.add_router("/", frameworks_router)
api.add_router("/", frameworks_shared_router)
api.add_router("/", overlap_router)
api.add_router("/", partnerships_router)
api.add_router("/", reporting_router)
api.add_router("/", offline_router)
api.add_router("/", indicators_router)
api.add_router("/", contacts_router)
api.add_router("/", meetings_router)
api.add_router("/", coordination_router)
api.add_router("/", interop_router)
api.add_router("/", alerts_router)
api.add_router("/", search_router)

__all__ = ["api", "django_auth"]
