"""The delegation's briefing note: a brief's coordinated positions as DOCX (python-docx) and PDF (ReportLab).

Both are written from one list of blocks (`briefing_blocks`), so the two files say the same thing. The PDF is
made by ReportLab in pure Python, with the Bitstream Vera fonts ReportLab ships (accents of French
and Spanish, dashes and quotes): no browser, no office suite and no font of the server are needed at run time.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

# (kind, text): kind is title, subtitle, heading, label, text, item (a bullet) or help
Block = tuple[str, str]


def briefing_blocks(detail: dict, *, today: dt.date) -> list[Block]:
    """Return the briefing note of a brief (`positions.brief_detail`) as a list of blocks."""
    blocks: list[Block] = [
        ("title", _("Briefing note for the delegation of %(country)s") % {"country": detail["country"]["name"]}),
        ("subtitle", f"{detail['convention']} — {detail['meeting']}"),
    ]
    when = [detail["starts"].isoformat()] if detail["starts"] else []
    if detail["place"]:
        when.append(detail["place"])
    if when:
        blocks.append(("text", ", ".join(when)))
    blocks.append(("help", _("Coordinated positions prepared by %(group)s; exported on %(date)s.")
                   % {"group": detail["group_name"], "date": today.isoformat()}))
    if not detail["positions"]:
        blocks.append(("text", _("No position has been drafted yet.")))
    for p in detail["positions"]:
        blocks.append(("heading", _("Agenda item %(item)s: %(title)s") % {"item": p["agenda_item"], "title": p["title"]}))
        blocks.append(("label", _("Position")))
        for paragraph in [t for t in (p["text"] or "").splitlines() if t.strip()] or [_("(not drafted yet)")]:
            blocks.append(("text", paragraph))
        if p["decisions"]:
            blocks.append(("label", _("Decisions it rests on")))
            blocks += [("item", f"{d['decision']}: {d['title']}" if d["title"] else d["decision"])
                       for d in p["decisions"]]
        if p["overlapping"]:
            blocks.append(("label", _("Overlapping decisions of other conventions")))
            blocks += [("item", f"{d['decision']}: {d['title']}" if d["title"] else d["decision"])
                       for d in p["overlapping"]]
        if p["related"]:
            blocks.append(("label", _("Related decisions in effect")))
            blocks += [("item", f"{r['decision']}, ¶{r['number']}: {r['text'][:300]}") for r in p["related"]]
        if p["elsewhere"]:
            blocks.append(("label", _("The country's positions under other conventions")))
            blocks += [("item", f"{e['convention']} {e['meeting']}, {e['agenda_item']}: {e['title']}. "
                                f"{e['text'][:300]}".strip()) for e in p["elsewhere"]]
    return blocks


def briefing_docx(blocks: list[Block]) -> bytes:
    """Return the briefing note as a Word document."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    styles = {"title": "Title", "subtitle": "Subtitle", "heading": "Heading 1", "label": "Heading 2",
              "item": "List Bullet"}
    for kind, text in blocks:
        paragraph = document.add_paragraph(text, style=styles.get(kind))
        if kind == "help":
            for run in paragraph.runs:
                run.italic = True
                run.font.size = Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def pdf_fonts() -> tuple[str, str]:
    """Register ReportLab's own Vera fonts (Unicode TrueType, embedded); return (regular, bold) names."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("LiaisonVera", str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("LiaisonVeraBold", str(folder / "VeraBd.ttf")))
    return "LiaisonVera", "LiaisonVeraBold"


def briefing_pdf(blocks: list[Block], *, title: str = "") -> bytes:
    """Return the briefing note as a PDF (A4)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    regular, bold = pdf_fonts()
    styles = {
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=22, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", fontName=bold, fontSize=13, leading=17, spaceAfter=6),
        "heading": ParagraphStyle("heading", fontName=bold, fontSize=13, leading=17, spaceBefore=12, spaceAfter=4),
        "label": ParagraphStyle("label", fontName=bold, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2),
        "text": ParagraphStyle("text", fontName=regular, fontSize=10, leading=14, spaceAfter=4),
        "item": ParagraphStyle("item", fontName=regular, fontSize=9.5, leading=13),
        "help": ParagraphStyle("help", fontName=regular, fontSize=8.5, leading=11, textColor="#555555", spaceAfter=6),
    }
    story: list = []
    bullets: list = []

    def flush() -> None:
        if bullets:
            story.append(ListFlowable(list(bullets), bulletType="bullet", start="•", leftIndent=14,
                                      bulletFontName=regular))
            bullets.clear()

    for kind, text in blocks:
        paragraph = Paragraph(escape(text), styles.get(kind, styles["text"]))
        if kind == "item":
            bullets.append(ListItem(paragraph))
            continue
        flush()
        story.append(paragraph)
        if kind == "title":
            story.append(Spacer(1, 4))
    flush()
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                                 bottomMargin=2 * cm, title=title, author="Liaison")
    document.build(story)
    return out.getvalue()


def escape(text: str) -> str:
    """Return `text` safe for ReportLab's paragraph mark-up (which reads <, > and & as tags and entities)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
