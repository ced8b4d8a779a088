"""Privacy guards: nothing that looks like a CPR number is ever stored.

A CPR number is ddmmyy-xxxx (with or without the dash, sometimes with a space). We refuse any
10-digit run whose first six digits form a valid date, wherever it appears in free text.
"""

import datetime
import re

from django.core.exceptions import ValidationError

_CPR = re.compile(r"(?<!\d)([0-3]\d)([01]\d)(\d{2})[\s-]?\d{4}(?!\d)")
PSEUDONYM = re.compile(r"^[A-Za-z0-9ÆØÅæøå]+(-[A-Za-z0-9ÆØÅæøå]+)*$")

CPR_MESSAGE = (
    "Teksten ligner et CPR-nummer. Skriv aldrig CPR-numre i Helhedsplan – brug en "
    "deltagerkode (pseudonym)."
)


def looks_like_cpr(text: str) -> bool:
    for match in _CPR.finditer(text or ""):
        day, month, year = (int(part) for part in match.groups())
        for century in (1900, 2000):
            try:
                datetime.date(century + year, month, day)
            except ValueError:
                continue
            return True
    return False


def refuse_cpr(text: str) -> None:
    """A validator for every free-text field."""
    if looks_like_cpr(text):
        raise ValidationError(CPR_MESSAGE, code="cpr")


def validate_participant_code(code: str) -> None:
    if looks_like_cpr(code) or re.fullmatch(r"\d{6}-?\d{4}", code or ""):
        # The code is not repeated: a CPR number must not end up on screen or in a log.
        raise ValidationError(
            "En deltagerkode ligner et CPR-nummer. Brug en kode som P-0001.", code="cpr"
        )
    if not PSEUDONYM.fullmatch(code or ""):
        raise ValidationError(
            f"Deltagerkoden «{code}» må kun indeholde bogstaver, tal og bindestreger.",
            code="pseudonym",
        )
