"""Importing registrations from CSV and XLSX: all rows or none, every error named by row and column."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helhedsplan.accounts.access import PlanAccess
from helhedsplan.accounts.models import Role
from helhedsplan.conftest import PASSWORD
from helhedsplan.core.tabular_import import RowError
from helhedsplan.registrations.importer import (
    COLUMNS,
    import_registrations,
    template_csv,
    template_xlsx,
)
from helhedsplan.registrations.models import Registration, TertialApproval
from helhedsplan.registrations.services import RegistrationInput, save_registration

SLUG = "randers-nordby-2017-21"
TODAY = datetime.date(2021, 5, 31)
HEADER = ",".join(COLUMNS)
GOOD_ROWS = [
    "hotspot,hotspot-kontakt,2018-09-14,,contact,1,2,,P-0001;P-0002,Gadeplan",
    "naboskab,naboskab-frivillige-aktiviteter,2019-03-02,,event,1,25,,,Fællesspisning",
]


def csv_file(*rows, header=HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def run(plan, source: bytes, filename="registreringer.csv", **kwargs):
    kwargs.setdefault("today", TODAY)
    return import_registrations(plan=plan, rows_source=source, filename=filename, **kwargs)


def xlsx_file(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def url(name="registrations:import", **kwargs):
    return reverse(name, kwargs={"slug": SLUG, **kwargs})


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


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
    "end before start": ("hotspot,,2019-02-01,2019-01-01,course,1,1,,,", "end_date", "før"),
    "unknown kind": ("hotspot,,2019-02-01,,workshop,1,1,,,", "kind", "Ukendt type"),
    "negative count": ("hotspot,,2019-02-01,,contact,-1,1,,,", "count", "negativ"),
    "count not whole": ("hotspot,,2019-02-01,,contact,1.5,1,,,", "count", "helt tal"),
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


# --- dry run and access -------------------------------------------------------------------


def test_a_dry_run_saves_nothing_but_counts_the_rows(plan):
    result = run(plan, csv_file(*GOOD_ROWS), dry_run=True)

    assert result.errors == []
    assert (result.rows, result.created, result.dry_run) == (2, 0, True)
    assert Registration.objects.count() == 0
    assert "Filen er i orden: 2 registreringer ville blive importeret (intet er gemt)." in str(
        result
    )


def test_a_dry_run_reports_the_same_errors_as_an_import(plan):
    source = csv_file(GOOD_ROWS[0], "hotspot,,2030-01-01,,contact,1,2,,,")

    assert run(plan, source, dry_run=True).errors == run(plan, source).errors


def _partner_access(plan):
    organisation = plan.organisations.get(key="randers-produktionshoejskole")
    return PlanAccess(plan=plan, role=Role.PARTNER, organisation_id=organisation.id)


def test_a_partner_cannot_import_rows_for_an_activity_it_is_not_responsible_for(plan):
    own = "uddannelsestilbud-for-unge,udd-tilbud-netvaerksarrangementer,2019-04-04,,event,1,12,,,"
    source = csv_file(own, GOOD_ROWS[0], GOOD_ROWS[1])

    result = run(plan, source, access=_partner_access(plan))

    assert [(e.row, e.column) for e in result.errors] == [(3, "activity"), (4, "activity")]
    assert "Du må ikke registrere for aktiviteten «hotspot»" in result.errors[0].message
    assert Registration.objects.count() == 0


def test_a_partners_own_rows_are_saved_under_its_organisation(plan, partner):
    own = "uddannelsestilbud-for-unge,udd-tilbud-netvaerksarrangementer,2019-04-04,,event,1,12,,,"
    access = _partner_access(plan)

    result = run(plan, csv_file(own), access=access, user=partner)

    assert result.created == 1
    registration = Registration.objects.get()
    assert registration.registered_by == partner
    assert registration.organisation_id == access.organisation_id


# --- the templates ------------------------------------------------------------------------


def test_the_csv_template_has_the_header_and_an_example_for_the_activity(plan):
    text = template_csv(plan.activities.get(key="hotspot"), today=datetime.date(2019, 2, 3))

    header, example = text.splitlines()
    assert header == ";".join(COLUMNS)
    assert example.startswith("hotspot;hotspot-kontakt;2019-02-03;")


def test_the_template_example_date_stays_within_the_plan(plan):
    text = template_csv(plan.activities.get(key="naboskab"), today=datetime.date(2030, 1, 1))

    # naboskab's first criterion is a level (measured, not registered): the first countable one.
    assert text.splitlines()[1].startswith("naboskab;naboskab-frivillige-aktiviteter;2021-05-31;")


def test_the_xlsx_template_lists_the_activitys_criteria_on_a_second_sheet(plan):
    activity = plan.activities.get(key="hotspot")
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(activity)))

    assert workbook.sheetnames[:2] == ["Registreringer", "Succeskriterier"]
    rows = list(workbook["Registreringer"].iter_rows(min_row=1, max_row=2, values_only=True))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[1][:3] == ("hotspot", "hotspot-kontakt", rows[1][2])
    assert isinstance(rows[1][2], datetime.datetime)
    keys = [row[0] for row in workbook["Succeskriterier"].iter_rows(min_row=2, values_only=True)]
    assert keys == list(activity.success_criteria.values_list("key", flat=True))
    texts = {row[0]: row[1] for row in workbook["Succeskriterier"].iter_rows(values_only=True)}
    assert texts["hotspot-kontakt"] == activity.success_criteria.get(key="hotspot-kontakt").text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_filled_in_template_imports_cleanly(plan, fmt):
    activity = plan.activities.get(key="familieklassen")
    if fmt == "csv":
        source = template_csv(activity).encode("utf-8-sig")
        source = source.replace(b"P-0001;P-0002", b"F-0001;F-0002")
    else:
        workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(activity)))
        sheet = workbook["Registreringer"]
        sheet["I2"] = "F-0001;F-0002"
        sheet["J2"] = "Forældremøde"
        out = io.BytesIO()
        workbook.save(out)
        source = out.getvalue()

    result = run(plan, source, filename=f"skabelon-familieklassen.{fmt}")

    assert result.errors == []
    assert result.created == 1
    registration = Registration.objects.get()
    assert registration.activity == activity
    assert sorted(registration.codes.values_list("code", flat=True)) == ["F-0001", "F-0002"]
    assert list(registration.criteria.values_list("key", flat=True)) == ["familieklassen-familier"]


# --- the web page -------------------------------------------------------------------------


def upload(client, source: bytes, filename="registreringer.csv", **data):
    return client.post(url(), {"file": SimpleUploadedFile(filename, source), **data})


def test_the_import_page_has_a_labelled_upload_field_and_the_templates(client, medarbejder):
    html = login(client, "medarbejder").get(url()).content.decode()

    assert "Regneark (CSV eller XLSX)" in html
    assert 'for="id_file"' in html
    assert "Kun kontrol (gem intet)" in html
    assert 'enctype="multipart/form-data"' in html
    assert url("registrations:import_template", key="hotspot", fmt="xlsx") in html
    assert url("registrations:import_template", key="hotspot", fmt="csv") in html


def test_a_valid_upload_is_imported_and_the_page_redirects_with_a_message(client, medarbejder):
    login(client, "medarbejder")

    response = upload(client, csv_file(*GOOD_ROWS))

    assert response.status_code == 302
    assert response["Location"] == url()
    assert "2 registreringer importeret." in client.get(url()).content.decode()
    assert set(Registration.objects.values_list("registered_by__username", flat=True)) == {
        "medarbejder"
    }


def test_an_upload_with_errors_shows_them_in_a_table_and_saves_nothing(client, medarbejder):
    login(client, "medarbejder")

    response = upload(client, csv_file(GOOD_ROWS[0], "naboskab,,2030-01-01,,event,1,10,,,"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "<caption>Fejl i filen (1)</caption>" in html
    assert '<th scope="col" class="num">Række</th><th scope="col">Kolonne</th>' in html
    assert "uden for planperioden" in html
    assert Registration.objects.count() == 0


def test_the_check_only_box_saves_nothing(client, medarbejder):
    login(client, "medarbejder")

    response = upload(client, csv_file(*GOOD_ROWS), dry_run="on")

    assert response.status_code == 302
    assert (
        "2 registreringer ville blive importeret (intet er gemt)"
        in client.get(url()).content.decode()
    )
    assert Registration.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused_by_the_form(client, medarbejder):
    response = upload(login(client, "medarbejder"), b"%PDF-1.4", filename="rapport.pdf")

    assert "Vælg en fil, der ender på .csv eller .xlsx." in response.content.decode()


def test_a_partner_uploading_other_activities_gets_an_error_per_row(client, partner):
    login(client, "partner")

    response = upload(client, csv_file(*GOOD_ROWS))

    html = response.content.decode()
    assert "Du må ikke registrere for aktiviteten «hotspot»" in html
    assert "Du må ikke registrere for aktiviteten «naboskab»" in html
    assert Registration.objects.count() == 0


def test_a_partner_sees_templates_only_for_its_own_activities(client, partner):
    html = login(client, "partner").get(url()).content.decode()

    assert "uddannelsestilbud-for-unge.xlsx" in html
    assert "hotspot.xlsx" not in html


@pytest.mark.parametrize("username", ["bestyrelse", "outsider"])
def test_readers_and_outsiders_get_not_found(client, plan, bestyrelse, outsider, username):
    login(client, username)

    assert client.get(url()).status_code == 404
    assert upload(client, csv_file(*GOOD_ROWS)).status_code == 404
    assert (
        client.get(url("registrations:import_template", key="hotspot", fmt="csv")).status_code
        == 404
    )
    assert Registration.objects.count() == 0


def test_an_anonymous_visitor_is_sent_to_login(client, plan):
    response = client.get(url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_template_downloads_with_a_danish_filename(client, medarbejder, fmt):
    response = login(client, "medarbejder").get(
        url("registrations:import_template", key="hotspot", fmt=fmt)
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="skabelon-hotspot.{fmt}"'
    if fmt == "csv":
        assert response.content.startswith("\ufeffactivity;criterion".encode())
    else:
        assert response.content.startswith(b"PK")


@pytest.mark.parametrize(
    ("key", "fmt"),
    [
        ("hotspot", "xlsx"),
        ("hotspot", "csv"),
        ("findes-ikke", "xlsx"),
        ("uddannelsestilbud-for-unge", "pdf"),
    ],
)
def test_a_template_the_user_may_not_use_is_not_found(client, partner, key, fmt):
    response = login(client, "partner").get(url("registrations:import_template", key=key, fmt=fmt))

    assert response.status_code == 404


def test_a_partner_downloads_the_template_of_its_activity_and_imports_it(client, partner):
    login(client, "partner")
    template = client.get(
        url("registrations:import_template", key="uddannelsestilbud-for-unge", fmt="xlsx")
    )
    assert template.status_code == 200

    response = upload(client, template.content, filename="skabelon-uddannelsestilbud-for-unge.xlsx")

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.registered_by == partner
    assert registration.activity.key == "uddannelsestilbud-for-unge"
