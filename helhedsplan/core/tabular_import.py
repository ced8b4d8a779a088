"""Rows from a spreadsheet (CSV or XLSX) into the database: every row checked, then all saved or none.

Every import of the system (registrations, expenses, register data) is one `TabularImport`: it
declares its columns, the ones that must be there, and how its rows are named in Danish, and
checks one row at a time in `check_row`. The rest is here, once:

- the file is read by `core.spreadsheets.read_table` (its limits, its encodings, blank rows kept
  so that row numbers are those the spreadsheet shows; the header is row 1);
- the header is checked: an unknown column, a column twice, a required column missing, data in a
  column without a heading; nothing more is read from a file whose header is wrong;
- `check_row` runs inside one transaction, which is rolled back unless every row passed (and
  always on a dry run), so an importer may check a row by saving it;
- every message is named by row and column (`RowError`), and nothing that looks like a CPR
  number is echoed back: messages end up in cron mail and logs.

A new import is a subclass with `columns`, `required`, `items` and `check_row`; see
core/tests/test_tabular_import.py for one in a few lines.
"""

import abc
import csv
import dataclasses
import datetime
import io
import re
from typing import NamedTuple

from django.db import transaction

from helhedsplan.core.privacy import looks_like_cpr
from helhedsplan.core.spreadsheets import FileRefused, cell, is_blank, read_table, safe_cell

# Digits that could be a CPR number are never echoed back: messages end up in cron mail and logs.
_CPR_CANDIDATE = re.compile(r"\d{6}[\s-]?\d{4}")


def mask_cpr(text: str) -> str:
    """`text` with every run of digits that could be a CPR number written as ******-****."""
    return _CPR_CANDIDATE.sub(
        lambda m: "******-****" if looks_like_cpr(m.group()) else m.group(), text
    )


def counted(n: int, one: str, many: str) -> str:
    """«1 registrering», «2 registreringer»."""
    return f"{n} {one if n == 1 else many}"


def cell_text(value) -> str:
    """A cell as text: a date as ÅÅÅÅ-MM-DD, a number as Python writes it, "" for an empty cell."""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def csv_template(columns: tuple[str, ...], examples: list[list]) -> str:
    """An import's CSV template: the header and example rows; ';' so that Danish Excel opens it
    in columns, and no cell that a spreadsheet would run (safe_cell)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for example in examples:
        writer.writerow([safe_cell(cell_text(value)) for value in example])
    return out.getvalue()


class RowError(NamedTuple):
    """One problem: the row as the spreadsheet shows it (header = 1; None: the whole file)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return f"Række {self.row}, kolonne {self.column}: {self.message}"
        return f"Række {self.row}: {self.message}"


@dataclasses.dataclass
class ImportResult:
    errors: list[RowError] = dataclasses.field(default_factory=list)
    created: int = 0
    rows: int = 0
    dry_run: bool = False
    # How the import's rows are named, and what a dry run without errors says (`{items}`: the
    # rows counted in words, «2 registreringer»; `{rows}`: the number alone).
    items: tuple[str, str] = ("række", "rækker")
    checked_text: str = "Filen er i orden: {items} ville blive importeret (intet er gemt)."

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def checked(self) -> int:
        """The rows a dry run found valid (it saves none of them); 0 for a real import."""
        return self.rows if self.dry_run and self.ok else 0

    def error_lines(self) -> list[str]:
        return [str(error) for error in self.errors]

    def summary(self) -> str:
        if self.errors:
            count = len(self.errors)
            them = "den" if count == 1 else "dem"
            return f"Intet er importeret: filen har {count} fejl. Ret {them} og prøv igen."
        if self.dry_run:
            return self.checked_text.format(items=counted(self.rows, *self.items), rows=self.rows)
        return f"{counted(self.created, *self.items)} importeret."

    def as_json(self) -> dict:
        return {
            "created": self.created,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "errors": [error._asdict() for error in self.errors],
        }

    def __str__(self) -> str:
        return "\n".join([*self.error_lines(), self.summary()])


class Row:
    """One row of the file: its number as the spreadsheet shows it, its cells by column name, and
    what is wrong with it so far."""

    def __init__(self, number: int, values: dict, errors: list[RowError] | None = None):
        self.number = number
        self.values = values
        self.errors: list[RowError] = errors or []

    def get(self, column: str):
        """The cell as `core.spreadsheets.cell` gives it ("" when empty or not in the file)."""
        return self.values.get(column, "")

    def text(self, column: str) -> str:
        return cell_text(self.get(column))

    def parsed(self, column: str, parse, *, missing: str | None, invalid: str):
        """The cell read by `parse` (None: it cannot be read), or None with the problem named:
        `missing` for an empty cell (None: the column is optional), `invalid` (with «{value}»,
        the cell as text) for one `parse` cannot read."""
        value = self.get(column)
        if value == "":
            if missing is not None:
                self.error(column, missing)
            return None
        parsed = parse(value)
        if parsed is None:
            self.error(column, invalid.format(value=cell_text(value)))
        return parsed

    def error(self, column: str, message: str) -> None:
        """Name a problem of this row; any CPR number in the message is masked."""
        self.errors.append(RowError(self.number, column, mask_cpr(message)))

    @property
    def ok(self) -> bool:
        return not self.errors


def check_header(
    row: list,
    number: int,
    body: list[list],
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    unknown_text: str = "Ukendt kolonne «{name}». Tilladte kolonner: {columns}.",
) -> tuple[list[str | None], list[RowError]]:
    """The column name of each position (None: an empty, ignorable column), or what is wrong.

    `body`: the rows below the header, to tell an empty column from data without a heading.
    """
    errors = []
    names: list[str | None] = []
    seen: set[str] = set()
    for index, value in enumerate(row):
        name = cell_text(cell(value)).lower()
        if not name:
            if any(index < len(r) and cell(r[index]) != "" for r in body):
                message = f"Kolonne nummer {index + 1} har data men ingen overskrift."
                errors.append(RowError(number, "", message))
            names.append(None)
            continue
        if name not in columns:
            shown = mask_cpr(name)
            message = unknown_text.format(name=shown, columns=", ".join(columns))
            errors.append(RowError(number, shown, message))
        elif name in seen:
            errors.append(RowError(number, name, f"Kolonnen «{name}» står der to gange."))
        seen.add(name)
        names.append(name)
    for name in required:
        if name not in seen:
            errors.append(RowError(number, name, f"Kolonnen «{name}» mangler."))
    return names, errors


def _row(number: int, raw: list, names: list[str | None]) -> Row:
    values = {}
    errors = []
    for index, value in enumerate(raw):
        name = names[index] if index < len(names) else None
        if name is not None:
            values[name] = cell(value)
        elif cell(value) != "":
            message = f"Celle nummer {index + 1} har ingen kolonneoverskrift."
            errors.append(RowError(number, "", message))
    return Row(number, values, errors)


class _Rollback(Exception):
    pass


class TabularImport(abc.ABC):
    """One import: declare the columns and the wording, write `check_row`, call `run`."""

    columns: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    # What one row becomes, and many: «1 registrering importeret.», «2 registreringer importeret.»
    items: tuple[str, str] = ("række", "rækker")
    checked_text = ImportResult.checked_text
    unknown_column_text = "Ukendt kolonne «{name}». Tilladte kolonner: {columns}."
    empty_text = "Filen er tom."
    header_only_text = "Filen har kun en overskriftsrække – der er ingen {many} at importere."

    @abc.abstractmethod
    def check_row(self, row: Row) -> None:
        """Check one row and save it if it is valid; name each problem with `row.error`.

        Runs inside the import's transaction, rolled back unless every row of the file passed,
        so a row may be checked by saving it (the database's own constraints included).
        """

    def run(self, source: bytes, filename: str, *, dry_run: bool = False) -> ImportResult:
        """Check every row of the file; save all of them (unless `dry_run`) only if none has an
        error. The errors come sorted by row, and within a row in the order of `columns`."""
        result = ImportResult(dry_run=dry_run, items=self.items, checked_text=self.checked_text)
        try:
            table = read_table(source, filename)
        except FileRefused as refused:
            return self._refused(result, refused.message)
        numbered = [(number, row) for number, row in enumerate(table, start=1) if not is_blank(row)]
        if not numbered:
            return self._refused(result, self.empty_text)
        (header_number, header), body = numbered[0], numbered[1:]
        if not body:
            return self._refused(result, self.header_only_text.format(many=self.items[1]))
        names, header_errors = check_header(
            header,
            header_number,
            [row for _, row in body],
            columns=self.columns,
            required=self.required,
            unknown_text=self.unknown_column_text,
        )
        if header_errors:
            result.errors.extend(header_errors)
            return result

        rows = [_row(number, raw, names) for number, raw in body]
        result.rows = len(rows)
        try:
            with transaction.atomic():
                for row in rows:
                    self.check_row(row)
                    result.errors.extend(row.errors)
                if result.errors or dry_run:
                    raise _Rollback
        except _Rollback:
            pass
        else:
            result.created = len(rows)
        result.errors.sort(key=lambda e: (e.row or 0, self._column_order(e.column)))
        return result

    def _column_order(self, column: str) -> int:
        return self.columns.index(column) if column in self.columns else -1

    @staticmethod
    def _refused(result: ImportResult, message: str) -> ImportResult:
        result.errors.append(RowError(None, "", message))
        return result
