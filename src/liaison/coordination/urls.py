from django.urls import path

from liaison.coordination import views

app_name = "coordination"
urlpatterns = [
    path("countries/<str:iso3>/room/", views.room, name="room"),
]
