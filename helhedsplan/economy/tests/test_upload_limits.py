"""Expense import under attack: a 50 MB file, a zip bomb, 100,000 rows and Danish Excel's own
CSV, on the page and on the command line; nothing is saved from a refused file."""

from decimal import Decimal
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.core.tests.upload_files import post_streamed, xlsx_zip_bomb
from helhedsplan.core.uploads import MB
from helhedsplan.economy.models import Expense

SLUG = "randers-nordby-2017-21"
URL = f"/planer/{SLUG}/oekonomi/import/"
HEADER = "month;focus_area;financing;amount;note\r\n"
ROW = "2018-03;tryghed-og-trivsel;lbf;12.500,50;Kaffe og æblekage til Ålykke-mødet\r\n"


def upload(client, content: bytes, name: str) -> str:
    return client.post(URL, {"file": SimpleUploadedFile(name, content)}).content.decode()


def test_a_50_mb_upload_is_refused_in_danish_without_being_read_into_memory(
    client, plan, sekretariat, tmp_path
):
    client.force_login(sekretariat)

    response, peak = post_streamed(
        client,
        URL,
        tmp_path,
        fields={},
        file_field="file",
        filename="udgifter.csv",
        size=50 * MB,
        line=ROW.encode(),
    )

    assert response.status_code == 400
    assert "Filen er for stor (50,0 MB). Den må højst fylde 10 MB" in response.content.decode()
    assert not Expense.objects.exists()
    assert peak < 8 * MB, peak / MB


def test_an_xlsx_zip_bomb_and_100000_rows_are_refused(client, plan, sekretariat):
    client.force_login(sekretariat)

    assert "pakket ud (højst 50 MB)" in upload(client, xlsx_zip_bomb(), "bombe.xlsx")
    many = (HEADER + ROW * 100_000).encode()
    assert "Filen har mere end 20.000 rækker" in upload(client, many, "mange.csv")
    assert not Expense.objects.exists()


def test_danish_excels_semicolon_csv_in_windows_1252_is_imported(client, plan, sekretariat):
    client.force_login(sekretariat)

    upload(client, (HEADER + ROW).encode("cp1252"), "udgifter.csv")

    expense = Expense.objects.get()
    assert expense.amount == Decimal("12500.50")
    assert expense.note == "Kaffe og æblekage til Ålykke-mødet"


def test_the_command_refuses_a_file_over_the_limit_before_reading_it(plan, tmp_path):
    path = tmp_path / "udgifter.csv"
    with path.open("wb") as out:
        out.truncate(12 * MB)  # sparse: 12 MB long without writing them

    try:
        call_command("economy", "import", str(path), "--plan", SLUG, stderr=StringIO())
    except CommandError as refused:
        assert refused.returncode == 1
        assert "Filen er for stor (12,0 MB). Den må højst fylde 10 MB" in str(refused)
    else:
        raise AssertionError("the command accepted a 12 MB file")

    assert not Expense.objects.exists()
