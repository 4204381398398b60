"""Template context shared by every page."""

from django.conf import settings


def site_context(request):
    """Return the navigation and demo flags every page needs."""
    return {"DEMO_MODE": settings.DEMO_MODE}
