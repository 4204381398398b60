from django.urls import path

from liaison.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/data/", views.about_data, name="about_data"),
]
