"""Logging in: the password (Django's LoginView, guarded by django-axes) and, for a user with a
two-step device, the code. Failed codes count as failed logins, so guessing codes locks out too.

While a user name is locked (anyone who knows it, an e-mail, can lock it), its owner still logs
in with password and code together on the locked page's form: the user-name lock does not hold
that back, the (user name, address) and the address locks do (lockout.py). A user without
two-step login has no second step to prove who they are; the lock holds for them until it ends,
a reset link clears it, or the secretariat unlocks them."""

import logging
import math
from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from helhedsplan.accounts import two_factor
from helhedsplan.accounts.lockout import WITH_CODE_FLAG, lockout_response
from helhedsplan.accounts.two_factor import CODE_FLAG
from helhedsplan.accounts.two_factor_forms import CodeForm, LoginForm

logger = logging.getLogger("helhedsplan.security")

WRONG_CODE = (
    "Koden passer ikke. Brug den kode, appen viser lige nu (den skifter hvert 30. sekund), "
    "og tjek, at uret på telefonen går rigtigt."
)
WAIT = "For mange forkerte koder lige efter hinanden. Vent {seconds}, og prøv igen."


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def post(self, request, *args, **kwargs):
        # The locked page's form has a code field; filled in, password and code go together.
        if (request.POST.get("code") or "").strip():
            return login_with_code(request, self.get_success_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.has_device(user):
            # The password was right; the user is logged in only when the code is too.
            two_factor.start_pending(self.request, user, self.get_success_url())
            return redirect("login_code")
        return super().form_valid(form)


def safe_next(request, default: str | None = None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


def wait_message(device) -> str | None:
    """Django-otp's own brake after wrong codes (1, 2, 4, 8 … seconds), in words; None if the
    device may be tried now."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    seconds = (info or {}).get("locked_until")
    left = (seconds - timezone.now()).total_seconds() if seconds else 1
    seconds = max(1, math.ceil(left))
    return WAIT.format(seconds="1 sekund" if seconds == 1 else f"{seconds} sekunder")


def verify(user, device, code: str) -> bool:
    """django-otp's check in a transaction (a code is accepted once, also by two requests at
    the same moment)."""
    return django_otp.verify_token(user, device.persistent_id, code) is not None


def _give_up(request, state) -> None:
    two_factor.clear_pending(request)
    if state is None and request.user.is_authenticated:
        auth_logout(request)


@never_cache
@sensitive_post_parameters("code")
def login_code(request):
    """The second step: the code from the user's authenticator app."""
    state = two_factor.pending(request)
    if state is not None:
        user, next_url = state["user"], state["next"]
    elif request.user.is_authenticated and two_factor.has_device(request.user):
        if request.user.is_verified():
            return redirect(safe_next(request))
        user, next_url = request.user, safe_next(request)
    elif request.user.is_authenticated:
        return redirect(safe_next(request))
    else:
        return redirect("login")
    device = two_factor.confirmed_device(user)
    if device is None:  # removed in the admin since the password step
        _give_up(request, state)
        return redirect("login")
    credentials = {"username": user.get_username(), CODE_FLAG: True}
    if settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(request, credentials):
        _give_up(request, state)
        return lockout_response(request)
    form = CodeForm(request.POST or None, autofocus=True)
    if request.method == "POST" and form.is_valid():
        waiting = wait_message(device)
        if waiting:
            form.add_error("code", waiting)
        elif verify(user, device, form.cleaned_data["code"]):
            if state is not None:
                auth_login(request, user, backend=state["backend"])
            else:
                request.session.cycle_key()  # more rights now: a new session id
            django_otp.login(request, device)
            two_factor.clear_pending(request)
            logger.info("To-trins-kode godkendt: %r", user.get_username())
            return redirect(next_url)
        else:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                _give_up(request, state)
                return lockout_response(request)
            form.add_error("code", WRONG_CODE)
    context = {"form": form, "next": next_url, "username": user.get_username()}
    return render(request, "accounts/login_code.html", context, status=422 if form.errors else 200)


def _refused_with_code(request):
    request.helhedsplan_with_code_failed = True
    return lockout_response(request)


def _wrong_password(request, next_url: str):
    """No lock at all (it ended while the page was open): the ordinary wrong-password page."""
    form = LoginForm(request, data=request.POST)
    form.add_error(None, form.get_invalid_login_error())
    context = {"form": form, "next": next_url}
    return render(request, "registration/login.html", context, status=200)


def login_with_code(request, next_url: str):
    """Password and two-step code in one step, from the locked login page. While the user name
    is locked the answer is the same lockout page whatever was wrong (the password, the code,
    no two-step login, or a pair or address lock), so it tells a guesser nothing; each wrong
    password or code is counted against the (user name, address) and the address as any
    failure is, so the guesser's own address is soon locked for this name."""
    form = CodeForm(request.POST)
    if not form.is_valid():
        # Only the format is checked (nothing looked up, nothing counted).
        request.helhedsplan_code_error = form.errors["code"][0]
        return lockout_response(request)
    username = request.POST.get("username", "")
    user = authenticate(
        request,
        username=username,
        password=request.POST.get("password", ""),
        **{WITH_CODE_FLAG: True},
    )
    if getattr(request, "axes_locked_out", False):  # the pair or the address is locked
        return _refused_with_code(request)
    name_locked = settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(
        request, {"username": username}
    )
    if user is None:
        return _refused_with_code(request) if name_locked else _wrong_password(request, next_url)
    device = two_factor.confirmed_device(user)
    if device is None:
        if name_locked:
            # No second step to prove who they are: the user-name lock holds.
            return _refused_with_code(request)
        auth_login(request, user)
        return redirect(next_url)
    if wait_message(device):
        return _refused_with_code(request)  # django-otp's brake after wrong codes; not counted
    if not verify(user, device, form.cleaned_data["code"]):
        credentials = {"username": user.get_username(), CODE_FLAG: True}
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return _refused_with_code(request)
    auth_login(request, user)
    django_otp.login(request, device)
    if name_locked:
        logger.warning(
            "Logget ind med adgangskode og to-trins-kode trods spærret brugernavn: %r",
            user.get_username(),
        )
    return redirect(next_url)


def admin_login(request):
    """The admin's own login form would skip the code step: send it to ours."""
    query = urlencode({"next": safe_next(request, "/admin/")})
    return redirect(f"{resolve_url('login')}?{query}")
