"""Loading, importing and exporting questionnaires; the obvious links; the CLI."""

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.cli import main
from liaison.core.loading import data_load_all
from liaison.reporting.models import Question, QuestionLink, Questionnaire, Reminder

from .conftest import CARTAGENA_STAFF, CMS_STAFF, KEN_CARTAGENA_FP

pytestmark = pytest.mark.django_db


def test_the_real_question_sets_are_loaded():
    counts = {q.code: q.questions.count() for q in Questionnaire.objects.all()}
    assert counts["cartagena-nr3"] == 221
    assert counts["cartagena-nr4"] == 213  # 220 records: 7 sub-section containers become sections, 35 nested
    assert counts["nagoya-interim"] == 83
    assert counts["cbd-nr7-gbf"] == 82
    gbf = Question.objects.get(questionnaire__code="cbd-nr7-gbf", key="Target17.17_1")
    assert set(gbf.titles) == {"fr", "es", "ar", "ru", "zh"}
    assert Questionnaire.objects.get(code="cartagena-nr4").previous.code == "cartagena-nr3"


def test_identical_and_near_identical_questions_of_the_last_cycle_are_linked():
    links = QuestionLink.objects.filter(source__questionnaire__code="cartagena-nr3",
                                        target__questionnaire__code="cartagena-nr4", status="accepted")
    identical = links.filter(origin="identical-text")
    assert identical.count() == 57
    assert links.filter(origin="near-identical-text").count() == 18
    for link in identical[:20]:
        assert link.source.title.lower().replace("’", "'") == link.target.title.lower().replace("’", "'") \
            or link.score == 1.0


def test_loading_again_adds_nothing():
    before = (Question.objects.count(), QuestionLink.objects.count())
    data_load_all()
    assert (Question.objects.count(), QuestionLink.objects.count()) == before


def test_export_then_import_gives_the_same_questionnaire(client_for):
    exported = client_for().get("/api/reporting/questionnaires/cartagena-nr4").json()
    exported["code"] = "cartagena-nr4-copy"
    staff = client_for(CARTAGENA_STAFF)
    response = staff.post("/api/reporting/questionnaires",
                          {"file": SimpleUploadedFile("q.json", json.dumps(exported).encode())})
    assert response.status_code == 201, response.content
    again = client_for().get("/api/reporting/questionnaires/cartagena-nr4-copy").json()
    assert again["sections"] == exported["sections"]


def test_importing_is_for_the_conventions_staff_and_problems_are_listed(client, client_for):
    data = client_for().get("/api/reporting/questionnaires/nagoya-interim").json()
    body = {"file": SimpleUploadedFile("q.json", json.dumps(data).encode())}
    assert client.post("/api/reporting/questionnaires", body).status_code == 401
    for roles in (KEN_CARTAGENA_FP, CMS_STAFF):
        body["file"].seek(0)
        assert client_for(roles).post("/api/reporting/questionnaires", body).status_code == 403
    # the API's one error shape (issue 11): 422 with each problem as {"field", "message"}
    bad = client_for(CARTAGENA_STAFF).post("/api/reporting/questionnaires",
                                           {"file": SimpleUploadedFile("q.json", b'{"format": "x"}')})
    assert bad.status_code == 422 and "code" in {e["field"] for e in bad.json()["errors"]}
    not_json = client_for(CARTAGENA_STAFF).post("/api/reporting/questionnaires",
                                                {"file": SimpleUploadedFile("q.json", b"\x89PNG")})
    assert not_json.status_code == 422


def test_the_import_page_shows_problems_and_refuses_focal_points(client_for):
    assert client_for(KEN_CARTAGENA_FP).get("/reporting/questionnaires/import/").status_code == 403
    page = client_for(CARTAGENA_STAFF).post("/reporting/questionnaires/import/",
                                            {"file": SimpleUploadedFile("q.json", b"[]")})
    assert page.status_code == 200 and "one JSON object" in page.content.decode()


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_cli_export_import_and_link(tmp_path):
    path = tmp_path / "np.json"
    assert run("reporting", "export", "nagoya-interim", "-o", str(path))[0] == 0
    data = json.loads(path.read_text())
    data["code"], data["cycle"] = "nagoya-nr1", "first national report"
    path.write_text(json.dumps(data))
    code, out, _ = run("reporting", "import", str(path))
    assert code == 0 and "nagoya-nr1 imported: 14 sections, 83 questions" in out
    code, out, _ = run("reporting", "link", "nagoya-interim", "nagoya-nr1")
    assert code == 0 and "81 identical" in out
    path.write_text("{}")
    code, _, err = run("reporting", "import", str(path))
    assert code == 2 and "not imported" in err
    assert run("reporting", "export", "no-such")[0] == 2


def test_cli_remind_lists_and_records_once_a_day():
    # a fixed day in the open Cartagena fourth cycle (deadline 2019-10-01): the machine's date would have
    # closed it (a closed cycle gets no reminder, tests/reporting/test_cycles.py)
    code, out, err = run("reporting", "remind", "--days", "30", "--today", "2019-09-15")
    assert code == 0 and "KEN" in out and "cartagena-nr4" in out and "due in 16 days" in out
    n = Reminder.objects.count()
    assert n > 0 and "reminders recorded" in err
    run("reporting", "remind", "--days", "30", "--today", "2019-09-15")
    assert Reminder.objects.count() == n
    _, out, _ = run("reporting", "remind", "--dry-run", "--today", "2026-02-20")
    assert "cbd-nr7-gbf          UGA" in out
    assert "cbd-nr7-gbf          KEN" not in out  # Kenya submitted its CBD report
