"""Login that resists guessing: django-axes' handler and callables, the address lock and API keys.
Which people and addresses are locked now, and lifting a lock, are in unlocking.

What is counted (settings.py reads the numbers from the environment; the README explains why):
- a user name, real or made up: locked after HELHEDSPLAN_LOGIN_FAILURES failed logins, from any
  address. A user with two-step login (TOTP) still logs in with the right password plus a code
  from the app, so whoever knows a user name (an e-mail) cannot lock its owner out;
- the pair (user name, address): locked after the same number. It stops the guesser at its own
  address, the two-step way included;
- an address alone: locked only after HELHEDSPLAN_ADDRESS_FAILURES (50) failed logins with any
  names. A town hall's staff share one public address, so five typos must not lock it; fifty
  names tried from one address is password spraying;
- wrong API keys: per address, in their own bucket (axes' rows with the user name
  API_USERNAME), at the address's number.
A failure counts while the newest failure of its axes row (one per user name, address and
browser) is less than HELHEDSPLAN_LOCKOUT_MINUTES old, and a lock lasts that long after the last
failure. Attempts while locked out are refused without being counted, so a lock ends on time.

axes keeps its counters in the database (AccessAttempt rows), so they hold across gunicorn
workers and restarts; the address count is a SUM over the same rows.
"""

import ipaddress
import logging
from datetime import datetime, timedelta
from functools import lru_cache

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from helhedsplan.accounts.two_factor import CODE_FLAG

logger = logging.getLogger("helhedsplan.security")

# The user name under which wrong API keys are counted. Real user names cannot hold "(" or a
# space, and names typed on the login page are lower-cased, so no login can land in this bucket.
API_USERNAME = "(API-nøgle)"
# Marks the credentials that TokenAuth hands to axes (never a login form's).
API_FLAG = "helhedsplan_api_token"
# Marks a login with password and two-step code together (the locked login page's form): the
# user-name lock does not hold it back, the pair and the address locks do.
WITH_CODE_FLAG = "helhedsplan_with_code"
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


def name_limit() -> int:
    return settings.HELHEDSPLAN_LOGIN_FAILURES


def address_limit() -> int:
    return settings.HELHEDSPLAN_ADDRESS_FAILURES


# --- the client's address --------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    networks = _networks(tuple(getattr(settings, "HELHEDSPLAN_TRUSTED_PROXIES", ())))
    return any(ip in network for network in networks)


def client_address(request) -> str | None:
    """The client's IP address (AXES_CLIENT_IP_CALLABLE). REMOTE_ADDR, unless that is one of
    HELHEDSPLAN_TRUSTED_PROXIES: then X-Forwarded-For is read from the right, at most
    HELHEDSPLAN_PROXY_COUNT entries, and the first address that is not a trusted proxy is the
    client. A client that reaches gunicorn directly is never a trusted proxy, so its own
    X-Forwarded-For is ignored; entries further left than the proxies wrote are never read,
    since a client can put anything there."""
    current = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "HELHEDSPLAN_PROXY_COUNT", 0)
    if not proxies or not _trusted(current):
        return current
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    for hop in list(reversed(forwarded))[:proxies]:
        if not _trusted(current):
            break
        try:
            current = str(ipaddress.ip_address(hop))
        except ValueError:
            break  # not written by a proxy of ours; keep the last address we can vouch for
    return current


# --- the callables named in settings.py (AXES_*_CALLABLE, AXES_LOCKOUT_PARAMETERS) -----------


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


def _is_api(credentials) -> bool:
    return bool(credentials and credentials.get(API_FLAG))


def _skips_name_lock(credentials) -> bool:
    """A login that proves the second step (the code step after a right password, or password
    and code in one form) is held back by the pair and the address only."""
    return bool(credentials and (credentials.get(WITH_CODE_FLAG) or credentials.get(CODE_FLAG)))


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """axes' buckets, each at failure_limit(): a login counts by user name and by (user name,
    address); a login with the code by the pair only; an API key, and a login without a name
    (a failed single sign-on), by their own rows at the address. The address over all names is
    not an axes bucket (it has its own, higher limit): LockoutHandler adds it."""
    if isinstance(request_or_attempt, AccessAttempt):
        is_api = request_or_attempt.username == API_USERNAME
        has_name = request_or_attempt.username is not None
    else:
        is_api = _is_api(credentials)
        has_name = _typed_name(request_or_attempt, credentials) is not None
    if is_api or not has_name or _skips_name_lock(credentials):
        return [["username", "ip_address"]]
    return [["username"], ["username", "ip_address"]]


def failure_limit(request, credentials=None) -> int:
    """AXES_FAILURE_LIMIT: a user name's buckets lock at HELHEDSPLAN_LOGIN_FAILURES; an API key's
    and a nameless login's, which are per address, at HELHEDSPLAN_ADDRESS_FAILURES."""
    if _is_api(credentials) or _typed_name(request, credentials) is None:
        return address_limit()
    return name_limit()


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login or API call gets: 429 and the same Danish words whether the
    user exists or not, and whether the name, the pair or the address is locked."""
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
        # Set by login_views when password and code together did not log in.
        "with_code_failed": getattr(request, "helhedsplan_with_code_failed", False),
        "code_error": getattr(request, "helhedsplan_code_error", ""),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=429)


# --- the address over all names --------------------------------------------------------------


def _cool_off_threshold(request) -> datetime:
    if request is not None and getattr(request, "axes_attempt_time", None) is not None:
        return get_cool_off_threshold(request)
    return timezone.now() - (get_cool_off() or timedelta(0))


def address_rows(address):
    """axes' rows of an address's failed logins, with any names or none (not API keys, which
    count apart)."""
    return AccessAttempt.objects.filter(ip_address=address).exclude(username=API_USERNAME)


def address_failures(address, request=None) -> int:
    """The address's failed logins within the cool-off, summed in SQL."""
    if not address:
        return 0
    total = (
        address_rows(address)
        .filter(attempt_time__gte=_cool_off_threshold(request))
        .aggregate(total=Sum("failures_since_start"))["total"]
    )
    return total or 0


def _address_lock_applies(credentials) -> bool:
    return getattr(settings, "HELHEDSPLAN_LOCKOUT_PER_ADDRESS", True) and not _is_api(credentials)


def _request_address(request) -> str | None:
    return getattr(request, "axes_ip_address", None) or client_address(request)


def address_locked(request, credentials=None) -> bool:
    if not _address_lock_applies(credentials):
        return False
    return address_failures(_request_address(request), request) >= address_limit()


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler (AXES_HANDLER) plus the address over all names at its own limit.
    axes compares every bucket with one limit; the address needs a higher one than the name."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return  # locked already (refused, not counted) or by a name bucket just now
        if getattr(request, "axes_failures_since_start", None) is None:
            return  # not counted (whitelisted)
        if not _address_lock_applies(credentials):
            return
        failures = address_failures(request.axes_ip_address, request)
        if failures < address_limit():
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        # For the security log: this lock is the address's, after this many failures.
        request.helhedsplan_address_failures = failures
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )


def locked_until(rows, limit: int, cool_off: timedelta) -> datetime | None:
    """rows: (attempt_time, failures) newest first, all within the cool-off. Locked while the
    newest rows that together reach the limit are younger than the cool-off."""
    total = 0
    for attempt_time, failures in rows:
        total += failures
        if total >= limit:
            return attempt_time + cool_off
    return None


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
    rows = (
        AccessAttempt.objects.filter(
            username=API_USERNAME,
            ip_address=client_address(request),
            attempt_time__gte=timezone.now() - cool_off,
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    until = locked_until(rows, address_limit(), cool_off)
    seconds = (until - timezone.now()).total_seconds() if until else cool_off.total_seconds()
    return max(1, int(seconds) + 1)


def api_locked_message() -> str:
    return API_LOCKED_MESSAGE.format(minutes=lockout_minutes())
