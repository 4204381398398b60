from django.urls import path

from liaison.coordination import views

app_name = "coordination"
urlpatterns = [
    path("countries/<str:iso3>/room/", views.room, name="room"),
    path("countries/<str:iso3>/room/groups/", views.group_create, name="group_create"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/members/", views.member_add, name="member_add"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/members/<int:user_id>/remove/", views.member_remove,
         name="member_remove"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/notes/", views.note_create, name="note_create"),
]
