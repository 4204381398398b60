"""Every input format gives the same decision: text in several encodings, Markdown, HTML, DOCX, PDF pages."""

from __future__ import annotations

import io

import docx
import pytest

from liaison.engine.decisions import document_parse

from .conftest import SEED_NAME


def _summary(result: dict) -> tuple:
    return (
        [c["lead"] for c in result["preamble"]],
        [(p["number"], p["lead"], len(p["subparagraphs"])) for p in result["operative"]],
        [(r["type"], r["convention"], r["id"]) for r in result["references"]],
        result["footnotes"],
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_text_encodings(seed, seed_bytes, encoding):
    text = seed_bytes.decode("utf-8")
    result = document_parse(text.encode(encoding), filename="seed.txt")
    assert _summary(result) == _summary(seed)
    assert "“Cooperation with Other Bodies" in result["preamble"][0]["text"]


def test_latin1_accents_are_decoded():
    text = (
        "La Conférence des Parties à la Convention sur la conservation des espèces migratrices,\n"
        "Rappelant la résolution 7.9,\n"
        "1. Requests the Secretariat to report to the Standing Committee by 2025 on the présent résolution;\n"
    ) * 3
    result = document_parse(text.encode("latin-1"), filename="fr.txt")
    assert "présent résolution" in result["operative"][0]["text"]
    assert result["operative"][0]["mandates"][0]["deadline"] == "by 2025"


def _docx_bytes(paragraphs: list[str], *, numbered_from: int | None = None) -> bytes:
    document = docx.Document()
    for index, text in enumerate(paragraphs):
        style = "List Number" if numbered_from is not None and index >= numbered_from else None
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_written_from_the_seed(seed, seed_bytes):
    lines = seed_bytes.decode("utf-8").splitlines()
    result = document_parse(_docx_bytes(lines), filename="seed.docx")
    assert result["format"] == "docx"
    assert _summary(result) == _summary(seed)
    assert result["title"] == "Synergies and Partnerships"


def test_docx_with_automatic_numbering():
    paragraphs = [
        "SAFE PASSAGE",
        "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals,",
        "Recalling Resolution 12.3,",
        "Requests the Secretariat to report to the Standing Committee at its 48th meeting;",
        "Urges Parties to act;",
    ]
    result = document_parse(_docx_bytes(paragraphs, numbered_from=3), filename="auto.docx")
    assert [(p["number"], p["lead"]) for p in result["operative"]] == [("1", "Requests"), ("2", "Urges")]
    assert result["operative"][0]["mandates"][0]["deadline"] == "at its 48th meeting"


def test_markdown_with_front_matter():
    text = (
        "---\ntitle: Bats and wind farms\nsymbol: x\n---\n\n# Bats and wind farms\n\n"
        "*The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals*\n\n"
        "_Recalling_ [Resolution 7.5](https://example.org/7.5) on wind turbines,\n\n"
        "1. **Urges** Parties to apply the guidelines by COP14;\n"
        "2. *Instructs* the Scientific Council to review them before the next meeting of the Conference of the Parties.\n"
    )
    result = document_parse(text.encode(), filename="bats.md")
    assert result["format"] == "markdown"
    assert result["title"] == "Bats and wind farms"
    assert result["convention"] == "CMS"
    assert result["preamble"][0]["lead"] == "Recalling"
    assert [m["deadline"] for p in result["operative"] for m in p["mandates"]] == [
        "by COP14", "before the next meeting of the Conference of the Parties",
    ]
    assert result["references"][0]["id"] == "7.5"


def test_plain_html_with_ordered_list():
    html = (
        "<html><head><title>Decision 15/4</title><style>p{}</style></head><body>"
        "<h1>Kunming-Montreal Global Biodiversity Framework</h1>"
        "<p>The Conference of the Parties to the Convention on Biological Diversity,</p>"
        "<p><i>Recalling</i> decision XIII/24 and decision 14/30,</p>"
        "<ol><li><i>Adopts</i> the framework;</li><li><i>Requests</i> the Executive Secretary to report by 2030.</li></ol>"
        "</body></html>"
    )
    result = document_parse(html.encode(), filename="gbf.html")
    assert result["convention"] == "CBD"
    assert result["title"] == "Kunming-Montreal Global Biodiversity Framework"
    assert [(p["number"], p["lead"]) for p in result["operative"]] == [("1", "Adopts"), ("2", "Requests")]
    assert {(r["convention"], r["id"]) for r in result["references"]} == {("CBD", "XIII/24"), ("CBD", "14/30")}


def test_pdf_page_furniture_is_removed(ipbes_pdf_bytes):
    result = document_parse(ipbes_pdf_bytes, filename="a.pdf")
    texts = [p["text"] for p in result["operative"]] + [s for p in result["operative"] for s in p["subparagraphs"]]
    assert not any(t.rstrip().endswith((" 2", " 3", " 4", " 5", " 6", " 7")) for t in texts)
    # Paragraph 1(d) runs over a page break in the PDF and must stay whole.
    assert result["operative"][0]["subparagraphs"][3].endswith(";")


def test_seed_name_is_used_for_symbol(seed_bytes):
    assert document_parse(seed_bytes, filename=SEED_NAME)["symbol"] == "11.10"


def test_docx_footnotes_are_read():
    import zipfile

    source = _docx_bytes(["Recalling Resolution 7.9,", "1. Requests the Secretariat to act;"])
    notes = (
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Now known as </w:t></w:r><w:r><w:t>Wild Migration.</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(buffer, "w") as copy:
        for item in original.infolist():
            copy.writestr(item, original.read(item.filename))
        copy.writestr("word/footnotes.xml", notes)
    result = document_parse(buffer.getvalue(), filename="notes.docx")
    assert result["footnotes"] == ["Now known as Wild Migration."]


def test_html_nested_lists_become_subparagraphs():
    html = (
        "<html><body><p>The Conference of the Parties to the Convention on Biological Diversity,</p><ol>"
        "<li>Adopts the plan:<ol><li>with targets;</li><li>with indicators;</li></ol></li>"
        "<li>Requests the Executive Secretary to:<ul><li>report to SBI;</li><li>assist Parties.</li></ul></li>"
        "</ol></body></html>"
    )
    result = document_parse(html.encode(), filename="lists.html")
    assert [(p["number"], p["subparagraphs"]) for p in result["operative"]] == [
        ("1", ["with targets;", "with indicators;"]),
        ("2", ["report to SBI;", "assist Parties."]),
    ]
    mandate = result["operative"][1]["mandates"][0]
    assert (mandate["actor_code"], mandate["report_to"]) == ("executive-secretary", ["SBI"])
