from django.urls import path

from liaison.indicators import views

app_name = "indicators"
urlpatterns = [
    path("analysis/questions/<int:question_id>/", views.analysis_question, name="analysis_question"),
]
