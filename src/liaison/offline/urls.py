from django.urls import path

from liaison.offline import views

app_name = "offline"
urlpatterns = [
    path("reporting/reports/<int:report_id>/offline/upload/", views.upload_create, name="upload_create"),
    path("reporting/offline/uploads/<int:upload_id>/", views.upload_page, name="upload"),
    path("reporting/offline/questionnaire-forms/", views.form_import, name="form_import"),
    path("reporting/offline/questionnaire-forms/<int:import_id>/", views.form_preview, name="form_preview"),
]
