"""Bad input answers a clear 4xx in the one error shape and leaves the stored data as it was, never a 500."""

import pytest

from liaison.accounts.models import Role
from liaison.decisions.models import ACTION_MAX, NOTE_MAX, Mandate, MandateEvidence

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
HUGE = 2**70


def seed_mandate() -> Mandate:
    return Mandate.objects.filter(decision__number="11.10", decision__convention__acronym="CMS",
                                  paragraph__number="21").first()


@pytest.mark.parametrize("url,status", [
    (f"/api/mandates?decision={HUGE}", 422),
    ("/api/mandates?decision=0", 422),
    (f"/api/mandates?offset={HUGE}", 422),
    ("/api/mandates?limit=501", 422),
    (f"/api/mandates/{HUGE}", 404),
    (f"/api/mandates/{HUGE}/history", 404),
    (f"/api/decisions/{HUGE}", 404),
    (f"/api/overlap/runs/{HUGE}", 404),
    (f"/decisions/{HUGE}/", 404),
    (f"/mandates/{HUGE}/", 404),
    (f"/mandates/evidence/{HUGE}/file/", 404),
    (f"/mandates/?decision={HUGE}", 422),
    ("/mandates/?decision=abc", 422),
    ("/mandates/?decision=%C2%B3", 422),  # a Unicode digit is not an id
])
def test_ids_out_of_range_are_4xx_not_500(client, url, status):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    if url.startswith("/api/"):
        assert set(response.json()) == {"detail", "errors"}


def test_json_sent_as_text_plain_is_415_and_not_applied(client_for):
    mandate = seed_mandate()
    staff = client_for(CMS_STAFF)
    response = staff.patch(f"/api/mandates/{mandate.pk}", '{"deadline": "COP15"}', content_type="text/plain")
    assert response.status_code == 415 and response.json()["detail"]
    sneaky = staff.patch(f"/api/mandates/{mandate.pk}", '{"deadline": "COP15\\u0000"}', content_type="text/plain")
    assert sneaky.status_code == 415
    mandate.refresh_from_db()
    assert mandate.deadline != "COP15" and "\x00" not in mandate.deadline


def test_json_with_a_charset_is_still_read(client_for):
    mandate = seed_mandate()
    response = client_for(CMS_STAFF).patch(f"/api/mandates/{mandate.pk}", '{"deadline": "StC55"}',
                                           content_type="application/json; charset=utf-8")
    assert response.status_code == 200 and response.json()["deadline"] == "StC55"


def test_text_over_its_bound_is_422_through_the_api(client_for):
    mandate = seed_mandate()
    staff = client_for(CMS_STAFF)
    before = mandate.action
    response = staff.patch(f"/api/mandates/{mandate.pk}", {"action": "x" * (ACTION_MAX + 1)},
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "action"
    note = staff.post(f"/api/mandates/{mandate.pk}/evidence", {"note": "n" * (NOTE_MAX + 1)})
    assert note.status_code == 422
    mandate.refresh_from_db()
    assert mandate.action == before
    assert not MandateEvidence.objects.filter(mandate=mandate).exists()


def test_text_over_its_bound_is_a_form_error_on_the_page(client_for):
    mandate = seed_mandate()
    staff = client_for(CMS_STAFF)
    response = staff.post(f"/mandates/{mandate.pk}/", {"actor_label": "Secretariat", "status": "open",
                                                       "action": "x" * (ACTION_MAX + 1)})
    assert response.status_code == 200 and response.context["form"].errors["action"]
    evidence = staff.post(f"/mandates/{mandate.pk}/", {"add_evidence": "1", "note": "n" * (NOTE_MAX + 1)})
    assert evidence.status_code == 200 and evidence.context["evidence_form"].errors["note"]
    mandate.refresh_from_db()
    assert len(mandate.action) <= ACTION_MAX


def test_lone_surrogates_and_controls_in_a_correction_are_refused_or_cleaned(client_for):
    mandate = seed_mandate()
    staff = client_for(CMS_STAFF)
    surrogate = staff.patch(f"/api/mandates/{mandate.pk}", '{"report_to": "StC\\ud800"}',
                            content_type="application/json")
    assert surrogate.status_code in (200, 422)
    control = staff.patch(f"/api/mandates/{mandate.pk}", '{"report_to": "StC \\u0007x"}',
                          content_type="application/json")
    assert control.status_code == 200 and control.json()["report_to"] == "StC x"
    mandate.refresh_from_db()
    assert "\ud800" not in mandate.report_to and "\x07" not in mandate.report_to


def test_every_operation_of_the_area_declares_a_typed_response(client):
    doc = client.get("/api/openapi.json").json()
    mine = ("/api/decisions", "/api/mandates", "/api/conventions", "/api/countries", "/api/overlap")
    for path, operations in doc["paths"].items():
        if not path.startswith(mine):
            continue
        for method, operation in operations.items():
            schema = operation["responses"]
            ok = next(v for k, v in schema.items() if k.startswith("2"))
            content = ok.get("content", {}).get("application/json", {}).get("schema", {})
            assert "$ref" in content or content.get("properties"), f"{method} {path} has no typed response"


@pytest.mark.parametrize("url", ["/api/decisions", "/api/mandates", "/api/conventions", "/api/overlap/pairs",
                                 "/api/overlap/themes", "/api/overlap/leads", "/api/conventions/CMS/in-effect",
                                 "/api/conventions/CMS/parties"])
def test_lists_are_paginated_with_their_total(client, url):
    page = client.get(url + "?limit=1").json()
    # The overlap pairs also carry the count of each filter value (issue 15's filterable report).
    extra = {"facets"} if url == "/api/overlap/pairs" else set()
    assert set(page) == {"count", "items"} | extra and len(page["items"]) <= 1
    assert page["count"] >= len(page["items"])
    assert client.get(url + "?limit=501").status_code == 422
