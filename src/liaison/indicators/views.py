"""Pages of analysis across countries: one question's answers across parties, its charts and its tables."""

from __future__ import annotations

from django.shortcuts import render

from liaison.indicators import charts
from liaison.indicators.selectors import question_analysis


def analysis_question(request, question_id: int):
    analysis = question_analysis(user=request.user, question_id=question_id)
    return render(request, "indicators/analysis_question.html", {
        "a": analysis, "distribution_spec": charts.distribution_spec(analysis),
        "map_spec": charts.map_spec(analysis), "csv": f"/api/analysis/questions/{analysis['question']}.csv"})
