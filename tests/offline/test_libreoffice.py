"""The round trip as a user's office suite makes it: the file re-saved by LibreOffice headless, then uploaded."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.offline.conftest import answers, docx_fill, upload, xlsx_fill

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}


def resaved(data: bytes, fmt: str) -> bytes:
    """Return the file as LibreOffice writes it back (its own profile directory: parallel runs do not collide)."""
    with tempfile.TemporaryDirectory(prefix="liaison-lo-") as tmp:
        source, out = Path(tmp, f"report.{fmt}"), Path(tmp, "out")
        source.write_bytes(data)
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                        "--convert-to", FILTERS[fmt], "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=120)
        return (out / f"report.{fmt}").read_bytes()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice headless is not installed (Debian: libreoffice-core, "
                                            "libreoffice-writer, libreoffice-calc)")
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_file_resaved_by_libreoffice_uploads(kenya, fmt):
    c, report = kenya
    data = c.get(f"/api/reports/{report}/offline.{fmt}").content
    values = {"plan": "Yes", "threats": "Poisoning", "sites": 12 if fmt == "xlsx" else "12",
              "notes": "Re-saved by LibreOffice", "counts": "Lesser flamingo | 1200"}
    filled = (xlsx_fill if fmt == "xlsx" else docx_fill)(data, values)
    body = upload(c, report, resaved(filled, fmt), f"report.{fmt}")
    assert body.status_code == 201, body.content
    body = body.json()
    assert body["invalid"] == 0 and body["changes"] == 5, body["rows"]
    assert c.post(f"/api/offline/uploads/{body['id']}/confirm", {},
                  content_type="application/json").json()["applied"] == 5
    now = answers(c, report)
    assert now["plan"][0] == "yes" and now["threats"][0] == ["poison"] and now["sites"][0] == 12
    assert now["counts"][0] == [{"species": "Lesser flamingo", "count": "1200"}]
