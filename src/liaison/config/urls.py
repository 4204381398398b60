"""URL map: pages per app, the JSON API under /api/, admin, i18n switcher."""

from django.contrib import admin
from django.urls import include, path

from liaison.config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("liaison.accounts.urls")),
    path("", include("liaison.catalogue.urls")),
    path("", include("liaison.decisions.urls")),
    path("", include("liaison.frameworks.urls")),
    path("", include("liaison.overlap.urls")),
    path("", include("liaison.partnerships.urls")),
    path("", include("liaison.reporting.urls")),
    path("", include("liaison.offline.urls")),
    path("", include("liaison.indicators.urls")),
    path("", include("liaison.contacts.urls")),
    path("", include("liaison.meetings.urls")),
    path("", include("liaison.coordination.urls")),
    path("", include("liaison.alerts.urls")),
    path("", include("liaison.search.urls")),
    path("", include("liaison.portal.urls")),
]

handler404 = "liaison.core.views.page_not_found"
handler500 = "liaison.core.views.server_error"
