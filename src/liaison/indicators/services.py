"""Indicator series: an uploaded template file checked row by row and stored with its report, or written back."""

from __future__ import annotations

import io
import zipfile

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.errors import Invalid, NotAllowed, TooLarge, UnsupportedType
from liaison.indicators.models import Series, SeriesRow
from liaison.indicators.templates_ort import NOT_APPLICABLE, Template, template_bytes, workbook_open
from liaison.reporting.models import Report
from liaison.reporting.permissions import report_check_manage

FILE_MAX_BYTES = 5 * 2**20
UNZIPPED_MAX_BYTES = 50 * 2**20  # a small file opening to more is a zip bomb
ROWS_MAX = 5000
TEMPLATE_CONVENTION = "CBD"  # the ORT templates are the GBF headline indicators reported to the CBD


def norm(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def archive_check(data: bytes) -> None:
    """Raise unless `data` is an xlsx archive within the limits, before openpyxl opens it."""
    if len(data) > FILE_MAX_BYTES:
        raise TooLarge(_("The file is over the limit of %(mb)d MB.") % {"mb": FILE_MAX_BYTES // 2**20})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unzipped = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise UnsupportedType(_("This is not an Excel (.xlsx) file.")) from exc
    if "xl/workbook.xml" not in names:
        raise UnsupportedType(_("This is not an Excel (.xlsx) file."))
    if unzipped > UNZIPPED_MAX_BYTES:
        raise TooLarge(_("The file opens to more than %(mb)d MB.") % {"mb": UNZIPPED_MAX_BYTES // 2**20})


def row_read(template: Template, line: int, cells: tuple, errors: list[dict]) -> dict | None:
    """Return one data row as stored, or None for an empty row; append each fault to `errors`."""
    values = [None if isinstance(c, str) and c.startswith("=") else c for c in cells[:9]]
    values += [None] * (9 - len(values))
    code, _title, flag, kind, category, year, unit, value, footnote = values
    if all(v in (None, "") for v in (flag, year, unit, value, footnote)):
        return None
    fault = len(errors)
    if code not in (None, "") and norm(code).replace(".", "") != norm(template.indicator).replace(".", ""):
        errors.append({"row": line, "message": _("row %(row)d: '%(value)s' is not the indicator %(code)s")
                       % {"row": line, "value": code, "code": template.indicator}})
    disaggregated = norm(flag) == "yes"
    kind_text, category_text = str(kind or "").strip(), str(category or "").strip()
    if disaggregated:
        kinds = {norm(k): k for k in template.categories}
        if norm(kind_text) not in kinds:
            errors.append({"row": line, "message": _("row %(row)d: '%(value)s' is not a disaggregation type of %(code)s")
                           % {"row": line, "value": kind_text, "code": template.indicator}})
        else:
            allowed = template.categories[kinds[norm(kind_text)]]
            if allowed and norm(category_text) not in {norm(a) for a in allowed}:
                errors.append({"row": line, "message": _("row %(row)d: '%(value)s' is not a category of %(kind)s")
                               % {"row": line, "value": category_text, "kind": kinds[norm(kind_text)]}})
            elif not category_text:
                errors.append({"row": line, "message": _("row %(row)d: the disaggregation is missing")
                               % {"row": line}})
    elif norm(flag) not in ("no", ""):
        errors.append({"row": line, "message": _("row %(row)d: '%(value)s' is neither Yes nor No")
                       % {"row": line, "value": flag}})
    try:
        year_number = int(year)
        if not 1900 <= year_number <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors.append({"row": line, "message": _("row %(row)d: '%(value)s' is not a year") % {"row": line, "value": year}})
        year_number = 0
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors.append({"row": line, "message": _("row %(row)d: '%(value)s' is not a number")
                       % {"row": line, "value": value}})
        number = 0.0
    if len(errors) > fault:
        return None
    return {"line": line, "disaggregated": disaggregated,
            "disaggregation_type": kind_text if disaggregated else NOT_APPLICABLE,
            "disaggregation": category_text if disaggregated else NOT_APPLICABLE,
            "year": year_number, "unit": str(unit or "").strip()[:100], "value": number,
            "footnote": str(footnote or "").strip()}


def series_read(template: Template, data: bytes) -> list[dict]:
    """Return the rows of an uploaded file in the template's shape; raise Invalid listing every bad row."""
    archive_check(data)
    try:
        book = workbook_open(data)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise UnsupportedType(_("This Excel file cannot be read.")) from exc
    sheet = book[template.sheet] if template.sheet in book.sheetnames else book.worksheets[0]
    header = tuple(norm(c) for c in next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ()))
    if header[:9] != tuple(norm(c) for c in template.header[:9]):
        raise Invalid(_("This file is not in the shape of the template %(code)s (its first row differs).")
                      % {"code": template.indicator})
    if sheet.max_row > ROWS_MAX + 1:
        raise TooLarge(_("The sheet has more than %(rows)d rows.") % {"rows": ROWS_MAX})
    errors: list[dict] = []
    rows = []
    for line, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        row = row_read(template, line, tuple(cells), errors)
        if row is not None:
            rows.append(row)
    if errors:
        raise Invalid(_("%(count)d rows are refused; nothing was stored.") % {"count": len(errors)}, errors=errors)
    if not rows:
        raise Invalid(_("The file holds no data row."))
    return rows


def series_upload(*, user, report: Report, template: Template, name: str, data: bytes) -> Series:
    """Check the file, then store its rows as the report's series of this indicator (replacing any earlier)."""
    report_check_manage(user=user, report=report)
    if report.status != Report.DRAFT:
        raise NotAllowed(_("The report is submitted: its indicator data can no longer change."))
    if report.questionnaire.convention.acronym != TEMPLATE_CONVENTION:
        raise Invalid(_("These templates are the CBD's headline indicators: they go with a CBD national report."))
    rows = series_read(template, data)
    with transaction.atomic():
        series, _created = Series.objects.update_or_create(
            report=report, template=template.code,
            defaults={"indicator": template.indicator, "name": name[:255], "uploaded_by": user})
        series.rows.all().delete()
        SeriesRow.objects.bulk_create(SeriesRow(series=series, **row) for row in rows)
    return series


def series_export(template: Template, rows: list[SeriesRow]) -> bytes:
    """Return the template itself with the series written into its data sheet (categories sheet kept)."""
    book = workbook_open(template_bytes(template.code))
    sheet = book[template.sheet]
    for line in range(2, sheet.max_row + 1):
        for column in range(1, 10):
            sheet.cell(line, column).value = None
    for line, row in enumerate(rows, start=2):
        values = (template.indicator, template.title, "Yes" if row.disaggregated else "No",
                  row.disaggregation_type, row.disaggregation, row.year, row.unit, row.value, row.footnote)
        for column, value in enumerate(values, start=1):
            sheet.cell(line, column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
