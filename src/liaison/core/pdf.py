"""Documents as PDF: a self-contained HTML page printed by Debian's Chromium (`--headless --print-to-pdf`).

Used by every report that offers PDF (national reports, the Standing Committee report).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


class PdfUnavailable(RuntimeError):
    """No PDF can be made here; the message says why and what to do instead."""


def pdf_render(*, html: str, timeout: int = 90) -> bytes:
    """Return the PDF of a self-contained HTML page (styles inline, no scripts, nothing fetched)."""
    binary = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if binary is None:
        raise PdfUnavailable(_("PDF needs Chromium (Debian package “chromium”), which is not installed on this "
                               "server. Open the printable page and use your browser's Print command instead."))
    with tempfile.TemporaryDirectory(prefix="liaison-pdf-") as work:
        source, target = Path(work) / "report.html", Path(work) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--user-data-dir={work}/profile",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            subprocess.run(command, timeout=timeout, capture_output=True, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(_("Chromium took too long to make the PDF; use the printable page.")) from None
        except OSError as exc:
            raise PdfUnavailable(_("Chromium could not be started: %(error)s") % {"error": exc}) from None
        data = target.read_bytes() if target.exists() else b""
    if not data.startswith(b"%PDF"):
        raise PdfUnavailable(_("Chromium did not produce a PDF; use the printable page."))
    return data
