"""Create forms that create once (`one_time`, `OneTimeForm`, `once`, `@one_time_form`). A hidden
one-time token; the first POST that carries it claims it in FormSubmission (unique, so two
parallel posts give one row on PostgreSQL and SQLite alike) in the same transaction as the row it
creates. A second POST with the token gets the first result's URL. API creates use the
Idempotency-Key header the same way.

Bottom layer: imports nothing from the apps.
"""

import datetime
import functools
import hashlib
import secrets
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from helhedsplan.core.models import FormSubmission

TOKEN_FIELD = "form_token"
TOKEN_MAX_AGE = datetime.timedelta(days=1)
CLAIM_WAIT_SECONDS = 10


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


class OneTimeForm:
    """A create form that creates once, declared: `class NoticeForm(OneTimeForm, forms.Form)`.
    The form has its hidden one-time token (a new one each time the page is shown), and
    `with form.once(request.user) as sent:` runs the create. Put `@one_time_form` on the view,
    so a second sending is answered with the first result."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        one_time(self)

    def once(self, user, *, claim: bool = True):
        """The create's transaction, claiming the form's token (not when `claim` is false: a
        dry run that saves nothing may be sent again)."""
        return once(posted_token(self) if claim else "", user)


def one_time_form(view=None, *, fallback=None, answer=None):
    """A view whose forms create once: a form sent a second time (AlreadySubmitted from `once`)
    gets the first result's page (`already_sent`), or `fallback(request, *args, **kwargs)` (a
    URL; default the page itself) when the first result is not known; `answer(request, error,
    *args, **kwargs)` replaces the whole answer."""

    def decorate(inner):
        @functools.wraps(inner)
        def wrapped(request, *args, **kwargs):
            try:
                return inner(request, *args, **kwargs)
            except AlreadySubmitted as first:
                if answer is not None:
                    return answer(request, first, *args, **kwargs)
                url = fallback(request, *args, **kwargs) if fallback else request.path
                return already_sent(request, first, url)

        return wrapped

    return decorate(view) if view is not None else decorate
