"""The Helhedsplan JSON API (/api/v1/): bearer tokens only, no sessions, so no CSRF."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from helhedsplan.api import measurements, progress, registrations
from helhedsplan.api.auth import TokenAuth
from helhedsplan.api.errors import INVALID_JSON, Refused, validation_errors

api = NinjaAPI(
    title="Helhedsplan API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    description=(
        "Registreringer, målinger og fremdrift i en boligsocial helhedsplan. Log ind med en "
        "API-nøgle: `Authorization: Bearer <nøgle>` (oprettes med "
        "`helhedsplan api-token create BRUGERNAVN --name NAVN`). Adgangen følger brugerens "
        "rolle i planen, som på hjemmesiden."
    ),
)
api.add_router("", registrations.router)
api.add_router("", measurements.router)
api.add_router("", progress.router)


@api.exception_handler(Refused)
def refused(request, exc: Refused):
    body = {"errors": exc.errors, "needs_confirmation": exc.needs_confirmation}
    return api.create_response(request, body, status=422)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    body = {"errors": validation_errors(exc.errors), "needs_confirmation": False}
    return api.create_response(request, body, status=422)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # ninja answers a body that is not JSON with 400 "Cannot parse request body"; here it is
    # what every other unusable input is: 422 with a Danish message (found by schemathesis).
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        body = {"errors": {"__all__": [INVALID_JSON]}, "needs_confirmation": False}
        return api.create_response(request, body, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    # The views' own Danish messages; never which of "does not exist" and "not yours" it was.
    return api.create_response(request, {"detail": str(exc) or "Findes ikke."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc: AuthenticationError):
    response = api.create_response(
        request,
        {"detail": "Mangler eller ugyldig API-nøgle. Send «Authorization: Bearer <nøgle>»."},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="helhedsplan"'
    return response
