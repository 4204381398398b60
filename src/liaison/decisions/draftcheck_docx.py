"""The draft check as a Word document a secretariat attaches to the meeting's document (python-docx)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def draft_check_docx(result: dict, *, site: str = "") -> bytes:
    """Return the DOCX of a draft check result (decisions.draftcheck.draft_check): one section a paragraph."""
    from docx import Document  # python-docx: a dependency for the Standing Committee report too
    from docx.shared import RGBColor

    doc = Document()
    doc.add_heading(_("Draft check: %(title)s") % {"title": result["title"] or _("untitled draft")}, level=0)
    doc.add_paragraph(_("Convention: %(c)s. Checked on %(date)s against the record of decisions in Liaison%(site)s.")
                      % {"c": result["convention"], "date": timezone.now().date().isoformat(),
                         "site": f" ({site})" if site else ""})
    for note in result["notes"]:
        doc.add_paragraph(note, style="Intense Quote")
    if result["references"]:
        doc.add_heading(_("References outside the operative paragraphs"), level=2)
        for problem in result["references"]:
            doc.add_paragraph(problem["message"], style="List Bullet")
    for paragraph in result["paragraphs"]:
        doc.add_heading(_("Paragraph %(n)s") % {"n": paragraph["number"]}, level=1)
        doc.add_paragraph(paragraph["text"], style="Quote")
        for problem in paragraph["references"]:
            run = doc.add_paragraph(style="List Bullet").add_run(problem["message"])
            run.bold = True
        if paragraph["similar"]:
            doc.add_heading(_("Decisions in effect that say nearly the same"), level=2)
            for hit in paragraph["similar"]:
                item = doc.add_paragraph(style="List Bullet")
                where = f"¶{hit['number']}" if hit["kind"] == "operative" else f"({hit['kind']} {hit['number']})"
                item.add_run(f"{hit['decision']} {where} ({hit['score']:.2f}): ").bold = True
                for n, segment in enumerate(hit["segments"]):
                    run = item.add_run((" " if n else "") + segment["text"])
                    if segment["shared"]:
                        run.underline = True
                        run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
        given = [g for m in paragraph["mandates"] for g in m["given"]]
        if given:
            doc.add_heading(_("Mandates already given to the same addressee"), level=2)
            for g in given:
                doc.add_paragraph(f"{g['decision']} ¶{g['paragraph']}: {g['actor']} {g['verb']} {g['action']}"
                                  + (f" ({g['deadline']})" if g["deadline"] else "")
                                  + f" [{g['status']}, {g['score']:.2f}]", style="List Bullet")
        if paragraph["supersedes"]:
            doc.add_heading(_("Earlier decisions this paragraph would supersede"), level=2)
            for s in paragraph["supersedes"]:
                doc.add_paragraph(f"{s['decision']} ¶{s['number']} ({s['score']:.2f})"
                                  + (f"; {_('deadline')}: {', '.join(s['deadlines'])}" if s["deadlines"] else ""),
                                  style="List Bullet")
        if paragraph["targets"]:
            doc.add_heading(_("Targets it serves"), level=2)
            for t in paragraph["targets"]:
                doc.add_paragraph(f"{t['framework']} {t['code']}: {t['title']} ({t['score']:.2f}; {t['why']})",
                                  style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
