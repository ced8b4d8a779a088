"""Locks on logins, as the secretariat sees and lifts them: which of a plan's people and which
addresses are locked now, unlocking a person or an address, and ending a user name's lock when its
owner has proved who they are (a password reset). What is counted and when it locks is in lockout.
"""

import ipaddress
import logging
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

from helhedsplan.accounts.lockout import (
    API_USERNAME,
    address_limit,
    address_rows,
    locked_until,
    name_limit,
)

logger = logging.getLogger("helhedsplan.security")

# How far back a successful login from an address ties it to a plan's people, so that the
# secretariat sees and may lift that address's lock (the town hall they log in from).
ADDRESS_SEEN_DAYS = 90


# --- lock status, for the people page --------------------------------------------


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
        until = locked_until(attempts, name_limit(), cool_off)
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
            address_rows(address)
            .filter(attempt_time__gte=since)
            .order_by("-attempt_time")
            .values_list("attempt_time", "failures_since_start")
        )
        until = locked_until(rows, address_limit(), cool_off)
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
    rows = address_rows(address).exclude(username__in=others)
    count, _ = rows.delete()
    logger.warning(
        "Låst op: adresse %s låst op af %r for planen %r (%d registrerede forsøg slettet)",
        address,
        by.get_username(),
        plan_name,
        count,
    )
    return count
