from django.urls import path

from liaison.indicators import views

app_name = "indicators"
urlpatterns = [
    path("analysis/questions/<int:question_id>/", views.analysis_question, name="analysis_question"),
    path("analysis/indicators/", views.analysis_indicators, name="analysis_indicators"),
    path("analysis/indicators/<str:template>/", views.analysis_indicator, name="analysis_indicator"),
]
