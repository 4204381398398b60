from django.urls import path

from liaison.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/import/", views.framework_import, name="framework_import"),
    path("frameworks/jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("frameworks/<str:code>/", views.framework_detail, name="framework_detail"),
    path("frameworks/<str:code>/export/", views.framework_export, name="framework_export"),
    path("frameworks/<str:code>/suggest/", views.framework_suggest, name="framework_suggest"),
    path("targets/<int:target_id>/", views.target_detail, name="target_detail"),
    path("indicators/shared/", views.shared_indicators, name="shared_indicators"),
    path("indicators/<int:indicator_id>/", views.indicator_detail, name="indicator_detail"),
    path("crosswalk/", views.crosswalk, name="crosswalk"),
    path("crosswalk/path/", views.path, name="path"),
    path("links/review/", views.review_queue, name="review_queue"),
    path("synergies/", views.synergies, name="synergies"),
]
