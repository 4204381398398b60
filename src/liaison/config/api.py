"""The JSON API: one django-ninja instance, one router per app, errors always as JSON."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from liaison.catalogue.api import router as catalogue_router
from liaison.core.errors import DomainError
from liaison.decisions.api import router as decisions_router
from liaison.frameworks.api import router as frameworks_router
from liaison.overlap.api import router as overlap_router
from liaison.partnerships.api import router as partnerships_router
from liaison.reporting.api import router as reporting_router

api = NinjaAPI(
    title="Liaison API",
    version="1",
    description="Decisions, mandates, conventions, parties and crosswalks of the biodiversity conventions.",
    urls_namespace="api",
)


def error_response(request, status: int, detail, errors: list[dict] | None = None):
    """Answer with the one error shape of the API: {"detail": "...", "errors": [{"field", "message"}]}."""
    if not isinstance(detail, str):
        detail = "; ".join(str(d) for d in detail) if isinstance(detail, (list, tuple)) else str(detail)
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return error_response(request, exc.status, exc.detail, exc.errors)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error_response(request, 404, str(exc) or "Not found.")


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return error_response(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return error_response(request, 401, "Sign in first.")


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = []
    if hasattr(exc, "error_dict"):
        errors = [{"field": name, "message": str(m)} for name, msgs in exc.message_dict.items() for m in msgs]
    return error_response(request, 400, exc.messages, errors)


@api.exception_handler(DataError)
def data_error(request, exc):
    # e.g. a NUL character in a JSON string, which PostgreSQL refuses: the caller's input, not a server fault
    return error_response(request, 400, "The request holds a value the database cannot store "
                                        "(for example a NUL character, or a number too large).")


@api.exception_handler(NinjaValidationError)
def invalid_params(request, exc):
    errors = []
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc), "message": str(err.get("msg", "invalid"))})
    return error_response(request, 422, "Some values are not valid.", errors)


api.add_router("/", catalogue_router)
api.add_router("/", decisions_router)
api.add_router("/", frameworks_router)
api.add_router("/", overlap_router)
api.add_router("/", partnerships_router)
api.add_router("/", reporting_router)

__all__ = ["api", "django_auth"]
