"""Indicator data through the API: a CBD ORT template filled by Uganda's focal point, checked row by row, stored
with the report, read back by who reads the report, and written back into the template."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.indicators.models import Series, SeriesRow
from liaison.indicators.templates_ort import template_bytes, workbook_open

pytestmark = pytest.mark.django_db
B1 = "GBF-INDICATOR-B1"
BIOME = "Biome - Global Ecosystem Typology level 2"


def filled(rows: list[tuple], code: str = B1) -> bytes:
    """The template itself with data rows typed in columns C and F-I (and D-E for disaggregations)."""
    book = workbook_open(template_bytes(code))
    sheet = book.worksheets[0]
    for line, (flag, kind, category, year, unit, value, footnote) in enumerate(rows, start=2):
        for column, v in zip("CDEFGHI", (flag, kind, category, year, unit, value, footnote), strict=True):
            if v is not None:
                sheet[f"{column}{line}"] = v
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def uganda(client_for, cycles_open):
    """Uganda's focal point and its draft seventh national report (Kenya's, in the demo data, is submitted)."""
    fp = client_for(("focal_point", "CBD", "UGA"))
    response = fp.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                       content_type="application/json")
    assert response.status_code == 201, response.content
    return fp, response.json()["id"]


def upload(c, report_id, data: bytes, template: str = B1, name: str = "b1.xlsx"):
    return c.post(f"/api/reports/{report_id}/indicators",
                  {"template": template, "file": SimpleUploadedFile(name, data)})


def test_templates_are_listed_with_their_categories(client):
    body = client.get("/api/indicators/templates").json()
    by_code = {t["code"]: t for t in body}
    assert {"GBF-INDICATOR-A.1", "GBF-INDICATOR-A.2", B1, "GBF-INDICATOR-2.1", "GBF-INDICATOR-12.1"} <= set(by_code)
    assert by_code[B1]["indicator"] == "B.1"
    assert "T1 Tropical-subtropical forests biome" in by_code[B1]["categories"][BIOME]


def test_a_filled_template_is_stored_and_read_back_and_exported(uganda):
    fp, report_id = uganda
    data = filled([("No", None, None, 2020, "km2", 1234.5, "National forest inventory"),
                   ("Yes", BIOME, "T1 Tropical-subtropical forests biome", 2020, "km2", 800, None)])
    response = upload(fp, report_id, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["indicator"] == "B.1" and len(body["rows"]) == 2
    assert body["rows"][0] == {"line": 2, "disaggregated": False, "disaggregation_type": "Not applicable",
                               "disaggregation": "Not applicable", "year": 2020, "unit": "km2", "value": 1234.5,
                               "footnote": "National forest inventory"}
    assert [s["template"] for s in fp.get(f"/api/reports/{report_id}/indicators").json()] == [B1]
    exported = fp.get(f"/api/reports/{report_id}/indicators/{B1}.xlsx")
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).worksheets[0]
    assert [c.value for c in sheet[3]][:8] == ["B.1", "Services provided by ecosystems", "Yes", BIOME,
                                               "T1 Tropical-subtropical forests biome", 2020, "km2", 800]
    # the exported file goes back in as it came out: the same rows
    again = upload(fp, report_id, exported.content)
    assert again.status_code == 201 and again.json()["rows"] == body["rows"]
    assert Series.objects.filter(report_id=report_id).count() == 1  # replaced, not added


def test_every_bad_row_is_listed_and_nothing_is_stored(uganda):
    fp, report_id = uganda
    upload(fp, report_id, filled([("No", None, None, 2019, "km2", 10, None)]))
    rows_before = list(SeriesRow.objects.values_list("line", "year", "value"))
    data = filled([("Maybe", None, None, 2020, "km2", 1, None),
                   ("Yes", "Colour of the sky", "Blue", 2020, "km2", 1, None),
                   ("Yes", BIOME, "T99 Moon biome", 2020, "km2", 1, None),
                   ("No", None, None, 1492, "km2", 1, None),
                   ("No", None, None, 2020, "km2", "a lot", None)])
    response = upload(fp, report_id, data)
    assert response.status_code == 422
    messages = [e["message"] for e in response.json()["errors"]]
    assert len(messages) == 5
    assert any("'Maybe' is neither Yes nor No" in m for m in messages)
    assert any("'Colour of the sky' is not a disaggregation type" in m for m in messages)
    assert any("'T99 Moon biome' is not a category" in m for m in messages)
    assert any("'1492' is not a year" in m for m in messages)
    assert any("'a lot' is not a number" in m for m in messages)
    assert list(SeriesRow.objects.values_list("line", "year", "value")) == rows_before


@pytest.mark.parametrize(("data", "name", "status"), [
    (b"%PDF-1.4 not a sheet", "b1.pdf", 415),
    (b"PK\x03\x04 broken zip", "b1.xlsx", 415),
])
def test_files_that_are_not_excel_are_refused(uganda, data, name, status):
    fp, report_id = uganda
    assert upload(fp, report_id, data, name=name).status_code == status
    assert not Series.objects.exists()


def test_a_file_of_another_template_or_an_empty_one_is_refused(uganda):
    fp, report_id = uganda
    other = filled([("No", None, None, 2020, "ha", 5, None)], code="GBF-INDICATOR-A.2")
    response = upload(fp, report_id, other)  # sent as B.1
    assert response.status_code == 422 and "B.1" in " ".join(e["message"] for e in response.json()["errors"])
    assert upload(fp, report_id, filled([])).status_code == 422
    assert upload(fp, report_id, filled([]), template="GBF-INDICATOR-Z9").status_code == 404
    assert not Series.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_opened(uganda):
    import zipfile

    fp, report_id = uganda
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 2**20))
    assert len(out.getvalue()) < 2**20
    assert upload(fp, report_id, out.getvalue()).status_code == 413


def test_who_is_refused(uganda, client_for, client):
    fp, report_id = uganda
    data = filled([("No", None, None, 2020, "km2", 1, None)])
    assert upload(fp, report_id, data).status_code == 201
    kenya = client_for(("focal_point", "CBD", "KEN"))
    cms_staff = client_for(("secretariat", "CMS"))
    for outsider in (client, kenya, cms_staff):
        assert upload(outsider, report_id, data).status_code in (401, 403, 404)
        assert outsider.get(f"/api/reports/{report_id}/indicators").status_code in (401, 403, 404)
        assert outsider.get(f"/api/reports/{report_id}/indicators/{B1}.xlsx").status_code in (401, 403, 404)


def test_a_non_cbd_report_takes_no_cbd_indicator(client_for, cycles_open):
    fp = client_for(("focal_point", "Cartagena", "KEN"))
    report_id = fp.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                        content_type="application/json").json()["id"]
    response = upload(fp, report_id, filled([("No", None, None, 2020, "km2", 1, None)]))
    assert response.status_code == 422 and "CBD" in response.json()["detail"]


def choice_question(report_client, report_id) -> dict:
    body = report_client.get(f"/api/reporting/reports/{report_id}").json()
    return next(i for s in body["sections"] for i in s["items"] if i["kind"] in ("single", "yesno") and i["options"])


def test_analysis_counts_submitted_answers_only_and_drafts_for_staff_alone(uganda, client, client_for):
    fp, report_id = uganda
    item = choice_question(fp, report_id)
    saved = fp.put(f"/api/reporting/reports/{report_id}/answers/{item['question']}",
                   {"value": item["options"][0]["value"], "version": 0, "block": 0}, content_type="application/json")
    assert saved.status_code == 200, saved.content
    public = client.get(f"/api/analysis/questions/{item['question']}").json()
    assert "UGA" not in [c["country"] for c in public["countries"]]  # a draft's answer is never analysed
    assert public["drafts"] is None  # the public is not told who is drafting
    assert public["parties"] == len(public["countries"]) == len({c["country"] for c in public["countries"]})
    staff = client_for(("secretariat", "CBD")).get(f"/api/analysis/questions/{item['question']}").json()
    # everyone sees the submitted answers (Kenya's seventh report, demo data); staff also count the drafts
    assert "KEN" in [c["country"] for c in public["countries"]]
    assert staff["drafts"] >= 1 and staff["countries"] == public["countries"]
    cbd = client_for(("secretariat", "CBD"))
    lines = cbd.get(f"/api/analysis/questions/{item['question']}.csv").content.decode().strip().splitlines()
    assert lines[0] == "category,value,count"
    assert [line.split(",")[-1] for line in lines[1:]] == [str(d["count"]) for d in staff["distribution"]]


def test_free_text_is_not_analysed(uganda, client):
    fp, report_id = uganda
    body = fp.get(f"/api/reporting/reports/{report_id}").json()
    text = next(i for s in body["sections"] for i in s["items"] if i["kind"] == "text")
    response = client.get(f"/api/analysis/questions/{text['question']}")
    assert response.status_code == 422 and "choice" in response.json()["detail"]


def test_analysis_of_an_unknown_question_is_a_404(client):
    assert client.get("/api/analysis/questions/987654321").status_code == 404
    assert client.get("/api/analysis/questions/987654321.csv").status_code == 404
