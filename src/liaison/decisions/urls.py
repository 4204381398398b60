from django.urls import path

from liaison.decisions import views, views_draftcheck, views_drafts, views_mandates

app_name = "decisions"
urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/upload/", views.decision_upload, name="decision_upload"),
    path("decisions/draft-check/", views_draftcheck.draft_check, name="draft_check"),
    path("decisions/draft-check/drafts/", views_drafts.saved_drafts, name="saved_drafts"),
    path("decisions/draft-check/drafts/<int:draft_id>/", views_drafts.saved_draft, name="saved_draft"),
    path("decisions/draft-check/drafts/<int:draft_id>/rename/", views_drafts.saved_draft_rename,
         name="saved_draft_rename"),
    path("decisions/draft-check/drafts/<int:draft_id>/delete/", views_drafts.saved_draft_delete,
         name="saved_draft_delete"),
    path("decisions/batches/", views.batch_list, name="batch_list"),
    path("decisions/batches/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("decisions/batches/<int:batch_id>/publish/", views.batch_publish, name="batch_publish"),
    path("decisions/batches/<int:batch_id>/undo/", views.batch_undo, name="batch_undo"),
    path("decisions/batches/<int:batch_id>/files/<int:file_id>/corrections/", views.batch_correction_create,
         name="batch_correction_create"),
    path("decisions/batches/<int:batch_id>/files/<int:file_id>/corrections/<int:correction_id>/delete/",
         views.batch_correction_delete, name="batch_correction_delete"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision_detail"),
    path("conventions/<str:acronym>/in-effect/", views.in_effect, name="in_effect"),
    path("mandates/", views_mandates.mandate_list, name="mandate_list"),
    path("mandates/unresolved/", views.mandates_unresolved, name="mandates_unresolved"),
    path("mandates/<int:mandate_id>/", views.mandate_detail, name="mandate_detail"),
    path("mandates/<int:mandate_id>/resolve/", views.mandate_resolve, name="mandate_resolve"),
    path("mandates/evidence/<int:evidence_id>/file/", views.evidence_file, name="evidence_file"),
]
