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


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "Sign in first."}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": exc.messages}, status=400)


@api.exception_handler(DataError)
def data_error(request, exc):
    # e.g. a NUL character in a JSON string, which PostgreSQL refuses: the caller's input, not a server fault
    return api.create_response(request, {"detail": "The request holds a value the database cannot store "
                                                   "(for example a NUL character)."}, status=400)


@api.exception_handler(NinjaValidationError)
def invalid_params(request, exc):
    return api.create_response(request, {"detail": exc.errors}, status=422)


api.add_router("/", catalogue_router)
api.add_router("/", decisions_router)
api.add_router("/", frameworks_router)
api.add_router("/", overlap_router)
api.add_router("/", partnerships_router)
api.add_router("/", reporting_router)

__all__ = ["api", "django_auth"]
