"""Registrations import under attack: a 50 MB file, a zip bomb, 100,000 rows and odd encodings
are refused (or, for Danish Excel's own CSV, read) with a clear Danish message and nothing saved,
on the import page and on the command line."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from helhedsplan.core.tests.upload_files import post_streamed, xlsx_zip_bomb
from helhedsplan.core.uploads import MB, megabytes
from helhedsplan.registrations.importer import COLUMNS
from helhedsplan.registrations.models import Registration

SLUG = "randers-nordby-2017-21"
URL = reverse("registrations:import", kwargs={"slug": SLUG})
ROW = "hotspot;;14.03.2019;;contact;1;1;;;Møde på Ålykke – æbler og kaffe"
TOO_BIG = "Filen er for stor (50,0 MB). Den må højst fylde 10 MB – del den op i flere filer."


def upload(client, content: bytes, name: str):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def page(response) -> str:
    return response.content.decode()


def test_a_50_mb_upload_is_refused_in_danish_without_being_read_into_memory(
    client, plan, sekretariat, tmp_path
):
    client.force_login(sekretariat)

    response, peak = post_streamed(
        client, URL, tmp_path, fields={}, file_field="file", filename="stor.csv", size=50 * MB
    )

    assert response.status_code == 200
    assert TOO_BIG in page(response)
    assert Registration.objects.count() == 0
    # The server held less than the 10 MB it may keep, let alone the 50 MB it was sent.
    assert peak < 8 * MB, peak / MB


def test_the_size_limit_is_the_setting(client, plan, sekretariat, settings):
    settings.HELHEDSPLAN_UPLOAD_MAX_MB = 1
    client.force_login(sekretariat)
    assert "Højst 1 MB og 20.000 rækker ad gangen." in page(client.get(URL))
    header = ";".join(COLUMNS) + "\r\n"
    rows = (ROW + "\r\n").encode("cp1252") * (2 * MB // len(ROW))

    content = header.encode() + rows

    response = upload(client, content, "to-mb.csv")

    assert f"Filen er for stor ({megabytes(len(content))}). Den må højst fylde 1 MB" in page(
        response
    )
    assert Registration.objects.count() == 0


def test_an_xlsx_zip_bomb_is_refused_on_the_import_page(client, plan, sekretariat):
    client.force_login(sekretariat)

    response = upload(client, xlsx_zip_bomb(), "bombe.xlsx")

    assert "Regnearket ville fylde 2.047 MB pakket ud (højst 50 MB)." in page(response)
    assert Registration.objects.count() == 0


def test_100000_rows_are_refused_with_the_limit_and_nothing_is_saved(client, plan, sekretariat):
    client.force_login(sekretariat)
    source = ";".join(COLUMNS) + "\r\n" + (ROW + "\r\n") * 100_000

    response = upload(client, source.encode("utf-8"), "stor.csv")

    assert "Filen har mere end 20.000 rækker. Der kan højst importeres 20.000" in page(response)
    assert Registration.objects.count() == 0


def test_danish_excels_semicolon_csv_in_windows_1252_is_imported_with_its_letters(
    client, plan, sekretariat
):
    client.force_login(sekretariat)
    source = (";".join(COLUMNS) + "\r\n" + ROW + "\r\n").encode("cp1252")

    response = upload(client, source, "registreringer.csv")

    assert response.status_code == 302
    assert Registration.objects.get().note == "Møde på Ålykke – æbler og kaffe"


def test_excels_unicode_text_utf16_with_tabs_is_imported(client, plan, sekretariat):
    client.force_login(sekretariat)
    source = ("\t".join(COLUMNS) + "\r\n" + ROW.replace(";", "\t") + "\r\n").encode("utf-16")

    response = upload(client, source, "registreringer.txt.csv")

    assert response.status_code == 302
    assert Registration.objects.get().note == "Møde på Ålykke – æbler og kaffe"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (bytes(range(256)) * 100, "Filen ser ikke ud til at være et regneark"),
        (b"activity\nhotspot \x81\x8d\n", "Filen er ikke gemt som UTF-8"),
    ],
    ids=["binary garbage", "neither utf-8 nor windows-1252"],
)
def test_files_that_are_not_text_are_refused_on_the_page(client, plan, sekretariat, content, words):
    client.force_login(sekretariat)

    assert words in page(upload(client, content, "fil.csv"))
    assert Registration.objects.count() == 0


# --- the command line --------------------------------------------------------------------------


def run_command(path) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", "registrations", str(path), "--plan", SLUG, stdout=out, stderr=err)
    except CommandError as refused:
        return refused.returncode, out.getvalue(), f"{err.getvalue()}{refused}\n"
    return 0, out.getvalue(), err.getvalue()


def test_the_command_refuses_a_file_over_the_limit_before_reading_it(plan, tmp_path):
    path = tmp_path / "stor.csv"
    with path.open("wb") as out:
        out.truncate(11 * MB)  # a sparse file: 11 MB long, nothing written

    code, _, err = run_command(path)

    assert code == 1
    assert "Filen er for stor (11,0 MB). Den må højst fylde 10 MB" in err
    assert Registration.objects.count() == 0


def test_the_command_refuses_100000_rows_and_saves_nothing(plan, tmp_path):
    path = tmp_path / "stor.csv"
    path.write_text(";".join(COLUMNS) + "\n" + (ROW + "\n") * 100_000, encoding="utf-8")

    code, _, err = run_command(path)

    assert code == 1
    assert "Filen har mere end 20.000 rækker" in err
    assert Registration.objects.count() == 0


def test_the_command_reads_danish_excels_csv(plan, tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes((";".join(COLUMNS) + "\r\n" + ROW + "\r\n").encode("cp1252"))

    code, out, _ = run_command(path)

    assert (code, out.strip()) == (0, "1 registrering importeret.")
    assert Registration.objects.get().note == "Møde på Ålykke – æbler og kaffe"
