"""The CBD Online Reporting Tool's Excel templates (data/cbd_ort_excel_templates/): read, checked against, written.

Each template has a data sheet named after its indicator and a sheet "<code> Category information" whose
columns are the disaggregation types, each listing its allowed categories. An empty list means free text.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openpyxl

TEMPLATES_DIR = Path(__file__).resolve().parents[3] / "data" / "cbd_ort_excel_templates"
NOT_APPLICABLE = "Not applicable"


@dataclass(frozen=True)
class Template:
    code: str  # the file stem
    indicator: str  # e.g. B.1
    title: str
    sheet: str
    header: tuple[str, ...]
    categories: dict[str, tuple[str, ...]]  # disaggregation type -> allowed categories (empty: described freely)


def workbook_open(data: bytes | Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl drops the data-validation extension, and says so
        source = io.BytesIO(data) if isinstance(data, bytes) else data
        return openpyxl.load_workbook(source, data_only=False)


def template_read(path: Path) -> Template:
    book = workbook_open(path)
    data = book.worksheets[0]
    header = tuple(str(c or "").strip() for c in next(data.iter_rows(min_row=1, max_row=1, values_only=True)))
    second = next(data.iter_rows(min_row=2, max_row=2, values_only=True), ())
    categories: dict[str, tuple[str, ...]] = {}
    for sheet in book.worksheets[1:]:
        if "category" not in sheet.title.lower():
            continue
        columns = list(sheet.iter_cols(values_only=True))
        for column in columns:
            if not column or not column[0]:
                continue
            kind = str(column[0]).strip()
            categories[kind] = tuple(str(v).strip() for v in column[1:] if v not in (None, ""))
    return Template(code=path.stem, indicator=str(second[0] or data.title).strip() if second else data.title,
                    title=str(second[1] or "").strip() if len(second) > 1 else "", sheet=data.title,
                    header=header, categories=categories)


@cache
def templates_all() -> dict[str, Template]:
    """Return {template code: Template} of every template shipped (read once a process)."""
    return {p.stem: template_read(p) for p in sorted(TEMPLATES_DIR.glob("GBF-INDICATOR-*.xlsx"))
            if p.stem != "GBF-INDICATORS-DATA"}


def template_bytes(code: str) -> bytes:
    return (TEMPLATES_DIR / f"{code}.xlsx").read_bytes()
