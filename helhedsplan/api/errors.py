"""The API's error answers, in Danish, in two shapes: {"detail"} and {"errors", "needs_confirmation"}."""

from ninja.errors import HttpError

from helhedsplan.accounts.access import PlanAccess
from helhedsplan.accounts.models import Role

READ_ONLY_MESSAGE = (
    "Din rolle i planen ({role}) giver kun adgang til at læse, ikke til at registrere."
)
MEASUREMENT_ROLES = {Role.SEKRETARIAT, Role.MEDARBEJDER}
MEASUREMENT_MESSAGE = (
    "Kun sekretariatet og de boligsociale medarbejdere kan registrere målinger "
    "(din rolle er {role})."
)


class Refused(Exception):
    """A request the rules refuse: answered 422 with every problem named by field."""

    def __init__(self, errors: dict[str, list[str]], *, needs_confirmation: bool = False):
        self.errors = errors
        self.needs_confirmation = needs_confirmation
        super().__init__(errors)


def require_writer(access: PlanAccess) -> None:
    """A read-only role may see the plan (so not a 404) but not change it: 403."""
    if not access.can_write:
        raise HttpError(403, READ_ONLY_MESSAGE.format(role=access.role_label))


ROWS_MESSAGE = (
    "Din rolle i planen ({role}) giver adgang til tallene i fremdriften og rapporterne, "
    "ikke til de enkelte registreringer."
)


def require_row_reader(access: PlanAccess) -> None:
    """The outward roles read figures, not registration rows: 403 (they may see the plan)."""
    if not access.reads_registrations:
        raise HttpError(403, ROWS_MESSAGE.format(role=access.role_label))


def require_measurer(access: PlanAccess) -> None:
    if access.role not in MEASUREMENT_ROLES:
        raise HttpError(403, MEASUREMENT_MESSAGE.format(role=access.role_label))


INVALID_JSON = "Forespørgslen er ikke gyldig JSON."
# Pydantic's English messages for the mistakes a client most often makes, in Danish.
_DANISH = {
    "missing": "Feltet skal udfyldes.",
    "date_parsing": "Ugyldig dato. Skriv den som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Ugyldig dato. Skriv den som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_inexact": "Angiv en dato uden klokkeslæt (ÅÅÅÅ-MM-DD).",
    "date_type": "Ugyldig dato. Skriv den som ÅÅÅÅ-MM-DD.",
    "int_parsing": "Skal være et helt tal.",
    "int_type": "Skal være et helt tal.",
    "int_from_float": "Skal være et helt tal.",
    "decimal_parsing": "Skal være et tal.",
    "decimal_type": "Skal være et tal.",
    "float_parsing": "Skal være et tal.",
    "bool_parsing": "Skal være true eller false.",
    "bool_type": "Skal være true eller false.",
    "string_type": "Skal være tekst.",
    "list_type": "Skal være en liste.",
    "greater_than_equal": "Skal være mindst {ge}.",
    "less_than_equal": "Må højst være {le}.",
    "json_invalid": INVALID_JSON,
    "extra_forbidden": "Feltet kendes ikke.",
}
# Where ninja puts a value; not part of the field name the client knows.
_LOCATIONS = {"body", "query", "path", "header", "payload", "data", "filters"}


def validation_errors(raw: list[dict]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in raw:
        parts = [str(p) for p in error.get("loc", ()) if str(p) not in _LOCATIONS]
        name = ".".join(parts) or "__all__"
        template = _DANISH.get(error.get("type", ""))
        try:
            message = template.format(**(error.get("ctx") or {})) if template else error["msg"]
        except (KeyError, IndexError):
            message = error["msg"]
        errors.setdefault(name, []).append(message)
    return errors
