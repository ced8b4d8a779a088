"""Login that resists guessing: django-axes' callables, lock status, unlocking and API keys.

The rules (settings.py sets them from HELHEDSPLAN_LOGIN_FAILURES and HELHEDSPLAN_LOCKOUT_MINUTES):
a user name, real or made up, and an address are each locked out after AXES_FAILURE_LIMIT failed
logins that follow each other within AXES_COOLOFF_TIME, for AXES_COOLOFF_TIME after the last one.
Attempts while locked out are refused without being counted, so a lock ends on time. Wrong API
keys count per address, in their own bucket (axes' rows with the user name API_USERNAME).

axes keeps its counters in the database (AccessAttempt rows, one per user name, address and
browser), so they hold across gunicorn workers and restarts.
"""

import ipaddress
import logging
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

logger = logging.getLogger("helhedsplan.security")

# The user name under which wrong API keys are counted. Real user names cannot hold "(" or a
# space, and names typed on the login page are lower-cased, so no login can land in this bucket.
API_USERNAME = "(API-nøgle)"
# Marks the credentials that TokenAuth hands to axes (never a login form's).
API_FLAG = "helhedsplan_api_token"
# How much of a typed user name is kept (axes' column holds 255 characters).
NAME_LENGTH = 150

LOGIN_LOCKED_MESSAGE = (
    "Der har været for mange forkerte forsøg på at logge ind med dette brugernavn eller fra "
    "denne adresse, så login er spærret i {minutes} minutter. Prøv igen senere, eller kontakt "
    "sekretariatet, som kan låse op."
)
API_LOCKED_MESSAGE = (
    "For mange forkerte API-nøgler fra denne adresse. Adressen er spærret for API'et i "
    "{minutes} minutter; prøv igen senere med en gyldig nøgle."
)


def lockout_minutes() -> int:
    cool_off = get_cool_off() or timedelta(0)
    return max(1, round(cool_off.total_seconds() / 60))


# --- the callables named in settings.py (AXES_*_CALLABLE, AXES_LOCKOUT_PARAMETERS) -----------


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or behind HELHEDSPLAN_PROXY_COUNT reverse proxies
    the address the outermost of them added to X-Forwarded-For (counted from the right, since
    a client can put anything at the left)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "HELHEDSPLAN_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def _typed_name(request, credentials) -> str | None:
    if credentials:
        return credentials.get("username")
    post = getattr(request, "POST", None)
    return post.get("username") if post is not None else None


def lockout_username(request, credentials=None) -> str | None:
    """The name failures are counted under: a user's own username for every way of writing it
    (username or e-mail, any case, as EmailOrUsernameBackend accepts them), else the typed name
    in lower case. So switching between "Anna@X.dk" and "anna@x.dk" gives no extra tries."""
    if credentials and credentials.get(API_FLAG):
        return API_USERNAME
    typed = _typed_name(request, credentials)
    if typed is None:
        return None
    typed = str(typed).strip()[:NAME_LENGTH]
    # Asked several times per login by axes: look the name up once per request.
    cache = {} if request is None else request.__dict__.setdefault("_lockout_names", {})
    if typed not in cache:
        cache[typed] = _canonical_name(typed)
    return cache[typed]


def _canonical_name(typed: str) -> str:
    users = get_user_model().objects
    exact = users.filter(username=typed).values_list("username", flat=True).first()
    if exact is not None:
        return exact
    for lookup in ("username__iexact", "email__iexact"):
        found = list(users.filter(**{lookup: typed}).values_list("username", flat=True)[:2])
        if len(found) == 1:
            return found[0]
    return typed.lower()


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """What a failure is counted by. A login: the user name and, separately, the address (the
    address alone when no name was given, e.g. a failed single sign-on, so that all such
    failures are not lumped together). An API key: its address, apart from logins."""
    if isinstance(request_or_attempt, AccessAttempt):
        is_api = request_or_attempt.username == API_USERNAME
        has_name = request_or_attempt.username is not None
    else:
        is_api = bool(credentials and credentials.get(API_FLAG))
        has_name = _typed_name(request_or_attempt, credentials) is not None
    if is_api:
        return [["username", "ip_address"]]
    if not has_name:
        return ["ip_address"]
    if getattr(settings, "HELHEDSPLAN_LOCKOUT_PER_ADDRESS", True):
        return ["username", "ip_address"]
    return ["username"]


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login or API call gets: 429 and the same Danish words whether the
    user exists or not, and whether the name or the address is locked."""
    minutes = lockout_minutes()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": API_LOCKED_MESSAGE.format(minutes=minutes)}, status=429)
        response["Retry-After"] = str(_api_retry_after(request))
        return response
    typed = request.POST.get("username", "") if request.method == "POST" else ""
    context = {
        "form": AuthenticationForm(request, initial={"username": typed[:NAME_LENGTH]}),
        "locked_out": True,
        "lockout_message": LOGIN_LOCKED_MESSAGE.format(minutes=minutes),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=429)


# --- lock status, for the people page and the API --------------------------------------------


def _locked_until(rows, limit: int, cool_off: timedelta) -> datetime | None:
    """rows: (attempt_time, failures) newest first, all within the cool-off. Locked while the
    newest rows that together reach the limit are younger than the cool-off."""
    total = 0
    for attempt_time, failures in rows:
        total += failures
        if total >= limit:
            return attempt_time + cool_off
    return None


def locked_until_by_username(usernames) -> dict[str, datetime]:
    """{username: when the lock ends} for those of `usernames` that are locked out now."""
    cool_off = get_cool_off()
    names = list(usernames)
    if not names or cool_off is None:
        return {}
    limit = get_failure_limit(None, None)
    rows = (
        AccessAttempt.objects.filter(
            username__in=names, attempt_time__gte=timezone.now() - cool_off
        )
        .order_by("username", "-attempt_time")
        .values_list("username", "attempt_time", "failures_since_start")
    )
    grouped: dict[str, list] = {}
    for username, attempt_time, failures in rows:
        grouped.setdefault(username, []).append((attempt_time, failures))
    locked = {}
    for username, attempts in grouped.items():
        until = _locked_until(attempts, limit, cool_off)
        if until is not None and until > timezone.now():
            locked[username] = until
    return locked


def unlock_user(*, user, by) -> int:
    """Forget the user's failed logins (from every address), so the user can log in at once.
    Locks of addresses stay: a superuser clears those in the admin (Adgangsforsøg)."""
    names = {user.get_username(), user.get_username().lower()}
    if user.email:
        names.add(user.email.lower())
    count = sum(AxesProxyHandler.reset_attempts(username=name) for name in names)
    logger.warning(
        "Låst op: brugernavn %r låst op af %r (%d registrerede forsøg slettet)",
        user.get_username(),
        by.get_username(),
        count,
    )
    return count


# --- API keys --------------------------------------------------------------------------------


def _api_credentials() -> dict:
    return {"username": API_USERNAME, API_FLAG: True}


def api_address_locked(request) -> bool:
    if not settings.AXES_ENABLED or AxesProxyHandler.is_allowed(request, _api_credentials()):
        return False
    logger.warning("API-kald afvist, adressen er spærret: %s", client_address(request))
    return True


def record_api_key_failure(request) -> bool:
    """Count a wrong API key from the request's address; True when that locked the address.
    It goes through Django's own signal, so axes counts it and the security log records it."""
    user_login_failed.send(sender=__name__, credentials=_api_credentials(), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def _api_retry_after(request) -> int:
    cool_off = get_cool_off() or timedelta(0)
    limit = get_failure_limit(None, None)
    rows = (
        AccessAttempt.objects.filter(
            Q(username=API_USERNAME) & Q(ip_address=client_address(request)),
            attempt_time__gte=timezone.now() - cool_off,
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    until = _locked_until(rows, limit, cool_off)
    seconds = (until - timezone.now()).total_seconds() if until else cool_off.total_seconds()
    return max(1, int(seconds) + 1)


def api_locked_message() -> str:
    return API_LOCKED_MESSAGE.format(minutes=lockout_minutes())
