"""Word and Excel files of a report: written from plain rows, read back to plain rows.

A file carries a marker (format, country, questionnaire, its version, report, date of download and a signed
token) and one row per question: its identifier, answer type, number, text, answer and source. Readers give
back the marker and {row id: cell}; they never trust the file beyond that (the services check everything).
"""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
from docx.shared import Pt, RGBColor
from lxml import etree
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

FORMAT = "liaison-offline/1"
MARKER_KEYS = ["format", "country", "country_name", "questionnaire", "questionnaire_title", "version", "report",
               "section", "downloaded", "token"]
HEADER = ["id", "type", "No.", "Section", "Question", "Answer", "What to enter", "Source of the current answer"]
ROWS_MAX = 5000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class SheetError(ValueError):
    """The file is not one Liaison wrote, or was edited beyond recognition."""


# --- Word ---

def docx_write(marker: dict, sections: list[dict]) -> bytes:
    """Return a DOCX: the marker table first, then one table per section with a row per question."""
    document = docx.Document()
    document.core_properties.title = marker.get("questionnaire_title", "")
    document.core_properties.subject = FORMAT
    document.add_heading(f"{marker.get('country_name', '')} — {marker.get('questionnaire_title', '')}", level=1)
    document.add_paragraph("Fill in the Answer column, then upload the file on the report's page. Do not change "
                           "the id and type columns nor the first table: they tell Liaison where each answer goes.")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key in MARKER_KEYS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, str(marker.get(key, ""))
    for section in sections:
        document.add_heading(section["title"], level=2)
        table = document.add_table(rows=1, cols=len(HEADER) - 1)
        table.style = "Table Grid"
        for cell, title in zip(table.rows[0].cells, [h for h in HEADER if h != "Section"], strict=True):
            cell.text = title
        for row in section["rows"]:
            cells = table.add_row().cells
            values = [row["id"], row["kind"], row["number"], row["title"], row["answer"], row["hint"],
                      row["source"]]
            for cell, value in zip(cells, values, strict=True):
                cell_write(cell, "" if value is None else str(value))
            for i in (0, 1):  # the id and type columns read as locked: small and grey
                for run in cells[i].paragraphs[0].runs:
                    run.font.size, run.font.color.rgb = Pt(7), RGBColor(0x80, 0x80, 0x80)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cell_write(cell, text: str) -> None:
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def docx_read(data: bytes) -> tuple[dict, dict[str, object]]:
    """Return (marker, {row id: answer text}) from a DOCX Liaison wrote (or Word/LibreOffice re-saved)."""
    xml = zip_member(data, "word/document.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    marker: dict = {}
    answers: dict[str, object] = {}
    n = 0
    for table in root.iter(f"{W}tbl"):
        for tr in table.iterchildren(f"{W}tr"):
            cells = [cell_text(tc) for tc in tr.iterchildren(f"{W}tc")]
            if len(cells) == 2 and cells[0] in MARKER_KEYS and not answers:
                marker[cells[0]] = cells[1]
            elif len(cells) >= 5 and cells[0] and cells[0] != "id":
                n += 1
                if n > ROWS_MAX:
                    raise SheetError(f"more than {ROWS_MAX} rows")
                if cells[0] in answers:
                    raise SheetError(f"the id {cells[0]} appears twice")
                answers[cells[0]] = (cells[1], cells[4])
    return marker, answers


def cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iterchildren(f"{W}p")).strip()


def zip_member(data: bytes, name: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(name)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise SheetError(f"not a Word file ({exc})") from None


# --- Excel ---

def xlsx_write(marker: dict, sections: list[dict]) -> bytes:
    """Return an XLSX: a 'Report' sheet (hidden id and type columns, lists of options) and an 'About' sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Report"
    lists = book.create_sheet("Lists")
    about = book.create_sheet("About")
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    unlocked, fill = Protection(locked=False), PatternFill("solid", fgColor="FFF8DC")
    n_lists = 0
    for section in sections:
        for row in section["rows"]:
            sheet.append([row["id"], row["kind"], row["number"], section["title"], row["title"], row["answer"],
                          row["hint"], row["source"]])
            r = sheet.max_row
            if row["editable"]:
                sheet.cell(r, 6).protection, sheet.cell(r, 6).fill = unlocked, fill
            if row["kind"] in ("yesno", "yesnopartly", "single") and row["labels"]:
                n_lists += 1
                for i, label in enumerate(row["labels"], start=1):
                    lists.cell(n_lists, i, label)
                end = openpyxl.utils.get_column_letter(len(row["labels"]))
                check = DataValidation(type="list", formula1=f"Lists!$A${n_lists}:${end}${n_lists}",
                                       allow_blank=True, showErrorMessage=True)
                sheet.add_data_validation(check)
                check.add(sheet.cell(r, 6))
    for letter, width in zip("ABCDEFGH", (12, 10, 8, 24, 60, 40, 30, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["A"].hidden = sheet.column_dimensions["B"].hidden = True
    sheet.freeze_panes = "C2"
    sheet.protection.sheet = True  # only the answer cells are unlocked; formatting and rows stay free to edit
    sheet.protection.formatColumns = sheet.protection.formatRows = False
    lists.sheet_state = "hidden"
    for key in MARKER_KEYS:
        about.append([key, str(marker.get(key, ""))])
    about.protection.sheet = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_read(data: bytes) -> tuple[dict, dict[str, object]]:
    """Return (marker, {row id: (type, answer cell)}) from an XLSX Liaison wrote (or Excel/LibreOffice re-saved)."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise SheetError(f"not an Excel file ({exc})") from None
    try:
        if "About" not in book.sheetnames or "Report" not in book.sheetnames:
            raise SheetError("the sheets 'Report' and 'About' are missing")
        marker = {str(k): "" if v is None else str(v)
                  for k, v, *_rest in book["About"].iter_rows(max_row=len(MARKER_KEYS) + 5, max_col=2,
                                                              values_only=True) if k in MARKER_KEYS}
        answers: dict[str, object] = {}
        for n, row in enumerate(book["Report"].iter_rows(min_row=2, max_col=6, values_only=True), start=1):
            if n > ROWS_MAX:
                raise SheetError(f"more than {ROWS_MAX} rows")
            if not row or row[0] is None:
                continue
            key = str(row[0]).strip()
            if key in answers:
                raise SheetError(f"the id {key} appears twice")
            answers[key] = (str(row[1] or ""), row[5] if len(row) > 5 else None)
        return marker, answers
    finally:
        book.close()
