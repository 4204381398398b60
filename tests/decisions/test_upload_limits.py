"""A ZIP-bomb DOCX or an over-long text posted as a decision is refused with a 4xx, quickly, and nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.decisions.models import Decision

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
PARAGRAPH = '<w:p><w:r><w:t>1. Requests the Secretariat to report. </w:t></w:r></w:p>'


def bomb_docx() -> bytes:
    """Return a DOCX of some tens of KB whose body unpacks to about 17 MB of paragraphs."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    body = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + PARAGRAPH * 250_000 + "</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member.filename, body if member.filename == "word/document.xml" else source.read(member))
    return out.getvalue()


def test_a_zip_bomb_docx_is_refused_and_nothing_is_stored(client_for):
    before = Decision.objects.count()
    response = client_for(CMS_STAFF).post(
        "/api/decisions", {"file": SimpleUploadedFile("14.98.docx", bomb_docx()), "convention": "CMS", "symbol": "14.98"}
    )
    assert response.status_code in (400, 413)  # 413 once the decisions API maps DocumentError.kind "too_large"
    assert "ZIP bomb" in response.json()["detail"]
    assert Decision.objects.count() == before


def test_an_over_long_text_is_refused(client_for):
    text = "1. Requests the Secretariat to report to the next meeting of the Conference.\n" * 70_000  # 5.4 M chars
    response = client_for(CMS_STAFF).post(
        "/api/decisions", {"file": SimpleUploadedFile("14.97.txt", text.encode()), "convention": "CMS", "symbol": "14.97"}
    )
    assert response.status_code in (400, 413)
    assert "characters of text; the limit is 5,000,000" in response.json()["detail"]
    assert not Decision.objects.filter(number="14.97").exists()
