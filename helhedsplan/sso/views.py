"""The pages of the municipality's login: no plan yet, and a login that failed."""

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from helhedsplan.sso import access

logger = logging.getLogger("helhedsplan.security.sso")

REFUSED = "refused"
UNAVAILABLE = "unavailable"
NOT_LINKED = "not_linked"

FAILURES = {
    # Never says why in detail: a forged or replayed answer learns nothing from the page.
    REFUSED: (
        403,
        "Du blev ikke logget ind",
        "Svaret fra kommunens login kunne ikke godkendes, eller login blev afbrudt. Prøv igen. "
        "Sker det igen, så kontakt kommunens it-afdeling og nævn tidspunktet.",
    ),
    # After a valid login whose e-mail belongs to a user that is not bound to it (a password,
    # staff, a superuser, bound to someone else at the provider, or not invited).
    NOT_LINKED: (
        403,
        "Du blev ikke logget ind",
        "Der findes allerede en bruger med din e-mail i Helhedsplan, og den knyttes ikke "
        "automatisk til kommunens login: det sker kun for en person, der er inviteret og ikke "
        "har en adgangskode eller administratoradgang. Log ind med din adgangskode, hvis du har "
        "en, eller kontakt sekretariatet.",
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
