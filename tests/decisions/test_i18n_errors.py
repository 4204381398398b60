"""The decisions app's refusals answer in the caller's language, and change nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.decisions.models import Decision, IngestBatch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "detail"), [
    ("en", "No decision with id 999999."),
    ("fr", "Aucune décision avec l'identifiant 999999."),
    ("es", "No hay ninguna decisión con el identificador 999999."),
])
def test_a_missing_decision_is_named_in_the_callers_language(client, lang, detail):
    response = client.get("/api/decisions/999999", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 404
    assert response.json()["detail"] == detail


def test_a_partner_refused_an_upload_is_told_why_in_spanish_and_no_batch_is_made(client_for):
    partner = client_for((Role.PARTNER, None, None, "Wild Migration"))
    before = IngestBatch.objects.count()
    text = SimpleUploadedFile("99.1.txt", b"The Conference of the Parties\n1. Requests the Secretariat to act;")
    response = partner.post("/api/decisions", {"file": text, "convention": "CMS", "symbol": "99.1"},
                            HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 403
    assert response.json()["detail"] == "Solo la Secretaría de esta convención puede añadir sus decisiones."
    assert IngestBatch.objects.count() == before
    assert not Decision.objects.filter(number="99.1").exists()
