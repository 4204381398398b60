"""Importing a contacts file (InforMEA's Contacts JSON or CSV): preview, bad rows listed with nothing stored,
confirm, idempotent re-import, and export back in the same shape."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.contacts.formats import FILE_MAX_BYTES
from liaison.contacts.models import Contact, ContactImport, ContactRole
from liaison.core.models import AuditEvent

pytestmark = pytest.mark.django_db

FIXTURE = settings.DATA_DIR / "informea_melish/odata_api_samples_synthetic/v3_Contacts.json"
CBD_STAFF = (Role.SECRETARIAT, "CBD")
CSV = ("id,country,prefix,firstName,lastName,institution,email,primary,roles\n"
       "ke-1,KE,Dr.,Wambui,Csvtest,Kenya Wildlife Service,w@kws.example,1,cbd=CBD Primary NFP; nagoya=ABS NFP\n")


def upload(client, name: str, data: bytes):
    return client.post("/api/contacts/imports", {"file": SimpleUploadedFile(name, data)})


def test_staff_import_informea_contacts_preview_then_confirm_then_again(user_factory, as_user):
    staff = as_user(user_factory(CBD_STAFF))
    before = Contact.objects.count()
    preview = upload(staff, "contacts.json", FIXTURE.read_bytes())
    assert preview.status_code == 201, preview.content
    rows = preview.json()["rows"]
    assert [r["action"] for r in rows] == ["create", "create"] and rows[0]["country"] == "BRB"
    assert Contact.objects.count() == before  # nothing stored before the confirmation
    done = staff.post(f"/api/contacts/imports/{preview.json()['id']}/confirm")
    assert done.status_code == 200 and done.json()["created"] == 2
    doe = Contact.objects.get(informea_id="52000000cbd02200000018e9")
    assert (doe.first_name, doe.last_name, doe.country.iso3, doe.institution) == (
        "John", "Doe", "BRB", "Ministry of Environment and Drainage")
    assert sorted((r.convention.acronym, r.kind) for r in doe.roles.all()) == [
        ("Cartagena", ContactRole.BCH_NFP), ("Cartagena", ContactRole.BIOSAFETY_NFP), ("Nagoya", ContactRole.ABS_NFP)]
    assert staff.post(f"/api/contacts/imports/{preview.json()['id']}/confirm").status_code == 409
    assert AuditEvent.objects.filter(action="contact_import", object_id=str(doe.pk)).count() == 1
    again = upload(staff, "contacts.json", FIXTURE.read_bytes())
    assert [r["action"] for r in again.json()["rows"]] == ["update", "update"]
    assert staff.post(f"/api/contacts/imports/{again.json()['id']}/confirm").json() == {
        "id": again.json()["id"], "created": 0, "updated": 2}
    assert Contact.objects.count() == before + 2


def test_a_bad_row_is_listed_and_nothing_is_stored(user_factory, as_user):
    staff = as_user(user_factory(CBD_STAFF))
    records = json.loads(FIXTURE.read_text())["d"]["results"]
    records[1]["country"] = "ZZ"
    records.append({"id": "x", "country": "KE", "lastName": "", "roles": [{"treaty": "nowhere", "roles": ["NFP"]}]})
    records.append({"id": "y", "country": "KE", "lastName": "Cms", "roles": [{"treaty": "cms", "roles": ["NFP"]}]})
    imports, contacts = ContactImport.objects.count(), Contact.objects.count()
    answer = upload(staff, "contacts.json", json.dumps({"d": {"results": records}}).encode())
    assert answer.status_code == 422
    fields = [e["field"] for e in answer.json()["errors"]]
    assert "row 1" not in fields and fields.count("row 3") == 2 and "row 2" in fields
    assert "row 4" in fields  # CBD staff may not write a CMS focal point
    assert (ContactImport.objects.count(), Contact.objects.count()) == (imports, contacts)


@pytest.mark.parametrize("name, data, status", [
    ("c.json", b"not json", 422),
    ("c.json", b'{"d": {"results": []}}', 422),
    ("c.json", b'{"d": 3}', 422),
    ("c.json", b"\xff\xfe", 422),
    ("c.csv", b"a,b\n1,2\n", 422),
    ("c.json", b" " * (FILE_MAX_BYTES + 1), 413),
])
def test_unreadable_files_are_refused_with_a_reason(user_factory, as_user, name, data, status):
    answer = upload(as_user(user_factory(CBD_STAFF)), name, data)
    assert answer.status_code == status, answer.content
    assert answer.json()["detail"]


def test_who_imports(client, user_factory, as_user):
    assert upload(client, "c.csv", CSV.encode()).status_code == 401
    assert upload(as_user(user_factory((Role.PARTNER, None, None, "Wild Migration"))), "c.csv",
                  CSV.encode()).status_code == 403
    # a focal point of Uganda may not import Kenya's contacts: the row is refused
    uganda = upload(as_user(user_factory((Role.FOCAL_POINT, "CBD", "UGA"))), "c.csv", CSV.encode())
    assert uganda.status_code == 422 and uganda.json()["errors"][0]["field"] == "row 1"


def test_csv_import_and_export_round_trip(client, user_factory, as_user):
    fp = as_user(user_factory((Role.FOCAL_POINT, "CBD", "KEN")))
    preview = upload(fp, "c.csv", CSV.encode()).json()
    assert fp.post(f"/api/contacts/imports/{preview['id']}/confirm").json()["created"] == 1
    contact = Contact.objects.get(last_name="Csvtest")
    assert contact.primary and contact.informea_id == "ke-1"
    assert sorted(r.kind for r in contact.roles.all()) == ["abs_nfp", "nfp"]
    # the export is InforMEA's shape; the public gets no e-mail, Kenya's focal point does
    public = client.get("/api/informea/Contacts?$filter=id eq 'ke-1'").json()["d"]["results"]
    assert public[0]["lastName"] == "Csvtest" and "email" not in public[0] and public[0]["country"] == "KE"
    assert public[0]["treaties"] == ["cbd", "nagoya"] and public[0]["primary"] == 1
    exported = fp.get("/api/informea/Contacts?$filter=id eq 'ke-1'").content
    assert json.loads(exported)["d"]["results"][0]["email"] == "w@kws.example"
    back = upload(fp, "export.json", exported).json()
    assert back["rows"][0]["action"] == "update"
