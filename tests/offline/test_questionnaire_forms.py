"""Staff import a convention's questionnaire from its Word or Excel form: a preview first, then the store."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.reporting.models import Questionnaire

pytestmark = pytest.mark.django_db


def word_form() -> bytes:
    """A form in the shape conventions publish (CMS and Ramsar send theirs as Word files)."""
    document = docx.Document()
    document.add_heading("National Report of Parties on the Implementation of the Convention", level=1)
    document.add_paragraph("Please complete every section and return the form to the Secretariat.")
    document.add_paragraph("Section 1 General information")
    document.add_paragraph("1.1 Has your country designated a national focal point?")
    document.add_paragraph("☐ Yes ☐ No")
    document.add_paragraph("1.2 How many staff work on the Convention's implementation?")
    document.add_paragraph("Section 2: Species and threats")
    document.add_paragraph("2.1 Which threats affect migratory birds in your country? (tick all that apply)")
    document.add_paragraph("☐ Bycatch ☐ Poisoning ☐ Power lines ☐ Other")
    document.add_paragraph("2.2 Has the population trend been assessed? ☐ Yes ☐ Partly ☐ No")
    document.add_paragraph("2.3 List the species surveyed and their counts.")
    table = document.add_table(rows=3, cols=3)
    for cell, title in zip(table.rows[0].cells, ["Species", "Count", "Year"], strict=True):
        cell.text = title
    document.add_paragraph("2.4 Describe any other measures taken.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def excel_form() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ramsar national report form"])
    sheet.append(["Section 1 Wetland inventory"])
    sheet.append(["1.1", "Has a national wetland inventory been completed?", "☐ Yes ☐ No ☐ Partly"])
    sheet.append(["1.2", "Number of Ramsar sites designated"])
    sheet.append(["Section 2 Sites"])
    sheet.append(["2.1", "Give each site's name and area"])
    sheet.append([None, "Site", "Area (ha)"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send(c, data: bytes, name: str, convention: str = "CMS", code: str = "cms-form-2026"):
    return c.post("/api/offline/questionnaire-forms", {
        "file": SimpleUploadedFile(name, data), "convention": convention, "code": code,
        "title": "National report 2026", "cycle": "2026"})


def test_a_word_form_is_read_previewed_then_stored(client_for):
    staff = client_for(("secretariat", "CMS"))
    response = send(staff, word_form(), "cms-form.docx")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sections"] == 2 and body["questions"] == 6
    assert not Questionnaire.objects.filter(code="cms-form-2026").exists()  # a preview stores nothing
    q = {x["number"]: x for s in body["questionnaire"]["sections"] for x in s["questions"]}
    assert q["1.1"]["kind"] == "yesno" and q["1.2"]["kind"] == "number"
    assert q["2.1"]["kind"] == "multiple" and [o["label"] for o in q["2.1"]["options"]] == [
        "Bycatch", "Poisoning", "Power lines", "Other"]
    assert q["2.2"]["kind"] == "yesnopartly" and q["2.2"]["title"] == "Has the population trend been assessed?"
    assert q["2.3"]["kind"] == "table" and [c["label"] for c in q["2.3"]["columns"]] == ["Species", "Count", "Year"]
    assert q["2.4"]["kind"] == "text"
    stored = staff.post(f"/api/offline/questionnaire-forms/{body['id']}/confirm")
    assert stored.status_code == 201, stored.content
    assert Questionnaire.objects.get(code="cms-form-2026").questions.count() == 6
    assert staff.post(f"/api/offline/questionnaire-forms/{body['id']}/confirm").status_code == 409


def test_an_excel_form_is_read(client_for):
    staff = client_for(("secretariat", "Ramsar"))
    body = send(staff, excel_form(), "ramsar.xlsx", convention="Ramsar", code="ramsar-form").json()
    q = {x["number"]: x for s in body["questionnaire"]["sections"] for x in s["questions"]}
    assert set(q) == {"1.1", "1.2", "2.1"}
    assert q["1.1"]["kind"] == "yesnopartly" and q["1.2"]["kind"] == "number"
    assert [c["label"] for c in q["2.1"]["columns"]] == ["Site", "Area (ha)"]


def test_only_the_conventions_staff_import_and_bad_forms_are_refused(client_for):
    assert send(client_for(("secretariat", "Ramsar")), word_form(), "f.docx").status_code == 403
    assert send(client_for(("focal_point", "CMS", "KEN")), word_form(), "f.docx").status_code == 403
    staff = client_for(("secretariat", "CMS"))
    body = send(staff, word_form(), "f.docx").json()
    assert client_for(("secretariat", "CMS")).post(
        f"/api/offline/questionnaire-forms/{body['id']}/confirm").status_code == 404  # another's preview
    document = docx.Document()
    document.add_paragraph("A letter with no numbered question.")
    out = io.BytesIO()
    document.save(out)
    assert send(staff, out.getvalue(), "letter.docx").status_code == 422
    assert send(staff, b"not a zip", "f.docx").status_code == 415
