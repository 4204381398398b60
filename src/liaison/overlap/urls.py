from django.urls import path

from liaison.overlap import views

app_name = "overlap"
urlpatterns = [
    path("overlap/", views.report, name="report"),
    path("overlap/recompute/", views.recompute, name="recompute"),
    path("overlap/themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("overlap/leads/", views.leads, name="leads"),
]
