"""Versions: what a person or an API client read, as a short text or a signed reading, so a
save can tell whether the row changed since.

The API (`version_of`, `changed_fields`). A short hash of the values as saved, with two bytes per
field after it, is the ETag and the `version` in the JSON: a stale version names the changed
fields without storing anything. No migration and no version column: it works for every model.

Forms and the plan editor (`sign`, `unsign`). The values a page was read at, signed, so they come
back as they were sent (form_merge.py compares them with the row as it is now).

Bottom layer: imports nothing from the apps.
"""

import datetime
import json
import re
from base64 import urlsafe_b64decode, urlsafe_b64encode
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import models
from django.forms.models import ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.crypto import salted_hmac

# The salt of versions and signed readings: unchanged since the module was called concurrency,
# so pages and versions handed out before still read.
_SALT = "helhedsplan.core.concurrency"


# --- values as they are compared -------------------------------------------------------------


def comparable(value):
    """A value as plain JSON, equal for equal meanings: a model and its primary key, a date and
    its ISO text, 1.50 and 1.5, a text with Windows or Unix line ends. Lists are sets here (the
    ticks of a multiple choice have no order)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, ModelChoiceIteratorValue):
        return str(value.value)
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return sorted(str(comparable(item)) for item in value)
    if isinstance(value, dict):
        return {str(key): comparable(item) for key, item in value.items()}
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        try:
            return format(Decimal(str(value)).normalize(), "f")
        except InvalidOperation:
            return str(value)
    if isinstance(value, str):
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip()
    return str(value)


def snapshot(values: dict) -> dict:
    return {str(name): comparable(value) for name, value in values.items()}


def instance_values(instance: models.Model, *, exclude=()) -> dict:
    """The concrete fields of a row as saved (foreign keys as ids), without the primary key and
    the time stamps Django sets itself (a save that changed nothing is no conflict)."""
    values = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.primary_key or model_field.name in exclude:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            continue
        values[model_field.name] = getattr(instance, model_field.attname)
    return values


# --- the version as a short text (ETag, API) ---------------------------------------------------


def _digest(text: str) -> bytes:
    # Keyed with the secret key: a version shown to a role that may not read every field (a
    # read-only role never sees participant codes) cannot be tried against guessed values.
    return salted_hmac(_SALT, text, algorithm="sha256").digest()


MARK = 2  # bytes per field in a version (one byte missed a change once in 256)


def version_of(values: dict | models.Model) -> str:
    """A short hash of the values and two bytes per field: "3f9a0c1b7d2e4a55.q0Zx…". Equal values
    give equal versions in every process; the bytes after the dot name changed fields."""
    if isinstance(values, models.Model):
        values = instance_values(values)
    plain = snapshot(values)
    whole = _digest(json.dumps(plain, sort_keys=True, ensure_ascii=False)).hex()[:16]
    marks = b"".join(
        _digest(json.dumps([name, plain[name]], ensure_ascii=False))[:MARK]
        for name in sorted(plain)
    )
    return f"{whole}.{urlsafe_b64encode(marks).decode().rstrip('=')}"


def _marks(version: str) -> bytes | None:
    try:
        tail = version.split(".", 1)[1]
        return urlsafe_b64decode(tail + "=" * (-len(tail) % 4))
    except (IndexError, ValueError):
        return None


def changed_fields(old_version: str, values: dict | models.Model) -> list[str]:
    """The fields whose value is no longer what `old_version` was made from (names sorted); all
    of them when the old version cannot be read. Two bytes per field: a change is missed here at
    most once in 65,536 times, and the whole hash still sees it."""
    if isinstance(values, models.Model):
        values = instance_values(values)
    names = sorted(str(name) for name in values)
    old, new = _marks(old_version or ""), _marks(version_of(values))
    if old is None or new is None or len(old) != len(new):
        return names
    return [
        name
        for place, name in enumerate(names)
        if old[place * MARK : (place + 1) * MARK] != new[place * MARK : (place + 1) * MARK]
    ]


def etag(version: str) -> str:
    return f'"{version}"'


def if_match_versions(header: str | None) -> list[str] | None:
    """The versions in an If-Match header (None without one; ["*"] for any)."""
    if header is None or not header.strip():
        return None
    if header.strip() == "*":
        return ["*"]
    found = re.findall(r'(?:W/)?"([^"]*)"', header)
    return found or [part.strip() for part in header.split(",") if part.strip()]


# --- a signed reading (forms, the plan editor) ----------------------------------------------


def sign(values: dict, *, salt: str = "", as_is: bool = False) -> str:
    """The values a page was read at, signed: compared (`snapshot`), or `as_is` when they are
    plain JSON already and their lists keep their order (a part of the plan file). `salt` keeps
    one kind of reading from being taken for another."""
    return signing.dumps(values if as_is else snapshot(values), salt=_SALT + salt, compress=True)


def unsign(token: str, *, salt: str = "") -> dict | None:
    """The signed reading, or None when it is missing or was tampered with."""
    try:
        value = signing.loads(token or "", salt=_SALT + salt)
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) else None
