"""A report as an Excel workbook: a front sheet, one sheet per table, numbers as numbers.

Hidden small counts are the text "<5". Charts become a sheet of their figures with a native
Excel chart beside each, so the reader can check and reuse the numbers.
"""

import datetime
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import Reference, ScatterChart
from openpyxl.chart import Series as ChartSeries
from openpyxl.styles import Alignment, Font, PatternFill

from helhedsplan.core.spreadsheets import workbook_bytes
from helhedsplan.reports.document import (
    DATE,
    MONEY,
    PERCENT,
    Report,
    Suppressed,
)

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3F5F7")
FORMATS = {MONEY: '#,##0 "kr."', PERCENT: '0.0" %"', DATE: "d. mmmm yyyy"}


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
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _number_format(kind: str, value) -> str | None:
    if kind in FORMATS:
        return FORMATS[kind]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "#,##0" if float(value).is_integer() else "#,##0.0#"
    return None


def _front_sheet(sheet, report: Report) -> None:
    sheet.append([f"{report.title} {report.period_label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in [
        ("Plan", report.plan_name),
        *report.meta_items,
        ("Små tal", report.audience_text),
    ]:
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append([])
    for section in report.sections:
        texts = [
            paragraph
            for block in section.blocks
            if block.block in {"text", "items"}
            for paragraph in (block.paragraphs if block.block == "text" else block.items)
        ]
        # Every heading, so the front sheet is also the table of contents.
        sheet.append([section.heading])
        sheet.cell(sheet.max_row, 1).font = BOLD
        for text in texts:
            sheet.append(["", text])
            sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100


def _table_sheet(sheet, table) -> None:
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([column.label for column in table.columns])
    for cell in sheet[2]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    rows = table.rows + ([table.total] if table.total else [])
    for values in rows:
        sheet.append([_cell_value(value) for value in values])
        for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
            number_format = _number_format(column.kind, cell.value)
            if number_format and not isinstance(cell.value, str):
                cell.number_format = number_format
            elif isinstance(cell.value, str) and column.kind != "text":
                cell.alignment = Alignment(horizontal="right")
    if table.total:
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
    if not table.rows:
        sheet.append([table.empty])
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    sheet.freeze_panes = "B3"
    for index, column in enumerate(table.columns, start=1):
        letter = sheet.cell(2, index).column_letter
        sheet.column_dimensions[letter].width = 48 if column.kind == "text" and index <= 3 else 16


def _charts_sheet(sheet, charts) -> None:
    """Each chart's figures as a small table (År, one column per series) and an Excel chart."""
    row = 1
    for chart in charts:
        sheet.cell(row, 1, chart.title).font = BOLD
        series = [s for s in chart.series if s.points]
        years = sorted({int(x) for s in series for x, _ in s.points})
        sheet.cell(row + 1, 1, "År").font = BOLD
        for column, item in enumerate(series, start=2):
            sheet.cell(row + 1, column, item.label).font = BOLD
            values = {int(x): y for x, y in item.points}
            for offset, year in enumerate(years):
                sheet.cell(row + 2 + offset, 1, year)
                if year in values:
                    sheet.cell(row + 2 + offset, column, _cell_value(values[year]))
        if years and series:
            excel_chart = ScatterChart()
            excel_chart.title = chart.title[:80]
            excel_chart.x_axis.title = "År"
            excel_chart.y_axis.title = chart.unit or "Værdi"
            excel_chart.style = 13
            x_values = Reference(sheet, min_col=1, min_row=row + 2, max_row=row + 1 + len(years))
            for column in range(2, len(series) + 2):
                y_values = Reference(
                    sheet, min_col=column, min_row=row + 1, max_row=row + 1 + len(years)
                )
                excel_chart.series.append(ChartSeries(y_values, x_values, title_from_data=True))
            excel_chart.height, excel_chart.width = 6, 14
            sheet.add_chart(excel_chart, f"H{row}")
        row += max(len(years) + 4, 14)
    sheet.column_dimensions["A"].width = 12


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    front = workbook.active
    front.title = "Om rapporten"
    _front_sheet(front, report)
    used = {"om rapporten"}
    for table in report.tables():
        _table_sheet(workbook.create_sheet(_sheet_name(table.sheet or table.title, used)), table)
    charts = [
        block for section in report.sections for block in section.blocks if block.block == "chart"
    ]
    if charts:
        _charts_sheet(workbook.create_sheet(_sheet_name("Figurer", used)), charts)
    workbook.properties.title = f"{report.title} {report.period_label}"
    workbook.properties.creator = "Helhedsplan"
    workbook.properties.created = datetime.datetime.now()
    # Titles, texts and names typed by people (a note "=HYPERLINK(...)") stay text.
    return workbook_bytes(workbook)
