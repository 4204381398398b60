"""Session authentication of the API that tells a caller with no session to sign in (401) before any CSRF check.

ninja's own `django_auth` checks the CSRF token first, so a script with neither session nor token got
"403 CSRF check Failed" and no hint that it should sign in or send `Authorization: Bearer`. Signed-in callers
are checked for CSRF exactly as before; token requests are marked exempt by the token middleware.
"""

from __future__ import annotations

from ninja.security import SessionAuth


class SignedInSession(SessionAuth):
    def __call__(self, request):
        if not getattr(request.user, "is_authenticated", False):
            return None  # ninja answers 401
        return super().__call__(request)


django_auth = SignedInSession()
