"""Who reads a mandate's record (history with names, evidence) and who is refused, role by role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.decisions.models import Mandate, MandateEvidence

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
CBD_STAFF = (Role.SECRETARIAT, "CBD")
CMS_REVIEWER = (Role.REVIEWER, "CMS")
KENYA_NFP = (Role.FOCAL_POINT, "CMS", "KEN")
PARTNER = (Role.PARTNER, None, None, "Wild Migration")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def seed_mandate() -> Mandate:
    return Mandate.objects.filter(decision__number="11.10", decision__convention__acronym="CMS",
                                  paragraph__number="21").first()


@pytest.fixture
def changed(user_factory):
    """A seed mandate changed by a named CMS staff member through the API; returns (mandate, username)."""
    from django.test import Client

    staff = user_factory(CMS_STAFF, username="ana.cms.officer")
    client = Client()
    client.force_login(staff)
    mandate = seed_mandate()
    response = client.patch(f"/api/mandates/{mandate.pk}", {"deadline": "StC54"}, content_type="application/json")
    assert response.status_code == 200
    return mandate, staff.username


def test_history_is_refused_to_the_public_and_to_other_roles(client, client_for, changed):
    mandate, username = changed
    url = f"/api/mandates/{mandate.pk}/history"
    assert client.get(url).status_code == 401
    for roles in (KENYA_NFP, CBD_STAFF, PARTNER):
        response = client_for(roles).get(url)
        assert response.status_code == 403 and username not in response.content.decode()


@pytest.mark.parametrize("roles", [CMS_STAFF, CMS_REVIEWER])
def test_history_names_who_changed_what_for_the_conventions_staff_and_reviewers(client_for, changed, roles):
    mandate, username = changed
    items = client_for(roles).get(f"/api/mandates/{mandate.pk}/history").json()["items"]
    assert items[0]["by"] == username and items[0]["changes"]["after"]["deadline"] == "StC54"


def test_mandate_page_shows_no_username_to_the_public(client, client_for, changed):
    mandate, username = changed
    assert username not in client.get(f"/mandates/{mandate.pk}/").content.decode()
    assert username not in client_for(CBD_STAFF).get(f"/mandates/{mandate.pk}/").content.decode()
    assert username in client_for(CMS_STAFF).get(f"/mandates/{mandate.pk}/").content.decode()


def evidence_post(client, mandate, *, name="report.pdf", data=PDF, **fields):
    return client.post(f"/api/mandates/{mandate.pk}/evidence", {"file": SimpleUploadedFile(name, data), **fields})


def test_evidence_file_opens_through_the_gateway_for_the_record_readers_only(client, client_for):
    mandate = seed_mandate()
    created = evidence_post(client_for(CMS_STAFF), mandate, note="Sent to the Standing Committee.")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kind"] == "pdf" and body["file"]
    for roles in (CMS_STAFF, CMS_REVIEWER):
        reader = client_for(roles)
        response = reader.get(body["file"])
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
        assert reader.get(f"/api/mandates/{mandate.pk}/evidence").json()["count"] == 1
        assert body["file"] in reader.get(f"/mandates/{mandate.pk}/").content.decode()
    for viewer, status in ((client, 401), (client_for(KENYA_NFP), 403), (client_for(CBD_STAFF), 403),
                           (client_for(PARTNER), 403)):
        assert viewer.get(body["file"]).status_code == 404  # "missing" and "not yours" alike
        assert viewer.get(f"/api/mandates/{mandate.pk}/evidence").status_code == status
        assert "Sent to the Standing Committee." not in viewer.get(f"/mandates/{mandate.pk}/").content.decode()


@pytest.mark.parametrize("roles,status", [(None, 401), (KENYA_NFP, 403), (CBD_STAFF, 403), (PARTNER, 403)])
def test_only_the_conventions_staff_attach_evidence(client, client_for, roles, status):
    mandate = seed_mandate()
    viewer = client_for(roles) if roles else client
    assert evidence_post(viewer, mandate).status_code == status
    assert not MandateEvidence.objects.filter(mandate=mandate).exists()


def test_evidence_over_the_size_limit_is_413_and_nothing_is_stored(client_for, settings):
    settings.LIAISON_EVIDENCE_MAX_BYTES = 50
    mandate = seed_mandate()
    response = evidence_post(client_for(CMS_STAFF), mandate)
    assert response.status_code == 413 and response.json()["detail"]
    assert not MandateEvidence.objects.filter(mandate=mandate).exists()


@pytest.mark.parametrize("name,data", [
    ("report.pdf", b"MZ\x90\x00 an executable renamed"),
    ("notes.docx", b"PK\x03\x04 not an office file"),
    ("page.html", b"<html><script>alert(1)</script></html>"),
])
def test_evidence_of_another_type_is_415_whatever_its_name(client_for, name, data):
    mandate = seed_mandate()
    response = evidence_post(client_for(CMS_STAFF), mandate, name=name, data=data)
    assert response.status_code == 415, response.content
    assert response.json()["errors"][0]["field"] == "file"
    assert not MandateEvidence.objects.filter(mandate=mandate).exists()


def test_the_evidence_form_states_its_limit_and_shows_a_wrong_type_as_a_form_error(client_for):
    mandate = seed_mandate()
    staff = client_for(CMS_STAFF)
    page = staff.get(f"/mandates/{mandate.pk}/").content.decode()
    assert "PDF, PNG, JPEG, DOCX, XLSX or ODT, at most" in page
    response = staff.post(f"/mandates/{mandate.pk}/", {"add_evidence": "1",
                                                       "file": SimpleUploadedFile("x.pdf", b"plain text")})
    assert response.status_code == 200
    assert response.context["evidence_form"].errors["file"]
    assert not MandateEvidence.objects.filter(mandate=mandate).exists()


def test_the_evidence_limit_is_in_the_api_schema(client):
    doc = client.get("/api/openapi.json").json()
    operation = doc["paths"]["/api/mandates/{mandate_id}/evidence"]["post"]
    assert "413" in operation["responses"] and "415" in operation["responses"]
    assert "MB" in operation["description"]
