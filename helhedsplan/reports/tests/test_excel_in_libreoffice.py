"""The Excel edition of every report kind, for the demo plan with its demo data, printed as a
receiver prints it: every sheet A4, one page wide, its header row on every page, the plan and
report in the page header, the page number in the footer, and rows high enough for their text.

The print set-up is read from the workbook (these tests run anywhere); LibreOffice then prints
each workbook to PDF (tests marked `libreoffice`, skipped without it).
"""

import io
import re

import pytest
from django.db import transaction
from openpyxl.utils import get_column_letter

from helhedsplan.core.spreadsheet_print import columns_width, printable_points
from helhedsplan.reports.tests.conftest import DEMO_REPORTS as REPORTS
from helhedsplan.reports.tests.conftest import workbook
from helhedsplan.reports.tests.office import (
    LIBERATION_SANS,
    convert_all_to_pdf,
    needs_libreoffice,
)

# pytest-django makes the test database only for a run with a test that asks for it.
# xdist_group: the module's data is made once, so all its tests run in one xdist worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("excel-in-libreoffice")]


@pytest.fixture(scope="module")
def workbooks(django_db_setup, django_db_blocker):
    """Each kind's .xlsx for the demo plan, made once; the demo data is rolled back after."""
    from helhedsplan.conftest import PLAN_SLUG
    from helhedsplan.demo.services import generate_demo_data
    from helhedsplan.plans.models import Plan
    from helhedsplan.reports.services import make_report

    with django_db_blocker.unblock(), transaction.atomic():
        plan = Plan.objects.get(slug=PLAN_SLUG)  # the shared plan (helhedsplan/conftest.py)
        generate_demo_data(plan=plan, seed=1, until=plan.end)
        made = {
            kind: make_report(
                plan=plan, kind=kind, period=period, file_format="xlsx", suppress=True
            )
            for kind, period in REPORTS.items()
        }
        transaction.set_rollback(True)
    return {kind: (result.content, result.report) for kind, result in made.items()}


@pytest.fixture(scope="module")
def printed(workbooks):
    """Each kind's workbook printed to PDF by LibreOffice when a test first asks: all of them in
    one call (its start is most of the time a conversion takes)."""
    cache = {}

    def pages(kind):
        if not cache:
            printed = convert_all_to_pdf(
                {name: (content, ".xlsx") for name, (content, _report) in workbooks.items()}
            )
            cache.update({name: _pages(pdf) for name, pdf in printed.items()})
        return cache[kind]

    return pages


def table_sheets(book):
    """The sheets with a header row: those made from the report's tables."""
    return [sheet for sheet in book.worksheets if sheet.print_title_rows]


def strings(sheet):
    return [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


# --- the print set-up, read from the file ---------------------------------------------------


@pytest.mark.parametrize("kind", REPORTS)
def test_every_sheet_prints_on_a4_one_page_wide_with_header_and_page_numbers(workbooks, kind):
    content, report = workbooks[kind]
    for sheet in workbook(content).worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (
            (1, 1) if sheet.title == "Om rapporten" else (1, 0)
        ), sheet.title
        assert report.plan_name in sheet.oddHeader.left.text
        assert f"{report.title} {report.period_label}" in sheet.oddHeader.right.text
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
        assert sheet.page_margins.left < 1 and sheet.page_margins.top < 1.2


@pytest.mark.parametrize("kind", REPORTS)
def test_table_sheets_repeat_their_header_and_turn_to_landscape_only_when_wide(workbooks, kind):
    book = workbook(workbooks[kind][0])
    sheets = table_sheets(book)
    assert len(sheets) == len(workbooks[kind][1].tables())
    for sheet in sheets:
        assert sheet.print_title_rows == "$1:$2", sheet.title
        wide = columns_width(sheet) > printable_points(landscape=False)[0]
        assert sheet.page_setup.orientation == ("landscape" if wide else "portrait"), sheet.title
    assert book["Om rapporten"].page_setup.orientation == "portrait"


@pytest.mark.parametrize("kind", REPORTS)
def test_text_wraps_and_numbers_stay_numbers_with_danish_formats(workbooks, kind):
    book = workbook(workbooks[kind][0])
    for sheet in book.worksheets:
        for cell in strings(sheet):
            assert cell.alignment.wrap_text or cell.alignment.horizontal == "right", (
                sheet.title,
                cell.coordinate,
            )
    for sheet in table_sheets(book):
        numbers = [
            cell
            for row in sheet.iter_rows(min_row=3)
            for cell in row
            if isinstance(cell.value, int | float)
        ]
        for cell in numbers:
            assert cell.number_format != "General", (sheet.title, cell.coordinate)
    if kind in {"aarsrapport", "monitorering"}:
        assert book["Figurer"]._charts  # native charts, not pictures
        assert not book["Figurer"]._images


def _liberation_sans():
    from PIL import ImageFont

    # At 96 dpi, as Excel measures columns in pixels; 10x for sub-pixel widths.
    return {
        bold: ImageFont.truetype(str(LIBERATION_SANS / name), size=round(10 * 96 / 72 * 10))
        for bold, name in ((False, "LiberationSans-Regular.ttf"), (True, "LiberationSans-Bold.ttf"))
    }


def _lines(text: str, width_px: float, font, size: float) -> int:
    """Greedy word wrap with the font's real widths, as a spreadsheet wraps a cell."""
    scale = size / 10 / 10
    lines = 0
    for paragraph in text.split("\n"):
        line = ""
        lines += 1
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and font.getlength(candidate) * scale > width_px:
                lines += 1
                line = word
            else:
                line = candidate
    return lines


@needs_libreoffice  # for its fonts
@pytest.mark.parametrize("kind", REPORTS)
def test_every_row_is_high_enough_for_its_wrapped_text(workbooks, kind):
    """Measured with Liberation Sans, whose widths are Arial's: the rows' heights are set (Excel
    does not grow them), so each must hold all lines of its highest cell."""
    fonts = _liberation_sans()
    for sheet in workbook(workbooks[kind][0]).worksheets:
        spans = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
        for cell in strings(sheet):
            if not cell.alignment.wrap_text:
                continue
            merged = spans.get((cell.row, cell.column))
            columns = range(merged.min_col, merged.max_col + 1) if merged else [cell.column]
            letters = [get_column_letter(index) for index in columns]
            # A column w wide is w * 7 + 5 pixels; a cell keeps 2-3 pixels free on each side.
            width_px = sum(sheet.column_dimensions[x].width * 7 + 5 for x in letters) - 6
            size = cell.font.sz or 10
            lines = _lines(cell.value, width_px, fonts[bool(cell.font.b)], size)
            height = sheet.row_dimensions[cell.row].height
            assert height and height >= lines * size * 1.15, (
                sheet.title,
                cell.coordinate,
                cell.value,
                height,
                lines,
            )


# --- printed by LibreOffice ------------------------------------------------------------------


def _pages(pdf: bytes) -> list[dict]:
    """Each page's sheet (its footer holds the sheet's name, left, and "Side x af y", right),
    its text, and the texts that start at the page's left margin."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        items = []

        def visit(text, cm, tm, font, size, items=items):
            if text.strip():
                items.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text))

        page.extract_text(visitor_text=visit)
        footer = " ".join(t.strip() for x, y, t in items if y < 45 and x < 300)
        body = [(x, t) for x, y, t in items if 45 <= y <= float(page.mediabox.height) - 45]
        pages.append(
            {
                "sheet": footer,
                "text": " ".join(t for _, t in body),
                "left": [t.strip() for x, t in body if x < 0.55 * 72 + 15],
            }
        )
    return pages


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("kind", REPORTS)
@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_prints_every_sheet_one_page_wide(workbooks, printed, kind):
    """LibreOffice converts the workbook without error, and every sheet prints one page wide.

    The check: the footer names each page's sheet, so the PDF's pages are grouped by sheet. A
    sheet wider than one page would print its right-hand columns (or charts) on pages of their
    own; such a page has none of the sheet's first column. So every page of a sheet must (1)
    have, at the left margin, text of a cell of column A (not merged over other columns), and
    (2) for a table sheet, hold every word of every column header (the header row is repeated
    on each page; a page holding only some columns would miss the others' headers). (3) A sheet
    with page breaks of its own (the charts sheet: a break between blocks, each made to fit a
    landscape page) prints one page per part: twice as many if it were two pages wide. The
    cover is one page. Checked to fail for a table sheet and the charts sheet printed unfitted.
    """
    book = workbook(workbooks[kind][0])
    pages = printed(kind)
    by_sheet = {}
    for page in pages:
        by_sheet.setdefault(page["sheet"], []).append(page)
    assert list(by_sheet) == [sheet.title for sheet in book.worksheets]
    assert len(by_sheet["Om rapporten"]) == 1
    for sheet in book.worksheets:
        # Text in column A alone: a title merged across the columns may print on every page
        # it spans, and a number may be a chart's axis label.
        merged = {r.min_row for r in sheet.merged_cells.ranges if r.min_col == 1}
        first_column = [
            _squeezed(cell.value)
            for cell in sheet["A"]
            if isinstance(cell.value, str) and cell.row not in merged
        ]
        headers = [str(cell.value) for cell in sheet[2]] if sheet.print_title_rows else []
        if sheet.row_breaks.brk:
            assert len(by_sheet[sheet.title]) == len(sheet.row_breaks.brk) + 1, sheet.title
        for number, page in enumerate(by_sheet[sheet.title], start=1):
            where = f"{sheet.title}, page {number} of {len(by_sheet[sheet.title])}"
            assert any(
                len(_squeezed(text)) > 1 and any(_squeezed(text) in value for value in first_column)
                for text in page["left"]
            ), f"{where} has nothing of column A at its left margin"
            for word in " ".join(headers).split():
                assert word in page["text"], f"{where} lacks the header «{word}»"


@pytest.mark.parametrize("kind", REPORTS)
@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_prints_all_the_text_of_every_sheet(workbooks, printed, kind):
    """No text is lost off a page edge: every word of every text cell is in its sheet's pages."""
    book = workbook(workbooks[kind][0])
    pages = printed(kind)
    for sheet in book.worksheets:
        printed = _squeezed(" ".join(p["text"] for p in pages if p["sheet"] == sheet.title))
        for cell in strings(sheet):
            for word in cell.value.split():
                assert word in printed, (sheet.title, cell.coordinate, word)
