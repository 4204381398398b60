"""Who may add decisions and change mandates — and who is refused — through the API and the pages."""

import pytest
from django.conf import settings

from liaison.accounts.models import Role
from liaison.decisions.models import Decision, Mandate

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
CBD_STAFF = (Role.SECRETARIAT, "CBD")
KENYA_NFP = (Role.FOCAL_POINT, "CMS", "KEN")
PARTNER = (Role.PARTNER, None, None, "Wild Migration")

NEW_TEXT = ("RESOLUTION 14.99\nTEST RESOLUTION\nRecalling Resolution 11.10,\n"
            "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"
            "1. Requests the Secretariat to report to the Standing Committee by COP15;\n")


def upload(client, name="r.txt", text=NEW_TEXT, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/api/decisions", {"file": SimpleUploadedFile(name, text.encode()), **fields})


def seed_mandate() -> Mandate:
    return Mandate.objects.filter(decision__number="11.10", decision__convention__acronym="CMS",
                                  paragraph__number="21").first()


def test_anonymous_cannot_upload(client):
    assert upload(client, convention="CMS").status_code == 401


@pytest.mark.parametrize("roles", [KENYA_NFP, PARTNER, CBD_STAFF])
def test_others_than_the_conventions_secretariat_are_refused(client_for, roles):
    response = upload(client_for(roles), convention="CMS", symbol="14.99")
    assert response.status_code == 403
    assert not Decision.objects.filter(number="14.99").exists()


def test_the_conventions_secretariat_may_upload(client_for):
    response = upload(client_for(CMS_STAFF), convention="CMS", symbol="14.99")
    assert response.status_code == 201, response.content
    assert response.json()["number"] == "14.99"
    again = upload(client_for(CMS_STAFF), convention="CMS", symbol="14.99")
    assert again.status_code == 200


@pytest.mark.parametrize("payload,fragment", [
    (b"", "empty"),
    (b"%PDF-1.7\n\x00garbage", "pdf"),
    (b"PK\x03\x04notreallyadocx", ""),
])
def test_bad_uploads_are_refused_with_a_message(client_for, payload, fragment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = "x.pdf" if payload.startswith(b"%PDF") else ("x.docx" if payload.startswith(b"PK") else "x.txt")
    before = Decision.objects.count()
    response = client_for(CMS_STAFF).post("/api/decisions", {"file": SimpleUploadedFile(name, payload),
                                                             "convention": "CMS", "symbol": "14.98"})
    assert response.status_code == 400
    assert fragment in response.json()["detail"].lower()
    assert Decision.objects.count() == before


def test_upload_page_refuses_focal_points_and_shows_form_errors_to_staff(client_for):
    assert client_for(KENYA_NFP).get("/decisions/upload/").status_code == 403
    staff = client_for(CMS_STAFF)
    from django.core.files.uploadedfile import SimpleUploadedFile

    cms = staff.get("/decisions/upload/").context["form"].fields["convention"].queryset.get()
    page = staff.post("/decisions/upload/", {"file": SimpleUploadedFile("x.txt", b"no operative part here"),
                                             "convention": cms.pk, "symbol": "1.1"})
    # The text is read in the background (H13): an unreadable file makes a failed batch whose page says why.
    assert page.status_code == 302
    failed = staff.get(page["Location"])
    assert failed.context["batch"].state == "failed" and failed.context["batch"].message
    assert 'id="batch-error"' in failed.content.decode()


def test_mandate_patch_anonymous_and_other_roles_refused(client, client_for):
    mandate = seed_mandate()
    url = f"/api/mandates/{mandate.pk}"
    assert client.patch(url, {"status": "done"}, content_type="application/json").status_code == 401
    for roles in (KENYA_NFP, PARTNER, CBD_STAFF):
        response = client_for(roles).patch(url, {"status": "done"}, content_type="application/json")
        assert response.status_code == 403
    mandate.refresh_from_db()
    assert mandate.status == Mandate.OPEN


def test_secretariat_corrects_a_mandate_and_the_change_is_audited(client_for):
    mandate = seed_mandate()
    staff = client_for(CMS_STAFF)
    response = staff.patch(f"/api/mandates/{mandate.pk}", {"status": "in_progress", "deadline": "StC53"},
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress" and response.json()["corrected"] is True
    history = staff.get(f"/api/mandates/{mandate.pk}/history").json()["items"]
    assert history[0]["changes"]["after"]["deadline"] == "StC53"


def test_mandate_patch_with_an_unknown_status_is_a_4xx(client_for):
    response = client_for(CMS_STAFF).patch(f"/api/mandates/{seed_mandate().pk}", {"status": "finished?"},
                                           content_type="application/json")
    assert response.status_code == 422


def test_mandate_page_post_by_other_secretariat_is_refused(client_for):
    mandate = seed_mandate()
    response = client_for(CBD_STAFF).post(f"/mandates/{mandate.pk}/", {"status": "done"})
    assert response.status_code == 403


def test_upload_size_limit(client_for, settings):
    settings.LIAISON_UPLOAD_MAX_BYTES = 100
    response = upload(client_for(CMS_STAFF), convention="CMS", symbol="14.97")
    assert response.status_code == 413


def test_pages_render(client):
    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    body = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert "Repeals" in body and "Now known as Wild Migration." in body
    body = client.get("/conventions/CMS/in-effect/").content.decode()
    assert "10.21" in body and "11.10" in body
    assert client.get("/mandates/?actor=secretariat").status_code == 200
    body = client.get("/search/?q=liaison+group").content.decode()
    assert "Biodiversity Liaison Group" in body and "CMS" in body
    assert settings.DEMO_MODE


def test_nul_characters_are_refused_the_same_way_on_every_database(client_for):
    mandate = seed_mandate()
    staff = client_for(CMS_STAFF)
    response = staff.patch(f"/api/mandates/{mandate.pk}", '{"deadline": "COP15\\u0000"}',
                           content_type="application/json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    mandate.refresh_from_db()
    assert "\x00" not in mandate.deadline
