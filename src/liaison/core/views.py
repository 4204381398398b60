"""Pages that belong to no single area: home, about the data, error pages (search is the search app's)."""

from django.shortcuts import render

from liaison.catalogue.selectors import catalogue_stats
from liaison.core.selectors import datasets_list


def home(request):
    return render(request, "core/home.html", {"stats": catalogue_stats()})


def about_data(request):
    from liaison.catalogue.selectors import countries_unmapped_list

    return render(
        request,
        "core/about_data.html",
        {"datasets": datasets_list(), "unmapped": countries_unmapped_list()},
    )


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    """The styled 500 page; API callers get the API's error shape even when the fault is outside the API."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "The server failed to answer this request; the fault is logged.",
                             "errors": []}, status=500)
    return render(request, "core/500.html", status=500)
