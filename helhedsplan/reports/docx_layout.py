"""The Word edition's layout, worked out before a line is written: each table's column widths,
which sections go on landscape pages, and about how many pages the document takes.

Widths are in twips (1/20 pt), Word's own unit. Text widths are estimated from Arial's
character widths (Liberation Sans has the same), which is close enough to tell whether a word
fits a column without the font at hand.
"""

import math
import struct
from dataclasses import dataclass
from functools import lru_cache

from docx.shared import Cm

from helhedsplan.reports.charts import chart_png
from helhedsplan.reports.document import Report

FONT = "Arial"
BODY_SIZE, TABLE_SIZE = 10, 9  # pt
A4 = (Cm(21), Cm(29.7))
SIDE_MARGIN, END_MARGIN = Cm(1.5), Cm(2)
CELL_PADDING = 80  # twips on each side of a cell's text
CHART_WIDTH = Cm(16)

# ---- how wide text is ------------------------------------------------------------------------

# Arial's advance widths in 1/1000 em, by group; other characters take the first figure.
_WIDTHS = {
    False: (
        556,
        {
            222: "ijl'|",
            278: "ftI .,:;/!",
            333: "r-()·",
            500: "cksvxyzJ",
            611: "øFTZ",
            667: "ABEKPSVXYÅÉ&",
            722: "wCDHNRU",
            778: "GOQØ",
            833: "mM",
            889: "æ%",
            944: "W",
            1000: "Æ",
        },
    ),
    True: (
        611,
        {
            278: "ijlI .,/'|",
            333: "ft:;-()!·",
            389: "r*",
            500: "z",
            556: "aceksvxyåéäJ0123456789–«»_",
            667: "EPSVXYÉ",
            722: "ABCDHKNRUÅ&",
            778: "wGOQØ",
            833: "M",
            889: "mæ%",
            944: "W",
            1000: "Æ",
        },
    ),
}
_ADVANCE = {
    bold: (default, {char: width for width, chars in groups.items() for char in chars})
    for bold, (default, groups) in _WIDTHS.items()
}
SAFETY = 1.04  # rounding in the layout engines: better a hair too wide than a broken word


@lru_cache(maxsize=4096)
def text_width(text: str, size: float = TABLE_SIZE, bold: bool = False) -> int:
    """The width of `text` on one line, in twips."""
    default, advance = _ADVANCE[bold]
    thousandths = sum(advance.get(char, default) for char in text)
    return math.ceil(thousandths * size * 20 * SAFETY / 1000)


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


@dataclass
class Cells:
    """A table's cells as text, formatted once for the layout and the document."""

    labels: list[str]
    body: list[list[str]]
    total: list[str] | None
    numeric: list[bool]

    @classmethod
    def of(cls, table) -> "Cells":
        return cls(
            [column.label for column in table.columns],
            table.formatted_rows(),
            table.formatted_total(),
            table.numeric(),
        )


@dataclass
class ColumnNeed:
    least: int  # the longest word (a figure: its whole value), padding included
    typical: int  # a typical value on one line, padding included
    is_text: bool


def column_needs(cells: Cells) -> list[ColumnNeed]:
    padding = 2 * CELL_PADDING
    needs = []
    for index, (label, is_number) in enumerate(zip(cells.labels, cells.numeric, strict=True)):
        values = [(row[index], False) for row in cells.body]
        if cells.total:
            values.append((cells.total[index], True))  # the total row is bold
        header = max((text_width(word, bold=True) for word in label.split()), default=0)
        if is_number:
            # A figure is never wrapped: "16.055.000 kr." stays on one line.
            widest = max((text_width(value, bold=bold) for value, bold in values), default=0)
            least = max(header, widest) + padding
            needs.append(ColumnNeed(least, least, False))
            continue
        word = max(
            (text_width(w, bold=bold) for value, bold in values for w in value.split()), default=0
        )
        lengths = sorted(text_width(value, bold=bold) for value, bold in values if value) or [0]
        # Typical: four values in five fit on one line at this width.
        typical = lengths[(len(lengths) - 1) * 4 // 5] + padding
        least = max(header, word) + padding
        needs.append(ColumnNeed(least, max(least, typical), True))
    return needs


def column_widths(needs: list[ColumnNeed], available: int) -> list[int] | None:
    """Widths that fill `available`, or None when even the least widths do not fit.

    Every column first gets its longest word. The room left is shared among the columns whose
    typical value is longer than that, in equal parts, none beyond its typical value: a short
    status gets onto one line, and the long texts share the rest. Room beyond every typical
    value goes to the text columns (figures stay narrow)."""
    widths = [need.least for need in needs]
    room = available - sum(widths)
    if room < 0:
        return None
    wants = {i: need.typical - need.least for i, need in enumerate(needs)}
    if sum(wants.values()) > room:
        waiting = sorted((i for i in wants if wants[i] > 0), key=wants.get)
        for place, i in enumerate(waiting):
            given = min(wants[i], room // (len(waiting) - place))
            widths[i] += given
            room -= given
    else:
        widths = [need.typical for need in needs]
        spare = available - sum(widths)
        takers = [i for i, need in enumerate(needs) if need.is_text] or list(range(len(needs)))
        weight = sum(widths[i] for i in takers)
        for i in takers:
            widths[i] += spare * widths[i] // weight
    widths[-1] += available - sum(widths)  # what the rounding left
    return widths


def table_lines(cells: Cells, widths: list[int]) -> int:
    """Lines of text the table takes at these widths (a row is as tall as its tallest cell)."""
    lines = 0
    for row in [cells.labels, *cells.body, *([cells.total] if cells.total else [])]:
        lines += max(
            math.ceil(text_width(value) / max(width - 2 * CELL_PADDING, 1)) or 1
            for value, width in zip(row, widths, strict=True)
        )
    return lines


@dataclass
class TablePlan:
    cells: Cells
    widths: list[int]
    page: Page
    broken: bool  # True when even a landscape page cannot hold the longest words


def _shared_needs(tables: list, cells: dict) -> dict:
    """Each table's column needs; tables of one section with the same columns (the results of
    each focus area) share them, so that their columns line up from one table to the next."""
    own = {id(t): column_needs(cells[id(t)]) for t in tables}
    shared = {}
    for table in tables:
        labels = cells[id(table)].labels
        alike = [own[id(t)] for t in tables if cells[id(t)].labels == labels]
        shared[id(table)] = [
            ColumnNeed(
                max(needs[i].least for needs in alike),
                max(needs[i].typical for needs in alike),
                own[id(table)][i].is_text,
            )
            for i in range(len(labels))
        ]
    return shared


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
        needs = _shared_needs(tables, cells)
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
