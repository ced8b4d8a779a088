"""The OpenID provider's endpoints, read from its discovery document when someone logs in.

Read lazily (not at start-up) so that a provider that is down does not stop the application,
and kept for an hour so that a login does not fetch it twice.
"""

import threading
import time
from dataclasses import dataclass

import requests
from django.conf import settings

CACHE_SECONDS = 3600
_lock = threading.Lock()
_cache: dict[str, tuple[float, "Provider"]] = {}


class ProviderUnavailable(Exception):
    """The issuer's discovery document could not be fetched or does not fit."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _fetch(issuer: str) -> Provider:
    url = discovery_url(issuer)
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{url}: {error}") from None
    # The issuer in the document must be the one we were told to trust (OpenID Connect
    # Discovery 1.0, section 4.3); the ID token's "iss" is checked against it.
    if str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise ProviderUnavailable(
            f"{url} angiver udstederen {document.get('issuer')!r}, ikke {issuer!r}"
        )
    missing = [
        key
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri")
        if not document.get(key)
    ]
    if missing:
        raise ProviderUnavailable(f"{url} mangler {', '.join(missing)}")
    return Provider(
        issuer=document["issuer"],
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        userinfo_endpoint=document.get("userinfo_endpoint"),
    )


def provider() -> Provider:
    issuer = settings.HELHEDSPLAN_OIDC_ISSUER
    now = time.monotonic()
    with _lock:
        cached = _cache.get(issuer)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
    found = _fetch(issuer)
    with _lock:
        _cache[issuer] = (now, found)
    return found


def forget() -> None:
    """Fetch the document anew at the next login (tests start a new provider each time)."""
    with _lock:
        _cache.clear()
