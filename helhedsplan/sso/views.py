"""The pages of the municipality's login: no plan yet, and a login that failed."""

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from helhedsplan.sso import access

logger = logging.getLogger("helhedsplan.security.sso")

REFUSED = "refused"
UNAVAILABLE = "unavailable"

FAILURES = {
    # Never says why in detail: a forged or replayed answer learns nothing from the page.
    REFUSED: (
        403,
        "Du blev ikke logget ind",
        "Svaret fra kommunens login kunne ikke godkendes, eller login blev afbrudt. Prøv igen. "
        "Sker det igen, så kontakt kommunens it-afdeling og nævn tidspunktet.",
    ),
    UNAVAILABLE: (
        502,
        "Kommunens login svarer ikke",
        "Helhedsplan kunne ikke få kontakt til kommunens login. Prøv igen om lidt. Varer det "
        "ved, så kontakt kommunens it-afdeling.",
    ),
}


def login_failed(request, reason: str):
    status, title, message = FAILURES[reason]
    return render(
        request, "sso/login_failed.html", {"title": title, "message": message}, status=status
    )


def saml_failure(request, exception=None, status=403, **kwargs):
    """djangosaml2's SAML_ACS_FAILURE_RESPONSE_FUNCTION: a refused assertion (bad signature,
    wrong audience, replay, unknown person...)."""
    logger.warning("SAML-login afvist: %r", exception)
    return login_failed(request, REFUSED)


@login_required
def no_access(request):
    if access.has_plan_access(request.user):
        return redirect("home")
    return render(
        request, "sso/no_access.html", {"email": request.user.email or request.user.username}
    )
