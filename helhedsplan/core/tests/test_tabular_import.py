"""The shared import: header errors, all or nothing, every bad row named, CPR numbers masked.

`GroupImport` is a whole import in a few lines (a declared column list and a row checker), as
the registrations, the expenses and the register data are."""

import datetime

import pytest
from django.contrib.auth.models import Group

from helhedsplan.core.tabular_import import (
    ImportResult,
    Row,
    RowError,
    TabularImport,
    counted,
    csv_template,
    mask_cpr,
)


def _whole(value) -> int | None:
    return int(value) if str(value).isdigit() else None


PREFIX = "importeret: "


class GroupImport(TabularImport):
    columns = ("name", "size", "note")
    required = ("name",)
    items = ("gruppe", "grupper")

    def check_row(self, row: Row) -> None:
        name = row.text("name")
        if not name:
            row.error("name", "Navnet mangler.")
        size = row.parsed("size", _whole, missing=None, invalid="«{value}» er ikke et helt tal.")
        if size is not None and size < 1:
            row.error("size", "Gruppen skal have mindst ét medlem.")
        if row.ok:
            Group.objects.create(name=PREFIX + name)


def saved() -> list[str]:
    """The groups the imports saved (the migrations make the roles' groups)."""
    names = Group.objects.filter(name__startswith=PREFIX).values_list("name", flat=True)
    return sorted(name.removeprefix(PREFIX) for name in names)


def run(text: str, *, dry_run=False, filename="grupper.csv") -> ImportResult:
    return GroupImport().run(text.encode(), filename, dry_run=dry_run)


pytestmark = pytest.mark.django_db


def test_a_good_file_is_saved_and_counted_in_danish():
    result = run("name;size\nLæsere;3\nSkrivere;\n")
    assert result.ok
    assert (result.rows, result.created, result.checked) == (2, 2, 0)
    assert result.summary() == "2 grupper importeret."
    assert saved() == ["Læsere", "Skrivere"]
    assert run("name\nEn\n").summary() == "1 gruppe importeret."


def test_one_bad_row_saves_nothing_and_every_bad_row_is_named_in_order():
    result = run("size;name\n0;Læsere\n2;God\ntre;\n")
    assert not result.ok
    assert result.created == 0
    assert saved() == []  # «God» was saved, then rolled back with the rest
    assert result.error_lines() == [
        "Række 2, kolonne size: Gruppen skal have mindst ét medlem.",
        # Sorted by the declared columns, not by the file's order of columns.
        "Række 4, kolonne name: Navnet mangler.",
        "Række 4, kolonne size: «tre» er ikke et helt tal.",
    ]
    assert result.summary() == "Intet er importeret: filen har 3 fejl. Ret dem og prøv igen."
    assert str(result).splitlines()[-1] == result.summary()
    assert result.as_json()["errors"][0] == {
        "row": 2,
        "column": "size",
        "message": "Gruppen skal have mindst ét medlem.",
    }


def test_a_dry_run_checks_everything_and_saves_nothing():
    result = run("name\nA\nB\n", dry_run=True)
    assert result.ok
    assert (result.rows, result.created, result.checked) == (2, 0, 2)
    assert result.summary() == "Filen er i orden: 2 grupper ville blive importeret (intet er gemt)."
    assert saved() == []


@pytest.mark.parametrize(
    "header, expected",
    [
        (
            "name;navn",
            [RowError(1, "navn", "Ukendt kolonne «navn». Tilladte kolonner: name, size, note.")],
        ),
        ("name;NAME", [RowError(1, "name", "Kolonnen «name» står der to gange.")]),
        ("size;note", [RowError(1, "name", "Kolonnen «name» mangler.")]),
        ("name;;note", [RowError(1, "", "Kolonne nummer 2 har data men ingen overskrift.")]),
    ],
)
def test_a_wrong_header_is_named_and_nothing_more_is_read(header, expected):
    result = run(f"{header}\nA;3;x\n")
    assert result.errors == expected
    assert result.rows == 0
    assert saved() == []


def test_an_empty_column_and_blank_rows_are_ignored_and_row_numbers_stay_the_spreadsheets():
    result = run("\nname;;size\n\nA;;0\n")
    assert result.error_lines() == ["Række 4, kolonne size: Gruppen skal have mindst ét medlem."]


def test_a_cell_right_of_the_header_is_named():
    result = run("name;size\nA;2;overset\n")
    assert result.error_lines() == ["Række 2: Celle nummer 3 har ingen kolonneoverskrift."]
    assert saved() == []


@pytest.mark.parametrize(
    "text, filename, message",
    [
        ("", "grupper.csv", "Filen er tom."),
        (";;\n;;\n", "grupper.csv", "Filen er tom."),
        ("name;size\n", "grupper.csv", "Filen har kun en overskriftsrække – der er ingen grupper"),
        ("name\nA\n", "grupper.xls", "Filen er i det gamle Excel-format (.xls)."),
    ],
)
def test_a_file_that_cannot_be_imported_is_one_error_without_a_row(text, filename, message):
    result = run(text, filename=filename)
    assert [(e.row, e.column) for e in result.errors] == [(None, "")]
    assert str(result.errors[0]).startswith(message)


def test_a_cpr_number_is_never_echoed_back():
    result = run("name;size;0101901234\n;010190-1234;\n")
    assert result.error_lines() == [
        "Række 1, kolonne ******-****: Ukendt kolonne «******-****». Tilladte kolonner: name, "
        "size, note."
    ]
    result = run("name;size\n;010190-1234\n")
    assert "«******-****» er ikke et helt tal." in result.error_lines()[1]
    assert "010190" not in str(result)


def test_mask_cpr_masks_only_what_could_be_a_cpr_number():
    assert mask_cpr("Borger 010190-1234 og 0101901234") == "Borger ******-**** og ******-****"
    # 99 is no day: not a CPR number, and a 12-digit account number is left as it is.
    assert mask_cpr("990190-1234, konto 123456789012") == "990190-1234, konto 123456789012"


def test_row_error_and_counted_in_danish():
    assert str(RowError(None, "", "Filen er tom.")) == "Filen er tom."
    assert str(RowError(3, "", "Dobbelt.")) == "Række 3: Dobbelt."
    assert str(RowError(3, "note", "For lang.")) == "Række 3, kolonne note: For lang."
    assert [counted(n, "udgift", "udgifter") for n in (0, 1, 2)] == [
        "0 udgifter",
        "1 udgift",
        "2 udgifter",
    ]


def test_a_csv_template_opens_in_danish_excel_and_never_runs_a_formula():
    template = csv_template(
        ("name", "size", "note"), [["=HYPERLINK(1)", 3, datetime.date(2019, 3, 14)]]
    )
    assert template == "name;size;note\r\n'=HYPERLINK(1);3;2019-03-14\r\n"
