"""Cycle over cycle on Cartagena's real questionnaires (the only convention with two cycles on hand): the third
report's question is found through a link, never through a key the fourth report reuses for another question."""

from __future__ import annotations

import pytest

from liaison.indicators.analysis import question_before
from liaison.reporting.models import Answer, Question, QuestionLink, Report
from liaison.reporting.permissions import ANALYSED_KINDS

from .test_analysis_page import NR4, put, report_complete_and_submit

pytestmark = pytest.mark.django_db
NR3 = "cartagena-nr3"


def test_every_earlier_question_found_is_a_linked_one():
    questions = list(Question.objects.filter(questionnaire__code=NR4, kind__in=ANALYSED_KINDS))
    linked = {link.target_id: link.source_id for link in QuestionLink.objects.filter(
        source__questionnaire__code=NR3, target__in=questions).exclude(status=QuestionLink.REJECTED)}
    found = {q.pk: before[0].pk for q in questions if (before := question_before(q)) is not None}
    assert len(questions) > 150 and len(linked) > 40  # the real questionnaires and their text links
    assert found == linked
    # the fourth report's Q015 ("which instruments are in place") is not the third's Q015 (when were they adopted)
    q015 = Question.objects.get(questionnaire__code=NR4, key="Q015")
    assert Question.objects.filter(questionnaire__code=NR3, key="Q015").exists() and q015.pk not in found


def test_kenyas_two_cartagena_reports_compared(client_for, client, cycles_open):
    """Kenya's (demo) third report is submitted; its fourth is started, prefilled, and submitted with Q014 the
    same as in the third (through the curated value map) and one identical-text question answered otherwise."""
    fp = client_for(("focal_point", "Cartagena", "KEN"))
    report_id = fp.post("/api/reporting/reports", {"questionnaire": NR4, "country": "KEN"},
                        content_type="application/json").json()["id"]
    q014 = Question.objects.get(questionnaire__code=NR4, key="Q014")
    curated = QuestionLink.objects.get(source__questionnaire__code=NR3, target=q014)
    earlier = Answer.objects.get(report__country__iso3="KEN", report__questionnaire__code=NR3,
                                 question=curated.source_id, block=0).value
    link = (QuestionLink.objects.filter(source__questionnaire__code=NR3, target__questionnaire__code=NR4,
                                        origin="identical-text", target__kind="yesno",
                                        source__answers__report__country__iso3="KEN")
            .select_related("source", "target").order_by("target__order").first())
    then = Answer.objects.get(report__country__iso3="KEN", question=link.source_id, block=0).value
    other = next(o["value"] for o in link.target.options if o["value"] != then)
    for question, value in ((q014, curated.transform["map"][earlier]), (link.target, other)):
        answer = Answer.objects.filter(report_id=report_id, question=question, block=0).first()
        assert put(fp, report_id, question.pk, value, answer.version if answer else 0).status_code == 200
    report_complete_and_submit(fp, report_id)
    assert Report.objects.get(pk=report_id).status == Report.SUBMITTED

    same = client.get(f"/api/analysis/questions/{q014.pk}").json()["cycles"]
    assert [c["questionnaire"] for c in same] == [NR3]
    assert (same[0]["found_by"], same[0]["both"], same[0]["same"], same[0]["changed"]) == ("accepted link", 1, 1, 0)
    changed = client.get(f"/api/analysis/questions/{link.target_id}").json()["cycles"][0]
    assert (changed["question"], changed["both"], changed["same"], changed["changed"]) == (link.source_id, 1, 0, 1)
    page = client.get(f"/analysis/questions/{q014.pk}/").content.decode()
    table = page.split('<table id="cycles"', 1)[1].split("</table>", 1)[0]
    assert "3rd national report" in table and "accepted link" in table
    q015 = Question.objects.get(questionnaire__code=NR4, key="Q015")
    assert client.get(f"/api/analysis/questions/{q015.pk}").json()["cycles"] == []
    assert "no counterpart in an earlier cycle" in client.get(f"/analysis/questions/{q015.pk}/").content.decode()
