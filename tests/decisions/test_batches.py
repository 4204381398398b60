"""Ingest as a reviewed batch: a draft the public does not see, its preview, publish, and an exact undo."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.decisions.models import Decision, IngestBatch, Mandate, MandateEvidence, Reference
from liaison.overlap.models import OverlapRun

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
RAMSAR_STAFF = (Role.SECRETARIAT, "Ramsar")
KENYA_NFP = (Role.FOCAL_POINT, "CMS", "KEN")
ENACTING = "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"
REPEALING = ("RESOLUTION 14.80\nSYNERGIES AND PARTNERSHIPS\nRecalling Resolution 11.11,\n" + ENACTING
             + "1. Repeals Resolution 11.10;\n"
             "2. Requests the Secretariat to continue to report to the Standing Committee on partnerships;\n")
SECOND = ("RESOLUTION 14.81\nCIVIL SOCIETY\n" + ENACTING
          + "1. Urges Parties to engage civil society in the implementation of the Convention;\n")


def files(*pairs):
    return [SimpleUploadedFile(name, text.encode()) for name, text in pairs]


def upload(client, *pairs, convention="CMS"):
    return client.post("/api/batches", {"files": files(*pairs), "convention": convention})


def record(client) -> dict:
    """What undo must restore: the in-effect lists, mandate states, references, evidence and decisions."""
    return {
        "in_effect": client.get("/api/conventions/CMS/in-effect?limit=500").json()["items"],
        "decisions": list(Decision.objects.order_by("pk").values_list("pk", "status", "repealed_by", "has_text",
                                                                       "title")),
        "mandates": list(Mandate.objects.order_by("pk").values_list("pk", "status", "owner", "successor",
                                                                     "unresolved")),
        "references": list(Reference.objects.order_by("pk").values_list("pk", "target", "relation")),
        "evidence": list(MandateEvidence.objects.order_by("pk").values_list("pk", "mandate")),
    }


def in_effect(client) -> set[str]:
    return {d["number"] for d in client.get("/api/conventions/CMS/in-effect?limit=500").json()["items"]}


def test_an_upload_is_a_draft_the_public_does_not_see_with_a_preview(client, client_for):
    staff = client_for(CMS_STAFF)
    response = upload(staff, ("14.80.txt", REPEALING), ("14.81.txt", SECOND), ("bad.txt", "nothing operative"))
    assert response.status_code == 202, response.content  # parsed by the (in-process) background worker
    batch = response.json()
    assert batch["state"] == "draft"
    preview = batch["preview"]
    assert preview["decisions_new"] == 2 and preview["errors"] == 1
    assert "CMS Resolution 11.10" in preview["leaving_in_effect"]
    first = preview["files"][0]
    assert first["repeals"] == ["CMS Resolution 11.10"] and first["mandates"] == 1
    assert preview["files"][2]["error"]
    assert preview["references_resolving"] >= 1  # "Recalling Resolution 11.11" is known (bundled)
    # nothing is in the record yet
    assert not Decision.objects.filter(number__in=["14.80", "14.81"]).exists()
    assert "11.10" in in_effect(client)
    listed = client.get("/api/decisions?q=14.8&limit=500").json()["items"]
    assert not [d for d in listed if d["number"] in ("14.80", "14.81")]
    # the batch itself is its convention's staff's
    assert client.get(f"/api/batches/{batch['id']}").status_code == 401
    assert client_for(RAMSAR_STAFF).get(f"/api/batches/{batch['id']}").status_code == 404
    assert client_for(KENYA_NFP).get(f"/api/batches/{batch['id']}").status_code == 404
    assert staff.get(f"/api/batches/{batch['id']}").status_code == 200
    assert client_for(RAMSAR_STAFF).get("/api/batches").json()["count"] == 0


def test_publish_applies_the_batch_with_one_overlap_run_and_undo_restores_the_record_exactly(client, client_for):
    staff = client_for(CMS_STAFF)
    seed_mandate = Mandate.objects.filter(decision__number="11.10", decision__convention__acronym="CMS",
                                          paragraph__number="21").exclude(status=Mandate.SUPERSEDED).first()
    assert staff.patch(f"/api/mandates/{seed_mandate.pk}", {"status": "in_progress"},
                       content_type="application/json").status_code == 200
    assert staff.post(f"/api/mandates/{seed_mandate.pk}/evidence", {"note": "Reported to StC53."}
                      ).status_code == 201
    before = record(client)
    batch_id = upload(staff, ("14.80.txt", REPEALING), ("14.81.txt", SECOND)).json()["id"]
    runs = OverlapRun.objects.count()

    published = staff.post(f"/api/batches/{batch_id}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["state"] == "published"
    assert OverlapRun.objects.count() == runs + 1  # one queued run for the batch, not one per file
    assert "11.10" not in in_effect(client) and {"14.80", "14.81"} <= in_effect(client)
    assert record(client) != before
    assert staff.post(f"/api/batches/{batch_id}/publish").status_code == 409

    undone = staff.post(f"/api/batches/{batch_id}/undo")
    assert undone.status_code == 200, undone.content
    assert undone.json()["state"] == "undone"
    assert record(client) == before
    assert staff.post(f"/api/batches/{batch_id}/undo").status_code == 409


def test_only_the_conventions_staff_publish_and_undo_and_only_the_latest_batch_is_undone(client, client_for):
    staff = client_for(CMS_STAFF)
    first = upload(staff, ("14.80.txt", REPEALING)).json()["id"]
    assert client.post(f"/api/batches/{first}/publish").status_code == 401
    for roles in (RAMSAR_STAFF, KENYA_NFP):
        assert client_for(roles).post(f"/api/batches/{first}/publish").status_code == 404
    assert IngestBatch.objects.get(pk=first).state == IngestBatch.DRAFT
    assert client_for(RAMSAR_STAFF).post("/api/batches", {"files": files(("x.txt", SECOND)),
                                                          "convention": "CMS"}).status_code == 403
    assert staff.post(f"/api/batches/{first}/undo").status_code == 409  # a draft is not undone
    assert staff.post(f"/api/batches/{first}/publish").status_code == 200
    again = upload(staff, ("14.80-again.txt", REPEALING)).json()["id"]  # the same text: changes nothing
    assert staff.post(f"/api/batches/{again}/publish").status_code == 200
    second = upload(staff, ("14.81.txt", SECOND)).json()["id"]
    assert staff.post(f"/api/batches/{second}/publish").status_code == 200
    assert client_for(RAMSAR_STAFF).post(f"/api/batches/{second}/undo").status_code == 404
    assert staff.post(f"/api/batches/{first}/undo").status_code == 409  # the later one first
    assert staff.post(f"/api/batches/{second}/undo").status_code == 200
    assert staff.post(f"/api/batches/{first}/undo").status_code == 200
    assert not Decision.objects.filter(number__in=["14.80", "14.81"]).exists()


def test_the_upload_page_makes_a_draft_and_its_page_publishes_it(client_for):
    from liaison.catalogue.models import Convention

    staff = client_for(CMS_STAFF)
    cms = Convention.objects.get(acronym="CMS")
    page = staff.post("/decisions/upload/", {"file": files(("14.81.txt", SECOND)), "convention": cms.pk})
    assert page.status_code == 302
    batch = IngestBatch.objects.latest("pk")
    assert page["Location"] == f"/decisions/batches/{batch.pk}/"
    preview = staff.get(page["Location"])
    assert preview.status_code == 200 and "14.81" in preview.content.decode()
    assert not Decision.objects.filter(number="14.81").exists()
    assert client_for(RAMSAR_STAFF).get(page["Location"]).status_code == 404
    assert staff.post(f"/decisions/batches/{batch.pk}/publish/").status_code == 302
    assert Decision.objects.filter(number="14.81", convention=cms).exists()
    assert staff.get("/decisions/batches/").status_code == 200
    assert client_for(KENYA_NFP).get("/decisions/batches/").status_code == 403


def test_bad_batch_input_is_a_4xx_and_stores_nothing(client_for, settings):
    staff = client_for(CMS_STAFF)
    unreadable = upload(staff, ("bad.txt", "no operative part here"))  # parsed in the background: a failed batch
    assert unreadable.status_code == 202 and unreadable.json()["state"] == IngestBatch.FAILED
    assert staff.post(f"/api/batches/{unreadable.json()['id']}/publish").status_code == 409
    before = IngestBatch.objects.count()
    assert upload(staff, ("a.txt", SECOND), convention="NOPE").status_code == 422
    assert staff.post("/api/batches", {"convention": "CMS"}).status_code in (400, 422)
    assert staff.get("/api/batches/99999999999999999999").status_code in (404, 422)
    assert staff.get("/api/batches?state=weird").status_code == 422
    settings.LIAISON_UPLOAD_MAX_BYTES = 10
    assert upload(staff, ("a.txt", SECOND)).status_code == 413
    assert IngestBatch.objects.count() == before


def test_cli_ingest_makes_a_draft_batch(tmp_path, capsys):
    from argparse import Namespace

    from liaison.cli.ingest import run

    path = tmp_path / "r.txt"
    path.write_text(SECOND, encoding="utf-8")
    assert run(Namespace(paths=[str(path)], convention="CMS", number=None, kind=None, revision="")) == 0
    out = capsys.readouterr().out
    assert "draft" in out
    assert not Decision.objects.filter(number="14.81").exists()
    assert IngestBatch.objects.latest("pk").state == IngestBatch.DRAFT


def test_the_loaded_compilation_is_one_decision_per_item_and_a_second_upload_changes_nothing(client):
    from django.conf import settings

    from liaison.core.actors import system_actor
    from liaison.decisions.batches import batch_create
    from liaison.engine.decisions import document_parse
    from liaison.engine.decisions.parse import decisions_list

    data = (settings.DATA_DIR / "decision_documents" / "whc07-31com-24e.pdf").read_bytes()
    items = decisions_list(document_parse(data, filename="whc07-31com-24e.pdf", convention="WHC"))
    assert len(items) > 250
    stored = Decision.objects.filter(convention__acronym="WHC", number__in=[i["symbol"] for i in items])
    assert stored.count() == len(items)  # `liaison load` stored each decision of WHC-07/31.COM/24 on its own
    one = stored.get(number=items[1]["symbol"])
    assert one.revisions.count() == 1
    detail = client.get(f"/api/decisions/{one.pk}").json()
    assert len(detail["operative"]) == len(items[1]["operative"])
    batch = batch_create(user=system_actor("tests"), files=[("whc.pdf", data)], convention="WHC")
    assert batch.preview["decisions_new"] == 0 and batch.preview["unchanged"] == 1
