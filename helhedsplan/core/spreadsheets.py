"""Reading an uploaded spreadsheet (CSV or XLSX) into rows, for every all-or-nothing import."""

import csv
import datetime
import io


class FileRefused(Exception):
    """The file as a whole cannot be read; `message` says why, in Danish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_table(source: bytes, filename: str) -> list[list]:
    """All rows of the first sheet (XLSX) or of the CSV file, numbered as the spreadsheet shows."""
    if not source or not source.strip(b"\xef\xbb\xbf \t\r\n"):
        raise FileRefused("Filen er tom.")
    if source.startswith(b"\xd0\xcf\x11\xe0") or filename.lower().endswith(".xls"):
        raise FileRefused(
            "Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV og prøv igen."
        )
    if source.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(source)
    return _read_csv(source)


def _read_csv(source: bytes) -> list[list]:
    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            "Filen er ikke gemt som UTF-8, så æ, ø og å kan ikke læses sikkert. Gem den i Excel "
            "som «CSV UTF-8 (kommasepareret)» – eller som XLSX – og prøv igen."
        ) from None
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # Danish Excel writes ';' because ',' is the decimal separator; the header decides.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(source: bytes) -> list[list]:
    import openpyxl  # only needed here; keeps the import of this module cheap

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(source), data_only=True)
        sheet = workbook.worksheets[0]
        # min_row/min_col 1: the row numbers must be those the spreadsheet shows.
        return [
            list(row)
            for row in sheet.iter_rows(
                min_row=1, min_col=1, max_col=max(sheet.max_column, 1), values_only=True
            )
        ]
    except Exception:  # a damaged file fails in many ways inside openpyxl; all mean the same
        raise FileRefused(
            "Regnearket kan ikke læses som en Excel-fil (XLSX). Gem det igen som .xlsx eller CSV."
        ) from None


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
