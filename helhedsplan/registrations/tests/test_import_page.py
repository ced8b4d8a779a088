"""The registrations import for a partner (only its own activities), its dry run, its templates
and its page."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helhedsplan.accounts.access import PlanAccess
from helhedsplan.accounts.models import Role
from helhedsplan.registrations.importer import COLUMNS, template_csv, template_xlsx
from helhedsplan.registrations.models import Registration
from helhedsplan.registrations.tests.import_files import GOOD_ROWS, csv_file, login, run, url

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
