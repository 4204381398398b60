"""Saving answers: versions against silent overwrites, wrong values kept with a reason, checked files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from liaison.core.models import AuditEvent
from liaison.reporting.answers import AnswerConflict, AnswerWrite, answer_save, answers_save
from liaison.reporting.models import Answer, Question, Report

from .conftest import put

pytestmark = pytest.mark.django_db


def q(key, code="cartagena-nr4"):
    return Question.objects.get(questionnaire__code=code, key=key)


def test_two_people_editing_one_answer_never_overwrite_each_other(focal_point, client_for, kenya_report):
    question = q("Q139")
    first = put(focal_point, kenya_report, question.pk, "true", 0)
    assert first.status_code == 200 and first.json()["version"] == 1
    stale = put(focal_point, kenya_report, question.pk, "false", 0)  # a second tab still at version 0
    assert stale.status_code == 409
    body = stale.json()
    assert body["yours"] == "false" and body["theirs"] == "true" and body["theirs_display"] == "Yes"
    assert body["version"] == 1
    assert Answer.objects.get(report_id=kenya_report, question=question).value == "true"
    assert put(focal_point, kenya_report, question.pk, "false", body["version"]).status_code == 200


def test_a_wrong_value_is_refused_with_a_reason_and_kept_as_typed(focal_point, kenya_report):
    question = q("Q139")
    response = put(focal_point, kenya_report, question.pk, "sort of")
    assert response.status_code == 422
    body = response.json()
    assert "Choose one of" in body["detail"] and body["kept"] is True and body["raw"] == "sort of"
    answer = Answer.objects.get(report_id=kenya_report, question=question)
    assert answer.raw == "sort of" and answer.error and answer.value is None
    shown = focal_point.get(f"/api/reporting/reports/{kenya_report}").json()
    item = next(i for s in shown["sections"] for i in s["items"] if i["key"] == "Q139")
    assert item["raw"] == "sort of" and item["error"]
    submit = focal_point.post(f"/api/reporting/reports/{kenya_report}/submit").json()
    assert any(m["key"] == "Q139" and "Choose one of" in m["reason"] for m in submit["missing"])
    fixed = put(focal_point, kenya_report, question.pk, "true", body["version"])
    assert fixed.status_code == 200 and fixed.json()["error"] == ""


def test_a_malformed_request_is_a_4xx_with_detail(focal_point, kenya_report):
    response = focal_point.put(f"/api/reporting/reports/{kenya_report}/answers/{q('Q139').pk}", "not json",
                               content_type="application/json")
    assert 400 <= response.status_code < 500 and "detail" in response.json()
    assert put(focal_point, kenya_report, 999999, "true").status_code == 404
    other = q("Target17.17_1", "cbd-nr7-gbf")  # a question of another questionnaire
    assert put(focal_point, kenya_report, other.pk, "fully").status_code == 404


def test_a_mandatory_question_hidden_by_its_condition_is_not_required(focal_point, kenya_report):
    hidden = q("Q030")  # shown when Q029 is "true"
    assert hidden.mandatory and hidden.show_if
    q029 = q("Q029")
    answer = Answer.objects.filter(report_id=kenya_report, question=q029).first()
    put(focal_point, kenya_report, q029.pk, "false", answer.version if answer else 0)
    missing = focal_point.post(f"/api/reporting/reports/{kenya_report}/submit").json()["missing"]
    assert "Q030" not in {m["key"] for m in missing}
    put(focal_point, kenya_report, q029.pk, "true", (answer.version if answer else 0) + 1)
    missing = focal_point.post(f"/api/reporting/reports/{kenya_report}/submit").json()["missing"]
    assert "Q030" in {m["key"] for m in missing}


def xlsx_bytes() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def upload(c, report, question, name, data):
    return c.post(f"/api/reporting/reports/{report}/answers/{question.pk}/file",
                  {"file": SimpleUploadedFile(name, data)})


def test_files_are_checked_for_size_and_for_what_they_claim(cms_report, settings):
    c, report, questionnaire = cms_report
    evidence = questionnaire.questions.get(key="evidence")
    # 415 for a kind not accepted or not what the name says, 413 for too large (issue 11: one status per fault)
    fake = upload(c, report, evidence, "plan.pdf", b"MZ\x90\x00 an executable")
    assert fake.status_code == 415 and "not a .pdf" in fake.json()["detail"]
    assert upload(c, report, evidence, "plan.exe", b"MZ").status_code == 415
    renamed = upload(c, report, evidence, "plan.docx", xlsx_bytes())
    assert renamed.status_code == 415
    settings.LIAISON_REPORT_FILE_MAX_BYTES = 1000
    large = upload(c, report, evidence, "plan.pdf", b"%PDF-1.7\n" + b"0" * 2000)
    assert large.status_code == 413 and "larger" in large.json()["detail"]
    good = upload(c, report, evidence, "plan.pdf", b"%PDF-1.7\nsmall")
    assert good.status_code == 200 and good.json()["value"][0]["name"] == "plan.pdf"
    not_file = upload(c, report, questionnaire.questions.get(key="count"), "a.pdf", b"%PDF-1.7")
    assert not_file.status_code == 422 and not_file.json()["errors"][0]["field"] == "file"
    assert Answer.objects.get(report_id=report, question=evidence).value == good.json()["value"]


def test_a_number_question_refuses_text(cms_report):
    c, report, questionnaire = cms_report
    response = put(c, report, questionnaire.questions.get(key="count").pk, "about twelve")
    assert response.status_code == 422 and "number" in response.json()["detail"]


def test_a_repeating_section_takes_one_block_per_species(cms_report):
    c, report, questionnaire = cms_report
    name = questionnaire.questions.get(key="name")
    assert put(c, report, name.pk, "Lesser kestrel", 0, block=0).status_code == 200
    assert put(c, report, name.pk, "Saker falcon", 0, block=1).status_code == 200
    count = questionnaire.questions.get(key="count")
    assert put(c, report, count.pk, 3, 0, block=1).status_code == 422  # not repeating
    exported = c.get(f"/api/reporting/reports/{report}/export.json").json()
    species = next(s for s in exported["sections"] if s["key"] == "species")
    assert species["answers"]["name"] == ["Lesser kestrel", "Saker falcon"]
    page = c.get(f"/reporting/reports/{report}/").content.decode()
    assert "Species 2" in page


def test_attached_files_are_downloaded_only_by_who_may_read_the_report(cms_report, client, client_for):
    c, report, questionnaire = cms_report
    evidence = questionnaire.questions.get(key="evidence")
    attachment = upload(c, report, evidence, "plan.pdf", b"%PDF-1.7\nsmall").json()["value"][0]["id"]
    url = f"/reporting/attachments/{attachment}/"
    response = c.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(url).status_code == 302
    # "not yours" reads like "missing" (issue 10): 404, not 403, so no one can probe for files
    for roles in (("focal_point", "CMS", "UGA"), ("secretariat", "CMS"), ("contributor", "CBD", "KEN")):
        assert client_for(roles).get(url).status_code == 404


# --- many answers of one report at once (an offline file): as one save after another, in a few statements ---

def uganda_reports(client_for, user_factory):
    """Uganda's open Cartagena and CBD reports, opened by the focal point of both (Q063 and Q141 carry to CBD)."""
    from django.test import Client

    fp = user_factory(("focal_point", "Cartagena", "UGA"), ("focal_point", "CBD", "UGA"))
    c = Client()
    c.force_login(fp)
    cart, cbd = (c.post("/api/reporting/reports", {"questionnaire": code, "country": "UGA"},
                        content_type="application/json").json()["id"] for code in ("cartagena-nr4", "cbd-nr7-gbf"))
    assert put(c, cart, q("Q139").pk, "true").status_code == 200  # stored before: its write is an update
    return fp, Report.objects.select_related("questionnaire__convention", "country").get(pk=cart), cbd


def state(report_ids):
    answers = {(a.report_id, a.question.key, a.block): (a.value, a.raw, a.error, a.version, a.origin,
                                                         a.source_note, a.source_answer_id is not None)
               for a in Answer.objects.filter(report_id__in=report_ids).select_related("question")}
    events = [(e.action, e.object_id, e.changes) for e in AuditEvent.objects.filter(
        object_type="reporting.report", object_id__in=[str(r) for r in report_ids]).order_by("pk")]
    return answers, events, sorted(Answer.objects.filter(report_id__in=report_ids, value__isnull=True)
                                   .values_list("question__key", flat=True))


def test_answers_saved_together_are_stored_as_saved_one_after_another(client_for, user_factory, cycles_open):
    fp, cart, cbd = uganda_reports(client_for, user_factory)
    version = Answer.objects.get(report=cart, question=q("Q139")).version
    given = [(q("Q063"), "true.some", 0), (q("Q141"), "false", 0), (q("Q139"), None, version),
             (q("Q140"), "not an option", 0)]
    writes = [AnswerWrite(question, value, v) for question, value, v in given]
    with transaction.atomic():
        saved = answers_save(user=fp, report=cart, writes=writes, note="from the offline file of 2026-01-02")
        together = state([cart.pk, cbd])
        transaction.set_rollback(True)
    for question, value, v in given:
        answer_save(user=fp, report=cart, question=question, value=value, version=v,
                    note="from the offline file of 2026-01-02")
    assert state([cart.pk, cbd]) == together
    answers, events, empty = together
    assert [a.question.key for a in saved] == ["Q063", "Q141", "Q139", "Q140"]
    assert answers[(cbd, "Target17.17_5", 0)][:5] == ("partially", "", "", 1, Answer.PREFILL)  # carried over
    assert answers[(cbd, "Target17.17_6", 0)][0] == "no"
    raw, error = answers[(cart.pk, "Q140", 0)][1:3]
    assert raw == "not an option" and error  # kept as typed, with its reason
    assert "Q139" in empty  # cleared: SQL NULL, as save writes it (not JSON null)
    assert [e[2]["question"] for e in events if e[0] == "answer"][-4:] == ["Q063", "Q141", "Q139", "Q140"]


def test_answers_saved_together_are_all_or_none(client_for, user_factory, cycles_open):
    fp, cart, cbd = uganda_reports(client_for, user_factory)
    before = state([cart.pk, cbd])
    writes = [AnswerWrite(q("Q063"), "true.some", 0), AnswerWrite(q("Q139"), "false", 0)]  # Q139 is at version 1
    with pytest.raises(AnswerConflict) as refused:
        answers_save(user=fp, report=cart, writes=writes)
    assert refused.value.answer.question_id == q("Q139").pk and refused.value.answer.value == "true"
    assert state([cart.pk, cbd]) == before
