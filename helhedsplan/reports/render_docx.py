"""A report as a Word document: real headings, tables and pictures the secretariat can edit.

Table header rows repeat on every page, numbers are right-aligned, each chart carries its text
alternative, and the footer gives plan, period, data date and page numbers.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from helhedsplan.reports.charts import chart_png
from helhedsplan.reports.document import Report


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _page_number(paragraph) -> None:
    """A PAGE field, which Word fills in on each page."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _table(document, table) -> None:
    if not table.rows:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{table.title}: ").bold = True
        paragraph.add_run(table.empty)
        return
    document.add_paragraph(table.title, style="Caption")
    numeric = table.numeric()
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, column, is_number in zip(grid.rows[0].cells, table.columns, numeric, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(column.label)
        run.bold = True
        if is_number:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_as_header(grid.rows[0])
    lines = table.formatted_rows()
    total = table.formatted_total()
    for values in lines + ([total] if total else []):
        cells = grid.add_row().cells
        for cell, text, is_number in zip(cells, values, numeric, strict=True):
            cell.text = text
            if is_number:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if total:
        for cell in grid.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    if table.note:
        document.add_paragraph(table.note)


def _chart(document, chart, width) -> None:
    document.add_picture(io.BytesIO(chart_png(chart)), width=width)
    # The picture's text alternative, which Word reads aloud and shows under "Alternativ tekst".
    picture = document.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
    picture.set("descr", chart.alt)
    picture.set("title", chart.title)
    document.add_paragraph(chart.title, style="Caption")


def render_docx(report: Report) -> bytes:
    document = Document()
    section = document.sections[0]
    if report.kind == "aktivitetsskema":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10)
    document.core_properties.title = f"{report.title} {report.period_label}"
    document.core_properties.subject = report.plan_name
    document.core_properties.language = "da-DK"

    header = section.header.paragraphs[0]
    header.text = f"{report.plan_name} · {report.title} {report.period_label}"
    footer = section.footer.paragraphs[0]
    footer.text = f"{report.footer_text} · Side "
    _page_number(footer)

    document.add_paragraph(report.plan_name, style="Subtitle")
    document.add_heading(f"{report.title} {report.period_label}", level=0)
    meta = document.add_paragraph()
    for index, (label, value) in enumerate(report.meta_items):
        meta.add_run(f"{label}: ").bold = True
        meta.add_run(value + ("\n" if index < len(report.meta_items) - 1 else ""))
    if report.audience_text:
        document.add_paragraph(report.audience_text, style="Intense Quote")

    width = section.page_width - section.left_margin - section.right_margin
    for part in report.sections:
        document.add_heading(part.heading, level=part.level - 1)
        for block in part.blocks:
            if block.block == "text":
                for paragraph in block.paragraphs:
                    document.add_paragraph(paragraph)
                if not block.paragraphs and block.empty:
                    document.add_paragraph().add_run(block.empty).italic = True
            elif block.block == "items":
                for item in block.items:
                    document.add_paragraph(item, style="List Bullet")
            elif block.block == "chart":
                _chart(document, block, min(width, Cm(16)))
            elif block.block == "table":
                _table(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
