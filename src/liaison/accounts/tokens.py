"""Personal API tokens: create, revoke, and authenticate a request by its `Authorization: Bearer` header."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.models import ApiToken
from liaison.core.errors import Invalid, NotFound, NotSignedIn
from liaison.core.services import audit_record

TOKEN_PREFIX = "lia_"
# last_used_at is written at most this often per token, so reading with a token costs no write per request
LAST_USED_RESOLUTION = timedelta(minutes=1)
TOKENS_PER_USER_MAX = 50


def token_digest(secret: str) -> str:
    """Return the sha256 hex digest under which a token secret is stored."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def api_token_create(*, user, name: str, scope: str) -> tuple[ApiToken, str]:
    """Create a token for `user` and return it with its secret, which is never stored nor shown again."""
    if not getattr(user, "is_authenticated", False):
        raise NotSignedIn()
    name = (name or "").strip()
    errors = []
    if not name:
        errors.append({"field": "name", "message": _("Give the token a name.")})
    elif len(name) > 100:
        errors.append({"field": "name", "message": _("At most 100 characters.")})
    if scope not in (ApiToken.READ, ApiToken.READ_WRITE):
        errors.append({"field": "scope", "message": _("Choose read or read-write.")})
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= TOKENS_PER_USER_MAX:
        errors.append({"field": "name", "message": _("At most %(n)d tokens: revoke one first.") % {"n": TOKENS_PER_USER_MAX}})
    if errors:
        raise Invalid(errors=errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)  # 32 random bytes
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, scope=scope, secret_sha256=token_digest(secret),
                                        prefix=secret[: len(TOKEN_PREFIX) + 4])
        audit_record(actor=user, action="api_token.create", obj=token, changes={"name": name, "scope": scope})
    return token, secret


def api_token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (someone else's is not found) and return it."""
    token = ApiToken.objects.filter(user_id=getattr(user, "pk", None), pk=token_id).first()
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=user, action="api_token.revoke", obj=token, changes={"name": token.name})
    return token


def api_tokens_of(*, user):
    """Return the user's tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(user_id=getattr(user, "pk", None))


def api_token_authenticate(secret: str) -> ApiToken | None:
    """Return the live token whose secret is `secret` (its user loaded), or None; note when it was used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (ApiToken.objects.select_related("user").filter(secret_sha256=token_digest(secret),
                                                            revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
