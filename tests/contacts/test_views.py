"""The contacts pages: the list, the add and edit form (a refused value shows the form again), delete, and the
import's upload, preview and confirmation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.contacts.models import Contact, ContactImport

pytestmark = pytest.mark.django_db

FORM = {"first_name": "Page", "last_name": "Formtest", "email": "form@kenya.example", "public_fields": ["email"],
        "role_convention_0": "CMS", "role_kind_0": "scientific", "role_label_0": "Scientific Councillor"}


def test_add_edit_delete_through_the_pages(client, user_factory, as_user):
    fp = as_user(user_factory((Role.FOCAL_POINT, "CMS", "KEN")))
    assert fp.get("/countries/KEN/contacts/new/").status_code == 200
    refused = fp.post("/countries/KEN/contacts/new/", {**FORM, "role_kind_0": "boss"})
    assert refused.status_code == 422 and b'id="contact-error"' in refused.content
    assert not Contact.objects.filter(last_name="Formtest").exists()
    assert fp.post("/countries/KEN/contacts/new/", FORM).status_code == 302
    contact = Contact.objects.get(last_name="Formtest")
    assert contact.public_fields == ["email"] and contact.roles.get().label == "Scientific Councillor"
    # the public sees the e-mail made public, not the rest
    listing = client.get("/countries/KEN/contacts/").content.decode()
    assert "form@kenya.example" in listing and f'href="/contacts/{contact.pk}/edit/"' not in listing
    assert f'href="/contacts/{contact.pk}/edit/"' in fp.get("/countries/KEN/contacts/").content.decode()
    assert fp.get(f"/contacts/{contact.pk}/edit/").status_code == 200
    assert fp.post(f"/contacts/{contact.pk}/edit/", {**FORM, "phone": "+254 3"}).status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "+254 3"
    assert as_user(user_factory((Role.FOCAL_POINT, "CMS", "UGA"))).get(f"/contacts/{contact.pk}/edit/").status_code == 403
    assert fp.post(f"/contacts/{contact.pk}/delete/").status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_import_through_the_pages(user_factory, as_user):
    staff = as_user(user_factory((Role.SECRETARIAT, "CMS")))
    assert staff.get("/contacts/import/").status_code == 200
    bad = staff.post("/contacts/import/", {"file": SimpleUploadedFile(
        "c.csv", b"country,lastName,roles\nKE,Ok,cms=NFP\nQQ,Bad,cms=NFP\n")})
    assert bad.status_code == 422 and b"row 2" in bad.content and not ContactImport.objects.exists()
    good = staff.post("/contacts/import/", {"file": SimpleUploadedFile("c.csv", b"country,lastName,roles\nKE,Pagein,cms=NFP\n")})
    assert good.status_code == 302
    preview = staff.get(good["Location"])
    assert b"Pagein" in preview.content and b'id="import-confirm"' in preview.content
    assert not Contact.objects.filter(last_name="Pagein").exists()
    pending = ContactImport.objects.get()
    assert as_user(user_factory((Role.SECRETARIAT, "CMS"))).get(good["Location"]).status_code == 404  # not theirs
    assert staff.post(f"/contacts/import/{pending.pk}/confirm/").status_code == 302
    assert Contact.objects.filter(last_name="Pagein", country__iso3="KEN").exists()
    assert staff.post(f"/contacts/import/{pending.pk}/confirm/").status_code == 409
