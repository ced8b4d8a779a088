"""A report as a Word document: real headings, tables and pictures the secretariat can edit.

Laid out for the receiver, who opens it in Word or LibreOffice and prints it:
- A4 in Arial. Liberation Sans, which LibreOffice brings along, has Arial's metrics, so lines
  break where Word breaks them; Calibri has no such twin on a default Linux install and falls
  back to a much wider font, which broke words and doubled the page count.
- Each table's column widths come from what its columns hold (`docx_layout.py`): no column narrower
  than its longest word (a figure: its whole value), the room left to the columns whose text
  needs it, the text width used fully. The widths sit on the grid and on every cell (Word reads
  one, LibreOffice the other) with a fixed layout. Header rows repeat, figures are right-aligned.
- A section whose tables do not fit the upright page, or that take much less paper turned, goes
  on landscape pages with its heading; the header and footer go on.
- Headings use Word's own heading styles; a report estimated at more than five pages opens with
  a table of contents, listed when written and given page numbers when Word opens the file.
- Title, subject, author (the secretariat), keywords and the Danish language are set, the
  language on the styles too so that spelling is checked in Danish.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

from helhedsplan.documents.charts import chart_png
from helhedsplan.documents.document import Report
from helhedsplan.documents.docx_layout import (
    A4,
    BODY_SIZE,
    CELL_PADDING,
    CHART_WIDTH,
    END_MARGIN,
    FONT,
    PORTRAIT,
    SIDE_MARGIN,
    TABLE_SIZE,
    Page,
    estimated_pages,
    layout,
)

BLUE, GREY = RGBColor(0x08, 0x3D, 0x6D), RGBColor(0x4A, 0x52, 0x5C)
LANGUAGE = "da-DK"
TOC_FROM_PAGES = 5  # a report estimated longer than this opens with a table of contents
CELLS = "Tabeltekst"  # the table cells' paragraph style, which the secretariat can adjust

# ---- Word's XML ------------------------------------------------------------------------------


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _run(parent, *children) -> OxmlElement:
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    parent.append(run)
    return run


def _text(text: str) -> OxmlElement:
    element = _element("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    return element


def _field_start(parent, instruction: str) -> None:
    code = _element("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    _run(parent, _element("w:fldChar", fldCharType="begin"))
    _run(parent, code)
    _run(parent, _element("w:fldChar", fldCharType="separate"))


def _field_end(parent) -> None:
    _run(parent, _element("w:fldChar", fldCharType="end"))


def _paragraph(document, text: str = "", style: str | None = None):
    """A paragraph in a style given by its id: python-docx's lookup by name searches every style
    on each call, which took most of the time of a long report."""
    paragraph = document.add_paragraph(text)
    if style:
        paragraph._p.get_or_add_pPr().style = style
    return paragraph


# ---- styles, language, properties ------------------------------------------------------------


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_SIZE)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before, after in (
        ("Title", 18, 0, 6),
        ("Heading 1", 13, 14, 4),
        ("Heading 2", 11, 10, 3),
        ("Heading 3", 10, 8, 2),
        ("TOC Heading", 13, 6, 4),
    ):
        style = styles[name]
        style.font.size, style.font.bold, style.font.color.rgb = Pt(size), True, BLUE
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"].element.pPr
    for border in title.findall(qn("w:pBdr")):
        title.remove(border)
    subtitle = styles["Subtitle"]
    subtitle.font.size, subtitle.font.italic, subtitle.font.color.rgb = Pt(BODY_SIZE), False, GREY
    caption = styles["Caption"]
    caption.font.size, caption.font.italic, caption.font.color.rgb = Pt(TABLE_SIZE), False, GREY
    caption.font.bold = True
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(3)
    cells = styles.add_style(CELLS, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = Pt(TABLE_SIZE)
    cells.paragraph_format.space_after = Pt(0)
    cells.paragraph_format.line_spacing = 1.0
    # Word's own names for the table of contents' entries, so Word uses them when it updates.
    right = Twips(PORTRAIT.width)
    for level in (1, 2, 3):
        entry = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        entry.base_style = normal
        entry.paragraph_format.left_indent = Cm(0.5 * (level - 1))
        entry.paragraph_format.space_after = Pt(2)
        entry.paragraph_format.tab_stops.add_tab_stop(
            right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )


def _danish(document) -> None:
    """Arial and Danish everywhere: the defaults, and every style that names a theme font."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = defaults.find(qn("w:lang"))
    for name in ("val", "eastAsia"):
        language.set(qn(f"w:{name}"), LANGUAGE)
    for fonts in styles.iter(qn("w:rFonts")):
        for name in [name for name in fonts.attrib if name.lower().endswith("theme")]:
            del fonts.attrib[name]
        for name in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{name}"), FONT)
    settings = document.settings.element
    for state in settings.findall(qn("w:proofState")):
        settings.remove(state)  # "already checked": let Word check the spelling, in Danish
    for theme_language in settings.findall(qn("w:themeFontLang")):
        theme_language.set(qn("w:val"), LANGUAGE)


def _properties(document, report: Report) -> None:
    properties = document.core_properties
    properties.title = f"{report.title} {report.period_label}"
    properties.subject = report.plan_name
    properties.author = properties.last_modified_by = report.organisation or report.plan_name
    properties.language = LANGUAGE
    properties.keywords = ", ".join(
        [report.title, report.plan_name, report.period_label, "boligsocial helhedsplan"]
    )
    properties.comments = report.footer_text
    properties.revision = 1


def _page(section, page: Page) -> None:
    width, height = (A4[1], A4[0]) if page.landscape else A4
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = SIDE_MARGIN
    section.top_margin = section.bottom_margin = END_MARGIN
    section.header_distance = section.footer_distance = Cm(0.8)


def _header_and_footer(section, report: Report) -> None:
    header = section.header.paragraphs[0]
    header.text = f"{report.plan_name} · {report.title} {report.period_label}"
    footer = section.footer.paragraphs[0]
    footer.text = f"{report.footer_text} · Side "
    _field_start(footer._p, "PAGE")
    _run(footer._p, _text("1"))
    _field_end(footer._p)
    for paragraph in (header, footer):
        for run in paragraph.runs:
            run.font.size, run.font.color.rgb = Pt(8), GREY


# ---- the table of contents -------------------------------------------------------------------


def _anchor(number: int) -> str:
    return f"_Toc_hp{number}"


def _bookmark(paragraph, number: int) -> None:
    """A bookmark around a heading, which its line in the table of contents links to."""
    paragraph._p.insert(1, _element("w:bookmarkStart", id=number, name=_anchor(number)))
    paragraph._p.append(_element("w:bookmarkEnd", id=number))


def _contents(document, entries: list[tuple[str, int, str]]) -> None:
    """A TOC field, filled with the headings as links: LibreOffice shows what the file holds,
    and Word, told to update fields on opening, rebuilds it with page numbers."""
    _paragraph(document, "Indhold", "TOCHeading")
    for index, (heading, level, anchor) in enumerate(entries):
        paragraph = _paragraph(document, style=f"toc{level}")
        if index == 0:
            _field_start(paragraph._p, 'TOC \\o "1-3" \\h \\z \\u')
        link = _element("w:hyperlink", anchor=anchor, history="1")
        paragraph._p.append(link)
        _run(link, _text(heading))
    _field_end(_paragraph(document)._p)
    settings = document.settings.element
    update = _element("w:updateFields", val="true")
    # The schema's order: updateFields comes before these.
    for tag in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars"):
        following = settings.find(qn(tag))
        if following is not None:
            following.addprevious(update)
            return
    settings.append(update)


# ---- blocks ----------------------------------------------------------------------------------


def _fill(cell, text: str, right: bool, bold: bool = False) -> None:
    paragraph = cell._tc.p_lst[0]
    properties = paragraph.get_or_add_pPr()
    properties.style = CELLS
    if right:
        properties.jc_val = WD_ALIGN_PARAGRAPH.RIGHT
    if text:
        run = _run(paragraph, _text(text))
        if bold:
            run.insert(0, _element("w:rPr"))
            run[0].append(_element("w:b"))


def _table(document, table, plan) -> None:
    if not table.rows:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{table.title}: ").bold = True
        paragraph.add_run(table.empty)
        return
    # A table's caption stays with the table; a chart's (below it) must not pull the next one.
    _paragraph(document, table.title, "Caption").paragraph_format.keep_with_next = True
    cells = plan.cells
    grid = document.add_table(rows=0, cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False  # a fixed layout: the widths below are the widths
    properties = grid._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(plan.widths)))
    margins = _element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(f"w:{side}", w=CELL_PADDING, type="dxa"))
    properties.append(margins)
    for column, column_width in zip(grid.columns, plan.widths, strict=True):
        column.width = Twips(column_width)  # the grid; add_row gives each cell the same width
    header = grid.add_row()
    header._tr.get_or_add_trPr().append(_element("w:tblHeader", val="true"))
    for cell, label, is_number in zip(header.cells, cells.labels, cells.numeric, strict=True):
        _fill(cell, label, is_number, bold=True)
        cell._tc.get_or_add_tcPr().append(
            _element("w:shd", val="clear", color="auto", fill="F3F5F7")
        )
    for values in cells.body + ([cells.total] if cells.total else []):
        row = grid.add_row()
        row._tr.get_or_add_trPr().append(_element("w:cantSplit", val="true"))
        bold = values is cells.total
        for cell, text, is_number in zip(row.cells, values, cells.numeric, strict=True):
            _fill(cell, text, is_number, bold=bold)
    if table.note:
        document.add_paragraph(table.note)


def _chart(document, chart, page: Page) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    width = Twips(min(CHART_WIDTH, page.width))
    paragraph.add_run().add_picture(io.BytesIO(chart_png(chart)), width=width)
    # The picture's text alternative, which Word reads aloud and shows under "Alternativ tekst".
    picture = paragraph._p.xpath(".//wp:docPr")[0]
    picture.set("descr", chart.alt)
    picture.set("title", chart.title)
    _paragraph(document, chart.title, "Caption")


def _title(document, report: Report) -> None:
    _paragraph(document, report.plan_name, "Subtitle")
    _paragraph(document, f"{report.title} {report.period_label}", "Title")
    meta = document.add_paragraph()
    for index, (label, value) in enumerate(report.meta_items):
        meta.add_run(f"{label}: ").bold = True
        meta.add_run(value + ("\n" if index < len(report.meta_items) - 1 else ""))
    if report.audience_text:
        _paragraph(document, report.audience_text, "IntenseQuote")


def render_docx(report: Report) -> bytes:
    document = Document()
    _styles(document)
    _danish(document)
    _properties(document, report)
    plans, pages = layout(report)
    # The first page is turned with the first section that holds a table or a chart.
    current = next((page for page in pages if page), PORTRAIT)
    section = document.sections[0]
    _page(section, current)
    _header_and_footer(section, report)
    _title(document, report)
    if estimated_pages(report, plans) > TOC_FROM_PAGES and len(report.sections) > 2:
        _contents(
            document,
            [(part.heading, part.level - 1, _anchor(n)) for n, part in enumerate(report.sections)],
        )

    for number, (part, page) in enumerate(zip(report.sections, pages, strict=True)):
        if page and page.landscape != current.landscape:
            current = page
            _page(document.add_section(), current)
        heading = _paragraph(document, part.heading, f"Heading{part.level - 1}")
        _bookmark(heading, number)
        for block in part.blocks:
            if block.block == "text":
                for text in block.paragraphs:
                    document.add_paragraph(text)
                if not block.paragraphs and block.empty:
                    document.add_paragraph().add_run(block.empty).italic = True
            elif block.block == "items":
                for item in block.items:
                    _paragraph(document, item, "ListBullet")
            elif block.block == "chart":
                _chart(document, block, current)
            elif block.block == "table":
                _table(document, block, plans.get(id(block)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
