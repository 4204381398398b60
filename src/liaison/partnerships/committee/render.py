"""The Standing Committee report as a document: HTML with SVG charts, DOCX (python-docx), PDF (Chromium)."""

from __future__ import annotations

import io
from copy import deepcopy

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _

from liaison.core.pdf import PdfUnavailable, pdf_render
from liaison.partnerships.committee.report import Report, translate
from liaison.partnerships.models import Contribution, Partnership

FORMATS = ("html", "docx", "pdf")
CONTENT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class RenderError(Exception):
    """The document cannot be produced here (e.g. no Chromium for PDF): one clear sentence."""


def chart_svg(rows: list[dict], *, title: str, width: int = 640) -> str:
    """Return an inline SVG: one 100% stacked bar of `rows` (label, n, colour) with a legend."""
    total = sum(r["n"] for r in rows) or 1
    x, bar = 0.0, []
    for r in rows:
        w = width * r["n"] / total
        if w > 0:
            bar.append(f'<rect x="{x:.1f}" y="24" width="{w:.1f}" height="22" fill="{r["colour"]}">'
                       f'<title>{escape(r["label"])}: {r["n"]}</title></rect>')
        x += w
    legend, lx, ly = [], 0, 66
    for r in rows:
        text = f'{r["label"]} ({r["n"]})'
        step = 22 + 7 * len(text)
        if lx + step > width:
            lx, ly = 0, ly + 20
        legend.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{r["colour"]}"/>'
                      f'<text x="{lx + 16}" y="{ly}" font-size="12">{escape(text)}</text>')
        lx += step
    height = ly + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
            f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px">'
            f'<text x="0" y="14" font-size="14" font-weight="600">{escape(title)}</text>'
            + "".join(bar) + "".join(legend) + "</svg>")


def report_context(report: Report) -> dict:
    """Return the template context of the report, labels translated."""
    lang = report.lang
    instruments = {k: translate(v, lang) for k, v in Partnership.INSTRUMENTS}
    statuses = {k: translate(v, lang) for k, v in Partnership.STATUSES}
    contribution_states = {k: translate(v, lang) for k, v in Contribution.STATUSES}
    return {
        "r": report, "t": report.t, "instruments": instruments, "statuses": statuses,
        "contribution_states": contribution_states,
        "chart_activities": chart_svg(report.activity_states, title=report.t["chart_activities"]),
        "chart_mandates": chart_svg(report.mandate_states, title=report.t["chart_mandates"]),
        "status_rows": [(statuses[k], report.status_counts.get(k, 0)) for k, _ in Partnership.STATUSES],
        "contribution_rows": [(contribution_states[k], n) for k, n in report.contribution_counts.items()],
        "reporting_rows": [(translate(label, lang), report.reporting_counts.get(key, 0))
                           for key, label in reporting_labels().items()],
    }


def reporting_labels() -> dict:
    from liaison.partnerships.contributions.selectors import REPORTING_LABELS

    return REPORTING_LABELS


def report_html(report: Report, *, standalone: bool = True) -> str:
    """Return the report as HTML: a whole document, or the body to embed in a page."""
    template = "partnerships/report_document.html" if standalone else "partnerships/_report_body.html"
    return render_to_string(template, report_context(report))


def report_pdf(report: Report) -> bytes:
    """Return the report as PDF, printed by headless Chromium; raise RenderError if that cannot be done here."""
    try:
        return pdf_render(html=report_html(report), timeout=120)
    except PdfUnavailable as exc:
        raise RenderError(str(exc)) from None


def report_docx(report: Report) -> bytes:
    """Return the report as a Word document: headings, tables, and the charts as table-based bars."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    t, ctx = report.t, report_context(report)
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(f"{t['title']} — {report.convention.acronym}", level=0)
    doc.add_paragraph(f"{t['subtitle']}. {t['period']}: {report.start.isoformat()} – {report.end.isoformat()}. "
                      f"{t['prepared']}: {report.prepared.isoformat()}.")
    doc.add_paragraph(t["intro"])
    doc.add_paragraph(t["includes"])

    def table(header: list[str], rows: list[list], *, limit_note: bool = False):
        grid = doc.add_table(rows=2, cols=len(header))
        grid.style = "Light Grid Accent 1"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = text
        # Rows are copied from a template row at the XML level: python-docx's add_row()/cells cost ~1 ms a row.
        template = grid.rows[1]._tr
        for cell in grid.rows[1].cells:
            cell.text = "-"
        for values in rows:
            tr = deepcopy(template)
            for element, value in zip(tr.iter(qn("w:t")), values, strict=True):
                element.text = "" if value is None else str(value)
            grid._tbl.append(tr)
        grid._tbl.remove(template)
        if limit_note:
            doc.add_paragraph(t["more"]).italic = True

    def bars(rows: list[dict], title: str):
        doc.add_paragraph(title).runs[0].bold = True
        top = max((r["n"] for r in rows), default=0) or 1
        grid = doc.add_table(rows=0, cols=3)
        for r in rows:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = r["label"], str(r["n"])
            run = cells[2].paragraphs[0].add_run("█" * max(round(30 * r["n"] / top), 1 if r["n"] else 0))
            run.font.color.rgb = RGBColor.from_string(r["colour"].lstrip("#").upper())

    doc.add_heading(t["summary"], level=1)
    table([t["status"], t["partnerships_n"]], [[label, n] for label, n in ctx["status_rows"]])
    bars(report.activity_states, t["chart_activities"])
    bars(report.mandate_states, t["chart_mandates"])

    def partnership_rows(items, date_of):
        return [[p.title, ctx["instruments"][p.instrument], ", ".join(o.name for o in p.organizations.all()),
                 ctx["statuses"][p.status], date_of(p) or t["unknown"]] for p in items]

    for key, items, date_of in (("started", report.started, lambda p: p.started_on or p.signed_on),
                                ("ended", report.ended, lambda p: p.ended_on)):
        doc.add_heading(t[key], level=1)
        if items:
            table([t["partnership"], t["instrument"], t["parties"], t["status"], t["date"]],
                  partnership_rows(items, date_of))
        else:
            doc.add_paragraph(t["none"])
    doc.add_heading(t["workplans"], level=1)
    table([t["workplan"], t["activities"], t["done"], t["in_progress"], t["late_n"], t["unstarted"]],
          [[w.title, w.n_total, w.n_done, w.n_progress, w.n_late, w.n_unstarted] for w in report.workplans],
          limit_note=report.workplans_total > len(report.workplans))
    doc.add_heading(t["late"], level=1)
    table([t["activity"], t["workplan"], t["owner"], t["end"]],
          [[a.title, a.workplan.title, a.owner.name, a.end] for a in report.late],
          limit_note=report.late_total > len(report.late))
    doc.add_heading(t["contributions"], level=1)
    if report.contributions:
        table([t["organization"], t["title_col"], t["submitted"], t["status"]],
              [[c.organization.name, c.title, c.submitted_at.date(), ctx["contribution_states"][c.status]]
               for c in report.contributions])
    else:
        doc.add_paragraph(t["none"])
    doc.add_heading(t["mandates"], level=1)
    table([t["decision"], t["paragraph"], t["action"], t["deadline"], t["status"], t["activities"]],
          [[m.decision.number, m.paragraph.number, f"{m.verb}: {m.action}"[:300], m.deadline or "—",
            m.status_label, m.n_activities] for m in report.mandates])
    doc.add_heading(t["reporting"], level=1)
    table([t["organization"], t["last_report"], t["status"]],
          [[row["organization"].name, row["last"] or "—", row["label"]]
           for row in report.reporting])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_render(report: Report, *, fmt: str) -> bytes:
    """Return the report in `fmt` (html, docx, pdf) as bytes."""
    if fmt == "html":
        return report_html(report).encode("utf-8")
    if fmt == "docx":
        return report_docx(report)
    if fmt == "pdf":
        return report_pdf(report)
    raise RenderError(_("Unknown format %(fmt)s; use html, docx or pdf.") % {"fmt": repr(fmt)})
