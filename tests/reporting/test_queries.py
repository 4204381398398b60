"""Bounded queries: the national report page makes as many queries for 200 answered questions as for 2."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.core.actors import system_actor
from liaison.reporting.models import Answer, Report
from liaison.reporting.questionnaires import questionnaire_import

pytestmark = pytest.mark.django_db

N = 200
QUESTIONS = N + 10  # some questions stay open in both reports, so both look for linked answers to prefill


def questionnaire_of(code: str, n: int) -> dict:
    """A questionnaire of `n` questions of every kind that renders differently, in two sections."""
    kinds = [("text", {}), ("number", {}), ("yesno", {"options": [{"value": "true", "label": "Yes"},
                                                                 {"value": "false", "label": "No"}]}),
             ("date", {}), ("multiple", {"options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]})]
    questions = [{"key": f"q{i}", "kind": kinds[i % len(kinds)][0], "title": f"Question {i}",
                  **kinds[i % len(kinds)][1]} for i in range(n)]
    return {"format": "liaison-questionnaire/1", "code": code, "convention": "CMS", "title": code, "cycle": "2026",
            "sections": [{"key": "one", "title": "One", "questions": questions[: n // 2]},
                         {"key": "two", "title": "Two", "questions": questions[n // 2:]}]}


VALUES = {"text": "Seen at the Tana delta", "number": 12, "yesno": "true", "date": "2024-05-01", "multiple": ["a"]}


def report_with(code: str, answered: int, user) -> int:
    """Kenya's report for a fresh questionnaire of QUESTIONS questions, `answered` of them answered."""
    from liaison.catalogue.models import Country

    questionnaire, _ = questionnaire_import(data=questionnaire_of(code, QUESTIONS), user=system_actor("test"))
    report = Report.objects.create(questionnaire=questionnaire, country=Country.objects.get(iso3="KEN"))
    questions = list(questionnaire.questions.order_by("order")[:answered])
    Answer.objects.bulk_create([Answer(report=report, question=q, value=VALUES[q.kind], updated_by=user)
                                for q in questions])
    return report.pk


def count_queries(client, url: str) -> int:
    client.get(url)  # warm: sessions, content types, translations
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["/reporting/reports/{id}/", "/reporting/reports/{id}/print/",
                                  "/api/reporting/reports/{id}", "/api/reporting/reports/{id}/answers.csv"])
def test_the_national_report_page_queries_do_not_grow_with_its_answers(client, user_factory, page,
                                                                       django_assert_num_queries):
    fp = user_factory(("focal_point", "CMS", "KEN"))
    client.force_login(fp)
    few = report_with("cms-queries-2", 2, fp)
    many = report_with("cms-queries-200", N, fp)
    n_few = count_queries(client, page.format(id=few))
    client.get(page.format(id=many))
    with django_assert_num_queries(n_few):
        client.get(page.format(id=many))
    print(f"{page}: {n_few} queries at 2 and at {N} answers")


def test_the_dashboard_queries_do_not_grow_with_the_reports(client_for, django_assert_max_num_queries):
    staff = client_for(("secretariat", "CMS"))
    count = count_queries(staff, "/reporting/dashboard/cartagena-nr4/")
    with django_assert_max_num_queries(count):
        staff.get("/reporting/dashboard/cbd-nr7-gbf/")
