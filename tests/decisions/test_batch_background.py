"""Uploaded batches are parsed in the background worker with a progress bar (issue 11 "Limits", issue 12)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.decisions import batches
from liaison.decisions.models import Decision, IngestBatch, IngestFile
from tests.decisions.test_batches import CMS_STAFF, RAMSAR_STAFF, REPEALING, SECOND, upload

pytestmark = pytest.mark.django_db


def parsing_batch(*pairs, convention="CMS") -> IngestBatch:
    """A batch left in state "parsing" (as the web request leaves it for the worker), its task not yet run."""
    from liaison.catalogue.models import Convention

    conv = Convention.objects.get(acronym=convention)
    batch = IngestBatch.objects.create(convention=conv, label="queued", state=IngestBatch.PARSING, total=len(pairs))
    for i, (name, text) in enumerate(pairs):
        data = text.encode()
        IngestFile.objects.create(batch=batch, order=i, name=name, data=data,
                                  content_hash=hashlib.sha256(data).hexdigest(), options={"convention": convention})
    return batch


def test_the_upload_answers_202_and_the_worker_moves_the_progress_to_the_total(client_for):
    response = upload(client_for(CMS_STAFF), ("14.80.txt", REPEALING), ("14.81.txt", SECOND))
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["state"] == IngestBatch.DRAFT  # the in-process backend ran the task inline
    assert (body["done"], body["total"], body["percent"]) == (2, 2, 100)
    assert body["preview"]["decisions_new"] == 2
    polled = client_for(CMS_STAFF).get(f"/api/batches/{body['id']}").json()
    assert (polled["state"], polled["done"], polled["total"]) == ("draft", 2, 2)
    assert client_for(RAMSAR_STAFF).get(f"/api/batches/{body['id']}").status_code == 404


def test_the_task_parses_a_parsing_batch_file_by_file_recording_each_step(monkeypatch):
    batch = parsing_batch(("14.80.txt", REPEALING), ("14.81.txt", SECOND))
    assert batch.percent == 0
    steps = []
    recorded = batches.batch_progress

    def spy(b, *, done, step):
        recorded(b, done=done, step=step)
        steps.append((IngestBatch.objects.get(pk=b.pk).done, step))

    monkeypatch.setattr(batches, "batch_progress", spy)
    done = batches.batch_parse(batch_id=batch.pk)
    assert [d for d, _ in steps] == [0, 1, 2]
    assert "14.80.txt" in steps[0][1] and "14.81.txt" in steps[1][1]
    assert (done.state, done.done, done.total, done.percent, done.step) == (IngestBatch.DRAFT, 2, 2, 100, "")
    assert done.preview["decisions_new"] == 2
    assert not Decision.objects.filter(number__in=["14.80", "14.81"]).exists()  # a draft: nothing public
    assert batches.batch_parse(batch_id=batch.pk).preview == done.preview  # run twice: left as it is


def test_publish_is_refused_while_parsing(client_for):
    batch = parsing_batch(("14.81.txt", SECOND))
    staff = client_for(CMS_STAFF)
    response = staff.post(f"/api/batches/{batch.pk}/publish")
    assert response.status_code == 409 and "parsing" in response.json()["detail"]
    assert staff.post(f"/decisions/batches/{batch.pk}/publish/").status_code == 409
    assert IngestBatch.objects.get(pk=batch.pk).state == IngestBatch.PARSING
    assert not Decision.objects.filter(number="14.81").exists()
    batches.batch_parse(batch_id=batch.pk)
    assert staff.post(f"/api/batches/{batch.pk}/publish").status_code == 200
    assert Decision.objects.filter(number="14.81").exists()


def test_a_failing_file_marks_the_batch_failed_with_its_message_and_stores_no_decision(client_for):
    before = Decision.objects.count()
    batch = batches.batch_parse(batch_id=parsing_batch(("bad.txt", "no operative part here")).pk)
    assert batch.state == IngestBatch.FAILED and batch.message
    staff = client_for(CMS_STAFF)
    polled = staff.get(f"/api/batches/{batch.pk}").json()
    assert polled["state"] == "failed" and polled["message"] == batch.message
    assert staff.post(f"/api/batches/{batch.pk}/publish").status_code == 409
    page = staff.get(f"/decisions/batches/{batch.pk}/").content.decode()
    assert 'id="batch-error"' in page and 'id="batch-progress"' not in page
    assert Decision.objects.count() == before


def test_a_broken_parse_is_recorded_on_the_batch_and_re_raised(monkeypatch):
    batch = parsing_batch(("14.81.txt", SECOND))

    def broken(**kwargs):
        raise RuntimeError("parser crashed")

    monkeypatch.setattr(batches, "batch_preview_compute", broken)
    with pytest.raises(RuntimeError):
        batches.batch_parse(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.state == IngestBatch.FAILED and "parser crashed" in batch.message
    assert not Decision.objects.filter(number="14.81").exists()


def test_the_batch_page_shows_the_progress_element_while_parsing(client_for):
    batch = parsing_batch(("14.80.txt", REPEALING), ("14.81.txt", SECOND))
    IngestBatch.objects.filter(pk=batch.pk).update(done=1, step="Reading 14.81.txt (2 of 2)")
    page = client_for(CMS_STAFF).get(f"/decisions/batches/{batch.pk}/").content.decode()
    assert 'id="batch-progress"' in page and f'data-progress-url="/api/batches/{batch.pk}"' in page
    assert 'data-progress-active="parsing"' in page and "progress.js" in page
    assert "1 / 2" in page and "Reading 14.81.txt" in page and 'aria-valuenow="50"' in page
    assert 'id="batch-summary"' not in page


def test_the_upload_page_redirects_at_once_to_the_batch(client_for):
    from liaison.catalogue.models import Convention

    cms = Convention.objects.get(acronym="CMS")
    staff = client_for(CMS_STAFF)
    page = staff.post("/decisions/upload/", {"file": SimpleUploadedFile("14.81.txt", SECOND.encode()),
                                             "convention": cms.pk})
    assert page.status_code == 302
    batch = IngestBatch.objects.latest("pk")
    assert page["Location"] == f"/decisions/batches/{batch.pk}/"
    assert (batch.state, batch.done, batch.total) == (IngestBatch.DRAFT, 1, 1)
