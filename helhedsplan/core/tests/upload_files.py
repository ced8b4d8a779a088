"""Hostile files for the upload tests: XLSX files built part by part (a zip bomb among them),
and a multipart POST streamed from disk through the whole Django stack with its memory measured.
"""

import io
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path
from unittest import mock

import openpyxl
from django.test.client import ClientHandler
from openpyxl.utils import get_column_letter

SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"
GIB = 1024**3


def _workbook_parts() -> dict[str, bytes]:
    """Every part of a real one-sheet workbook (as openpyxl writes it) but the sheet."""
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != SHEET}


def xlsx_with_sheet(sheet_xml: bytes) -> bytes:
    """A workbook whose first sheet is exactly `sheet_xml`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _workbook_parts().items():
            archive.writestr(name, data)
        archive.writestr(SHEET, sheet_xml)
    return out.getvalue()


def inline_row(number: int, *values: str) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    return f'<row r="{number}">{cells}</row>'.encode()


def xlsx_rows(rows: list[list[str]]) -> bytes:
    """A workbook with these rows of text, and the <dimension> Excel writes before them."""
    body = b"".join(inline_row(number, *row) for number, row in enumerate(rows, start=1))
    width = max(len(row) for row in rows)
    dimension = f'<dimension ref="A1:{get_column_letter(width)}{len(rows)}"/>'.encode()
    return xlsx_with_sheet(
        SHEET_START.replace(b"<sheetData>", dimension + b"<sheetData>") + body + SHEET_END
    )


class _Precompressed:
    """A deflate compressor that already knows its input: the same chunk, again and again.

    After a full flush deflate starts afresh, so one compressed chunk can be repeated; writing a
    2 GiB sheet takes a second instead of a minute of compressing.
    """

    def __init__(self, chunk: bytes):
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.chunk = chunk
        self.piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)

    def compress(self, data: bytes) -> bytes:
        if data == self.chunk:
            return self.piece
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)

    def flush(self) -> bytes:
        return zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def xlsx_zip_bomb(unpacked: int = 2 * GIB) -> bytes:
    """A real, valid XLSX of a few MB whose sheet XML unpacks to `unpacked` bytes of rows."""
    chunk = inline_row(1, "lol") * 20_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _workbook_parts().items():
            archive.writestr(name, data)
        with (
            mock.patch.object(zipfile, "_get_compressor", lambda *a, **k: _Precompressed(chunk)),
            archive.open(SHEET, "w", force_zip64=True) as sheet,
        ):
            sheet.write(SHEET_START)
            for _ in range(unpacked // len(chunk)):
                sheet.write(chunk)
            sheet.write(SHEET_END)
    return out.getvalue()


def post_streamed(
    client,
    url: str,
    tmp_path: Path,
    *,
    fields: dict[str, str],
    file_field: str,
    filename: str,
    size: int,
    line: bytes = "hotspot,,2019-01-01,,contact,1,1,,,Møde\r\n".encode(),
    page: str = "",
):
    """POST a `size`-byte file to `url` as the logged-in `client`, streamed from a file on disk.

    Returns the response and the peak of Python memory allocated while Django handled it: the
    request body is never in the test's memory, so the peak is what the server needed. `page`:
    the form's page, when `url` takes POST only (default `url`).
    """
    boundary = "helhedsplan-upload-test"
    body = tmp_path / "request-body"
    with body.open("wb") as out:
        for name, value in fields.items():
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        block = line * (1024 * 1024 // len(line) + 1)
        left = size
        while left > 0:
            out.write(block[: min(left, len(block))])
            left -= len(block)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    # Warm up first (imports, templates): the peak is then what this one request needed.
    assert client.get(page or url).status_code == 200
    cookies = "; ".join(f"{key}={morsel.value}" for key, morsel in client.cookies.items())
    with body.open("rb") as stream:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": url,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_COOKIE": cookies,
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(body.stat().st_size),
            "wsgi.input": stream,
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        tracemalloc.start()
        try:
            response = ClientHandler(enforce_csrf_checks=False)(environ)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return response, peak
