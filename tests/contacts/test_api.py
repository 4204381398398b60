"""National focal-point contacts through the API: who reads which fields, who edits, the audit trail."""

from __future__ import annotations

import pytest

from liaison.accounts.models import Role
from liaison.catalogue.models import Country
from liaison.contacts.models import Contact
from liaison.core.models import AuditEvent

pytestmark = pytest.mark.django_db

KEN_FP = (Role.FOCAL_POINT, "CMS", "KEN")
UGA_FP = (Role.FOCAL_POINT, "CMS", "UGA")
CITES_STAFF = (Role.SECRETARIAT, "CITES")
CBD_STAFF = (Role.SECRETARIAT, "CBD")

BODY = {"prefix": "Ms.", "first_name": "Test", "last_name": "Authority", "position": "Director",
        "institution": "Wildlife Service", "email": "ma@kenya.example", "phone": "+254 1", "address": "Nairobi",
        "public_fields": ["institution"], "roles": [{"convention": "CITES", "kind": "cites_ma", "label": ""}]}


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def put(client, url, body):
    return client.put(url, body, content_type="application/json")


def test_a_focal_point_adds_a_contact_the_public_reads_only_public_fields(client, user_factory, as_user):
    fp = user_factory(KEN_FP)
    made = post(as_user(fp), "/api/countries/KEN/contacts", BODY)
    assert made.status_code == 201, made.content
    row = made.json()
    assert row["email"] == "ma@kenya.example" and row["roles"][0]["kind"] == "cites_ma" and row["editable"]
    public = next(c for c in client.get("/api/countries/KEN/contacts").json()["contacts"] if c["id"] == row["id"])
    assert public["name"] == "Ms. Test Authority" and public["institution"] == "Wildlife Service"
    assert public["email"] is None and public["phone"] is None and public["position"] is None
    assert not public["editable"] and not public["private_shown"]
    # another country's focal point reads the public fields only; the CITES secretariat reads every field
    other = next(c for c in as_user(user_factory(UGA_FP)).get("/api/countries/KEN/contacts").json()["contacts"]
                 if c["id"] == row["id"])
    assert other["email"] is None
    staff = next(c for c in as_user(user_factory(CITES_STAFF)).get("/api/countries/KEN/contacts").json()["contacts"]
                 if c["id"] == row["id"])
    assert staff["email"] == "ma@kenya.example" and staff["editable"]
    event = AuditEvent.objects.get(action="contact_create", object_id=str(row["id"]))
    assert event.actor == fp and event.changes["email"] == [None, "ma@kenya.example"]


def test_who_may_write_a_contact(client, user_factory, as_user):
    fp = user_factory(KEN_FP)
    contact_id = post(as_user(fp), "/api/countries/KEN/contacts", BODY).json()["id"]
    assert post(client, "/api/countries/KEN/contacts", BODY).status_code == 401
    assert post(as_user(user_factory(UGA_FP)), "/api/countries/KEN/contacts", BODY).status_code == 403
    # CBD staff may not add a CITES authority, nor change one; CITES staff may, but not give it a CBD role
    cbd = as_user(user_factory(CBD_STAFF))
    assert post(cbd, "/api/countries/KEN/contacts", BODY).status_code == 403
    assert put(cbd, f"/api/contacts/{contact_id}", BODY).status_code == 403
    cites = as_user(user_factory(CITES_STAFF))
    changed = put(cites, f"/api/contacts/{contact_id}", {**BODY, "phone": "+254 2"})
    assert changed.status_code == 200 and changed.json()["phone"] == "+254 2"
    both = {**BODY, "roles": BODY["roles"] + [{"convention": "CBD", "kind": "nfp"}]}
    assert put(cites, f"/api/contacts/{contact_id}", both).status_code == 403
    assert put(as_user(fp), f"/api/contacts/{contact_id}", both).status_code == 200
    event = AuditEvent.objects.filter(action="contact_update", object_id=str(contact_id)).latest("pk")
    assert event.changes["roles"] == [["CITES cites_ma"], ["CBD nfp", "CITES cites_ma"]]
    # deleting takes its CITES role away too: CBD staff may not; the country's focal point may
    assert cbd.delete(f"/api/contacts/{contact_id}").status_code == 403
    assert as_user(fp).delete(f"/api/contacts/{contact_id}").status_code == 200
    assert not Contact.objects.filter(pk=contact_id).exists()
    assert AuditEvent.objects.filter(action="contact_delete", object_id=str(contact_id)).exists()


@pytest.mark.parametrize("change, field", [
    ({"first_name": "", "last_name": "", "position": "", "institution": ""}, "lastName"),
    ({"roles": []}, "roles"),
    ({"roles": [{"convention": "NOPE", "kind": "nfp"}]}, "roles.0.convention"),
    ({"roles": [{"convention": "CBD", "kind": "boss"}]}, "roles.0.kind"),
    ({"email": "x" * 255}, None),
    ({"first_name": "a\x00b"}, None),
])
def test_bad_values_answer_422_and_store_nothing(user_factory, as_user, change, field):
    before = Contact.objects.count()
    answer = post(as_user(user_factory(KEN_FP)), "/api/countries/KEN/contacts", {**BODY, **change})
    assert answer.status_code in (400, 422), answer.content  # a NUL is refused (400) before the view
    if field:
        assert field in [e["field"] for e in answer.json()["errors"]]
    assert Contact.objects.count() == before


def test_unknown_country_and_contact_are_404(user_factory, as_user):
    fp = as_user(user_factory(KEN_FP))
    assert fp.get("/api/countries/XXX/contacts").status_code == 404
    assert put(fp, "/api/contacts/999999999", BODY).status_code == 404
    assert Country.objects.filter(iso3="KEN").exists()
