from django.urls import path

from liaison.alerts import views

app_name = "alerts"

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/read/", views.notification_read_all, name="notification_read_all"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="notification_read"),
    path("notifications/follows/", views.follow_add, name="follow_add"),
    path("notifications/follows/<int:follow_id>/delete/", views.follow_remove, name="follow_remove"),
    path("notifications/unsubscribe/<int:user_id>/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
