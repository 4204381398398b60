from django.urls import path

from liaison.coordination import views, views_work

app_name = "coordination"
urlpatterns = [
    path("countries/<str:iso3>/room/", views.room, name="room"),
    path("countries/<str:iso3>/room/groups/", views.group_create, name="group_create"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/members/", views.member_add, name="member_add"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/members/<int:user_id>/remove/", views.member_remove,
         name="member_remove"),
    # the room's one form per group: each member's Remove button sends its user id
    path("countries/<str:iso3>/room/groups/<int:group_id>/members/remove/", views.members_remove,
         name="members_remove"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/notes/", views.note_create, name="note_create"),
    # the group's work (views_work): its page, meetings and documents, actions, coordinated positions
    path("countries/<str:iso3>/room/groups/<int:group_id>/", views_work.group_page, name="group"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/meetings/", views_work.meeting_create,
         name="meeting_create"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/meetings/<int:meeting_id>/", views_work.meeting_page,
         name="meeting"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/meetings/<int:meeting_id>/documents/",
         views_work.meeting_document_add, name="meeting_document_add"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/meetings/<int:meeting_id>/documents/<int:document_id>/"
         "delete/", views_work.meeting_document_delete, name="meeting_document_delete"),
    path("countries/<str:iso3>/room/documents/<int:document_id>/", views_work.meeting_document,
         name="meeting_document"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/actions/", views_work.action_create, name="action_create"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/actions/<int:action_id>/", views_work.action_update,
         name="action_update"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/actions/<int:action_id>/delete/", views_work.action_delete,
         name="action_delete"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/briefs/", views_work.brief_create, name="brief_create"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/briefs/<int:brief_id>/", views_work.brief_page,
         name="brief"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/briefs/<int:brief_id>/positions/",
         views_work.position_create, name="position_create"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/briefs/<int:brief_id>/positions/<int:position_id>/",
         views_work.position_update, name="position_update"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/briefs/<int:brief_id>/briefing.docx",
         views_work.briefing_docx, name="briefing_docx"),
    path("countries/<str:iso3>/room/groups/<int:group_id>/briefs/<int:brief_id>/briefing.pdf",
         views_work.briefing_pdf, name="briefing_pdf"),
]
