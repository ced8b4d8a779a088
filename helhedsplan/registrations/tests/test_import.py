"""Importing registrations from CSV and XLSX: all rows or none, every error named by row and column."""

import datetime

import pytest

from helhedsplan.core.tabular_import import RowError
from helhedsplan.registrations.importer import COLUMNS
from helhedsplan.registrations.models import Registration, TertialApproval
from helhedsplan.registrations.services import RegistrationInput, save_registration
from helhedsplan.registrations.tests.import_files import (
    GOOD_ROWS,
    HEADER,
    TODAY,
    csv_file,
    run,
    xlsx_file,
)

# --- the file format ----------------------------------------------------------------------


def test_a_valid_csv_imports_every_row_with_its_codes_and_criteria(plan):
    result = run(plan, csv_file(*GOOD_ROWS))

    assert result.errors == []
    assert result.created == 2
    hotspot = Registration.objects.get(activity__key="hotspot")
    assert hotspot.date == datetime.date(2018, 9, 14)
    assert hotspot.kind == Registration.Kind.CONTACT
    assert hotspot.participants == 2
    assert sorted(hotspot.codes.values_list("code", flat=True)) == ["P-0001", "P-0002"]
    assert list(hotspot.criteria.values_list("key", flat=True)) == ["hotspot-kontakt"]
    assert hotspot.note == "Gadeplan"
    assert hotspot.registered_by is None


def test_a_semicolon_csv_from_danish_excel_imports_with_danish_dates_and_kinds(plan):
    source = (
        "\ufeffActivity;Criterion;Date;End_date;Kind;Count;Participants;Completed;"
        "Participant_codes;Note\r\n"
        'hotspot;hotspot-gruppeforloeb-antal;01.10.2018;15-12-2018;Forløb;1;8;6;"P-0003;P-0004";'
        "Pigegruppe, efterår\r\n"
    ).encode()

    result = run(plan, source)

    assert result.errors == []
    registration = Registration.objects.get()
    assert registration.kind == Registration.Kind.COURSE
    assert registration.date == datetime.date(2018, 10, 1)
    assert registration.end_date == datetime.date(2018, 12, 15)
    assert (registration.participants, registration.completed) == (8, 6)
    assert registration.note == "Pigegruppe, efterår"


def test_column_order_is_free_and_optional_columns_may_be_left_out(plan):
    source = csv_file("2019-01-10,meeting,familieklassen", header="date,kind,activity")

    result = run(plan, source)

    assert result.errors == []
    registration = Registration.objects.get()
    assert (registration.count, registration.participants) == (1, None)


def test_several_criteria_are_separated_by_a_bar(plan):
    row = "hotspot,hotspot-kontakt|hotspot-brobygning,2019-02-01,,contact,1,1,,P-0009,"

    result = run(plan, csv_file(row))

    assert result.errors == []
    assert set(Registration.objects.get().criteria.values_list("key", flat=True)) == {
        "hotspot-kontakt",
        "hotspot-brobygning",
    }


def test_an_xlsx_with_real_dates_and_numbers_round_trips(plan):
    source = xlsx_file(
        [
            list(COLUMNS),
            [
                "hotspot",
                "hotspot-kontakt",
                datetime.datetime(2019, 4, 2),
                None,
                "kontakt",
                1,
                2.0,
                None,
                "P-0011;P-0012",
                "Fra Excel",
            ],
            [],
            ["naboskab", None, "03.04.2019", None, "event", 2, 30, None, None, None],
        ]
    )

    result = run(plan, source, filename="registreringer.xlsx")

    assert result.errors == []
    assert result.created == 2
    first = Registration.objects.get(activity__key="hotspot")
    assert first.date == datetime.date(2019, 4, 2)
    assert first.kind == Registration.Kind.CONTACT
    assert first.participants == 2
    assert Registration.objects.get(activity__key="naboskab").count == 2


def test_an_xlsx_is_recognised_by_its_content_whatever_its_name(plan):
    source = xlsx_file([["activity", "date", "kind"], ["naboskab", "2019-05-05", "event"]])

    assert run(plan, source, filename="upload").created == 1


# --- all or nothing -----------------------------------------------------------------------


def test_one_bad_row_saves_nothing_and_names_the_row_and_column(plan):
    bad = "naboskab,,2030-01-01,,event,1,10,,,"
    source = csv_file(GOOD_ROWS[0], bad, GOOD_ROWS[1])

    result = run(plan, source)

    assert result.created == 0
    assert Registration.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [(3, "date")]
    assert "uden for planperioden" in result.errors[0].message

    fixed = run(plan, source.replace(b"2030-01-01", b"2020-01-01"))

    assert fixed.errors == []
    assert fixed.created == 3
    assert Registration.objects.count() == 3


def test_every_error_in_the_file_is_reported_at_once(plan):
    source = csv_file(
        "hotspot,,2030-01-01,,contact,1,2,,,",
        "ukendt,,2019-01-01,,contact,1,2,,,",
        "hotspot,,2019-01-01,,contact,-1,2,3,,",
    )

    result = run(plan, source)

    assert {(e.row, e.column) for e in result.errors} == {
        (2, "date"),
        (3, "activity"),
        (4, "count"),
        (4, "completed"),
    }
    assert Registration.objects.count() == 0


def test_errors_read_as_row_column_and_message(plan):
    source = csv_file(GOOD_ROWS[0], "naboskab,,2019-06-01,,event,1,10,,,")

    result = run(plan, source, today=datetime.date(2019, 3, 1))

    assert result.error_lines() == ["Række 3, kolonne date: Datoen 01.06.2019 ligger i fremtiden."]
    assert str(result).endswith("Intet er importeret: filen har 1 fejl. Ret den og prøv igen.")


BAD_ROWS = {
    "future date": ("hotspot,,2019-06-01,,contact,1,1,,,", "date", "ligger i fremtiden"),
    "date outside the plan": ("hotspot,,2016-05-01,,contact,1,1,,,", "date", "uden for"),
    "impossible date": ("hotspot,,31.02.2019,,contact,1,1,,,", "date", "Ugyldig dato"),
    "missing date": ("hotspot,,,,contact,1,1,,,", "date", "Skal udfyldes"),
    # formats.parse_date reads both; the import names three forms and keeps to them.
    "date with slashes": ("hotspot,,03/04/2019,,contact,1,1,,,", "date", "Ugyldig dato"),
    "date with mixed separators": ("hotspot,,03.04-2019,,contact,1,1,,,", "date", "Ugyldig"),
    "end before start": ("hotspot,,2019-02-01,2019-01-01,course,1,1,,,", "end_date", "før"),
    "unknown kind": ("hotspot,,2019-02-01,,workshop,1,1,,,", "kind", "Ukendt type"),
    "negative count": ("hotspot,,2019-02-01,,contact,-1,1,,,", "count", "negativ"),
    "count not whole": ("hotspot,,2019-02-01,,contact,1.5,1,,,", "count", "helt tal"),
    # formats.parse_whole reads these as 1000 and 12; a count is digits only, as it always was.
    "count with a thousands point": ("hotspot,,2019-02-01,,contact,1.000,1,,,", "count", "helt"),
    "count with a decimal comma": ('hotspot,,2019-02-01,,contact,"12,0",1,,,', "count", "helt"),
    "participants not a number": (
        "hotspot,,2019-02-01,,event,1,mange,,,",
        "participants",
        "helt tal",
    ),
    "more completed than participants": (
        "hotspot,,2019-02-01,,course,1,3,4,,",
        "completed",
        "flere gennemførte",
    ),
    "more codes than participants": (
        "hotspot,,2019-02-01,,contact,1,1,,P-1;P-2,",
        "participant_codes",
        "flere deltagerkoder",
    ),
    "unknown activity": ("hotspott,,2019-02-01,,contact,1,1,,,", "activity", "Ukendt aktivitet"),
    "unknown criterion": (
        "hotspot,hotspot-findes-ikke,2019-02-01,,contact,1,1,,,",
        "criterion",
        "Ukendt succeskriterium",
    ),
    "criterion of another activity": (
        "hotspot,naboskab-ambassadoerer,2019-02-01,,contact,1,1,,,",
        "criterion",
        "hører ikke til aktiviteten",
    ),
    "CPR-like code with dash": (
        "hotspot,,2019-02-01,,contact,1,1,,010190-1234,",
        "participant_codes",
        "CPR-nummer",
    ),
    "CPR-like code without dash": (
        "hotspot,,2019-02-01,,contact,1,1,,0101901234,",
        "participant_codes",
        "CPR-nummer",
    ),
    "CPR-like code split by a space": (
        "hotspot,,2019-02-01,,contact,1,2,,010190 1234,",
        "participant_codes",
        "CPR-nummer",
    ),
    "code with forbidden characters": (
        "hotspot,,2019-02-01,,contact,1,1,,Anna_Hansen,",
        "participant_codes",
        "kun indeholde",
    ),
    "CPR-like number in the note": (
        "hotspot,,2019-02-01,,contact,1,1,,,Ring til mor (010190-1234)",
        "note",
        "CPR-nummer",
    ),
}


@pytest.mark.parametrize(("row", "column", "words"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_row_breaking_a_rule_is_refused_with_its_column(plan, row, column, words):
    result = run(plan, csv_file(GOOD_ROWS[1], row), today=datetime.date(2019, 3, 1))

    assert Registration.objects.count() == 0
    assert result.created == 0
    assert any(e.row == 3 and e.column == column and words in e.message for e in result.errors), (
        result.errors
    )
    # A CPR-like number is never repeated back: the messages may end up in logs and mail.
    assert not any("1234" in line for line in result.error_lines() if "CPR" in line)


def test_a_row_in_an_approved_tertial_is_refused_like_in_the_form(plan):
    TertialApproval.objects.create(plan=plan, tertial="2018/19-T1", approved=True)

    result = run(plan, csv_file(GOOD_ROWS[1], GOOD_ROWS[0]))

    assert [(e.row, e.column) for e in result.errors] == [(3, "date")]
    assert "2018/19-T1 er godkendt og låst" in result.errors[0].message
    assert Registration.objects.count() == 0


def test_a_row_repeated_in_the_file_is_a_duplicate_of_the_earlier_row(plan):
    result = run(plan, csv_file(GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]))

    assert result.created == 0
    assert [(e.row, e.column) for e in result.errors] == [(4, "")]
    assert "dobbeltregistrering af række 2" in result.errors[0].message


def test_a_row_repeating_an_existing_registration_is_refused(plan):
    assert run(plan, csv_file(GOOD_ROWS[0])).created == 1

    result = run(plan, csv_file(GOOD_ROWS[1], GOOD_ROWS[0]))

    assert result.created == 0
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]
    assert "en eksisterende registrering" in result.errors[0].message
    assert Registration.objects.count() == 1


def test_a_repeat_is_found_also_when_participants_come_from_the_codes(plan):
    row = "hotspot,hotspot-kontakt,2018-09-20,,contact,1,,,P-0001;P-0002,"
    assert run(plan, csv_file(row)).created == 1

    result = run(plan, csv_file(row))

    assert result.created == 0
    assert "dobbeltregistrering" in result.errors[0].message


def test_a_file_may_not_repeat_a_registration_made_in_the_form(plan):
    save_registration(
        plan,
        RegistrationInput(
            activity=plan.activities.get(key="naboskab"),
            date=datetime.date(2019, 3, 2),
            kind="event",
            participants=25,
        ),
        today=TODAY,
    )

    result = run(plan, csv_file(GOOD_ROWS[1]))

    assert [(e.row, e.column) for e in result.errors] == [(2, "")]


# --- the header ---------------------------------------------------------------------------


def test_an_extra_column_is_refused_by_name(plan):
    source = csv_file(GOOD_ROWS[0] + ",Anna", header=HEADER + ",navn")

    result = run(plan, source)

    assert result.errors == [
        RowError(1, "navn", f"Ukendt kolonne «navn». Tilladte kolonner: {', '.join(COLUMNS)}.")
    ]
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("missing", ["activity", "date", "kind"])
def test_a_missing_required_column_is_refused_by_name(plan, missing):
    names = [name for name in COLUMNS if name != missing]
    row = dict(zip(COLUMNS, GOOD_ROWS[0].split(","), strict=True))
    source = csv_file(",".join(row[name] for name in names), header=",".join(names))

    result = run(plan, source)

    assert result.errors == [RowError(1, missing, f"Kolonnen «{missing}» mangler.")]


def test_a_column_named_twice_is_refused(plan):
    result = run(plan, csv_file("hotspot,2019-01-01,contact,x", header="activity,date,kind,Kind"))

    assert result.errors == [RowError(1, "kind", "Kolonnen «kind» står der to gange.")]


@pytest.mark.parametrize(
    ("header", "row", "where"),
    [
        ("activity,date,kind", "hotspot,2019-01-01,contact,,Anna", (2, "")),
        ("activity,,date,kind", "hotspot,Anna,2019-01-01,contact", (1, "")),
    ],
    ids=["beyond the header", "under an empty heading"],
)
def test_a_value_without_a_column_heading_is_refused(plan, header, row, where):
    result = run(plan, csv_file(row, header=header))

    assert [(e.row, e.column) for e in result.errors] == [where]
    assert "overskrift" in result.errors[0].message
    assert Registration.objects.count() == 0


# --- files that cannot be read ------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "filename", "words"),
    [
        (b"", "tom.csv", "Filen er tom."),
        (b"\xef\xbb\xbf\r\n\r\n", "tom.csv", "Filen er tom."),
        (HEADER.encode() + b"\r\n", "kun-overskrift.csv", "kun en overskriftsrække"),
        (bytes(range(256)) * 4, "garbage.csv", "ikke ud til at være et regneark"),
        (b"PK\x03\x04 not really a workbook", "broken.xlsx", "kan ikke læses"),
        (b"this is text, not a workbook", "named.xlsx", "kan ikke læses"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", "old.xls", ".xls"),
    ],
    ids=["empty", "blank", "header only", "garbage", "broken xlsx", "text as xlsx", "old xls"],
)
def test_an_unreadable_file_gives_one_clear_error(plan, source, filename, words):
    result = run(plan, source, filename=filename)

    assert len(result.errors) == 1
    assert result.errors[0].row is None
    assert words in result.errors[0].message
    assert str(result.errors[0]) == result.errors[0].message


def test_an_xlsx_with_only_a_header_says_so(plan):
    result = run(plan, xlsx_file([list(COLUMNS)]), filename="tom.xlsx")

    assert ["kun en overskriftsrække" in e.message for e in result.errors] == [True]
