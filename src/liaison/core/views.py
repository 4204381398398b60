"""Error pages shared by every area (the home and data pages are the portal app's, search the search app's)."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    """The styled 500 page; API callers get the API's error shape even when the fault is outside the API."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": _("The server failed to answer this request; the fault is logged."),
                             "errors": []}, status=500)
    return render(request, "core/500.html", status=500)
