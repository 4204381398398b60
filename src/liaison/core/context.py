"""Template context shared by every page."""

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse


def nav_entries() -> list[tuple[str, str]]:
    """Return (label, url) of every app's navigation entries (AppConfig.nav), in INSTALLED_APPS order."""
    entries = []
    for config in apps.get_app_configs():
        for label, url_name in getattr(config, "nav", []):
            try:
                entries.append((label, reverse(url_name)))
            except NoReverseMatch:
                continue
    return entries


def site_context(request):
    """Return the navigation and demo flags every page needs."""
    return {"DEMO_MODE": settings.DEMO_MODE, "NAV": nav_entries()}
