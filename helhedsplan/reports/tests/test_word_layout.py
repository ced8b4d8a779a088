"""The Word edition's layout, read back from the .docx: column widths from what the columns
hold, landscape sections for wide tables, a table of contents for long reports, and the
document's properties and language."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from helhedsplan.documents.column_widths import Cells, column_needs, text_width
from helhedsplan.documents.docx_layout import LANDSCAPE, PORTRAIT, TABLE_FONT, TABLE_SIZE, layout
from helhedsplan.documents.render_docx import render_docx
from helhedsplan.governance.documents import agenda_document
from helhedsplan.governance.tests.test_meetings import meeting
from helhedsplan.reports.services import build_report
from helhedsplan.reports.tests.office import LIBERATION_SANS, needs_libreoffice

ARIAL_TWIN = LIBERATION_SANS / "LiberationSans-Regular.ttf"


def word(report):
    return Document(io.BytesIO(render_docx(report)))


def _widths(table) -> tuple[list[int], list[list[int]]]:
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    cells = [
        [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row._tr.tc_lst]
        for row in table.rows
    ]
    return grid, cells


def test_columns_get_their_longest_word_and_fill_the_text_width(data):
    report = build_report(plan=data, kind="fremdrift", period="2018/19-T2", suppress=True)
    document = word(report)
    plans, _pages = layout(report)
    tables = [t for t in report.tables() if t.rows]
    assert len(document.tables) == len(tables)
    # Upright tables fill the upright text width; this small data set's long list of missing
    # data goes on landscape pages, where it takes a third fewer lines.
    assert {plan.page for plan in plans.values()} == {PORTRAIT, LANDSCAPE}
    for table, grid in zip(tables, document.tables, strict=True):
        widths, cells = _widths(grid)
        # The grid (LibreOffice) and every cell (Word) say the same, in a fixed layout.
        assert all(row == widths for row in cells)
        assert grid._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert sum(widths) == plans[id(table)].page.width
        for width, need in zip(widths, column_needs(Cells.of(table), TABLE_FONT), strict=True):
            assert width >= need.least
    criteria = next(t for t in report.tables() if t.title.startswith("Succeskriterier, "))
    widths = _widths(document.tables[tables.index(criteria)])[0]
    labels = [column.label for column in criteria.columns]
    # The long text column is the widest; the figures are narrow.
    assert max(widths) == widths[labels.index("Succeskriterium")]
    assert widths[labels.index("Opnået")] < widths[labels.index("Succeskriterium")] / 4


def test_figures_are_right_aligned_and_the_header_repeats(data):
    report = build_report(plan=data, kind="projektledelse", period="2018/19-T2", suppress=True)
    document = word(report)
    budget = next(t for t in document.tables if t.rows[0].cells[0].text == "Post")
    header = budget.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None
    row = budget.rows[1]
    assert row.cells[0].paragraphs[0].alignment is None
    assert all(cell.paragraphs[0].alignment == 2 for cell in row.cells[1:7])  # RIGHT


def test_the_aktivitetsskema_is_on_landscape_pages(data):
    report = build_report(plan=data, kind="aktivitetsskema", period="2018/19", suppress=True)
    document = word(report)
    assert [s.orientation for s in document.sections] == [WD_ORIENT.LANDSCAPE]
    assert sum(_widths(document.tables[0])[0]) == LANDSCAPE.width


def test_the_yearly_results_turn_and_the_pages_after_them_turn_back(data):
    report = build_report(plan=data, kind="aarsrapport", period="2018/19", suppress=True)
    document = word(report)
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    turned = document.sections[1]
    assert turned.page_width > turned.page_height
    # The header and footer go on: the later sections inherit the first one's.
    assert turned.header.is_linked_to_previous and turned.footer.is_linked_to_previous
    results = [t for t in document.tables if t.rows[0].cells[0].text == "Aktivitet"]
    assert results and all(sum(_widths(t)[0]) == LANDSCAPE.width for t in results)


def test_a_long_report_has_a_table_of_contents_and_a_short_one_none(data, sekretariat):
    report = build_report(plan=data, kind="aarsrapport", period="2018/19", suppress=True)
    document = word(report)
    body = document.element.body.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Indhold") < texts.index("Sammenfatning")
    assert document.paragraphs[texts.index("Indhold")].style.name == "TOC Heading"
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    # Headings in Word's own styles, one level per section level, and the title is no heading.
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [p.text for p in headings] == [part.heading for part in report.sections]
    assert {p.style.name for p in headings} == {"Heading 1"}
    assert document.paragraphs[1].style.name == "Title"

    short = word(agenda_document(meeting(data, "bestyrelse", (2019, 3, 12))))
    assert "TOC" not in short.element.body.xml
    assert "Indhold" not in [p.text for p in short.paragraphs]


def test_the_properties_name_the_secretariat_and_the_language_is_danish(data):
    report = build_report(plan=data, kind="fremdrift", period="2018/19-T2", suppress=True)
    document = word(report)
    properties = document.core_properties
    assert properties.title == "Fremdriftsrapport 2018/19-T2"
    assert properties.subject == data.name
    assert properties.author == data.secretariat.name
    assert properties.language == "da-DK"
    assert "Fremdriftsrapport" in properties.keywords
    styles = document.styles.element
    language = styles.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert language.get(qn("w:val")) == "da-DK"


def test_the_author_falls_back_to_the_plan_name(data):
    data.secretariat = None
    data.save(update_fields=["secretariat"])
    report = build_report(plan=data, kind="fremdrift", period="2018/19-T2", suppress=True)
    assert word(report).core_properties.author == data.name


@needs_libreoffice  # for its fonts
def test_the_width_estimate_is_never_narrower_than_the_font(data):
    """Every word of the tables, measured with the real font (Liberation Sans, Arial's twin):
    the estimate that sizes the columns must not come out short."""
    from fontTools.ttLib import TTFont

    fonts = {
        bold: TTFont(ARIAL_TWIN.with_name(name))
        for bold, name in ((False, ARIAL_TWIN.name), (True, "LiberationSans-Bold.ttf"))
    }

    def real(text, bold):
        font = fonts[bold]
        cmap, metrics = font.getBestCmap(), font["hmtx"]
        units = sum(metrics[cmap[ord(char)]][0] for char in text if ord(char) in cmap)
        return units / font["head"].unitsPerEm * TABLE_SIZE * 20

    words = set()
    for kind, period in (("aarsrapport", "2018/19"), ("fremdrift", "2018/19-T2")):
        report = build_report(plan=data, kind=kind, period=period, suppress=False)
        for table in report.tables():
            cells = Cells.of(table)
            for row in [cells.labels, *cells.body]:
                words.update(w for value in row for w in value.split())
    assert len(words) > 300
    for text in words:
        for bold in (False, True):
            assert text_width(text, TABLE_SIZE, bold=bold) >= real(text, bold), text
