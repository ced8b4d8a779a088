"""The security log (logger "helhedsplan.security"): every failed login, lockout and login.

Connected in AccountsConfig.ready(), after axes (listed first in INSTALLED_APPS), so axes has
counted a failure before it is logged here. Credentials are never logged: Django hands the
signal a copy with the password blanked, and only the user name and the address are used.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from helhedsplan.accounts.lockout import (
    API_FLAG,
    API_USERNAME,
    NAME_LENGTH,
    client_address,
    lockout_minutes,
    name_limit,
)
from helhedsplan.accounts.two_factor import CODE_FLAG

logger = logging.getLogger("helhedsplan.security")


def _address(request) -> str:
    if request is None:
        return "ukendt adresse"
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    return address or "ukendt adresse"


def _name(credentials) -> str:
    name = (credentials or {}).get("username")
    return "(intet brugernavn)" if name is None else repr(str(name)[:NAME_LENGTH])


@receiver(user_login_failed, dispatch_uid="helhedsplan.security.login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    # axes sets axes_failures_since_start when it counted this failure; it leaves it unset
    # for an attempt it refused because the name or the address was already locked out.
    counted = getattr(request, "axes_failures_since_start", None)
    already_locked = getattr(request, "axes_locked_out", False) and counted is None
    if credentials.get(API_FLAG):
        # (A call from a locked address is refused before its key is looked at: lockout.py.)
        logger.warning("Forkert API-nøgle fra %s", _address(request))
        return
    if already_locked:
        logger.warning(
            "Login afvist, låst ude: brugernavn %s fra %s", _name(credentials), _address(request)
        )
        return
    what = "Forkert kode i to-trins-login" if credentials.get(CODE_FLAG) else "Mislykket login"
    tries = f" (forsøg {counted} af {name_limit()})" if counted else ""
    logger.warning("%s: brugernavn %s fra %s%s", what, _name(credentials), _address(request), tries)


@receiver(user_locked_out, dispatch_uid="helhedsplan.security.locked_out")
def log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    if getattr(request, "axes_failures_since_start", None) is None:
        return  # a refused attempt during a lockout, logged above; not a new lockout
    if username == API_USERNAME:
        logger.warning(
            "Adresse %s spærret for API'et i %d minutter efter %d forkerte API-nøgler",
            ip_address or "ukendt adresse",
            lockout_minutes(),
            request.axes_failures_since_start,
        )
        return
    address_failures = getattr(request, "helhedsplan_address_failures", None)
    if address_failures is not None:
        logger.warning(
            "Adresse %s spærret for login i %d minutter efter %d mislykkede forsøg med "
            "forskellige brugernavne (seneste: %r)",
            ip_address or "ukendt adresse",
            lockout_minutes(),
            address_failures,
            username,
        )
        return
    logger.warning(
        "Låst ude i %d minutter efter %d mislykkede forsøg: brugernavn %s, adresse %s",
        lockout_minutes(),
        request.axes_failures_since_start,
        repr(username),
        ip_address or "ukendt adresse",
    )


@receiver(user_logged_in, dispatch_uid="helhedsplan.security.logged_in")
def log_logged_in(sender, request, user, **kwargs):
    logger.info("Logget ind: %r fra %s", user.get_username(), _address(request))
