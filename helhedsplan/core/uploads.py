"""Uploaded files: never more than HELHEDSPLAN_UPLOAD_MAX_MB of one file is kept.

`LimitedUploadHandler` stands first in FILE_UPLOAD_HANDLERS. It passes an upload's chunks on to
Django's own handlers (memory for small files, a temporary file for the rest) until the limit is
reached, and swallows the rest: a 50 MB upload never takes more than the limit on disk and never
more than one chunk (64 KB) in memory. The form then finds an `OversizedUpload` with the real
size and no content, and says in Danish how big the file was and what the limit is
(`check_upload_size`).
"""

import io
import os

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from helhedsplan.core import formats

MB = 1024 * 1024


def upload_limit() -> int:
    """The most bytes one uploaded file may have (HELHEDSPLAN_UPLOAD_MAX_MB)."""
    return settings.HELHEDSPLAN_UPLOAD_MAX_MB * MB


def megabytes(size: int) -> str:
    """47.7 MB written the Danish way: «47,7 MB»."""
    return formats.megabytes(size)


def too_large_message(size: int, limit: int, *, split: bool = True) -> str:
    """`split`: the file holds rows that can be imported in parts (not so a plan file)."""
    text = f"Filen er for stor ({megabytes(size)}). Den må højst fylde {limit // MB} MB"
    return text + (" – del den op i flere filer." if split else ".")


def upload_limits_text() -> str:
    """For an import form's help text: the limits a spreadsheet must keep."""
    rows = formats.number(settings.HELHEDSPLAN_IMPORT_MAX_ROWS)
    return f"Højst {settings.HELHEDSPLAN_UPLOAD_MAX_MB} MB og {rows} rækker ad gangen."


class OversizedUpload(UploadedFile):
    """An upload that passed the limit: its real size, its name, and no content at all."""

    too_large = True

    def __init__(self, *, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)

    def read(self, *args, **kwargs) -> bytes:
        return b""


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = upload_limit()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            return None  # the handlers after this one never see more than the limit
        return raw_data

    def file_complete(self, file_size):
        if self.received > self.limit:
            return OversizedUpload(
                name=self.file_name, size=self.received, content_type=self.content_type
            )
        return None  # the next handler (memory or temporary file) gives the file


def check_upload_size(upload, limit: int | None = None, *, split: bool = True):
    """Refuse (ValidationError) a file over the limit; for a form's clean_<field>."""
    limit = upload_limit() if limit is None else min(limit, upload_limit())
    if getattr(upload, "too_large", False) or upload.size > limit:
        raise forms.ValidationError(too_large_message(upload.size, limit, split=split))
    return upload


def upload_text(upload) -> str:
    """A plan file's text: UTF-8 (a byte-order mark is allowed), or a Danish ValidationError."""
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(
            "Filen er ikke UTF-8-tekst. Gem den som UTF-8 og prøv igen."
        ) from None


def file_too_large(path, limit: int | None = None, *, split: bool = True) -> str | None:
    """For the command line: the Danish message if the file at `path` passes the limit, else None.

    Checked on the file's size before it is read, so a huge file is never loaded.
    """
    limit = upload_limit() if limit is None else limit
    size = os.stat(path).st_size
    return too_large_message(size, limit, split=split) if size > limit else None
