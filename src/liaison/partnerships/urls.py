from django.urls import path

from liaison.partnerships import views, views_contributions, views_registry

app_name = "partnerships"
urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/new/", views_registry.partnership_new, name="partnership_new"),
    path("partnerships/<int:partnership_id>/", views.partnership_detail, name="partnership_detail"),
    path("partnerships/<int:partnership_id>/workplans/new/", views_registry.workplan_new, name="workplan_new"),
    path("partnerships/workplans/<int:workplan_id>/", views.workplan_detail, name="workplan_detail"),
    path("partnerships/activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("partnerships/calendar/", views.calendar, name="calendar"),
    path("partnerships/calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("partnerships/screenings/", views.screening_list, name="screening_list"),
    path("partnerships/screenings/<int:screening_id>/decide/", views.screening_decide, name="screening_decide"),
    path("partnerships/report/", views.report_builder, name="report_builder"),
    path("partnerships/contributions/", views_contributions.contribution_list, name="contribution_list"),
    path("partnerships/contributions/new/", views_contributions.contribution_new, name="contribution_new"),
    path("partnerships/contributions/<int:contribution_id>/", views_contributions.contribution_detail,
         name="contribution_detail"),
    path("partnerships/contributions/<int:contribution_id>/evidence/<int:evidence_id>/",
         views_contributions.evidence_download, name="evidence_download"),
]
