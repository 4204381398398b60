"""Coordinated positions for a meeting of a convention: related decisions, the country's positions under other
conventions, and the briefing note as DOCX (re-opened by LibreOffice headless) and PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from liaison.coordination.models import Position
from liaison.decisions.models import Decision, Paragraph

from .conftest import json_call

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def in_effect_paragraph(acronym: str) -> Paragraph:
    return (Paragraph.objects.filter(revision__decision__convention__acronym=acronym, kind=Paragraph.OPERATIVE,
                                     revision__decision__status=Decision.IN_EFFECT, text__icontains="migratory")
            .order_by("pk").first())


@pytest.fixture
def positions(kenya_group):
    """CMS COP15 positions (item 12.3 resting on a CMS decision) and a CBD COP17 position on the same theme."""
    g = kenya_group
    paragraph = in_effect_paragraph("CMS")
    cms = json_call(g.c_cms, "post", f"{g.api}/briefs", {"convention": "CMS", "meeting": "COP15",
                                                         "starts": "2026-03-23", "place": "Campo Grande"}).json()
    cbd = json_call(g.c_cbd, "post", f"{g.api}/briefs", {"convention": "CBD", "meeting": "COP17"}).json()
    text = paragraph.text[:600]
    mine = json_call(g.c_cms, "post", f"{g.api}/briefs/{cms['id']}/positions",
                     {"agenda_item": "12.3", "title": "Migratory species", "text": text,
                      "decisions": [paragraph.revision.decision_id]})
    assert mine.status_code == 201, mine.content
    theirs = json_call(g.c_cbd, "post", f"{g.api}/briefs/{cbd['id']}/positions",
                       {"agenda_item": "9", "title": "Migratory species and flyways", "text": text,
                        "decisions": [paragraph.revision.decision_id]})
    assert theirs.status_code == 201, theirs.content
    return {"cms": cms, "cbd": cbd, "mine": mine.json(), "theirs": theirs.json(), "paragraph": paragraph}


def test_a_position_shows_related_decisions_and_the_countrys_positions_under_other_conventions(kenya_group,
                                                                                               positions):
    g = kenya_group
    detail = g.c_ramsar.get(f"{g.api}/briefs/{positions['cms']['id']}")
    assert detail.status_code == 200, detail.content
    [position] = detail.json()["positions"]
    assert [d["id"] for d in position["decisions"]] == [positions["paragraph"].revision.decision_id]
    assert positions["paragraph"].pk in [r["paragraph_id"] for r in position["related"]]  # its own text
    [elsewhere] = position["elsewhere"]
    assert elsewhere["id"] == positions["theirs"]["id"] and elsewhere["convention"] == "CBD"
    assert set(elsewhere["why"]) == {"same_decision", "similar_text"}
    page = g.c_cms.get(f"/countries/KEN/room/groups/{g.id}/briefs/{positions['cms']['id']}/")
    assert page.status_code == 200 and b"CBD COP17, 9" in page.content


def test_one_position_per_agenda_item_a_convention_the_country_is_party_to_and_bounds(kenya_group, positions):
    g = kenya_group
    url = f"{g.api}/briefs/{positions['cms']['id']}/positions"
    assert json_call(g.c_cbd, "post", url, {"agenda_item": "12.3", "title": "Again"}).status_code == 409
    assert json_call(g.c_cbd, "post", url, {"agenda_item": "1", "title": "x", "text": "t" * 20001}).status_code \
        == 422
    assert json_call(g.c_cbd, "post", url, {"agenda_item": "1", "title": "x", "decisions": [2**62]}).status_code \
        == 422
    assert Position.objects.filter(brief_id=positions["cms"]["id"]).count() == 1
    # Kenya is not party to the Bern Convention nor to an unknown one
    for acronym in ("Bern", "NOPE"):
        assert json_call(g.c_cms, "post", f"{g.api}/briefs", {"convention": acronym, "meeting": "X"}).status_code \
            == 422
    changed = json_call(g.c_ramsar, "patch", f"{url}/{positions['mine']['id']}", {"text": "Kenya supports it."})
    assert changed.status_code == 200 and changed.json()["text"] == "Kenya supports it."


def test_the_briefing_note_as_docx_and_pdf_says_the_positions(kenya_group, positions):
    import docx
    import pypdfium2

    g = kenya_group
    base = f"/countries/KEN/room/groups/{g.id}/briefs/{positions['cms']['id']}/briefing"
    word = g.c_ramsar.get(f"{base}.docx")
    assert word.status_code == 200 and word["Content-Disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Briefing note for the delegation of Kenya" in text and "Agenda item 12.3: Migratory species" in text
    assert "CBD COP17, 9: Migratory species and flyways" in text  # the position under the other convention
    pdf = g.c_ramsar.get(f"{base}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-") and pdf["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(pdf.content)
    try:
        pages = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    assert "Agenda item 12.3: Migratory species" in pages and "Campo Grande" in pages
    # in French, accents and all
    french = g.c_ramsar.get(f"{base}.pdf", HTTP_ACCEPT_LANGUAGE="fr")
    document = pypdfium2.PdfDocument(french.content)
    try:
        assert "délégation" in document[0].get_textpage().get_text_range()
    finally:
        document.close()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice headless is not installed (Debian: libreoffice-writer)")
def test_libreoffice_opens_the_briefing_note(kenya_group, positions):
    g = kenya_group
    data = g.c_cms.get(f"/countries/KEN/room/groups/{g.id}/briefs/{positions['cms']['id']}/briefing.docx").content
    with tempfile.TemporaryDirectory(prefix="liaison-lo-") as tmp:
        source, out = Path(tmp, "briefing.docx"), Path(tmp, "out")
        source.write_bytes(data)
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                        "--convert-to", "txt:Text", "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=120)
        text = (out / "briefing.txt").read_text(encoding="utf-8-sig")
    assert "Agenda item 12.3: Migratory species" in text and "Briefing note for the delegation of Kenya" in text


def test_a_brief_titled_with_its_convention_does_not_name_it_twice(kenya_group):
    g = kenya_group
    named = json_call(g.c_cms, "post", f"{g.api}/briefs", {"convention": "CMS", "meeting": "CMS COP16"}).json()
    bare = json_call(g.c_cms, "post", f"{g.api}/briefs", {"convention": "CMS", "meeting": "COP17"}).json()
    for brief, title in ((named, "Positions of CMS COP16"), (bare, "Positions of CMS COP17")):
        html = g.c_cms.get(f"{g.page}briefs/{brief['id']}/").content.decode()
        assert f"<h1>{title}</h1>" in html, html[:300]
        assert "CMS CMS" not in html, html[html.find("CMS CMS") - 200:html.find("CMS CMS") + 100]
