"""'Glemt adgangskode?': a person sets a new password from a one-time link sent by e-mail.

Built on Django's own views and token generator (django.contrib.auth.tokens), so the link
- works for HELHEDSPLAN_RESET_HOURS hours (PASSWORD_RESET_TIMEOUT), and only once: the token is
  made from the password's hash and the last login, so it stops working once the password has
  changed, by this link or any other way, and once the person has logged in since;
- never shows in the address bar of the form or in a Referer (Django moves it into the session).

The page answers the same whether the e-mail is known or not, so it tells nobody who has a
user (OWASP's Forgot Password Cheat Sheet: "Return a consistent message for both existent and
non-existent accounts"), and as fast: with a real mail server the mail is sent in the
background (password_reset_forms.deliver). A person who logs in only through the municipality's login gets an
e-mail that says so, and no link.

Requests are limited per e-mail and per address (HELHEDSPLAN_RESET_PER_EMAIL and
HELHEDSPLAN_RESET_PER_ADDRESS within HELHEDSPLAN_RESET_WINDOW_MINUTES), counted in the database
like failed logins, so the limit holds across gunicorn workers: nobody can bury a colleague's
mailbox in reset mails. A refused request is not counted, so the limit ends on time.

After a new password: every other session of the person ends (Django checks the password's hash
in each session), the person's API keys are revoked (helhedsplan.api.signals), the user name's
login lock is lifted, and two-step login is still asked at the next login (the link does not log
in). Every step goes to the logger helhedsplan.security.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection, transaction
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_variables

from helhedsplan.accounts import lockout, unlocking
from helhedsplan.accounts.models import PasswordResetRequest
from helhedsplan.accounts.password_reset_forms import (
    NewPasswordForm,
    ResetRequestForm,
    deliver,
    normalise_email,
    uses_municipal_login_only,
)

logger = logging.getLogger("helhedsplan.security")

TOO_MANY = (
    "Der er bedt om et nyt link for mange gange lige efter hinanden for denne e-mail eller fra "
    "denne adresse. Vent {wait}, og prøv igen. Kom der ingen e-mail, så tjek spam-mappen, eller "
    "kontakt sekretariatet."
)


# The PostgreSQL advisory lock that takes reset requests one at a time (any fixed number that
# nothing else in the database uses; "hp-reset" in ASCII).
ADVISORY_LOCK = 0x68702D7265736574


def _minutes(count: int) -> str:
    return "1 minut" if count == 1 else f"{count} minutter"


def email_key(email: str) -> str:
    """The e-mail as stored for the limit: a keyed hash, never the address itself."""
    return salted_hmac(
        "helhedsplan.password_reset", normalise_email(email), algorithm="sha256"
    ).hexdigest()


def _window() -> timedelta:
    return timedelta(minutes=settings.HELHEDSPLAN_RESET_WINDOW_MINUTES)


def take_request(*, email: str, address: str | None, now=None) -> int | None:
    """Count one request for a reset mail, or refuse it: None when it may be sent, else the
    minutes until the next request may be. Requests are taken one at a time (SQLite's write
    lock is taken when a transaction begins; on PostgreSQL an advisory lock), so two workers at
    the limit cannot both send; a refused request is deleted again and never prolongs the wait."""
    now = now or timezone.now()
    since = now - _window()
    key = email_key(email)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Held to the end of the transaction. Requests are few, so one lock for all.
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        PasswordResetRequest.objects.filter(created_at__lt=since).delete()
        mine = PasswordResetRequest.objects.create(email_hash=key, address=address, created_at=now)
        recent = PasswordResetRequest.objects.filter(created_at__gte=since)
        by_email = recent.filter(email_hash=key).order_by("created_at", "pk")
        by_address = recent.filter(address=address).order_by("created_at", "pk")
        over = []
        if by_email.count() > settings.HELHEDSPLAN_RESET_PER_EMAIL:
            over.append(by_email)
        if address and by_address.count() > settings.HELHEDSPLAN_RESET_PER_ADDRESS:
            over.append(by_address)
        if not over:
            return None
        mine.delete()
        # Free again when the oldest request still counted has left the window.
        oldest = max(rows.values_list("created_at", flat=True).first() for rows in over)
    left = (oldest + _window() - now).total_seconds()
    return max(1, int(-(-left // 60)))


class RequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")
    title = "Glemt adgangskode"

    def post(self, request, *args, **kwargs):
        if not settings.HELHEDSPLAN_LOCAL_LOGIN:
            # Passwords are off: the page says so and sends nothing.
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["passwords_off"] = not settings.HELHEDSPLAN_LOCAL_LOGIN
        context["hours"] = settings.HELHEDSPLAN_RESET_HOURS
        return context

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        address = lockout.client_address(self.request)
        wait = take_request(email=email, address=address)
        if wait is not None:
            logger.warning(
                "Nyt link til adgangskode afvist, for mange anmodninger: e-mail %r fra %s",
                email[: lockout.NAME_LENGTH],
                address or "ukendt adresse",
            )
            form.add_error(None, TOO_MANY.format(wait=_minutes(wait)))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        messages = form.messages(base_url=settings.HELHEDSPLAN_BASE_URL)
        logger.info(
            "Nyt link til adgangskode bedt om: e-mail %r fra %s (%d e-mail%s)",
            email[: lockout.NAME_LENGTH],
            address or "ukendt adresse",
            len(messages),
            "" if len(messages) == 1 else "s",
        )
        deliver(messages, background=bool(settings.EMAIL_HOST))
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


class DoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    title = "Tjek din e-mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hours"] = settings.HELHEDSPLAN_RESET_HOURS
        return context


class ConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    # The link does not log in: the login page does, with two-step login when set up.
    post_reset_login = False
    title = "Vælg en ny adgangskode"

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if not self.validlink and request.method == "GET" and response.status_code == 200:
            logger.warning(
                "Ugyldigt, brugt eller udløbet link til ny adgangskode åbnet fra %s",
                lockout.client_address(request) or "ukendt adresse",
            )
        return response

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not user.is_active:
            return None
        # A link is never sent to such a user; one made some other way does not open either.
        return None if uses_municipal_login_only(user) else user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hours"] = settings.HELHEDSPLAN_RESET_HOURS
        if self.validlink:
            context["username"] = self.user.get_username()
        return context

    @sensitive_variables("form")
    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.user
        cleared = unlocking.clear_user_lock(user.get_username())
        logger.warning(
            "Ny adgangskode sat med link fra e-mail: brugernavn %r fra %s; andre sessioner er "
            "afsluttet, API-nøgler spærret%s",
            user.get_username(),
            lockout.client_address(self.request) or "ukendt adresse",
            ", spærring af brugernavnet ophævet" if cleared else "",
        )
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


class CompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    title = "Adgangskoden er skiftet"
