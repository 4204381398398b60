"""Domain errors: what selectors, permission checks and services raise, whatever the caller (page, API, CLI).

Each carries the HTTP status a web caller answers with, so a page and the API give the same answer for the
same fault. "Missing" and "not yours" are the same `NotFound`: a caller cannot probe for hidden objects.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop  # default details go to the catalogues; handlers translate


class DomainError(Exception):
    """A refusal the caller caused; `status` is the HTTP answer, `errors` lists faults per field."""

    status = 400
    default_detail = gettext_noop("The request cannot be carried out.")

    def __init__(self, detail: str | None = None, *, errors: list[dict] | None = None):
        self.detail = detail or self.default_detail
        self.errors = errors or []
        super().__init__(self.detail)


class NotSignedIn(DomainError):
    status = 401
    default_detail = gettext_noop("Sign in first.")


class NotAllowed(DomainError):
    status = 403
    default_detail = gettext_noop("You may not do this.")


class NotFound(DomainError):
    status = 404
    default_detail = gettext_noop("Not found.")


class Conflict(DomainError):
    status = 409
    default_detail = gettext_noop("The object changed or is in a state that does not allow this.")


class TooLarge(DomainError):
    status = 413
    default_detail = gettext_noop("The upload is too large.")


class UnsupportedType(DomainError):
    status = 415
    default_detail = gettext_noop("This kind of file or content is not accepted here.")


class Invalid(DomainError):
    status = 422
    default_detail = gettext_noop("Some values are not valid.")
