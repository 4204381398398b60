"""Framework files to download: the engine's exchange format, with CSV cells made formula-safe."""

from __future__ import annotations

import csv
import io

from liaison.core.csvsafe import csv_cell_safe
from liaison.engine.frameworks import framework_export
from liaison.frameworks.models import Framework
from liaison.frameworks.selectors import framework_record

CONTENT_TYPES = {"csv": "text/csv", "json": "application/json", "yaml": "application/yaml"}


def csv_neutralised(data: bytes) -> bytes:
    """Return CSV bytes with every cell passed through csv_cell_safe (the engine writes them as they are)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def framework_export_bytes(*, framework: Framework, fmt: str) -> tuple[bytes, str]:
    """Return (file bytes, content type) of the current text of a framework read through the gateway."""
    data = framework_export(framework_record(framework=framework), fmt=fmt)
    if fmt == "csv":
        data = csv_neutralised(data)
    return data, f"{CONTENT_TYPES[fmt]}; charset=utf-8"
