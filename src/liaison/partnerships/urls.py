from django.urls import path

from liaison.partnerships.committee import views as committee
from liaison.partnerships.contributions import views as contributions
from liaison.partnerships.registry import views as registry
from liaison.partnerships.registry import views_pages as registration

app_name = "partnerships"
urlpatterns = [
    path("partnerships/", registry.partnership_list, name="partnership_list"),
    path("partnerships/new/", registration.partnership_new, name="partnership_new"),
    path("partnerships/<int:partnership_id>/", registry.partnership_detail, name="partnership_detail"),
    path("partnerships/<int:partnership_id>/workplans/new/", registration.workplan_new, name="workplan_new"),
    path("partnerships/workplans/<int:workplan_id>/", registry.workplan_detail, name="workplan_detail"),
    path("partnerships/activities/<int:activity_id>/edit/", registry.activity_edit, name="activity_edit"),
    path("partnerships/calendar/", registry.calendar, name="calendar"),
    path("partnerships/calendar.ics", registry.calendar_feed, name="calendar_feed"),
    path("partnerships/screenings/", registry.screening_list, name="screening_list"),
    path("partnerships/screenings/<int:screening_id>/decide/", registry.screening_decide, name="screening_decide"),
    path("partnerships/report/", committee.report_builder, name="report_builder"),
    path("partnerships/contributions/", contributions.contribution_list, name="contribution_list"),
    path("partnerships/contributions/new/", contributions.contribution_new, name="contribution_new"),
    path("partnerships/contributions/<int:contribution_id>/", contributions.contribution_detail,
         name="contribution_detail"),
    path("partnerships/contributions/<int:contribution_id>/evidence/<int:evidence_id>/",
         contributions.evidence_download, name="evidence_download"),
]
