"""The forms of "Glemt adgangskode?": the e-mail that asks for a link, and the new password.

Both are Django's own (PasswordResetForm, SetPasswordForm) with Danish labels; the new password
goes through AUTH_PASSWORD_VALIDATORS as everywhere else in the system.
"""

import logging
import smtplib
import threading
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger("helhedsplan.security")


def normalise_email(email: str) -> str:
    """One spelling per mailbox, for matching users and for counting requests: Unicode NFKC and
    casefold, as Django's own reset form compares (so "Anna@X.dk" and "anna@x.dk" are one
    address, and look-alike characters are not another)."""
    return unicodedata.normalize("NFKC", (email or "").strip()).casefold()


def uses_municipal_login_only(user) -> bool:
    """A user who has no password here: made by the municipality's login (helhedsplan/sso sets
    no usable password), or everybody while passwords are switched off, except the superusers
    that HELHEDSPLAN_LOCAL_LOGIN_ADMIN=1 lets in with a password."""
    if not settings.HELHEDSPLAN_LOCAL_LOGIN:
        return not (settings.HELHEDSPLAN_LOCAL_LOGIN_ADMIN and user.is_superuser)
    return not user.has_usable_password()


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Din e-mail",
        max_length=254,
        help_text="Den e-mail, du er oprettet med i Helhedsplan.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Skriv din e-mail.",
            "invalid": "Skriv en gyldig e-mail, fx navn@randers.dk.",
        },
    )

    def get_users(self, email):
        """The active users with this e-mail, with or without a password (Django's own leaves
        out those without one; they get a mail that points them to the municipality's login)."""
        wanted = normalise_email(email)
        field = get_user_model().get_email_field_name()
        candidates = get_user_model()._default_manager.filter(
            **{f"{field}__iexact": email.strip(), "is_active": True}
        )
        return [user for user in candidates if normalise_email(getattr(user, field)) == wanted]

    def messages(self, *, base_url: str) -> list[tuple[str, EmailMessage]]:
        """(username, e-mail) for every user of the e-mail: a one-time link, or, for a user
        without a password, where to log in instead."""
        base_url = base_url.rstrip("/")
        found = []
        for user in self.get_users(self.cleaned_data["email"]):
            context = {
                "user": user,
                "base_url": base_url,
                "hours": settings.HELHEDSPLAN_RESET_HOURS,
                "login_url": base_url + reverse("login"),
            }
            if uses_municipal_login_only(user):
                template = "accounts/email/password_reset_sso.txt"
            else:
                template = "accounts/email/password_reset.txt"
                uid = urlsafe_base64_encode(force_bytes(user.pk))
                token = default_token_generator.make_token(user)
                context["link"] = base_url + reverse(
                    "password_reset_confirm", kwargs={"uidb64": uid, "token": token}
                )
            with translation.override(settings.LANGUAGE_CODE):
                subject = render_to_string("accounts/email/password_reset_subject.txt", context)
                body = render_to_string(template, context)
            message = EmailMessage(
                " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email]
            )
            found.append((user.get_username(), message))
        return found


def deliver(messages: list[tuple[str, EmailMessage]], *, background: bool):
    """Send the mails; a failing mail server is logged, never shown (the answer must be the
    same whoever asks). In the background (a thread) when a real mail server is used: talking
    to it takes from a few hundred milliseconds to EMAIL_TIMEOUT, and an answer that came later
    for a known e-mail than for an unknown one would tell who has a user (OWASP's Forgot
    Password Cheat Sheet: "Ensure that responses return in a consistent amount of time"). The
    thread, or None when sent at once."""
    if not background:
        _send_all(messages)
        return None
    thread = threading.Thread(target=_send_all, args=(messages,), daemon=True)
    thread.start()
    return thread


def _send_all(messages) -> None:
    for username, message in messages:
        try:
            message.send()
        except (OSError, smtplib.SMTPException) as error:
            logger.error(
                "E-mail om ny adgangskode til %r kunne ikke sendes: %s",
                username,
                str(error) or error.__class__.__name__,
            )


class NewPasswordForm(SetPasswordForm):
    """Django's form for a new password (its validators, its Danish messages), with the
    autocomplete hints that let a password manager offer and save a strong one."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "Ny adgangskode"
        self.fields["new_password2"].label = "Gentag den nye adgangskode"
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
