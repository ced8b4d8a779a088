"""Printing a spreadsheet: a sheet that prints on A4, one page wide, with every line of text
readable (column widths, row heights that fit the wrapped text, page setup, header and footer).

Split from core/spreadsheets.py (reading and writing cells), which it does not need.
"""

import functools

# Excel measures a column in widths of the default font's digit, 7 pixels at 96 dpi for both
# Calibri 11 and Arial 10; a column of width w is w * 7 + 5 pixels wide.
DIGIT_PX = 7
A4_POINTS = (595.3, 841.9)  # width, height
# Inches, as the file stores them; room above and below for the page header and footer.
MARGINS = {"left": 0.55, "right": 0.55, "top": 0.85, "bottom": 0.8, "header": 0.3, "footer": 0.3}
# Character widths in ems, as Arial and Liberation Sans have them (lower case is the average of
# running Danish text, bold lower case 0.50), and 10 % on top for Excel's screen fonts, whose
# widths are rounded to whole pixels: a row estimated from them is never too low.
EMS = {
    "space": 0.28,
    "digit": 0.56,
    "upper": 0.70,
    "lower": 0.46,
    "bold lower": 0.50,
    "other": 0.45,
}
EMS_MARGIN = 1.1


def column_points(width: float) -> float:
    return (width * DIGIT_PX + 5) * 0.75


def printable_points(*, landscape: bool) -> tuple[float, float]:
    """The width and height of an A4 page inside the margins, in points."""
    width, height = reversed(A4_POINTS) if landscape else A4_POINTS
    across = (MARGINS["left"] + MARGINS["right"]) * 72
    down = (MARGINS["top"] + MARGINS["bottom"]) * 72
    return width - across, height - down


def columns_width(sheet) -> float:
    """The used columns' width in points (a column never given a width is 8.43 wide)."""
    from openpyxl.utils import get_column_letter

    total = 0.0
    for index in range(1, sheet.max_column + 1):
        dimension = sheet.column_dimensions.get(get_column_letter(index))
        total += column_points(dimension.width if dimension and dimension.width else 8.43)
    return total


def set_default_font(workbook, font) -> None:
    """Make `font` the workbook's Normal style, which every cell without a font of its own uses.

    Column widths are counted in the Normal font's digits, so a font that LibreOffice has too
    (Arial is metric-compatible with Liberation Sans) gives the same widths and wrapping in Excel
    and LibreOffice. openpyxl has no public setting for it: font 0 is the Normal style's.
    """
    from openpyxl.utils.indexed_list import IndexedList

    workbook._fonts = IndexedList([font])
    workbook._named_styles["Normal"].font = font


@functools.lru_cache(maxsize=8192)  # the same words come back in every row
def _ems(text: str, bold: bool) -> float:
    total = 0.0
    for char in text:
        if char.isspace():
            total += EMS["space"]
        elif char.isdigit():
            total += EMS["digit"]
        elif char.isupper():
            total += EMS["upper"]
        elif char.islower():
            total += EMS["bold lower" if bold else "lower"]
        else:
            total += EMS["other"]
    return total * EMS_MARGIN


def _em_px(size: float) -> float:
    return size * 96 / 72


def text_width(text: str, *, size: float = 10, bold: bool = False) -> float:
    """The column width (in Excel's units) that shows `text` on one line."""
    return (_ems(str(text), bold) * _em_px(size) + 6) / DIGIT_PX


def wrapped_lines(text: str, width: float, *, size: float = 10, bold: bool = False) -> int:
    """How many lines `text` takes when wrapped, word by word, in a column (or merged columns)
    `width` wide; a word longer than a line is broken, as Excel and LibreOffice break it."""
    room = (width * DIGIT_PX + 5 - 6) / _em_px(size)  # ems inside the cell's padding
    space = _ems(" ", bold)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            word_ems = _ems(word, bold)
            if used and used + space + word_ems > room:
                lines += 1
                used = 0.0
            if word_ems > room:
                lines += int(word_ems // room)
                used = word_ems % room
            else:
                used += (space if used else 0.0) + word_ems
    return lines


def line_points(size: float) -> float:
    return round(size * 1.3, 1)


def fit_row_heights(sheet) -> None:
    """Give every row a height that shows all of its text.

    Excel does not grow a row for wrapped text that a program wrote (LibreOffice does, for
    rows without a height): a set height prints the same in both. A merged cell counts its
    columns together.
    """
    from openpyxl.utils import get_column_letter

    spans = {}
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = range(merged.min_col, merged.max_col + 1)
    widths = {}
    for row in sheet.iter_rows():
        height = 0.0
        for cell in row:
            if cell.value is None or cell.value == "":
                continue
            size = cell.font.sz or 11
            lines = 1
            if cell.alignment.wrap_text and isinstance(cell.value, str):
                columns = spans.get((cell.row, cell.column), [cell.column])
                width = 0.0
                for index in columns:
                    if index not in widths:
                        dimension = sheet.column_dimensions.get(get_column_letter(index))
                        widths[index] = dimension.width if dimension and dimension.width else 8.43
                    width += widths[index]
                lines = wrapped_lines(cell.value, width, size=size, bold=bool(cell.font.b))
            height = max(height, lines * line_points(size) + (3 if lines > 1 else 2))
        if height:
            sheet.row_dimensions[row[0].row].height = height


def _header_text(text: str, limit: int = 80) -> str:
    # '&' starts a code in a header ("&P" is the page number); a plain one is written "&&".
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def print_setup(
    sheet,
    *,
    header_left: str,
    header_right: str,
    title_rows: str | None = None,
    landscape: bool | None = None,
    one_page: bool = False,
) -> None:
    """A4, fit to one page wide (as many pages down as it takes, or exactly one), the rows
    `title_rows` ("1:2") repeated on every page, the plan and report in the page header, the
    sheet's name and "Side x af y" in the footer. Portrait unless the columns are wider than a
    portrait page, or as `landscape` says."""
    from openpyxl.worksheet.page import PageMargins

    if landscape is None:
        landscape = columns_width(sheet) > printable_points(landscape=False)[0]
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(**MARGINS)
    if title_rows:
        sheet.print_title_rows = title_rows
    for header_footer in (sheet.oddHeader, sheet.oddFooter):
        for part in (header_footer.left, header_footer.center, header_footer.right):
            part.size = 8
    sheet.oddHeader.left.text = _header_text(header_left)
    sheet.oddHeader.right.text = _header_text(header_right)
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.right.text = "Side &P af &N"
