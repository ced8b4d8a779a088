"""`Idempotency-Key`: a create sent again with the same key makes nothing new (core.once)."""

from typing import Annotated

from ninja import Header

from helhedsplan.api.errors import Refused

IDEMPOTENCY_KEY_MAX = 100

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="En nøgle, du selv vælger (fx et UUID), højst 100 tegn. Sendes samme "
        "forespørgsel igen med samme nøgle, oprettes intet nyt: svaret er den registrering, "
        "den første oprettede.",
    ),
]


def idempotency_token(request, key: str | None) -> str:
    """The one-time token for an Idempotency-Key: one per user, so two clients never meet."""
    if key is None:
        return ""
    key = key.strip()
    if not 1 <= len(key) <= IDEMPOTENCY_KEY_MAX:
        raise Refused({"Idempotency-Key": [f"Nøglen skal være 1 til {IDEMPOTENCY_KEY_MAX} tegn."]})
    return f"api:{request.user.pk}:{key}"


def key_reused() -> Refused:
    return Refused(
        {
            "Idempotency-Key": [
                "Nøglen er allerede brugt til en anden forespørgsel. Brug en ny nøgle til en ny "
                "registrering."
            ]
        }
    )
