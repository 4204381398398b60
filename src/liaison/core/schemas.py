"""What every router of the JSON API shares: the page parameters of a list, the error shape, the id range."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field

# The largest id a database key holds (a signed 64-bit integer): larger ids name nothing, and SQLite cannot
# even compare them, so they are refused (422) or not found (404) before any query.
ID_MAX = 2**63 - 1
DbId = Annotated[int, Field(ge=1, le=ID_MAX)]  # an id in a list of ids a request names (list[DbId])
PAGE_LIMIT_MAX = 500
PAGE_LIMIT_DEFAULT = 100


class PageIn(Schema):
    """limit/offset of a paginated list (at most 500 items a page)."""

    limit: int = Field(PAGE_LIMIT_DEFAULT, ge=1, le=PAGE_LIMIT_MAX, description="Items per page, 1 to 500.")
    offset: int = Field(0, ge=0, le=ID_MAX, description="Items to skip.")


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """The one error shape of the API."""

    detail: str
    errors: list[FieldErrorOut] = []


def page_slice(rows, *, page: PageIn) -> tuple[int, list]:
    """Return (total count, the rows of the page) for a queryset or a list."""
    count = rows.count() if hasattr(rows, "query") else len(rows)
    return count, list(rows[page.offset: page.offset + page.limit])


def id_in_range(value: int | None) -> bool:
    """Return True when `value` can be a database id (1 to ID_MAX)."""
    return value is not None and 0 < value <= ID_MAX
