"""Reading an uploaded spreadsheet (CSV or XLSX) into rows, for every all-or-nothing import.

A file is refused, with a Danish message, as soon as it passes a limit, so a hostile one costs
little: HELHEDSPLAN_IMPORT_MAX_ROWS rows with data (besides the header), MAX_COLUMNS columns,
Excel's own 1,048,576 rows in all, and for an XLSX XLSX_MAX_UNPACKED bytes unpacked, read from
the zip's directory before anything is unpacked. The upload's own size is limited before it is
read (helhedsplan.core.uploads).
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator

from django.conf import settings

from helhedsplan.core import formats


class FileRefused(Exception):
    """The file as a whole cannot be read; `message` says why, in Danish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_table(source: bytes, filename: str, *, max_rows: int | None = None) -> list[list]:
    """All rows of the first sheet (XLSX) or of the CSV file, numbered as the spreadsheet shows.

    At most `max_rows` rows with data besides the first (the header); the default is the setting
    HELHEDSPLAN_IMPORT_MAX_ROWS. Blank rows are kept (as empty tuples) so that row numbers stay
    those the spreadsheet shows. A CSV file may be UTF-8 (Excel's «CSV UTF-8»), UTF-16 with a
    byte-order mark (Excel's «Unicode-tekst») or Windows-1252 (what Danish Excel writes as
    «CSV (semikolonsepareret)»); ',', ';' and tab all separate columns.
    """
    max_rows = settings.HELHEDSPLAN_IMPORT_MAX_ROWS if max_rows is None else max_rows
    if not source or not source.strip(b"\xef\xbb\xbf \t\r\n"):
        raise FileRefused("Filen er tom.")
    if source.startswith(b"\xd0\xcf\x11\xe0") or filename.lower().endswith(".xls"):
        raise FileRefused(
            "Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV og prøv igen."
        )
    if source.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        return _bounded(_read_xlsx(source), max_rows)
    return _bounded(_read_csv(source), max_rows)


# Excel's own limit: no sheet has more rows, so a file that has is damaged or made to do harm.
EXCEL_MAX_ROWS = 1_048_576
# The widest row an import reads (they have ten columns); data further right is refused, never
# silently cut off.
MAX_COLUMNS = 100
# An XLSX file is a zip archive. Its directory says how big each part is unpacked, and Python's
# zipfile never unpacks more than that, so a «zip bomb» (a small file whose sheet unpacks to
# gigabytes) is refused before anything is unpacked. A 20,000-row registrations sheet unpacks
# to about 9 MB.
XLSX_MAX_UNPACKED = 50 * 1024 * 1024
XLSX_MAX_PARTS = 1000
_BLANK: tuple = ()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOT_UTF8 = (
    "Filen er ikke gemt som UTF-8, så æ, ø og å kan ikke læses sikkert. Gem den i Excel "
    "som «CSV UTF-8 (kommasepareret)» – eller som XLSX – og prøv igen."
)
NOT_A_SPREADSHEET = (
    "Filen ser ikke ud til at være et regneark: den indeholder tegn, som hverken en CSV- eller "
    "en XLSX-fil har. Gem regnearket som XLSX eller «CSV UTF-8» og prøv igen."
)
UNREADABLE_XLSX = (
    "Regnearket kan ikke læses som en Excel-fil (XLSX). Gem det igen som .xlsx eller CSV."
)


def _bounded(rows: Iterator, max_rows: int) -> list[list]:
    """The rows, refused as soon as they pass a limit (so a huge file is never read to its end)."""
    table: list = []
    filled = 0
    for number, values in enumerate(rows, start=1):
        if number > EXCEL_MAX_ROWS:
            raise FileRefused(
                f"Filen har flere rækker, end et regneark kan have (over "
                f"{formats.number(EXCEL_MAX_ROWS)}). Den er beskadiget eller ikke et regneark."
            )
        if not values:  # a missing row (the XLSX skipped it) or an empty line
            table.append(_BLANK)
            continue
        row = list(values)
        if len(row) > MAX_COLUMNS:
            if not is_blank(row[MAX_COLUMNS:]):
                raise FileRefused(
                    f"Række {number} har data i mere end {MAX_COLUMNS} kolonner. Importen bruger "
                    "kun de kolonner, skabelonen har: slet de andre og prøv igen."
                )
            row = row[:MAX_COLUMNS]
        if is_blank(row):
            table.append(_BLANK)
            continue
        filled += 1
        if filled > max_rows + 1:  # the first row with data is the header
            raise FileRefused(
                f"Filen har mere end {formats.number(max_rows)} rækker. Der kan højst importeres "
                f"{formats.number(max_rows)} rækker ad gangen: del filen op i flere filer."
            )
        table.append(row)
    return table


def _decode(source: bytes) -> str:
    if source.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif source.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = source.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8" or b"\x00" in source:
            raise FileRefused(NOT_A_SPREADSHEET) from None
        # Not UTF-8: Danish Excel's «CSV (semikolonsepareret)» is Windows-1252 (æ is one byte).
        try:
            text = source.decode("cp1252")
        except UnicodeDecodeError:
            raise FileRefused(NOT_UTF8) from None
    # Text typed in a spreadsheet has no control characters besides tab and line breaks.
    if _CONTROL.search(text):
        raise FileRefused(NOT_A_SPREADSHEET)
    return text


def _read_csv(source: bytes) -> Iterator[list]:
    text = _decode(source)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # Danish Excel writes ';' because ',' is the decimal separator; the header decides.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            # The apostrophe our exports put before "=..." text comes off again (safe_cell).
            yield [unquote_cell(value) for value in row]
    except csv.Error:
        raise FileRefused(
            f'Linje {reader.line_num} kan ikke læses som CSV: et anførselstegn (") er ikke '
            f"lukket, eller en celle er længere end {formats.number(csv.field_size_limit())} tegn."
        ) from None


def _read_xlsx(source: bytes) -> Iterator[tuple]:
    import openpyxl  # only needed here; keeps the import of this module cheap

    try:
        parts = zipfile.ZipFile(io.BytesIO(source)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise FileRefused(UNREADABLE_XLSX) from None
    if len(parts) > XLSX_MAX_PARTS:
        raise FileRefused(f"Regnearket består af over {XLSX_MAX_PARTS} dele. {UNREADABLE_XLSX}")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > XLSX_MAX_UNPACKED:
        raise FileRefused(
            f"Regnearket ville fylde {formats.number(unpacked // (1024 * 1024))} MB pakket ud (højst "
            f"{XLSX_MAX_UNPACKED // (1024 * 1024)} MB). Det er beskadiget eller ikke et "
            "almindeligt regneark: gem det igen som .xlsx eller CSV."
        )
    try:
        # read_only streams the sheet row by row; the limits in _bounded stop it early.
        workbook = openpyxl.load_workbook(
            io.BytesIO(source), read_only=True, data_only=True, keep_links=False
        )
    except Exception:  # a damaged file fails in many ways inside openpyxl; all mean the same
        raise FileRefused(UNREADABLE_XLSX) from None
    try:
        if not workbook.worksheets:
            raise FileRefused(UNREADABLE_XLSX)
        sheet = workbook.worksheets[0]
        # The size the file claims is not trusted: each row is as wide as its last cell.
        sheet.reset_dimensions()
        # min_row 1: the row numbers must be those the spreadsheet shows.
        yield from sheet.iter_rows(min_row=1, values_only=True)
    except FileRefused:
        raise
    except Exception:
        raise FileRefused(UNREADABLE_XLSX) from None
    finally:
        workbook.close()


def cell(value) -> str | datetime.date | int | float:
    """A cell's value as the importers compare it: text stripped, whole floats as int."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def is_blank(row: list) -> bool:
    return all(cell(value) == "" for value in row)


# --- writing: no cell that a spreadsheet would run (OWASP "CSV injection") --------------------

# A cell whose text starts with one of these is read by Excel and LibreOffice as a formula
# (=HYPERLINK(...), +1+1, -2+3, @SUM(1)); a tab or carriage return first hides the same trick.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Put before such text in a CSV file: a spreadsheet shows the text and never runs it.
CSV_TEXT_PREFIX = "'"


def looks_like_formula(value) -> bool:
    """Text a spreadsheet would run, or text that already carries the prefix before such text
    (so that the prefix can be taken off again exactly once on import). Numbers never are: a
    negative number is a number, not a formula."""
    if not isinstance(value, str) or not value:
        return False
    return value.lstrip(CSV_TEXT_PREFIX)[:1] in FORMULA_START


def safe_cell(value):
    """A value for a CSV cell: text that would start a formula gets a leading apostrophe.

    Every CSV file the system writes goes through this. Numbers, dates and empty values are
    returned as they are. `unquote_cell` undoes it on import, so an exported file round-trips.
    """
    if looks_like_formula(value):
        return CSV_TEXT_PREFIX + value
    return value


def unquote_cell(value):
    """The text as it was before `safe_cell`: one leading apostrophe before formula-like text is
    taken off (an exported, corrected and re-imported note comes back as it was written)."""
    if (
        isinstance(value, str)
        and value.startswith(CSV_TEXT_PREFIX)
        and looks_like_formula(value[len(CSV_TEXT_PREFIX) :])
    ):
        return value[len(CSV_TEXT_PREFIX) :]
    return value


def safe_workbook(workbook) -> None:
    """Make every text cell of an openpyxl workbook plain text: never a formula.

    openpyxl turns a string starting with '=' into a formula cell; Excel also evaluates
    '+', '-' and '@' once a cell is edited. Such cells are stored as strings (data type 's')
    with the quote prefix, as Excel does when a person types an apostrophe first. Numbers stay
    numbers. None of our workbooks writes formulas on purpose (charts refer to cells directly).
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for item in row:
                if item.data_type == "f" or looks_like_formula(item.value):
                    item.value = str(item.value)
                    item.data_type = "s"
                    item.quotePrefix = True


def workbook_bytes(workbook) -> bytes:
    """The workbook as an .xlsx file, made safe by `safe_workbook` first: every writer saves
    through here."""
    safe_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
