"""The shared spreadsheet reader and upload handler refuse hostile files early, in Danish.

Limits: HELHEDSPLAN_UPLOAD_MAX_MB (10) per file, HELHEDSPLAN_IMPORT_MAX_ROWS (20,000) rows
besides the header, 50 MB unpacked for an XLSX, 100 columns, Excel's 1,048,576 rows.
"""

import codecs
import io
import time
import tracemalloc

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import MultiValueDict

from helhedsplan.core.spreadsheets import (
    NOT_A_SPREADSHEET,
    NOT_UTF8,
    UNREADABLE_XLSX,
    FileRefused,
    read_table,
)
from helhedsplan.core.tests.upload_files import (
    SHEET_END,
    SHEET_START,
    inline_row,
    xlsx_rows,
    xlsx_with_sheet,
    xlsx_zip_bomb,
)
from helhedsplan.core.uploads import MB, LimitedUploadHandler, OversizedUpload

HEADER = "activity;date;note"


def refusal(source: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(FileRefused) as refused:
        read_table(source, filename, **kwargs)
    return refused.value.message


def measured(function):
    """(result or exception, seconds, peak MB of Python memory) of calling `function`."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = function()
    except FileRefused as refused:
        result = refused
    finally:
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, seconds, peak / MB


# --- XLSX --------------------------------------------------------------------------------------


def test_an_xlsx_zip_bomb_is_refused_from_the_zip_directory_before_anything_is_unpacked():
    bomb = xlsx_zip_bomb()  # about 6 MB, whose sheet unpacks to 2 GiB
    assert len(bomb) < 10 * MB

    result, seconds, peak_mb = measured(lambda: read_table(bomb, "bombe.xlsx"))

    assert isinstance(result, FileRefused)
    assert result.message.startswith("Regnearket ville fylde 2.047 MB pakket ud (højst 50 MB).")
    assert seconds < 2 and peak_mb < 5, (seconds, peak_mb)


def test_an_xlsx_sheet_with_an_xml_entity_bomb_is_refused_as_unreadable():
    laughs = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "lol">' + laughs + b"]>"
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData>'
        b"</worksheet>"
    )
    result, seconds, peak_mb = measured(lambda: read_table(xlsx_with_sheet(sheet), "lol.xlsx"))

    assert isinstance(result, FileRefused) and result.message == UNREADABLE_XLSX
    assert seconds < 2 and peak_mb < 20, (seconds, peak_mb)


def test_an_xlsx_with_100000_rows_is_refused_after_reading_the_first_20001():
    rows = [["activity", "date"], *[["hotspot", "2019-01-01"]] * 100_000]
    workbook = xlsx_rows(rows)

    assert refusal(workbook, "stor.xlsx") == (
        "Filen har mere end 20.000 rækker. Der kan højst importeres 20.000 rækker ad gangen: "
        "del filen op i flere filer."
    )


def test_the_row_limit_is_the_setting(settings):
    settings.HELHEDSPLAN_IMPORT_MAX_ROWS = 3
    rows = [["activity"], ["a"], ["b"], ["c"]]
    assert len(read_table(xlsx_rows(rows), "ok.xlsx")) == 4
    assert "mere end 3 rækker" in refusal(xlsx_rows([*rows, ["d"]]), "stor.xlsx")
    # Blank rows do not count, and keep the row numbers the spreadsheet shows.
    sheet = SHEET_START + inline_row(1, "activity") + inline_row(9, "a") + SHEET_END
    table = read_table(xlsx_with_sheet(sheet), "hul.xlsx")
    assert len(table) == 9 and table[8] == ["a"] and list(table[4]) == []


def test_an_xlsx_whose_rows_jump_past_excels_last_row_is_refused_quickly():
    sheet = SHEET_START + inline_row(1, "activity") + inline_row(5_000_000, "x") + SHEET_END

    workbook = xlsx_with_sheet(sheet)
    start = time.perf_counter()  # not under tracemalloc, which makes a million rows slow

    message = refusal(workbook, "hop.xlsx")

    assert "flere rækker, end et regneark kan have (over 1.048.576)" in message
    assert time.perf_counter() - start < 10


def test_an_xlsx_that_claims_a_huge_size_is_read_as_wide_as_its_cells():
    # The sheet claims A1:XFD1048576; a reader that trusted it would build 17 billion cells.
    sheet = (
        SHEET_START.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
        + inline_row(1, "activity", "note")
        + inline_row(2, "hotspot", "ok")
        + SHEET_END
    )
    assert read_table(xlsx_with_sheet(sheet), "ok.xlsx") == [
        ["activity", "note"],
        ["hotspot", "ok"],
    ]


def test_data_far_to_the_right_is_refused_not_cut_off():
    far = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c>'
    far += b'<c r="XFD2" t="inlineStr"><is><t>skjult</t></is></c></row>'
    sheet = SHEET_START + inline_row(1, "activity") + far + SHEET_END

    assert refusal(xlsx_with_sheet(sheet), "bred.xlsx").startswith(
        "Række 2 har data i mere end 100 kolonner."
    )


# --- CSV ---------------------------------------------------------------------------------------


def test_a_csv_file_with_100000_rows_is_refused_with_the_limit():
    source = ("activity,date\n" + "hotspot,2019-01-01\n" * 100_000).encode()

    assert "mere end 20.000 rækker" in refusal(source, "stor.csv")


def test_ten_megabytes_of_empty_lines_are_refused_without_building_millions_of_rows():
    result, _, peak_mb = measured(lambda: read_table(b"a\n" + b"\n" * 10 * MB, "tom.csv"))

    assert isinstance(result, FileRefused)
    assert "over 1.048.576" in result.message
    assert peak_mb < 100, peak_mb


def test_danish_excels_semicolon_csv_in_windows_1252_is_read_with_its_danish_letters():
    source = f"{HEADER}\r\nhotspot;14.03.2019;Møde på Ålykke – æblekage\r\n".encode("cp1252")

    assert read_table(source, "ansi.csv") == [
        ["activity", "date", "note"],
        ["hotspot", "14.03.2019", "Møde på Ålykke – æblekage"],
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_utf8_with_or_without_a_bom_and_excels_unicode_text_are_read(encoding):
    source = f"{HEADER}\r\nhotspot;2019-03-14;Ærø\r\n".replace(";", "\t").encode(encoding)

    assert read_table(source, "fil.csv")[1] == ["hotspot", "2019-03-14", "Ærø"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (bytes(range(256)) * 40, NOT_A_SPREADSHEET),
        ("activity\nÆrø\n".encode("utf-16-le"), NOT_A_SPREADSHEET),  # UTF-16 without a BOM
        (codecs.BOM_UTF16_LE + b"a\x00b", NOT_A_SPREADSHEET),  # an odd number of bytes
        (b"activity\nhotspot\x81\n", NOT_UTF8),  # not UTF-8, and no Windows-1252 either
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", NOT_A_SPREADSHEET),
    ],
    ids=["binary garbage", "utf-16 without bom", "broken utf-16", "neither", "an image"],
)
def test_files_that_are_not_text_are_refused_in_danish(source, message):
    assert refusal(source, "fil.csv") == message


def test_an_endless_quoted_cell_is_refused_with_its_line():
    source = b'activity,note\nhotspot,"' + b"x" * 200_000 + b"\n"

    message = refusal(source, "citat.csv")

    assert message.startswith("Linje 2 kan ikke læses som CSV")
    assert "131.072 tegn" in message


# --- the upload handler ------------------------------------------------------------------------


def _parse_upload(size: int):
    boundary = "graense"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="stor.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    class Body(io.RawIOBase):
        """size bytes of CSV, made as they are read: never all in memory at once."""

        def __init__(self):
            self.parts = [head, None, tail]
            self.left = size

        def readable(self):
            return True

        def readinto(self, buffer):
            if self.parts[0] is not None:
                data, self.parts[0] = self.parts[0], None
            elif self.left > 0:
                data = b"a" * min(len(buffer), self.left)
                self.left -= len(data)
            elif self.parts[2] is not None:
                data, self.parts[2] = self.parts[2], None
            else:
                return 0
            data = data[: len(buffer)]
            buffer[: len(data)] = data
            return len(data)

    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(head) + size + len(tail)),
    }
    handlers = [LimitedUploadHandler(), TemporaryFileUploadHandler()]
    parser = MultiPartParser(meta, io.BufferedReader(Body()), handlers, "utf-8")
    return parser.parse()


def test_a_50_mb_upload_keeps_no_content_and_its_real_size(settings):
    settings.HELHEDSPLAN_UPLOAD_MAX_MB = 10

    (_, files), _, peak_mb = measured(lambda: _parse_upload(50 * MB))

    upload = files["file"]
    assert isinstance(upload, OversizedUpload)
    assert (upload.name, upload.size, upload.read()) == ("stor.csv", 50 * MB, b"")
    assert peak_mb < 5, peak_mb


def test_an_upload_under_the_limit_passes_through_whole(settings):
    settings.HELHEDSPLAN_UPLOAD_MAX_MB = 1

    _, files = _parse_upload(MB - 10)

    upload = files["file"]
    assert not isinstance(upload, OversizedUpload)
    assert upload.size == MB - 10 and len(upload.read()) == MB - 10
    assert isinstance(files, MultiValueDict)
