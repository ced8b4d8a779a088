"""Login that resists guessing: django-axes' handler and callables, lock status, unlocking and
API keys.

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
from axes.models import AccessAttempt, AccessLog
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
# How far back a successful login from an address ties it to a plan's people, so that the
# secretariat sees and may lift that address's lock (the town hall they log in from).
ADDRESS_SEEN_DAYS = 90

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


def _address_rows(address):
    """axes' rows of an address's failed logins, with any names or none (not API keys, which
    count apart)."""
    return AccessAttempt.objects.filter(ip_address=address).exclude(username=API_USERNAME)


def address_failures(address, request=None) -> int:
    """The address's failed logins within the cool-off, summed in SQL."""
    if not address:
        return 0
    total = (
        _address_rows(address)
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
    """{username: when the lock ends} for those of `usernames` that are locked out now (the
    user-name lock, from every address)."""
    cool_off = get_cool_off()
    names = list(usernames)
    if not names or cool_off is None:
        return {}
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
        until = _locked_until(attempts, name_limit(), cool_off)
        if until is not None and until > timezone.now():
            locked[username] = until
    return locked


def _names_of(user) -> set[str]:
    names = {user.get_username(), user.get_username().lower()}
    if user.email:
        names.add(user.email.lower())
    return names


def unlock_user(*, user, by) -> int:
    """Forget the user's failed logins (from every address), so the user can log in at once.
    A lock of an address stays while other names' failures reach its limit."""
    count = sum(AxesProxyHandler.reset_attempts(username=name) for name in _names_of(user))
    logger.warning(
        "Låst op: brugernavn %r låst op af %r (%d registrerede forsøg slettet)",
        user.get_username(),
        by.get_username(),
        count,
    )
    return count


def clear_user_lock(username: str) -> int:
    """Forget the failed logins counted under this user name (and the user's e-mail, any case),
    so its user-name and (user name, address) locks end: called when the owner has proved who
    they are another way, e.g. by setting a new password through a reset link. Address locks
    stay. Returns the number of axes rows deleted."""
    user = get_user_model().objects.filter(username=username).first()
    names = _names_of(user) if user is not None else {username, username.lower()}
    count = sum(AxesProxyHandler.reset_attempts(username=name) for name in names)
    logger.warning(
        "Lås på brugernavn %r ophævet, da ejeren har bevist sin identitet "
        "(%d registrerede forsøg slettet)",
        username,
        count,
    )
    return count


# --- addresses locked that hit a plan's people (the secretariat lifts them) -----------------


def _locked_addresses() -> dict[str, dict]:
    """{address: {"failures", "until"}} for every address locked now over all names."""
    cool_off = get_cool_off()
    if cool_off is None or not getattr(settings, "HELHEDSPLAN_LOCKOUT_PER_ADDRESS", True):
        return {}
    since = timezone.now() - cool_off
    totals = (
        AccessAttempt.objects.filter(attempt_time__gte=since, ip_address__isnull=False)
        .exclude(username=API_USERNAME)
        .order_by()
        .values("ip_address")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=address_limit())
        .values_list("ip_address", "total")
    )
    found = {}
    for address, total in totals:
        rows = (
            _address_rows(address)
            .filter(attempt_time__gte=since)
            .order_by("-attempt_time")
            .values_list("attempt_time", "failures_since_start")
        )
        until = _locked_until(rows, address_limit(), cool_off)
        if until is not None and until > timezone.now():
            found[address] = {"address": address, "failures": total, "until": until}
    return found


def locked_addresses_for(usernames) -> list[dict]:
    """The addresses locked now that hit these people (a plan's): a failed login of theirs
    from the address counts, or a successful one in the last ADDRESS_SEEN_DAYS days (their
    town hall). Each: {"address", "failures", "until", "people"} (how many of them)."""
    names = set(usernames)
    locked = _locked_addresses()
    if not names or not locked:
        return []
    failed = AccessAttempt.objects.filter(ip_address__in=locked, username__in=names)
    seen = AccessLog.objects.filter(
        ip_address__in=locked,
        username__in=names,
        attempt_time__gte=timezone.now() - timedelta(days=ADDRESS_SEEN_DAYS),
    )
    people: dict[str, set] = {}
    for queryset in (failed, seen):
        for address, username in (
            queryset.order_by().values_list("ip_address", "username").distinct()
        ):
            people.setdefault(address, set()).add(username)
    return sorted(
        ({**locked[address], "people": len(who)} for address, who in people.items()),
        key=lambda row: row["address"],
    )


class AddressNotLocked(Exception):
    """The address is not locked, or its lock did not hit these people."""


def unlock_address(*, address: str, usernames, by, plan_name: str) -> int:
    """Lift an address's lock for a plan's secretariat. Only if the lock hit these people (the
    plan's); and it forgets only failures that are about no one else: those of made-up names,
    of nameless attempts and of these people. The failures of users outside the plan stay (their
    locks are their own plans' business), as do wrong API keys. Returns the rows deleted."""
    try:
        address = str(ipaddress.ip_address(address))
    except ValueError:
        raise AddressNotLocked(address) from None
    names = set(usernames)
    if not any(row["address"] == address for row in locked_addresses_for(names)):
        raise AddressNotLocked(address)
    others = get_user_model().objects.exclude(username__in=names).values("username")
    rows = _address_rows(address).exclude(username__in=others)
    count, _ = rows.delete()
    logger.warning(
        "Låst op: adresse %s låst op af %r for planen %r (%d registrerede forsøg slettet)",
        address,
        by.get_username(),
        plan_name,
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
    rows = (
        AccessAttempt.objects.filter(
            username=API_USERNAME,
            ip_address=client_address(request),
            attempt_time__gte=timezone.now() - cool_off,
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    until = _locked_until(rows, address_limit(), cool_off)
    seconds = (until - timezone.now()).total_seconds() if until else cool_off.total_seconds()
    return max(1, int(seconds) + 1)


def api_locked_message() -> str:
    return API_LOCKED_MESSAGE.format(minutes=lockout_minutes())
