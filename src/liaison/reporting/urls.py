from django.urls import path

from liaison.reporting import views

app_name = "reporting"
urlpatterns = [
    path("reporting/", views.workspace, name="workspace"),
    path("reporting/start/<slug:code>/<str:iso3>/", views.report_start, name="report_start"),
    path("reporting/reports/<int:report_id>/", views.report_page, name="report"),
    path("reporting/reports/<int:report_id>/print/", views.report_print, name="report_print"),
    path("reporting/reports/<int:report_id>/pdf/", views.report_pdf, name="report_pdf"),
    path("reporting/reports/<int:report_id>/delegate/", views.report_delegate, name="report_delegate"),
    path("reporting/reports/<int:report_id>/submit/", views.report_submit, name="report_submit"),
    path("reporting/reports/<int:report_id>/reopen/", views.report_reopen, name="report_reopen"),
    path("reporting/reopen-requests/<int:request_id>/", views.reopen_decide, name="reopen_decide"),
    path("reporting/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("reporting/questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("reporting/questionnaires/import/", views.questionnaire_upload, name="questionnaire_upload"),
    path("reporting/questionnaires/<slug:code>/", views.questionnaire_detail, name="questionnaire"),
    path("reporting/dashboard/<slug:code>/", views.dashboard, name="dashboard"),
    path("reporting/links/", views.links_review, name="links"),
]
