"""The analysis page of one question across parties, its tables and CSV: submitted answers only, by UNEP
region, cycle over cycle and against the linked questions of other conventions; drafts counted for staff."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from liaison.reporting.models import Answer, Question, QuestionLink, Report

pytestmark = pytest.mark.django_db
CBD_STAFF = ("secretariat", "CBD")
NR4 = "cartagena-nr4"


def kenya_answer(code: str = "cbd-nr7-gbf", kinds=("single", "yesno")) -> Answer:
    """An answer of Kenya's submitted (demo) report to a choice question."""
    return (Answer.objects.select_related("question").filter(
        report__country__iso3="KEN", report__questionnaire__code=code, report__status=Report.SUBMITTED,
        question__kind__in=kinds).exclude(value=None).order_by("question__order").first())


def spec(page: str, name: str) -> dict:
    found = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', page, re.S)
    assert found, name
    return json.loads(found.group(1))


def rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def put(c, report_id, question_id, value, version):
    return c.put(f"/api/reporting/reports/{report_id}/answers/{question_id}",
                 {"value": value, "version": version, "block": 0}, content_type="application/json")


def report_complete_and_submit(c, report_id) -> None:
    """Answer whatever the report still misses (first option, or a text) and submit it."""
    report = Report.objects.get(pk=report_id)
    for _round in range(8):  # an answer may reveal a conditional question that is mandatory in turn
        missing = c.get(f"/reporting/reports/{report_id}/").context["problems"]
        if not missing:
            break
        for problem in missing:
            question = Question.objects.get(pk=problem["question"])
            answer = Answer.objects.filter(report=report, question=question, block=0).first()
            value = question.options[0]["value"] if question.options else "see the national portal"
            value = [value] if question.kind == "multiple" else value
            value = 1 if question.kind == "number" else value
            assert put(c, report_id, question.pk, value, answer.version if answer else 0).status_code == 200
    submitted = c.post(f"/api/reporting/reports/{report_id}/submit")
    assert submitted.status_code == 200, submitted.content


@pytest.fixture
def uganda_draft(client_for, cycles_open):
    """Uganda's focal point, its DRAFT CBD seventh report, and one choice question answered in it."""
    fp = client_for(("focal_point", "CBD", "UGA"))
    report_id = fp.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                        content_type="application/json").json()["id"]
    question = kenya_answer().question
    value = question.options[-1]["value"]
    assert put(fp, report_id, question.pk, value, 0).status_code == 200
    return fp, report_id, question


def test_the_page_shows_kenyas_submitted_answer_to_everyone(client):
    answer = kenya_answer()
    page = client.get(f"/analysis/questions/{answer.question_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    label = answer.question.option_label(answer.value)
    assert "Kenya" in html and label in html
    assert "Only submitted reports count" in html and 'id="drafts"' not in html
    # the world map names Kenya by its ISO 3166-1 numeric id, as world-atlas does, with its answer
    world = spec(html, "spec-map")
    answered = world["layer"][1]["transform"][0]["from"]["data"]["values"]
    assert {"id": "404", "party": "Kenya", "answer": label} in answered
    assert world["data"]["url"].endswith("indicators/vendor/countries-110m.json")
    bars = spec(html, "spec-distribution")
    assert {"category": label, "count": 1} in bars["data"]["values"] or any(
        v["category"] == label and v["count"] >= 1 for v in bars["data"]["values"])
    # the libraries are the app's own static files, and a CSV link is under each table
    assert "indicators/vendor/vega-lite.min.js" in html and "https://cdn" not in html
    for table in ("regions", "countries"):
        assert f"/api/analysis/questions/{answer.question_id}.csv?table={table}" in html


def test_the_questionnaire_page_links_each_analysable_question(client):
    answer = kenya_answer()
    html = client.get("/reporting/questionnaires/cbd-nr7-gbf/").content.decode()
    assert f'href="/analysis/questions/{answer.question_id}/"' in html
    text = Question.objects.filter(questionnaire__code="cbd-nr7-gbf", kind="text").first()
    assert f'href="/analysis/questions/{text.pk}/"' not in html


def test_regions_sum_to_the_parties_and_kenya_is_in_africa(client):
    question = kenya_answer().question
    body = client.get(f"/api/analysis/questions/{question.pk}").json()
    assert body["parties"] >= 1
    assert sum(r["parties"] for r in body["regions"]) == body["parties"] == len(body["countries"])
    kenya = next(c for c in body["countries"] if c["country"] == "KEN")
    assert kenya["region"] == "Africa" and kenya["numeric"] == "404"
    africa = next(r for r in body["regions"] if r["region"] == "Africa")
    totals = {d["value"]: d["count"] for d in body["distribution"]}
    for value, count in totals.items():
        assert sum(d["count"] for r in body["regions"] for d in r["distribution"] if d["value"] == value) == count
    assert africa["parties"] >= 1
    table = rows(client.get(f"/api/analysis/questions/{question.pk}.csv?table=regions"))
    assert table[0] == ["region", "parties", "category", "value", "count"]
    assert sum(int(r[4]) for r in table[1:]) == sum(totals.values())


def test_a_draft_never_appears_and_staff_see_how_many_are_underway(uganda_draft, client, client_for):
    fp, report_id, question = uganda_draft
    staff = client_for(CBD_STAFF)
    for reader in (client, staff, fp):
        body = reader.get(f"/api/analysis/questions/{question.pk}").json()
        assert "UGA" not in [c["country"] for c in body["countries"]]
        html = reader.get(f"/analysis/questions/{question.pk}/").content.decode()
        assert "Uganda" not in html and '"id": "800"' not in html  # 800: Uganda's numeric id on the map
        assert "UGA" not in reader.get(f"/api/analysis/questions/{question.pk}.csv?table=countries").content.decode()
    public = client.get(f"/api/analysis/questions/{question.pk}").json()
    assert public["drafts"] is None and public["drafts_answered"] is None
    seen = staff.get(f"/api/analysis/questions/{question.pk}").json()
    assert seen["drafts"] >= 1 and seen["drafts_answered"] >= 1
    assert seen["countries"] == public["countries"]
    html = staff.get(f"/analysis/questions/{question.pk}/").content.decode()
    n = seen["drafts"]
    assert 'id="drafts"' in html and f"{n} {'report' if n == 1 else 'reports'} in progress" in html
    # the draft's answer, once submitted, is counted
    report_complete_and_submit(fp, report_id)
    after = client.get(f"/api/analysis/questions/{question.pk}").json()
    assert "UGA" in [c["country"] for c in after["countries"]] and after["parties"] == public["parties"] + 1
    uganda = next(r for r in after["regions"] if r["region"] == "Africa")
    assert uganda["parties"] == next(r for r in public["regions"] if r["region"] == "Africa")["parties"] + 1


def test_every_csv_table_and_a_refused_one(client):
    question = kenya_answer().question
    url = f"/api/analysis/questions/{question.pk}.csv"
    heads = {"": ["category", "value", "count"], "?table=distribution": ["category", "value", "count"],
             "?table=countries": ["country", "name", "region", "answer"],
             "?table=cycles": ["questionnaire", "cycle", "question", "found_by", "parties", "answered_both", "same",
                               "changed", "category", "value", "count"],
             "?table=links": ["link", "status", "convention", "questionnaire", "question", "country", "name",
                              "answer", "other_answer", "agrees"]}
    for query, head in heads.items():
        assert rows(client.get(url + query))[0] == head
    countries = rows(client.get(url + "?table=countries"))
    assert ["KEN", "Kenya", "Africa", question.option_label(kenya_answer().value)] in countries
    refused = client.get(url + "?table=secrets")
    assert refused.status_code == 422 and "regions" in refused.json()["detail"]


def test_a_question_not_analysed_or_unknown_gives_a_clear_answer(client):
    text = Question.objects.filter(questionnaire__code="cbd-nr7-gbf", kind="text").first()
    page = client.get(f"/analysis/questions/{text.pk}/")
    assert page.status_code == 422 and "choice and number questions" in page.content.decode()
    assert client.get("/analysis/questions/987654321/").status_code == 404
    assert client.get("/analysis/questions/99999999999999999999999/").status_code == 404


def test_cycle_over_cycle_carries_the_earlier_answers(client):
    """A Cartagena fourth-report question linked to the third report's: Kenya answered the third (demo)."""
    link = (QuestionLink.objects.filter(source__questionnaire__code="cartagena-nr3", target__questionnaire__code=NR4,
                                        status="accepted", source__answers__report__country__iso3="KEN",
                                        target__kind__in=["yesno", "single"])
            .select_related("source", "target").first())
    body = client.get(f"/api/analysis/questions/{link.target_id}").json()
    earlier = body["cycles"][0]
    assert earlier["questionnaire"] == "cartagena-nr3" and earlier["question"] == link.source_id
    assert earlier["parties"] >= 1 and earlier["found_by"] == "accepted link"
    # the third report's answers are counted under the fourth's options
    assert [d["value"] for d in earlier["distribution"]] == [d["value"] for d in body["distribution"]]
    assert sum(d["count"] for d in earlier["distribution"]) >= 1
    table = rows(client.get(f"/api/analysis/questions/{link.target_id}.csv?table=cycles"))
    assert table[1][0] == "cartagena-nr3"
    html = client.get(f"/analysis/questions/{link.target_id}/").content.decode()
    assert f'href="/analysis/questions/{link.source_id}/"' in html


def test_linked_questions_of_two_conventions_agree_or_disagree(client_for, client, cycles_open):
    """Kenya submits its Cartagena fourth report with Q014 answered against what its CBD report says."""
    fp = client_for(("focal_point", "Cartagena", "KEN"))
    report_id = fp.post("/api/reporting/reports", {"questionnaire": NR4, "country": "KEN"},
                        content_type="application/json").json()["id"]
    q014 = Question.objects.get(questionnaire__code=NR4, key="Q014")
    cbd = Answer.objects.select_related("question").get(report__country__iso3="KEN",
                                                        report__questionnaire__code="cbd-nr7-gbf",
                                                        question__key="Target17.17_1")
    link = QuestionLink.objects.get(source=q014, target=cbd.question)
    carried = {v: k for k, v in link.transform["map"].items()}  # Cartagena values by CBD value
    other = next(o["value"] for o in q014.options if o["value"] != carried.get(cbd.value))
    answer = Answer.objects.filter(report_id=report_id, question=q014, block=0).first()
    assert put(fp, report_id, q014.pk, other, answer.version if answer else 0).status_code == 200
    report_complete_and_submit(fp, report_id)

    body = client.get(f"/api/analysis/questions/{cbd.question_id}").json()
    found = next(x for x in body["links"] if x["question"] == q014.pk)
    assert found["convention"] == "Cartagena" and found["both"] >= 1
    kenya = next(c for c in found["countries"] if c["country"] == "KEN")
    assert kenya["agrees"] is False and found["disagree"] >= 1
    assert found["agree"] + found["disagree"] == found["both"] == len(found["countries"])
    table = rows(client.get(f"/api/analysis/questions/{cbd.question_id}.csv?table=links"))
    assert any(r[5] == "KEN" and r[-1] == "no" for r in table[1:])
    # and from the other side, the same party disagrees
    back = client.get(f"/api/analysis/questions/{q014.pk}").json()
    assert any(c["country"] == "KEN" and c["agrees"] is False
               for x in back["links"] if x["question"] == cbd.question_id for c in x["countries"])


def test_a_number_question_is_summarised_not_counted_per_value(client_for, client, cycles_open):
    number = Question.objects.filter(questionnaire__code="nagoya-interim", kind="number").first()
    fp = client_for(("focal_point", "Nagoya", "UGA"))
    report_id = fp.post("/api/reporting/reports", {"questionnaire": "nagoya-interim", "country": "UGA"},
                        content_type="application/json").json()["id"]
    assert put(fp, report_id, number.pk, 25, 0).status_code == 200
    before = client.get(f"/api/analysis/questions/{number.pk}").json()
    assert "UGA" not in [c["country"] for c in before["countries"]]  # a draft
    report_complete_and_submit(fp, report_id)
    body = client.get(f"/api/analysis/questions/{number.pk}").json()
    assert body["distribution"] == [] and body["summary"]["count"] == body["parties"] >= 1
    assert body["summary"]["min"] <= 25 <= body["summary"]["max"]
    uganda = next(c for c in body["countries"] if c["country"] == "UGA")
    assert uganda["number"] == 25 and uganda["answer"] == "25" and uganda["numeric"] == "800"
    assert all("summary" in r for r in body["regions"])
    assert rows(client.get(f"/api/analysis/questions/{number.pk}.csv"))[0] == ["statistic", "value"]
    assert rows(client.get(f"/api/analysis/questions/{number.pk}.csv?table=regions"))[0] == [
        "region", "parties", "min", "median", "max"]
    html = client.get(f"/analysis/questions/{number.pk}/").content.decode()
    world = spec(html, "spec-map")
    assert world["layer"][1]["encoding"]["color"]["type"] == "quantitative"
    assert {"id": "800", "party": "Uganda", "answer": 25.0} in world["layer"][1]["transform"][0]["from"]["data"]["values"]
    assert spec(html, "spec-distribution")["encoding"]["x"]["bin"]


def test_a_question_no_party_answered_has_a_whole_axis_and_full_width_tables(client):
    question = Question.objects.filter(questionnaire__code=NR4, kind="yesno").order_by("order").first()
    assert not Answer.objects.filter(question=question, report__status=Report.SUBMITTED).exists()
    page = client.get(f"/analysis/questions/{question.pk}/").content.decode()
    bars = spec(page, "spec-distribution")["encoding"]["x"]
    assert bars["scale"] == {"domain": [0, 1]} and bars["axis"]["format"] == "d"  # no "0.000000" tick
    layers = spec(page, "spec-map")["layer"]
    assert layers[1]["encoding"]["color"]["legend"] is None  # nothing coloured: no legend title alone
    regions = page.split('<table id="regions"', 1)[1].split("</table>", 1)[0]
    columns = len(re.findall(r"<th[ >]", regions.split("</thead>", 1)[0]))
    assert columns == 4 and f'colspan="{columns}"' in regions  # Region, Parties, Yes, No
    assert len(re.findall(r"<t[hd][ >]", regions.split("<tfoot>", 1)[1])) == columns  # the footer row too
