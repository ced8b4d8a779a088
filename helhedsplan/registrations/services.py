"""Checking and saving registrations: one set of rules for the form, the import and the API."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from helhedsplan.core.periods import tertial_of
from helhedsplan.core.privacy import CPR_MESSAGE, looks_like_cpr, validate_participant_code
from helhedsplan.plans.models import (
    Activity,
    Area,
    LocalMeasure,
    Plan,
    SubActivity,
    SuccessCriterion,
)
from helhedsplan.registrations.models import (
    Measurement,
    Participant,
    Registration,
    RegistrationParticipant,
    TertialApproval,
)

# Levels and trends are measured, qualitative criteria assessed: registrations never count there.
MEASURED_KINDS = {"level", "trend"}
COUNTED_ELSEWHERE = MEASURED_KINDS | {"qualitative"}
_CODE_SEPARATORS = re.compile(r"[\s,;]+")


def split_codes(text: str) -> list[str]:
    """Codes typed or pasted as a list: one per line, or separated by commas, semicolons or spaces."""
    seen: dict[str, None] = {}
    for code in _CODE_SEPARATORS.split(text or ""):
        if code:
            seen.setdefault(code.upper(), None)
    return list(seen)


@dataclass
class RegistrationInput:
    """What a person (or a spreadsheet row) says about one delivery, before it is checked."""

    activity: Activity
    date: datetime.date
    kind: str
    count: int = 1
    end_date: datetime.date | None = None
    participants: int | None = None
    completed: int | None = None
    criteria: list[SuccessCriterion] = field(default_factory=list)
    sub_activity: SubActivity | None = None
    codes: list[str] = field(default_factory=list)
    completed_codes: list[str] = field(default_factory=list)
    age_band: str = ""
    area: Area | None = None
    gender: str = ""
    note: str = ""


class RegistrationRefused(Exception):
    """The registration breaks a rule; `errors` maps a field name to its Danish messages."""

    def __init__(self, errors: dict[str, list[str]], *, needs_confirmation: bool = False):
        self.errors = errors
        self.needs_confirmation = needs_confirmation
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


def locked_tertial(plan: Plan, day: datetime.date) -> str | None:
    """The label of the approved (locked) tertial that `day` lies in, if any."""
    tertial = tertial_of(day, plan.start, plan.end)
    if (
        tertial
        and TertialApproval.objects.filter(plan=plan, tertial=tertial.label, approved=True).exists()
    ):
        return tertial.label
    return None


def check_registration(
    plan: Plan, data: RegistrationInput, *, today: datetime.date | None = None
) -> dict[str, list[str]]:
    """Every rule a registration must keep; an empty dict means it may be saved."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.activity.plan_id != plan.id:
        add("activity", "Aktiviteten hører ikke til planen.")
    for name, day in (("date", data.date), ("end_date", data.end_date)):
        if day is None:
            continue
        if not plan.start <= day <= plan.end:
            add(
                name,
                f"Datoen {day:%d.%m.%Y} ligger uden for planperioden "
                f"({plan.start:%d.%m.%Y}–{plan.end:%d.%m.%Y}).",
            )
        elif day > today:
            add(name, f"Datoen {day:%d.%m.%Y} ligger i fremtiden.")
    if data.end_date and data.end_date < data.date:
        add("end_date", "Slutdatoen ligger før startdatoen.")
    if data.kind not in Registration.Kind.values:
        add(
            "kind", f"Ukendt type «{data.kind}». Brug en af: {', '.join(Registration.Kind.values)}."
        )
    for name in ("count", "participants", "completed"):
        value = getattr(data, name)
        if value is not None and value < 0:
            add(name, "Må ikke være negativ.")
    if data.completed is not None:
        if data.participants is None:
            add("completed", "Angiv antal deltagere, når du angiver antal gennemførte.")
        elif data.completed > data.participants:
            add(
                "completed",
                f"Der kan ikke være flere gennemførte ({data.completed}) end deltagere "
                f"({data.participants}).",
            )
    if data.participants is not None and len(data.codes) > data.participants:
        add(
            "codes",
            f"Der er flere deltagerkoder ({len(data.codes)}) end deltagere ({data.participants}).",
        )
    for code in data.codes:
        try:
            validate_participant_code(code)
        except ValidationError as error:
            add("codes", error.messages[0])
    if data.age_band not in Participant.AgeBand.values:
        add("age_band", f"Ukendt aldersgruppe «{data.age_band}».")
    if data.gender not in Participant.Gender.values:
        add("gender", f"Ukendt køn «{data.gender}».")
    if set(data.completed_codes) - set(data.codes):
        add("codes", "En deltager kan kun gennemføre, hvis koden også er deltager.")
    for criterion in data.criteria:
        if criterion.activity_id != data.activity.id:
            add("criteria", f"Succeskriteriet «{criterion.key}» hører ikke til aktiviteten.")
        elif criterion.kind in COUNTED_ELSEWHERE:
            add(
                "criteria",
                f"Succeskriteriet «{criterion.key}» opgøres ved måling eller vurdering, "
                "ikke ved registreringer.",
            )
    if data.sub_activity and data.sub_activity.activity_id != data.activity.id:
        add("sub_activity", "Delaktiviteten hører ikke til aktiviteten.")
    if looks_like_cpr(data.note):
        add("note", CPR_MESSAGE)
    if data.date and not errors.get("date"):
        label = locked_tertial(plan, data.date)
        if label:
            add("date", f"Tertialet {label} er godkendt og låst. Sekretariatet kan genåbne det.")
    return errors


def stored_participants(data: RegistrationInput) -> int | None:
    """The participant count as saved: the typed number, else the number of codes."""
    return data.participants if data.participants is not None else (len(data.codes) or None)


def likely_duplicate(plan: Plan, data: RegistrationInput, *, exclude_id: int | None = None):
    """Same activity, date, kind and counts: probably registered twice."""
    duplicates = Registration.objects.filter(
        plan=plan,
        activity=data.activity,
        date=data.date,
        kind=data.kind,
        count=data.count,
        participants=stored_participants(data),
    )
    if exclude_id:
        duplicates = duplicates.exclude(id=exclude_id)
    return duplicates.first()


@transaction.atomic
def save_registration(
    plan: Plan,
    data: RegistrationInput,
    *,
    user=None,
    organisation_id: int | None = None,
    instance: Registration | None = None,
    confirmed_duplicate: bool = False,
    is_demo: bool = False,
    today: datetime.date | None = None,
) -> Registration:
    """Check and save (create or update) one registration, all or nothing."""
    errors = check_registration(plan, data, today=today)
    if instance is not None and instance.date != data.date:
        label = locked_tertial(plan, instance.date)
        if label:
            errors.setdefault("date", []).append(f"Tertialet {label} er godkendt og låst.")
    if errors:
        raise RegistrationRefused(errors)
    if not confirmed_duplicate and likely_duplicate(
        plan, data, exclude_id=instance.id if instance else None
    ):
        raise RegistrationRefused(
            {
                "__all__": [
                    "Der findes allerede en registrering med samme aktivitet, dato, type og "
                    "antal. Bekræft, hvis det ikke er en dobbeltregistrering."
                ]
            },
            needs_confirmation=True,
        )
    registration = instance or Registration(plan=plan, registered_by=user)
    if instance is None:
        registration.organisation_id = organisation_id
    registration.is_demo = is_demo or registration.is_demo
    for name in ("activity", "sub_activity", "date", "end_date", "kind", "count", "note"):
        setattr(registration, name, getattr(data, name))
    registration.participants = stored_participants(data)
    registration.completed = data.completed
    if registration.completed is None and data.completed_codes:
        registration.completed = len(data.completed_codes)
    registration.save()
    registration.criteria.set(data.criteria)
    _set_codes(plan, registration, data)
    return registration


def _set_codes(plan: Plan, registration: Registration, data: RegistrationInput) -> None:
    existing = {p.code: p for p in Participant.objects.filter(plan=plan, code__in=data.codes)}
    new = [
        Participant(
            plan=plan, code=code, age_band=data.age_band, area=data.area, gender=data.gender
        )
        for code in data.codes
        if code not in existing
    ]
    for participant in Participant.objects.bulk_create(new):
        existing[participant.code] = participant
    registration.links.all().delete()
    completed = set(data.completed_codes)
    RegistrationParticipant.objects.bulk_create(
        RegistrationParticipant(
            registration=registration, participant=existing[code], completed=code in completed
        )
        for code in data.codes
    )


def delete_registration(registration: Registration, *, reason: str) -> None:
    """Delete, keeping the registration in the history with the reason, its codes and criteria."""
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["Skriv, hvorfor registreringen slettes."]
    elif looks_like_cpr(reason):
        errors["reason"] = [CPR_MESSAGE]
    label = locked_tertial(registration.plan, registration.date)
    if label:
        errors.setdefault("date", []).append(f"Tertialet {label} er godkendt og låst.")
    if errors:
        raise RegistrationRefused(errors)
    codes = ", ".join(registration.links.values_list("participant__code", flat=True))
    criteria = ", ".join(registration.criteria.values_list("key", flat=True))
    # The history keeps the registration's fields; its codes and criteria go in the reason.
    registration._change_reason = (
        f"Slettet: {reason}. Succeskriterier: {criteria or '–'}. Deltagerkoder: {codes or '–'}."
    )
    registration.delete()


# Measurement.value is DecimalField(max_digits=14, decimal_places=4).
_MAX_DIGITS, _DECIMAL_PLACES = 14, 4
_SOURCE_MAX, _PERIOD_MAX = 300, 20


def build_measurement(
    plan: Plan,
    *,
    local_measure_key: str | None,
    criterion_key: str | None,
    date: datetime.date,
    value: Decimal,
    source: str,
    note: str = "",
    period: str = "",
    today: datetime.date | None = None,
) -> Measurement:
    """Every rule a measurement keeps, all named at once (RegistrationRefused); unsaved if none."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    local_measure = criterion = None
    if bool(local_measure_key) == bool(criterion_key):
        add(
            "__all__",
            "Angiv enten en lokal måling (local_measure) eller et succeskriterium (criterion) "
            "– præcis én af dem.",
        )
    elif local_measure_key:
        local_measure = LocalMeasure.objects.for_plan(plan).filter(key=local_measure_key).first()
        if local_measure is None:
            add("local_measure", f"Planen har ingen lokal måling med nøglen «{local_measure_key}».")
    else:
        criterion = SuccessCriterion.objects.for_plan(plan).filter(key=criterion_key).first()
        if criterion is None:
            add("criterion", f"Planen har intet succeskriterium med nøglen «{criterion_key}».")
        elif criterion.kind not in MEASURED_KINDS:
            add(
                "criterion",
                f"Succeskriteriet «{criterion.key}» opgøres ikke ved målinger, men ved "
                "registreringer eller vurdering. Kun niveau- og udviklingskriterier måles.",
            )
    if not plan.start <= date <= plan.end:
        add(
            "date",
            f"Datoen {date:%d.%m.%Y} ligger uden for planperioden "
            f"({plan.start:%d.%m.%Y}–{plan.end:%d.%m.%Y}).",
        )
    elif date > today:
        add("date", f"Datoen {date:%d.%m.%Y} ligger i fremtiden.")
    else:
        label = locked_tertial(plan, date)
        if label:
            add("date", f"Tertialet {label} er godkendt og låst. Sekretariatet kan genåbne det.")
    if not value.is_finite():
        add("value", "Skal være et tal.")
    else:
        places = max(0, -value.as_tuple().exponent)
        whole_digits = len(value.as_tuple().digits) - places
        if places > _DECIMAL_PLACES:
            add("value", f"Højst {_DECIMAL_PLACES} decimaler.")
        if whole_digits > _MAX_DIGITS - _DECIMAL_PLACES:
            add("value", f"Højst {_MAX_DIGITS - _DECIMAL_PLACES} cifre før kommaet.")
    source, period = (source or "").strip(), (period or "").strip()
    if not source:
        add("source", "Angiv, hvor tallet kommer fra.")
    elif len(source) > _SOURCE_MAX:
        add("source", f"Højst {_SOURCE_MAX} tegn.")
    if len(period) > _PERIOD_MAX:
        add("period", f"Højst {_PERIOD_MAX} tegn.")
    for name, text in (("source", source), ("note", note), ("period", period)):
        if looks_like_cpr(text):
            add(name, CPR_MESSAGE)
    if errors:
        raise RegistrationRefused(errors)
    if not period:
        tertial = tertial_of(date, plan.start, plan.end)
        period = tertial.label if tertial else ""
    return Measurement(
        plan=plan,
        local_measure=local_measure,
        criterion=criterion,
        date=date,
        period=period,
        value=Decimal(value),
        source=source,
        note=note or "",
    )
