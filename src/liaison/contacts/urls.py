from django.urls import path

from liaison.contacts import views

app_name = "contacts"
urlpatterns = [
    path("countries/<str:iso3>/contacts/", views.contact_list, name="list"),
    path("countries/<str:iso3>/contacts/new/", views.contact_new, name="new"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="edit"),
    path("contacts/<int:contact_id>/delete/", views.contact_delete, name="delete"),
    path("contacts/import/", views.contact_import, name="import"),
    path("contacts/import/<int:import_id>/", views.contact_import_preview, name="import_preview"),
    path("contacts/import/<int:import_id>/confirm/", views.contact_import_confirm, name="import_confirm"),
]
