"""No lost updates: what a person or an API client read is checked when they save, and a form
that creates something creates it once, however often it is sent.

Edit forms (`track` and `FormVersion.accept`). The form carries, in a hidden field `version`, the
values it was read at (signed, so they come back as they were sent). On save the view locks the
row (select_for_update, inside the save's transaction) and hands `accept` the values as they are
now. Nothing changed meanwhile: save. Someone else changed a field:
- fields this person did not touch get the other person's value put into the form;
- a field both changed, to different values, is marked with the other person's value;
- the save is refused with a Danish message naming each change (field: from -> to), who made it
  and when (from the row's history, where it has one); the form keeps everything typed and now
  carries the newer version, so saving again is a decision made knowing the other change.
A resent form whose changes are already saved (a double click on "Gem") is no conflict: every
change found equals what the form sends.

The API (`version_of`, `changed_fields`). A short hash of the values as saved, with one byte per
field after it, is the ETag and the `version` in the JSON: a stale version names the changed
fields without storing anything. No migration and no version column: it works for every model.

Create forms (`one_time` and `once`). A hidden one-time token; the first POST that carries it
claims it in FormSubmission (unique, so two parallel posts give one row on PostgreSQL and SQLite
alike) in the same transaction as the row it creates. A second POST with the token gets the first
result's URL. API creates use the Idempotency-Key header the same way.

Bottom layer: imports nothing from the apps.
"""

import datetime
import hashlib
import json
import re
import secrets
import sys
import time
from base64 import urlsafe_b64decode, urlsafe_b64encode
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core import signing
from django.db import IntegrityError, OperationalError, models, transaction
from django.forms.models import ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.crypto import salted_hmac

from helhedsplan.core.models import FormSubmission

VERSION_FIELD = "version"
TOKEN_FIELD = "form_token"
_SALT = "helhedsplan.core.concurrency"
TOKEN_MAX_AGE = datetime.timedelta(days=1)
CLAIM_WAIT_SECONDS = 10

STALE_FORM = (
    "Formularen mangler oplysningen om, hvornår den blev hentet, så den kan ikke gemmes uden "
    "risiko for at overskrive en andens ændring. Dine indtastninger står stadig i formularen: "
    "se dem igennem, og gem igen."
)


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


# --- who changed it, and when --------------------------------------------------------------------


def person(user) -> str:
    if user is None:
        return "en anden"
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    username = user.get_username() if hasattr(user, "get_username") else str(user)
    return f"{name} ({username})" if name else username


def when_words(moment) -> str:
    if not moment:
        return ""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return f"{moment:%d.%m.%Y} kl. {moment:%H.%M}"
    return f"{moment:%d.%m.%Y}"


@dataclass(frozen=True)
class LastChange:
    who: str = ""
    when: object = None

    @property
    def when_text(self) -> str:
        """ " den 02.12.2026 kl. 15.30", or nothing when not known."""
        return f" den {when_words(self.when)}" if self.when else ""

    @property
    def words(self) -> str:
        """ "sekretariat den 02.12.2026 kl. 15.30" (or "en anden")."""
        return (self.who or "en anden") + self.when_text


def last_change(*instances) -> LastChange:
    """Who saved the rows last and when: from their history (django-simple-history) where they
    keep one, else from a `changed_by`/`changed_at` pair; nothing known gives "en anden"."""
    newest = None
    for instance in instances:
        if instance is None:
            continue
        history = getattr(instance, "history", None)
        record = None
        if history is not None and hasattr(history, "order_by"):
            record = history.select_related("history_user").order_by("-history_date").first()
        if record is not None:
            found = (record.history_date, record.history_user)
        else:
            user = getattr(instance, "changed_by", None) or getattr(instance, "updated_by", None)
            moment = getattr(instance, "changed_at", None) or getattr(instance, "updated_at", None)
            found = (moment, user)
        if newest is None or (found[0] and (not newest[0] or found[0] > newest[0])):
            newest = found
    if newest is None:
        return LastChange()
    return LastChange(person(newest[1]) if newest[1] else "", newest[0])


# --- a change, in words ---------------------------------------------------------------------------


def _choice_labels(form_field) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value, label in getattr(form_field, "choices", None) or []:
        if isinstance(label, list | tuple):  # an option group
            for sub_value, sub_label in label:
                labels[str(comparable(sub_value))] = str(sub_label)
        else:
            labels[str(comparable(value))] = str(label)
    return labels


def _number_words(text: str) -> str:
    whole, _, decimals = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}".replace(",", ".") if whole.isdigit() else whole
    return sign + grouped + (f",{decimals}" if decimals else "")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def value_words(value, form_field=None) -> str:
    """A compared value as a person reads it: «text», 05.10.2018, 1.234,5, ja/nej, choices by
    their label, (tom) for nothing."""
    if value in ("", None, []):
        return "(tom)"
    labels = _choice_labels(form_field) if form_field is not None else {}
    if isinstance(value, list):
        return ", ".join(labels.get(item, value_words(item)) for item in value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    text = str(value)
    if text in labels:
        return labels[text]
    if _ISO_DATE.match(text):
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}"
    if _NUMBER.match(text) and not isinstance(form_field, forms.CharField):
        return _number_words(text)
    flat = " ".join(text.split())
    return f"«{flat[:97]}…»" if len(flat) > 100 else f"«{flat}»"


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str  # in words
    new: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.old} → {self.new}"


def changes_between(old: dict, new: dict, fields: dict | None = None) -> list[FieldChange]:
    """What changed between two readings (snapshots), in the order of `fields` (name -> a form
    field or a label), else of `new`."""
    fields = fields or {}
    order = list(fields) + [name for name in new if name not in fields]
    changes = []
    for name in order:
        if name not in new or name not in old or old[name] == new[name]:
            continue
        spec = fields.get(name)
        form_field = spec if isinstance(spec, forms.Field) else None
        label = str(form_field.label or name) if form_field is not None else str(spec or name)
        changes.append(
            FieldChange(
                name, label, value_words(old[name], form_field), value_words(new[name], form_field)
            )
        )
    return changes


# --- edit forms ----------------------------------------------------------------------------------


def sign(values: dict) -> str:
    return signing.dumps(snapshot(values), salt=_SALT, compress=True)


def unsign(token: str) -> dict | None:
    try:
        value = signing.loads(token or "", salt=_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) else None


def form_values(form: forms.BaseForm) -> dict:
    """The values an unbound form shows, by field name (its initial data)."""
    return {
        name: form.get_initial_for_field(form_field, name)
        for name, form_field in form.fields.items()
        if name not in (VERSION_FIELD, TOKEN_FIELD)
    }


class FormVersion:
    """The version one form was read at (see the module's docstring). Made by `track`."""

    def __init__(self, form: forms.BaseForm, values: dict | None, what: str):
        self.form = form
        self.what = what
        form.fields[VERSION_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        if not form.is_bound:
            form.initial[VERSION_FIELD] = sign(form_values(form) if values is None else values)
        self.conflict: list[FieldChange] = []

    @property
    def _key(self) -> str:
        return self.form.add_prefix(VERSION_FIELD)

    def as_read(self) -> dict | None:
        return unsign(self.form.data.get(self._key, ""))

    def _put(self, name: str, value) -> None:
        """Put a compared value into the bound form, as a browser would have sent it."""
        data = self.form.data
        if not getattr(data, "_mutable", True) or not hasattr(data, "setlist"):
            data = data.copy()
        key = self.form.add_prefix(name)
        form_field = self.form.fields.get(name)
        widget = getattr(form_field, "widget", None)
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
            else:
                data.pop(key, None)
        elif isinstance(value, list):
            if hasattr(data, "setlist"):
                data.setlist(key, value)
            else:
                data[key] = value
        else:
            data[key] = "" if value is None else str(value)
        self.form.data = data

    def _mine(self, name: str):
        cleaned = getattr(self.form, "cleaned_data", {})
        if name in cleaned:
            return comparable(cleaned[name])
        form_field = self.form.fields[name]
        raw = form_field.widget.value_from_datadict(
            self.form.data, self.form.files, self.form.add_prefix(name)
        )
        return comparable(raw)

    def accept(self, current: dict, *, changed: LastChange | None = None) -> bool:
        """True: save. False: refused, the form now explains why (call inside the transaction
        that locked the row; `current` are the row's values as the form would show them)."""
        now = {name: value for name, value in snapshot(current).items() if name in self.form.fields}
        read = self.as_read()
        if read is None:
            self._refuse([STALE_FORM], now)
            return False
        others = [name for name in now if name in read and read[name] != now[name]]
        merged, both = [], []
        for name in others:
            mine = self._mine(name)
            if mine == now[name]:
                continue  # the same change: a resent form, or two people agreeing
            if mine == read[name]:
                merged.append(name)
            else:
                both.append(name)
        if not merged and not both:
            return True
        labels = {name: self.form.fields[name] for name in self.form.fields if name in now}
        self.conflict = changes_between(read, now, labels)
        who = changed or LastChange()
        lines = [
            f"Ikke gemt: {who.who or 'en anden'} har ændret {self.what}{who.when_text}, efter "
            "du åbnede formularen. Ændringerne:"
        ]
        lines += [f"{change.label}: {change.old} → {change.new}" for change in self.conflict]
        if merged:
            lines.append("Den andens ændringer er sat ind i de felter, du ikke selv havde rettet.")
        if both:
            lines.append(
                "Du har også selv rettet "
                + ", ".join(f"«{self.form.fields[name].label or name}»" for name in both)
                + ": din tekst står i feltet, den andens står ovenfor. Vælg, hvad der skal stå."
            )
        lines.append(
            "Alt, hvad du har skrevet, står stadig i formularen. Se den igennem, og gem igen."
        )
        for name in merged:
            self._put(name, now[name])
        for name in both:
            change = next(c for c in self.conflict if c.name == name)
            self.form.add_error(
                name, f"Ændret af {who.who or 'en anden'} til {change.new}, mens du skrev."
            )
        self._refuse(lines, now)
        return False

    def gone(self) -> None:
        """The row was deleted while the person wrote: nothing saved, the text kept."""
        self.form.add_error(
            None,
            f"Ikke gemt: {self.what} er slettet af en anden, efter du åbnede formularen. Det, du "
            "skrev, står stadig her, så du kan kopiere det.",
        )

    def _refuse(self, lines: list[str], now: dict) -> None:
        for line in lines:
            self.form.add_error(None, line)
        # The version the person has now seen: saving again is a choice made knowing it.
        read = self.as_read() or {}
        self._put(VERSION_FIELD, signing.dumps({**read, **now}, salt=_SALT, compress=True))


def track(form: forms.BaseForm, *, what: str, values: dict | None = None) -> FormVersion:
    """Give `form` its hidden version field; `what` names the thing in messages ("registreringen").
    `values`: what the form shows, by field name (default: its initial data)."""
    form.versions = FormVersion(form, values, what)
    return form.versions


# --- create forms ----------------------------------------------------------------------------------


class AlreadySubmitted(Exception):
    """The token was used before: `url` is the first result's page ("" when it belongs to
    another user or its result is unknown)."""

    def __init__(self, url: str):
        self.url = url
        super().__init__(url)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def one_time(form: forms.BaseForm) -> forms.BaseForm:
    """Give a create form its hidden one-time token (a new one each time the page is shown)."""
    form.fields[TOKEN_FIELD] = forms.CharField(
        required=False, max_length=100, widget=forms.HiddenInput
    )
    if not form.is_bound:
        form.initial[TOKEN_FIELD] = new_token()
    return form


def posted_token(form: forms.BaseForm) -> str:
    return (form.data.get(form.add_prefix(TOKEN_FIELD)) or "").strip()[:100]


@dataclass
class Submission:
    token: str
    row: FormSubmission | None = None
    url: str = ""
    _done: bool = field(default=False, repr=False)

    def done(self, url: str) -> None:
        """The result's page: where a second POST with the same token is sent."""
        self.url = str(url)
        self._done = True


def purge_old_tokens() -> int:
    try:
        deleted, _ = FormSubmission.objects.filter(
            created_at__lt=timezone.now() - TOKEN_MAX_AGE
        ).delete()
    except OperationalError:
        return 0  # SQLite busy with another write: the next form purges them
    return deleted


def _when_free(step):
    """Run `step`, again while SQLite says a table is locked. On PostgreSQL, and on a SQLite file
    with its busy timeout, a parallel writer simply waits; SQLite in shared-cache mode (the test
    database) answers "table is locked" at once instead, so wait here as the timeout would."""
    deadline = time.monotonic() + CLAIM_WAIT_SECONDS
    while True:
        try:
            return step()
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _claim(token: str, user, request_hash: str) -> FormSubmission:
    """Insert the token's row, in a savepoint: a parallel claim of the same token waits on the
    unique index until the first transaction ends, then fails (IntegrityError)."""

    def insert():
        with transaction.atomic():
            return FormSubmission.objects.create(
                token=token,
                user=user if getattr(user, "pk", None) else None,
                request_hash=request_hash,
            )

    return _when_free(insert)


@contextmanager
def once(token: str, user, *, request_hash: str = ""):
    """Run the create inside one transaction that first claims `token`; raises AlreadySubmitted
    when the token was claimed before (by a finished request, or by a parallel one, which this
    waits for). An empty token claims nothing (a client that sends none gets no protection).
    Call `submission.done(url)` once the row exists; without it the claim is undone, so a form
    sent back with errors can be sent again with the same token."""
    token = (token or "").strip()
    if token:
        purge_old_tokens()
    submission = Submission(token)
    block = transaction.atomic()
    if token:
        _when_free(block.__enter__)  # SQLite's BEGIN IMMEDIATE may meet a parallel writer
    else:
        block.__enter__()
    try:
        if token:
            try:
                submission.row = _claim(token, user, request_hash)
            except IntegrityError:
                first = FormSubmission.objects.filter(token=token).first()
                same_user = first is not None and first.user_id == getattr(user, "pk", None)
                if first is not None and request_hash and first.request_hash != request_hash:
                    raise AlreadySubmitted("") from None
                raise AlreadySubmitted(first.result_url if same_user else "") from None
        yield submission
        if submission.row is not None:
            if submission._done:
                FormSubmission.objects.filter(pk=submission.row.pk).update(
                    result_url=submission.url[:500]
                )
            else:
                FormSubmission.objects.filter(pk=submission.row.pk).delete()
    except BaseException:
        if not block.__exit__(*sys.exc_info()):
            raise
    else:
        block.__exit__(None, None, None)


def spent(token: str, user) -> str | None:
    """Whether `token` was used already: None when not; else the first result's URL, as
    AlreadySubmitted gives it ("" when it belongs to another user or its result is unknown). For a
    form page shown again from the browser's history, which can say so before it is sent."""
    token = (token or "").strip()[:100]
    if not token:
        return None
    first = FormSubmission.objects.filter(token=token).first()
    if first is None:
        return None
    return first.result_url if first.user_id == getattr(user, "pk", None) else ""


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body or b"").hexdigest()


def already_sent(request, error: AlreadySubmitted, fallback: str):
    """The answer to a form sent a second time: the first result's page, said in words."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if error.url:
        messages.info(request, "Formularen var allerede sendt. Den er kun gemt én gang.")
        return redirect(error.url)
    messages.error(request, "Formularen er allerede brugt. Hent siden igen, og udfyld den på ny.")
    return redirect(fallback)
