"""CSV cells a spreadsheet will not run: the one guard against formula injection in every CSV export.

A cell that starts with = + - @, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets
as a formula (OWASP "CSV injection"); a leading apostrophe makes them show it as text.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell_safe(value):
    """Return `value` with a leading apostrophe if it is text a spreadsheet would run as a formula; other
    values (numbers, None, safe text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
