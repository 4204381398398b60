"""Staff corrections inside a draft batch (issue 12): through the API and the batch page.

The officer corrects what the parser misread (an actor, a deadline, a paragraph run together, a mandate that is
two), the preview shows it, publish stores it, a re-parse keeps it, undo still restores the record, and nobody
but the convention's staff may do it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.core.models import AuditEvent
from liaison.decisions.models import BatchCorrection, Decision, IngestBatch, Mandate

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
RAMSAR_STAFF = (Role.SECRETARIAT, "Ramsar")
PARTNER = (Role.PARTNER, None, None, "Wild Migration")
TEXT = ("RESOLUTION 14.90\nCORRECTED COOPERATION\nThe Conference of the Parties to the Convention on the "
        "Conservation of Migratory Species of Wild Animals\n"
        "1. Requests the Secretariat to report to the Standing Committee on partnerships by COP15;\n"
        "2. Urges Parties to engage civil society; 3. Invites UNEP to support the Secretariat;\n"
        "4. Notes the report of the Secretariat and requests the Scientific Council to review flyways;\n"
        "5. Encourages Parties to designate focal points and to share data with the Secretariat;\n")


def upload(client, text=TEXT, name="14.90.txt"):
    response = client.post("/api/batches", {"files": [SimpleUploadedFile(name, text.encode())], "convention": "CMS"})
    assert response.status_code == 202, response.content
    batch = response.json()
    assert batch["state"] == "draft"
    return batch["id"], batch["preview"]["files"][0]["file"]


def correct(client, batch_id, file_id, **body):
    return client.post(f"/api/batches/{batch_id}/files/{file_id}/corrections", body, content_type="application/json")


def read(client, batch_id, file_id) -> dict[str, dict]:
    """The file as corrected, paragraphs by label."""
    response = client.get(f"/api/batches/{batch_id}/files/{file_id}")
    assert response.status_code == 200, response.content
    [decision] = response.json()["decisions"]
    return {p["label"]: p for p in decision["paragraphs"]}


def stored(number="14.90") -> dict[str, list[tuple]]:
    """The published mandates by paragraph number: (actor, deadline, action, corrected)."""
    out: dict[str, list[tuple]] = {}
    for m in Mandate.objects.filter(decision__number=number, decision__convention__acronym="CMS").select_related(
            "actor", "paragraph").order_by("paragraph__order", "order"):
        out.setdefault(m.paragraph.number, []).append((m.actor.label, m.deadline, m.action, m.corrected))
    return out


def test_corrections_show_in_the_preview_publish_stores_them_and_undo_restores(client_for):
    staff = client_for(CMS_STAFF)
    batch_id, file_id = upload(staff)
    paragraphs = read(staff, batch_id, file_id)
    assert list(paragraphs) == ["1", "2", "4", "5"]  # 3 was read into 2
    assert paragraphs["1"]["mandates"][0]["actor"] == "Secretariat"
    mandates_before = IngestBatch.objects.get(pk=batch_id).preview["mandates_new"]
    gap = "operative paragraph 4 follows paragraph 2"
    assert gap in IngestBatch.objects.get(pk=batch_id).preview["files"][0]["warnings"]

    fixes = [
        {"kind": "mandate_set", "paragraph": "1", "mandate": 0, "field": "actor", "value": "Scientific Council"},
        {"kind": "mandate_set", "paragraph": "1", "mandate": 0, "field": "deadline", "value": "by StC56"},
        {"kind": "paragraph_split", "paragraph": "2", "before": "3. Invites"},
        {"kind": "mandate_split", "paragraph": "5", "mandate": 0, "before": "to share data"},
        {"kind": "paragraph_type", "paragraph": "4", "value": "informational"},
        {"kind": "paragraph_lead", "paragraph": "4", "value": "Takes note of"},
    ]
    for fix in fixes:
        response = correct(staff, batch_id, file_id, **fix)
        assert response.status_code == 201, (fix, response.content)
        assert response.json()["applied"] is True
    listed = staff.get(f"/api/batches/{batch_id}/files/{file_id}/corrections").json()
    assert listed["count"] == 6 and all(item["applied"] for item in listed["items"])
    assert AuditEvent.objects.filter(object_type="decisions.ingestbatch", object_id=str(batch_id),
                                     action="correct").count() == 6

    paragraphs = read(staff, batch_id, file_id)
    assert list(paragraphs) == ["1", "2", "3", "4", "5"]
    first = paragraphs["1"]["mandates"][0]
    assert (first["actor"], first["deadline"], first["corrected"]) == ("Scientific Council", "by StC56", True)
    assert paragraphs["3"]["mandates"][0]["actor"] == "United Nations Environment Programme"
    assert paragraphs["4"]["type"] == "informational" and paragraphs["4"]["mandates"] == []
    assert paragraphs["4"]["lead"] == "Takes note of"
    assert [m["action"] for m in paragraphs["5"]["mandates"]] == ["designate focal points",
                                                                 "to share data with the Secretariat"]
    preview = staff.get(f"/api/batches/{batch_id}").json()["preview"]
    # 4 lost its Scientific Council mandate, 3 and the second half of 5 are new ones
    assert preview["mandates_new"] == mandates_before + 1
    assert preview["files"][0]["corrections"] == 6 and preview["files"][0]["corrections_stale"] == 0
    assert gap not in preview["files"][0]["warnings"]  # the split closed the gap the parser warned of
    page = staff.get(f"/decisions/batches/{batch_id}/").content.decode()
    assert "by StC56" in page and "Takes note of" in page and "United Nations Environment Programme" in page
    assert not Decision.objects.filter(number="14.90").exists()  # still a draft: nothing in the record

    before = (list(Decision.objects.order_by("pk").values_list("pk", "status")),
              list(Mandate.objects.order_by("pk").values_list("pk", "status", "successor")))
    assert staff.post(f"/api/batches/{batch_id}/publish").status_code == 200
    record = stored()
    assert record["1"] == [("Scientific Council", "by StC56",
                            "report to the Standing Committee on partnerships by COP15", True)]
    assert record["3"][0][0] == "United Nations Environment Programme"
    assert "4" not in record  # informational: no mandate stored
    assert [m[2] for m in record["5"]] == ["designate focal points", "to share data with the Secretariat"]
    decision = Decision.objects.get(number="14.90", convention__acronym="CMS")
    assert decision.revisions.get().paragraphs.get(kind="operative", number="4").lead == "Takes note of"
    assert correct(staff, batch_id, file_id, kind="paragraph_lead", paragraph="1",
                   value="Asks").status_code == 409  # a published batch is no longer corrected

    assert staff.post(f"/api/batches/{batch_id}/undo").status_code == 200
    assert not Decision.objects.filter(number="14.90").exists()
    after = (list(Decision.objects.order_by("pk").values_list("pk", "status")),
             list(Mandate.objects.order_by("pk").values_list("pk", "status", "successor")))
    assert after == before


def test_corrections_survive_re_parsing_and_a_new_upload_of_the_same_file(client_for):
    from liaison.decisions.corrections import preview_refresh

    staff = client_for(CMS_STAFF)
    batch_id, file_id = upload(staff)
    assert correct(staff, batch_id, file_id, kind="paragraph_split", paragraph="2", before="3. Invites"
                   ).status_code == 201
    assert correct(staff, batch_id, file_id, kind="mandate_set", paragraph="3", mandate=0, field="deadline",
                   value="by 2026").status_code == 201
    batch = IngestBatch.objects.get(pk=batch_id)
    preview_refresh(user=batch.created_by, batch=batch)  # the file parsed again from its bytes
    assert read(staff, batch_id, file_id)["3"]["mandates"][0]["deadline"] == "by 2026"

    again_id, again_file = upload(staff, name="14.90-again.txt")  # the same bytes in a new batch
    carried = staff.get(f"/api/batches/{again_id}/files/{again_file}/corrections").json()
    assert carried["count"] == 2 and all(item["applied"] for item in carried["items"])
    assert read(staff, again_id, again_file)["3"]["mandates"][0]["deadline"] == "by 2026"
    assert BatchCorrection.objects.filter(file__batch_id=batch_id).count() == 2  # the first batch keeps its own

    # removing the split leaves the correction made on the paragraph it made without a target: not applied
    split = carried["items"][0]
    assert staff.delete(f"/api/batches/{again_id}/files/{again_file}/corrections/{split['id']}").status_code == 204
    left = staff.get(f"/api/batches/{again_id}/files/{again_file}/corrections").json()
    assert left["count"] == 1 and left["items"][0]["applied"] is False and left["items"][0]["problem"]
    assert staff.get(f"/api/batches/{again_id}").json()["preview"]["files"][0]["corrections_stale"] == 1
    assert AuditEvent.objects.filter(object_id=str(again_id), action="uncorrect").count() == 1


def test_a_partner_and_another_conventions_staff_are_refused(client, client_for):
    staff = client_for(CMS_STAFF)
    batch_id, file_id = upload(staff)
    made = correct(staff, batch_id, file_id, kind="paragraph_lead", paragraph="1", value="Asks").json()
    url = f"/api/batches/{batch_id}/files/{file_id}/corrections"
    body = {"kind": "paragraph_lead", "paragraph": "1", "value": "Orders"}
    assert client.post(url, body, content_type="application/json").status_code == 401
    for roles in (RAMSAR_STAFF, PARTNER):
        other = client_for(roles)
        assert other.post(url, body, content_type="application/json").status_code == 404
        assert other.get(url).status_code == 404
        assert other.get(f"/api/batches/{batch_id}/files/{file_id}").status_code == 404
        assert other.delete(f"{url}/{made['id']}").status_code == 404
        assert other.post(f"/decisions/batches/{batch_id}/files/{file_id}/corrections/",
                          {"kind": "paragraph_lead", "paragraph": "1", "value": "Orders"}).status_code == 404
        assert other.get(f"/decisions/batches/{batch_id}/?file={file_id}").status_code == 404
    assert BatchCorrection.objects.filter(file_id=file_id).count() == 1
    other_batch, other_file = upload(staff, text=TEXT.replace("14.90", "14.91"), name="14.91.txt")
    assert staff.delete(f"/api/batches/{other_batch}/files/{other_file}/corrections/{made['id']}").status_code == 404
    assert staff.get(f"/api/batches/{batch_id}/files/{other_file}").status_code == 404


@pytest.mark.parametrize("body, field", [
    ({"kind": "rewrite", "paragraph": "1"}, "kind"),
    ({"kind": "paragraph_lead", "paragraph": "1", "value": ""}, "value"),
    ({"kind": "paragraph_lead", "paragraph": "1", "value": "x" * 121}, "value"),
    ({"kind": "paragraph_lead", "paragraph": "99", "value": "Asks"}, "paragraph"),
    ({"kind": "paragraph_lead", "paragraph": "", "value": "Asks"}, "paragraph"),
    ({"kind": "paragraph_lead", "paragraph": "1" * 33, "value": "Asks"}, "paragraph"),
    ({"kind": "paragraph_type", "paragraph": "1", "value": "decorative"}, "value"),
    ({"kind": "paragraph_type", "paragraph": "1", "value": "operational"}, "value"),
    ({"kind": "paragraph_split", "paragraph": "1"}, "before"),
    ({"kind": "paragraph_split", "paragraph": "1", "before": "not in the text"}, "before"),
    ({"kind": "paragraph_split", "paragraph": "1", "offset": 100000}, "offset"),
    ({"kind": "paragraph_split", "paragraph": "1", "offset": 0}, "offset"),
    ({"kind": "mandate_set", "paragraph": "1", "mandate": 5, "field": "actor", "value": "Parties"}, "mandate"),
    ({"kind": "mandate_set", "paragraph": "1", "field": "actor", "value": "Parties"}, "mandate"),
    ({"kind": "mandate_set", "paragraph": "1", "mandate": 0, "field": "owner", "value": "me"}, "field"),
    ({"kind": "mandate_set", "paragraph": "1", "mandate": 0, "field": "action", "value": "  "}, "value"),
    ({"kind": "mandate_set", "paragraph": "1", "mandate": 0, "field": "deadline", "value": "y" * 201}, "value"),
    ({"kind": "mandate_set", "paragraph": "1", "mandate": 0, "field": "action", "value": "z" * 5001}, "value"),
    ({"kind": "mandate_merge", "paragraph": "1", "mandate": 0}, "mandate"),
    ({"kind": "mandate_split", "paragraph": "1", "mandate": 0, "offset": 100000}, "offset"),
    ({"kind": "paragraph_lead", "paragraph": "1", "value": "Asks", "decision": "31 COM 7B.1"}, "decision"),
])
def test_bad_input_is_a_4xx_with_the_field_and_stores_nothing(client_for, body, field):
    staff = client_for(CMS_STAFF)
    batch_id, file_id = upload(staff)
    preview = IngestBatch.objects.get(pk=batch_id).preview
    audits = AuditEvent.objects.count()
    response = correct(staff, batch_id, file_id, **body)
    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["detail"]
    assert field in {e["field"] for e in answer.get("errors", [])} or field in str(answer), answer
    assert not BatchCorrection.objects.filter(file_id=file_id).exists()
    assert IngestBatch.objects.get(pk=batch_id).preview == preview and AuditEvent.objects.count() == audits


def test_the_batch_page_has_edit_forms_that_correct_and_remove(client_for):
    staff = client_for(CMS_STAFF)
    batch_id, file_id = upload(staff)
    page = staff.get(f"/decisions/batches/{batch_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    action = f"/decisions/batches/{batch_id}/files/{file_id}/corrections/"
    assert html.count(f'action="{action}"') >= 10  # forms per paragraph and per mandate
    assert "<script>" not in html and "onclick" not in html  # CSP: no inline script
    posted = staff.post(action, {"kind": "mandate_set", "paragraph": "1", "mandate": "0", "field": "deadline",
                                 "value": "by StC57"})
    assert posted.status_code == 302 and posted["Location"] == f"/decisions/batches/{batch_id}/?file={file_id}"
    assert "by StC57" in staff.get(posted["Location"]).content.decode()
    correction = BatchCorrection.objects.get(file_id=file_id)
    bad = staff.post(action, {"kind": "mandate_set", "paragraph": "1", "mandate": "0", "field": "actor",
                              "value": ""})
    assert bad.status_code == 422 and "errorlist" in bad.content.decode()
    assert BatchCorrection.objects.filter(file_id=file_id).count() == 1
    removed = staff.post(f"{action}{correction.pk}/delete/")
    assert removed.status_code == 302 and not BatchCorrection.objects.filter(file_id=file_id).exists()
    assert "by StC57" not in staff.get(posted["Location"]).content.decode()
    junk = staff.post(action, {"kind": "mandate_set", "paragraph": "1", "mandate": "first", "field": "deadline",
                               "value": "x"})
    assert junk.status_code == 422 and not BatchCorrection.objects.filter(file_id=file_id).exists()
