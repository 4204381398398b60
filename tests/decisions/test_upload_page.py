"""Journey 1: the officer uploads a meeting's resolutions at once and sees what was read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention
from liaison.decisions.models import Decision

pytestmark = pytest.mark.django_db

ENACTING = "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"


def text(number: str, body: str) -> bytes:
    return f"RESOLUTION {number}\nTEST\nRecalling Resolution 11.10,\n{ENACTING}{body}".encode()


def test_several_files_are_read_into_one_draft_batch_and_each_is_reported(client_for):
    # Behaviour changed on purpose (issue 12): an upload makes a draft batch to preview, not public decisions.
    staff = client_for((Role.SECRETARIAT, "CMS"))
    cms = Convention.objects.get(acronym="CMS")
    files = [
        SimpleUploadedFile("res_14_1.txt", text("14.1", "1. Requests the Secretariat to report by COP15;\n")),
        SimpleUploadedFile("res_14_2.txt", text("14.2", "1. Urges Parties to act;\n2. Invites the Scientific "
                                                        "Council to advise;\n")),
        SimpleUploadedFile("broken.txt", b"nothing operative here"),
    ]
    page = staff.post("/decisions/upload/", {"file": files, "convention": cms.pk}, follow=True)
    assert page.status_code == 200
    results = page.context["preview"]["files"]
    assert [r["name"] for r in results] == ["res_14_1.txt", "res_14_2.txt", "broken.txt"]
    assert "error" in results[2] and results[1]["mandates"] == 2
    assert not Decision.objects.filter(convention=cms, number__in=["14.1", "14.2"]).exists()
    staff.post(f"/decisions/batches/{page.context['batch'].pk}/publish/")
    assert Decision.objects.filter(convention=cms, number__in=["14.1", "14.2"]).count() == 2


def test_a_number_with_several_files_is_refused(client_for):
    staff = client_for((Role.SECRETARIAT, "CMS"))
    cms = Convention.objects.get(acronym="CMS")
    files = [SimpleUploadedFile("a.txt", text("14.93", "1. Requests the Secretariat to act;\n")),
             SimpleUploadedFile("b.txt", text("14.94", "1. Requests the Secretariat to act;\n"))]
    page = staff.post("/decisions/upload/", {"file": files, "convention": cms.pk, "symbol": "14.93"})
    assert page.context["form"].errors["symbol"]
    assert not Decision.objects.filter(number__in=["14.93", "14.94"]).exists()


def test_a_wrong_extension_is_a_form_error(client_for):
    staff = client_for((Role.SECRETARIAT, "CMS"))
    cms = Convention.objects.get(acronym="CMS")
    page = staff.post("/decisions/upload/", {"file": [SimpleUploadedFile("x.exe", b"MZ")], "convention": cms.pk})
    assert "x.exe" in str(page.context["form"].errors["file"])
