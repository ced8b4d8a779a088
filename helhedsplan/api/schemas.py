"""What the API reads and writes. Keys from the plan file name activities, criteria and areas."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema
from pydantic import field_validator, model_validator


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


class Input(Schema):
    """What a client sends. A NUL character in any text is refused (422) before it reaches the
    database: PostgreSQL cannot store or even compare one, and would answer with a server error
    (Django's forms refuse it the same way)."""

    @model_validator(mode="after")
    def _no_nul_characters(self):
        if _has_nul(self.model_dump()):
            raise ValueError("Teksten indeholder et NUL-tegn (\\x00), som ikke kan gemmes.")
        return self


class Detail(Schema):
    detail: str = Field(description="Hvad der gik galt, på dansk.")


class Conflict(Schema):
    """A save refused because the registration changed after the client read it."""

    detail: str = Field(description="Hvad der skete, på dansk, med de ændrede felter.")
    changed_fields: list[str] = Field(
        description="De felter, en anden har ændret, siden klienten hentede registreringen."
    )
    version: str = Field(description="Registreringens version nu: hent den igen, og send den med.")
    changed_by: str | None = Field(None, description="Hvem der sidst ændrede den, hvis kendt.")
    changed_at: datetime.datetime | None = Field(None, description="Hvornår, hvis kendt.")


class Errors(Schema):
    errors: dict[str, list[str]] = Field(
        description="Feltnavn → fejlbeskeder på dansk; `__all__` gælder hele registreringen."
    )
    needs_confirmation: bool = Field(
        False,
        description="Sand, når registreringen ligner en dobbeltregistrering: send igen med "
        "`confirm_duplicate: true`, hvis den ikke er det.",
    )


class Filters(FilterSchema, Input):
    """A list's filters; each field names its lookup. One left out does not filter, nor does a key
    sent empty (`?activity=`)."""

    date_from: Annotated[datetime.date | None, FilterLookup("date__gte")] = Field(
        None, alias="from", description="Fra og med dato."
    )
    date_to: Annotated[datetime.date | None, FilterLookup("date__lte")] = Field(
        None, alias="to", description="Til og med dato."
    )

    @field_validator("activity", "criterion", "local_measure", mode="before", check_fields=False)
    @classmethod
    def _empty_key_is_none(cls, value):
        return None if value == "" else value


class RegistrationFilters(Filters):
    activity: Annotated[str | None, FilterLookup("activity__key")] = Field(
        None, description="Aktivitetens nøgle."
    )
    criterion: Annotated[str | None, FilterLookup("criteria__key")] = Field(
        None, description="Et succeskriteriums nøgle."
    )


class MeasurementFilters(Filters):
    local_measure: Annotated[str | None, FilterLookup("local_measure__key")] = Field(
        None, description="Den lokalt opstillede målings nøgle."
    )
    criterion: Annotated[str | None, FilterLookup("criterion__key")] = Field(
        None, description="Succeskriteriets nøgle."
    )


class RegistrationIn(Input):
    activity: str = Field(description="Aktivitetens nøgle, fx `uddannelsestilbud-for-unge`.")
    criteria: list[str] = Field(
        default_factory=list, description="Nøglerne på de succeskriterier, der tælles med i."
    )
    sub_activity: str | None = Field(None, description="Delaktivitetens nøgle.")
    date: datetime.date
    end_date: datetime.date | None = Field(None, description="Kun for forløb.")
    kind: str = Field(
        description="event, session, course, contact, meeting, publication eller other."
    )
    count: int = 1
    participants: int | None = None
    completed: int | None = None
    participant_codes: list[str] = Field(
        default_factory=list, description="Deltagerkoder (pseudonymer). Aldrig navne eller CPR."
    )
    completed_codes: list[str] = Field(
        default_factory=list, description="Koder, der har gennemført (skal også være deltagere)."
    )
    age_band: str = Field("", description="Aldersgruppe for nye koder, fx `15-17`.")
    area: str | None = Field(None, description="Boligområdets nøgle for nye koder.")
    gender: str = Field("", description="Køn for nye koder: k, m, a eller tom.")
    note: str = ""
    confirm_duplicate: bool = Field(
        False, description="Bekræft, at en registrering magen til ikke er en dobbeltregistrering."
    )
    version: str | None = Field(
        None,
        description="Ved rettelse: `version` fra den registrering, du hentede. Er den ændret "
        "siden, afvises rettelsen med 409 og de ændrede felter. Uden `version` og uden "
        "`If-Match` gemmes rettelsen oven i (sidste skriver vinder).",
    )


class RegistrationOut(Schema):
    id: int
    activity: str
    activity_name: str
    sub_activity: str | None
    criteria: list[str]
    date: datetime.date
    end_date: datetime.date | None
    kind: str
    count: int
    participants: int | None
    completed: int | None
    participant_codes: list[str] | None = Field(
        description="Kun for roller, der registrerer (ellers null)."
    )
    completed_codes: list[str] | None
    note: str
    registered_by: str | None
    organisation: str | None
    is_demo: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    may_change: bool = Field(description="Om den, der spørger, må ændre og slette den.")
    version: str = Field(
        description="Registreringens version (også i svarets ETag): send den med en rettelse "
        "som `version` eller `If-Match`, så en andens ændring ikke overskrives."
    )


class MeasurementIn(Input):
    local_measure: str | None = Field(None, description="Den lokalt opstillede målings nøgle.")
    criterion: str | None = Field(
        None, description="Nøglen på et succeskriterium af typen niveau eller udvikling."
    )
    date: datetime.date = Field(description="Den dag, værdien gælder for.")
    period: str = Field("", description="Fx `2018/19-T2` eller `2018`; standard: datoens tertial.")
    value: Decimal
    source: str = Field(description="Hvor tallet kommer fra.")
    note: str = ""


class MeasurementOut(Schema):
    id: int
    local_measure: str | None
    criterion: str | None
    date: datetime.date
    period: str
    value: float
    source: str
    note: str
    registered_by: str | None
    is_demo: bool
    created_at: datetime.datetime


class Assessment(Schema):
    status: str
    text: str


class ProgressRow(Schema):
    """One success criterion, exactly as `helhedsplan progress SLUG --json` prints it."""

    activity: str
    criterion: str
    kind: str
    combine: str | None
    per: str | None
    target: int | float | None
    target_max: int | float | None
    period_target: int | float | None
    unit: str
    expected: int | float | None
    actual: int | float | str | None = Field(
        description="For styregruppe, bestyrelse og læsere vises antal personer under "
        "planens grænse for små tal som «<N», og andre antal personer afrundes til nærmeste "
        "multiplum af grænsen; status følger det viste tal («few», når et skjult tal kunne "
        "give flere forskellige)."
    )
    status: str
    status_label: str
    assessment: Assessment | None
