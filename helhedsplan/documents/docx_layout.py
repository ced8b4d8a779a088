"""The Word edition's layout, worked out before a line is written: each table's column widths,
which sections go on landscape pages, and about how many pages the document takes.

Widths are in twips (1/20 pt), Word's own unit; how wide a column should be is worked out in
`column_widths`, shared with the PDF.
"""

import math
import struct
from dataclasses import dataclass

from docx.shared import Cm

from helhedsplan.documents.charts import chart_png
from helhedsplan.documents.column_widths import (
    Cells,
    TableFont,
    column_widths,
    shared_needs,
    text_width,
)
from helhedsplan.documents.document import Report

FONT = "Arial"
BODY_SIZE, TABLE_SIZE = 10, 9  # pt
A4 = (Cm(21), Cm(29.7))
SIDE_MARGIN, END_MARGIN = Cm(1.5), Cm(2)
CELL_PADDING = 80  # twips on each side of a cell's text
TABLE_FONT = TableFont(TABLE_SIZE, TABLE_SIZE, 2 * CELL_PADDING)
CHART_WIDTH = Cm(16)

# ---- pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    width: int  # twips of text width
    height: int  # twips of text height, the header and footer lines taken off
    landscape: bool


_HEADER_ROOM = Cm(1.6).twips
PORTRAIT = Page(
    A4[0].twips - 2 * SIDE_MARGIN.twips,
    A4[1].twips - 2 * END_MARGIN.twips - _HEADER_ROOM,
    False,
)
LANDSCAPE = Page(
    A4[1].twips - 2 * SIDE_MARGIN.twips,
    A4[0].twips - 2 * END_MARGIN.twips - _HEADER_ROOM,
    True,
)
TABLE_LINE = round(TABLE_SIZE * 20 * 1.2)  # twips per line of a table cell
BODY_LINE = round(BODY_SIZE * 20 * 1.15 * 1.1)

# ---- tables ----------------------------------------------------------------------------------


def table_lines(cells: Cells, widths: list[int]) -> int:
    """Lines of text the table takes at these widths (a row is as tall as its tallest cell)."""
    lines = 0
    for row in [cells.labels, *cells.body, *([cells.total] if cells.total else [])]:
        lines += max(
            math.ceil(text_width(value, TABLE_SIZE) / max(width - 2 * CELL_PADDING, 1)) or 1
            for value, width in zip(row, widths, strict=True)
        )
    return lines


@dataclass
class TablePlan:
    cells: Cells
    widths: list[int]
    page: Page
    broken: bool  # True when even a landscape page cannot hold the longest words


def _turn(part, tables: list, cells: dict, upright: dict, turned: dict) -> bool:
    """Whether a section goes on landscape pages.

    It must when a table does not fit upright. A section of tables alone also turns when they
    fill a page or more and take a quarter fewer lines turned (the årsrapport's results per
    activity): the long text columns get room for the price of one page break. Charts keep a
    section upright, as a landscape page holds one chart where an upright page holds two."""
    if any(widths is None for widths in upright.values()):
        return True
    if any(block.block == "chart" for block in part.blocks) or not tables:
        return False
    upright_lines = sum(table_lines(cells[id(t)], upright[id(t)]) for t in tables)
    turned_lines = sum(table_lines(cells[id(t)], turned[id(t)]) for t in tables)
    return upright_lines * TABLE_LINE >= PORTRAIT.height and turned_lines <= 0.75 * upright_lines


def layout(report: Report) -> tuple[dict, list[Page | None]]:
    """Each table's plan (by the table's id), and the page each section goes on (None for a
    section of text alone, which stays on the pages before it)."""
    plans, pages = {}, []
    for part in report.sections:
        tables = [block for block in part.blocks if block.block == "table" and block.rows]
        if not tables and not any(block.block == "chart" for block in part.blocks):
            pages.append(None)
            continue
        cells = {id(t): Cells.of(t) for t in tables}
        needs = shared_needs(tables, cells, TABLE_FONT)
        upright = {key: column_widths(need, PORTRAIT.width) for key, need in needs.items()}
        turned = {key: column_widths(need, LANDSCAPE.width) for key, need in needs.items()}
        page = LANDSCAPE if _turn(part, tables, cells, upright, turned) else PORTRAIT
        for table in tables:
            key = id(table)
            widths = (turned if page.landscape else upright)[key]
            broken = widths is None
            if broken:  # too wide even turned: the least widths shrunk to fit; words break
                least = [need.least for need in needs[key]]
                widths = [page.width * w // sum(least) for w in least]
            plans[key] = TablePlan(cells[key], widths, page, broken)
        pages.append(page)
    return plans, pages


# ---- pages, estimated ------------------------------------------------------------------------


def _lines(text: str, width: int) -> int:
    return max(1, math.ceil(text_width(text, BODY_SIZE) / width))


def estimated_pages(report: Report, plans: dict) -> float:
    """Pages the Word edition takes, estimated from its content, so that the table of contents
    goes to the long reports and not to a one-page agenda. It runs a little short: the pages'
    ends, where a table row or a chart does not fit, are not counted."""
    height = Cm(4).twips + BODY_LINE * len(report.meta_items)  # the title and its facts
    for part in report.sections:
        height += Cm(1.2).twips
        for block in part.blocks:
            if block.block == "text":
                height += sum(_lines(p, PORTRAIT.width) for p in block.paragraphs) * BODY_LINE
            elif block.block == "items":
                width = PORTRAIT.width - Cm(1).twips
                height += sum(_lines(item, width) for item in block.items) * BODY_LINE
            elif block.block == "chart":
                png = chart_png(block)
                ratio = struct.unpack(">II", png[16:24])  # the PNG's width and height
                height += CHART_WIDTH.twips * ratio[1] // ratio[0] + Cm(1.2).twips
            elif block.block == "table":
                plan = plans.get(id(block))
                if plan is None:
                    height += BODY_LINE
                    continue
                lines = table_lines(plan.cells, plan.widths) * TABLE_LINE + Cm(1).twips
                # A landscape page is shorter: count its share of an upright page.
                height += lines * PORTRAIT.height // plan.page.height
    return height / PORTRAIT.height
