"""Login throttling per account and per address, kept in the database so every worker sees the same counts.

After `LIAISON_LOGIN_FAILURES_PER_ACCOUNT` wrong passwords for one username, or
`LIAISON_LOGIN_FAILURES_PER_ADDRESS` from one client address, within `LIAISON_LOGIN_WINDOW_SECONDS`, every
further attempt is refused, the right password included, until the oldest of those failures leaves the window.
Refused attempts are not counted, so the cool-down cannot be stretched by hammering.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils import timezone

from liaison.accounts.models import LoginFailure

_REFUSED_ATTR = "_liaison_login_throttled"


def client_address(request) -> str | None:
    """Return the client address of `request` (REMOTE_ADDR: set it from a trusted proxy, never from a header)."""
    address = (request.META.get("REMOTE_ADDR") or "").strip() if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:  # empty (a Unix socket) or not an address: count by account only
        return None


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LIAISON_LOGIN_WINDOW_SECONDS)


def _normalise(username) -> str:
    return str(username or "").strip().lower()[:150]


def login_throttled(*, username, address: str | None) -> bool:
    """Return True when sign-in attempts for `username` or from `address` are refused for now."""
    since = _window_start()
    recent = LoginFailure.objects.filter(at__gte=since)
    name = _normalise(username)
    if name and recent.filter(username=name).count() >= settings.LIAISON_LOGIN_FAILURES_PER_ACCOUNT:
        return True
    if address and recent.filter(address=address).count() >= settings.LIAISON_LOGIN_FAILURES_PER_ADDRESS:
        return True
    return False


def login_failure_record(*, username, address: str | None) -> None:
    """Count one wrong password and forget failures older than the window."""
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.create(username=_normalise(username), address=address)


class ThrottleBackend:
    """First authentication backend: refuses any attempt while throttled (the admin login page included).

    It has no get_user, so sessions and `force_login` keep naming the model backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:  # not a web sign-in (tests, scripts): nothing to throttle by
            return None
        if login_throttled(username=username, address=client_address(request)):
            setattr(request, _REFUSED_ATTR, True)
            raise PermissionDenied("Too many failed sign-in attempts")
        return None


def attempt_was_throttled(request) -> bool:
    """Return True when the last authentication of `request` was refused by the throttle."""
    return bool(getattr(request, _REFUSED_ATTR, False))


@receiver(user_login_failed, dispatch_uid="liaison_login_failure_record")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None or attempt_was_throttled(request):
        return
    login_failure_record(username=credentials.get("username"), address=client_address(request))


@receiver(user_logged_in, dispatch_uid="liaison_login_failures_clear")
def _on_logged_in(sender, request, user, **kwargs):
    # a successful sign-in clears that account's failures (not the address's: others may share it)
    LoginFailure.objects.filter(username=_normalise(user.get_username())).delete()
