"""A report as an Excel workbook: a cover, the report's text, one sheet per table, numbers as
numbers.

Hidden small counts are the text "<5". Charts become a sheet of their figures with a native
Excel chart beside each, so the reader can check and reuse the numbers. Every sheet prints on
A4, one page wide, with its header row on every page and row heights that show all the text
(core.spreadsheet_print.print_setup and fit_row_heights).
"""

import datetime
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import Reference, ScatterChart
from openpyxl.chart import Series as ChartSeries
from openpyxl.drawing.text import CharacterProperties
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break

from helhedsplan.core import formats
from helhedsplan.core.spreadsheet_print import (
    column_points,
    fit_row_heights,
    print_setup,
    printable_points,
    set_default_font,
    text_width,
)
from helhedsplan.core.spreadsheets import workbook_bytes
from helhedsplan.documents.document import (
    DATE,
    MONEY,
    PERCENT,
    TEXT,
    Report,
    Suppressed,
    format_value,
)

# Arial, because LibreOffice has a font of the same widths (Liberation Sans): the wrapping and
# row heights worked out here hold in both.
FONT = "Arial"
BODY = Font(name=FONT, size=10)
BOLD = Font(name=FONT, size=10, bold=True)
NOTE = Font(name=FONT, size=10, italic=True, color="555555")
LINK = Font(name=FONT, size=10, underline="single", color="0563C1")
HEADER_FILL = PatternFill("solid", fgColor="F3F5F7")
# A hairline under each row, so a reader sees which wrapped lines belong together.
ROW_LINE = Border(bottom=Side(style="thin", color="D0D5DA"))
FORMATS = {MONEY: '#,##0 "kr."', PERCENT: '0.0" %"', DATE: "d. mmmm yyyy"}
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
RIGHT = Alignment(horizontal="right", vertical="top")
FIGURES = "Figurer"
TEXTS = "Tekst"
# Text columns grow with their longest text up to this width (in characters), then wrap.
TEXT_WIDTH = 45
TEXT_MIN_WIDTH = 12


def _title(size: float) -> Font:
    return Font(name=FONT, size=size, bold=True)


def _sheet_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", title)[:31].strip() or "Ark"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _cell_value(value):
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, Decimal):
        return formats.plain_number(value)
    return value


def _number_format(kind: str, value) -> str | None:
    if kind in FORMATS:
        return FORMATS[kind]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "#,##0" if float(value).is_integer() else "#,##0.0#"
    return None


def _write(sheet, row: int, column: int, value, font=BODY, alignment=WRAP, span: int = 1):
    """One cell, optionally merged across `span` columns (a title or a note over a table)."""
    cell = sheet.cell(row, column, value)
    if font is not BODY:  # BODY is the workbook's default font; setting a style is not free
        cell.font = font
    cell.alignment = alignment
    if span > 1:
        sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=span)
    return cell


def _link(cell, sheet_name: str) -> None:
    quoted = sheet_name.replace("'", "''")
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!A1")
    cell.font = LINK


def _front_sheet(sheet, report: Report, contents: list[tuple[str, str]]) -> None:
    """A cover of one portrait page: what the report is, and a list of its sheets."""
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 58
    _write(sheet, 1, 1, f"{report.title} {report.period_label}", _title(16), span=2)
    _write(sheet, 2, 1, report.plan_name, Font(name=FONT, size=12), span=2)
    row = 4
    for label, value in [*report.meta_items, ("Små tal", report.audience_text)]:
        _write(sheet, row, 1, label, BOLD)
        _write(sheet, row, 2, value)
        row += 1
    _write(sheet, row + 1, 1, "Projektmappens ark", _title(12), span=2)
    row += 2
    for name, description in contents:
        _link(_write(sheet, row, 1, name), name)
        _write(sheet, row, 2, description)
        row += 1
    fit_row_heights(sheet)


def _texts_sheet(sheet, report: Report, sheet_of: dict[int, str]) -> None:
    """Every heading of the report in order, with its texts, and where its tables and charts
    are: the report's own reading order, in one column as wide as a portrait page."""
    sheet.column_dimensions["A"].width = 92
    row = 1
    _write(sheet, row, 1, f"{report.title} {report.period_label}", _title(14))
    for section in report.sections:
        row += 2
        _write(sheet, row, 1, section.heading, _title(12 if section.level <= 2 else 10.5))
        for block in section.blocks:
            lines: list[tuple[str, Font]] = []
            if block.block == "text":
                lines = [(text, BODY) for text in block.paragraphs] or (
                    [(block.empty, NOTE)] if block.empty else []
                )
            elif block.block == "items":
                lines = [(f"• {item}", BODY) for item in block.items]
            elif block.block == "table":
                lines = [(f"Tabellen «{block.title}» står på arket «{sheet_of[id(block)]}».", NOTE)]
            elif block.block == "chart":
                lines = [(f"Figuren «{block.title}» står med sine tal på arket «{FIGURES}».", NOTE)]
            for text, font in lines:
                row += 1
                _write(sheet, row, 1, text, font)
    fit_row_heights(sheet)


def _column_widths(table, rows: list[list]) -> list[float]:
    """Figures as wide as their widest shown value; text as wide as its text, up to TEXT_WIDTH;
    text columns narrowed (and wrapped more) when the table is wider than a landscape page."""
    widths, floors = [], []
    for index, column in enumerate(table.columns):
        shown = [format_value(row[index], column.kind) for row in rows]
        header_word = max((text_width(w, bold=True) for w in column.label.split()), default=0)
        widest = max((text_width(text) for text in shown), default=0)
        if column.kind == TEXT:
            word = max((text_width(w) for text in shown for w in text.split()), default=0)
            floor = max(TEXT_MIN_WIDTH, header_word, word)
            widths.append(max(floor, min(TEXT_WIDTH, widest)))
        else:
            floor = max(8, header_word, widest)
            widths.append(floor)
        floors.append(floor)
    room = printable_points(landscape=True)[0]
    total = sum(column_points(width) for width in widths)
    if total > room:
        give = [width - floor for width, floor in zip(widths, floors, strict=True)]
        spare = sum(give)
        # Widths to take from the text columns, in proportion to what each can give.
        excess = (total - room) / (column_points(1) - column_points(0))
        share = min(1.0, excess / spare) if spare else 0
        widths = [width - g * share for width, g in zip(widths, give, strict=True)]
    return widths


def _table_sheet(sheet, table, report: Report) -> None:
    width = len(table.columns)
    rows = table.rows + ([table.total] if table.total else [])
    _write(sheet, 1, 1, table.title, _title(12), span=width)
    for index, column in enumerate(table.columns, start=1):
        horizontal = None if column.kind == TEXT else "right"
        alignment = Alignment(wrap_text=True, vertical="bottom", horizontal=horizontal)
        _write(sheet, 2, index, column.label, BOLD, alignment).fill = HEADER_FILL
    for values in rows:
        row = sheet.max_row + 1
        for index, (value, column) in enumerate(zip(values, table.columns, strict=True), 1):
            value = _cell_value(value)
            number_format = _number_format(column.kind, value)
            # Text wraps; "<5" in a figures column stands right, as the figures do.
            text = isinstance(value, str)
            alignment = (WRAP if column.kind == TEXT else RIGHT) if text else TOP
            cell = _write(sheet, row, index, value, alignment=alignment)
            cell.border = ROW_LINE
            if number_format and not isinstance(value, str):
                cell.number_format = number_format
    if table.total:
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
    if not table.rows:
        _write(sheet, sheet.max_row + 1, 1, table.empty, NOTE, span=width)
    if table.note:
        _write(sheet, sheet.max_row + 2, 1, table.note, NOTE, span=width)
    sheet.freeze_panes = "B3"
    for index, column_width in enumerate(_column_widths(table, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(column_width, 1)
    fit_row_heights(sheet)
    _print(sheet, report, title_rows="1:2")


# The charts sheet: each chart's figures (År, one column per series) with the chart beside them,
# one block under the other, a page break between blocks so that no chart is cut in two.
CHART_ROW_POINTS = 14
CHART_ROWS = 14  # the chart's height in rows, and the block's least height
CHART_SIZE = (6, 13)  # height, width in cm
CHART_COLUMNS = 7  # columns of width 9.5 under a chart 13 cm wide


def _native_chart(sheet, chart, series, row: int, years: list[int]) -> ScatterChart:
    excel_chart = ScatterChart()
    excel_chart.title = chart.title[:80]
    # A title in Excel's default 14 pt would fill the small chart; the cell above has it too.
    title = excel_chart.title.tx.rich.p[0]
    title.pPr.defRPr = CharacterProperties(sz=1000, b=True)
    for run in title.r:
        run.rPr = CharacterProperties(sz=1000, b=True)
    excel_chart.x_axis.title = "År"
    excel_chart.y_axis.title = chart.unit or "Værdi"
    excel_chart.style = 13
    x_values = Reference(sheet, min_col=1, min_row=row + 2, max_row=row + 1 + len(years))
    for column in range(2, len(series) + 2):
        y_values = Reference(sheet, min_col=column, min_row=row + 1, max_row=row + 1 + len(years))
        excel_chart.series.append(ChartSeries(y_values, x_values, title_from_data=True))
    excel_chart.height, excel_chart.width = CHART_SIZE
    return excel_chart


def _charts_sheet(sheet, charts, report: Report) -> None:
    chart_column = max(len([s for s in chart.series if s.points]) for chart in charts) + 3
    last_column = chart_column + CHART_COLUMNS - 1
    sheet.column_dimensions["A"].width = 8
    for column in range(2, last_column + 1):
        width = 2 if column == chart_column - 1 else 13 if column < chart_column else 9.5
        sheet.column_dimensions[get_column_letter(column)].width = width
    page_height = printable_points(landscape=True)[1]
    row, used = 1, 0.0
    for chart in charts:
        series = [s for s in chart.series if s.points]
        years = sorted({int(x) for s in series for x, _ in s.points})
        rows = max(len(years) + 3, CHART_ROWS) + 1
        block_height = rows * CHART_ROW_POINTS + 24  # title and header may take two lines each
        if used and used + block_height > page_height:
            sheet.row_breaks.append(Break(id=row - 1))
            used = 0.0
        used += block_height
        _write(sheet, row, 1, chart.title, BOLD, span=last_column)
        _write(sheet, row + 1, 1, "År", BOLD)
        for column, item in enumerate(series, start=2):
            _write(sheet, row + 1, column, item.label, BOLD).fill = HEADER_FILL
            values = {int(x): y for x, y in item.points}
            for offset, year in enumerate(years):
                _write(sheet, row + 2 + offset, 1, year, alignment=TOP)
                if year in values:
                    value = _cell_value(values[year])
                    _write(sheet, row + 2 + offset, column, value, alignment=TOP)
        if years and series:
            excel_chart = _native_chart(sheet, chart, series, row, years)
            sheet.add_chart(excel_chart, f"{get_column_letter(chart_column)}{row + 1}")
        row += rows
    fit_row_heights(sheet)
    for number in range(1, row):
        dimension = sheet.row_dimensions[number]
        dimension.height = max(dimension.height or 0, CHART_ROW_POINTS)
    _print(sheet, report, landscape=True)


def _print(sheet, report: Report, **options) -> None:
    print_setup(
        sheet,
        header_left=report.plan_name,
        header_right=f"{report.title} {report.period_label}",
        **options,
    )


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    set_default_font(workbook, BODY)
    front = workbook.active
    front.title = "Om rapporten"
    used = {"om rapporten"}
    texts = workbook.create_sheet(_sheet_name(TEXTS, used))
    contents = [(texts.title, "Rapportens afsnit og tekster i rækkefølge")]
    sheet_of: dict[int, str] = {}
    for table in report.tables():
        sheet = workbook.create_sheet(_sheet_name(table.sheet or table.title, used))
        _table_sheet(sheet, table, report)
        sheet_of[id(table)] = sheet.title
        contents.append((sheet.title, table.title))
    charts = [
        block for section in report.sections for block in section.blocks if block.block == "chart"
    ]
    if charts:
        sheet = workbook.create_sheet(_sheet_name(FIGURES, used))
        _charts_sheet(sheet, charts, report)
        contents.append((sheet.title, "Figurernes tal, med et diagram ved hver"))
    _texts_sheet(texts, report, sheet_of)
    _print(texts, report)
    _front_sheet(front, report, contents)
    _print(front, report, one_page=True)
    workbook.properties.title = f"{report.title} {report.period_label}"
    workbook.properties.creator = "Helhedsplan"
    workbook.properties.language = "da-DK"
    workbook.properties.created = datetime.datetime.now()
    # Titles, texts and names typed by people (a note "=HYPERLINK(...)") stay text.
    return workbook_bytes(workbook)
