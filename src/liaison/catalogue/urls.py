from django.urls import path

from liaison.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("conventions/", views.convention_list, name="convention_list"),
    path("conventions/<str:acronym>/", views.convention_detail, name="convention_detail"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:iso3>/", views.country_detail, name="country_detail"),
]
