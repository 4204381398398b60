"""Pages of analysis across countries: a question's answers, or an indicator's values, with charts and tables."""

from __future__ import annotations

from django.shortcuts import render

from liaison.indicators import charts
from liaison.indicators.indicator_analysis import indicator_analysis, indicator_list
from liaison.indicators.selectors import question_analysis


def analysis_question(request, question_id: int):
    analysis = question_analysis(user=request.user, question_id=question_id)
    return render(request, "indicators/analysis_question.html", {
        "a": analysis, "distribution_spec": charts.distribution_spec(analysis),
        "map_spec": charts.map_spec(analysis), "csv": f"/api/analysis/questions/{analysis['question']}.csv"})


def analysis_indicators(request):
    return render(request, "indicators/analysis_indicators.html", {"indicators": indicator_list(user=request.user)})


def analysis_indicator(request, template: str):
    analysis = indicator_analysis(user=request.user, template=template)
    return render(request, "indicators/analysis_indicator.html", {
        "a": analysis, "lines_spec": charts.indicator_lines_spec(analysis),
        "map_spec": charts.indicator_map_spec(analysis), "csv": f"/api/analysis/indicators/{analysis['template']}.csv"})
