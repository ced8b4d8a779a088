"""Checking and saving registrations: one set of rules for the form, the import and the API."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.core.periods import tertial_of
from helhedsplan.core.privacy import CPR_MESSAGE, looks_like_cpr, validate_participant_code
from helhedsplan.plans.models import (
    Activity,
    Area,
    Plan,
    SubActivity,
    SuccessCriterion,
)
from helhedsplan.registrations.models import (
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

    def __init__(
        self, errors: dict[str, list[str]], *, needs_confirmation: bool = False, duplicate=None
    ):
        self.errors = errors
        self.needs_confirmation = needs_confirmation
        self.duplicate = duplicate  # the registration this one probably repeats
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
                f"Datoen {formats.date_short(day)} ligger uden for planperioden "
                f"({formats.period_short(plan.start, plan.end)}).",
            )
        elif day > today:
            add(name, f"Datoen {formats.date_short(day)} ligger i fremtiden.")
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


# The one duplicate rule, for the form (create and edit alike), the import and the API. A
# registration is probably the same delivery registered twice when another one has the same
# activity, date, type («Type»), organisation (who registered it) and «Antal», and the same
# «Deltagere» where both state a number: a registration without a number ("–", e.g. one saved
# again from the back button with its codes gone) does not tell two deliveries apart, so it
# matches any number. Codes, criteria and notes are not compared (a second save from the back
# button loses the codes). The registration being edited is never its own duplicate (exclude_id):
# changing only «Deltagere» 3 -> 4 is not flagged.
DUPLICATE_FIELDS = (
    "aktivitet, dato, type, organisation og antal, og deltagere hvor begge har et tal"
)


def likely_duplicate(
    plan: Plan,
    data: RegistrationInput,
    *,
    organisation_id: int | None = None,
    exclude_id: int | None = None,
):
    """Another registration that is probably the same delivery (see DUPLICATE_FIELDS), or None."""
    duplicates = Registration.objects.filter(
        plan=plan,
        activity=data.activity,
        date=data.date,
        kind=data.kind,
        count=data.count,
        organisation_id=organisation_id,
    )
    participants = stored_participants(data)
    if participants is not None:
        duplicates = duplicates.filter(Q(participants=participants) | Q(participants__isnull=True))
    if exclude_id:
        duplicates = duplicates.exclude(id=exclude_id)
    return (
        duplicates.select_related("activity", "organisation", "registered_by")
        .order_by("id")
        .first()
    )


def duplicate_words(twin: Registration) -> str:
    """What the duplicate check compared, said of the registration that exists already."""
    people = (
        "uden et antal deltagere"
        if twin.participants is None
        else f"med {twin.participants} deltager{'' if twin.participants == 1 else 'e'}"
    )
    by = f", registreret af {twin.organisation.name}" if twin.organisation_id else ""
    return (
        f"Der findes allerede en registrering for aktiviteten «{twin.activity.name}» den "
        f"{formats.date_words(twin.date)} af typen {twin.get_kind_display()}, antal {twin.count}, {people}"
        f"{by}. Sammenlignet er {DUPLICATE_FIELDS}."
    )


def is_empty_event(data: RegistrationInput) -> bool:
    """An arrangement with no participants: neither a number above 0 nor any codes. Often a form
    saved by mistake (or again from the back button, where the codes are gone): the form asks
    before saving it. The import and the API save it as sent."""
    return data.kind == Registration.Kind.EVENT and not data.codes and not data.participants


# Ticked in advance on the form (issue 18): only what a registration of the chosen type obviously
# counts toward, and only where the registering organisation delivers the criterion's data (the
# deliverer the activity page and "mangler data" name: progress.services.deliverer). A criterion
# with no deliverer stated is anyone's. Everything else is shown unticked, for the person to tick.
# - a count (kind "count") when its unit names this type of delivery: "arrangementer" for an
#   arrangement, "gruppeforløb" for a forløb, "møder" for a møde. Any other unit is asked for,
#   never guessed toward (a count of "rådgivningsforløb" is not an arrangement).
# - unique participants (enrolment, "tilknyttet", "kontakt til 80 unikke børn") for the types that
#   register persons one by one: forløb, forløbsgang, kontakt. Never for an arrangement, a møde or
#   an udgivelse: coming to a party is not being enrolled in a workshop.
# - averages, shares: never (they need a number the person must decide counts there).
COUNT_UNITS = {
    "event": r"(arrangement|aktivitet)(er|erne)?",
    "session": r"(forløbsgang|gang)(e|ene)?",
    "course": r"forløb(ene)?",
    "contact": r"kontakt(er|erne)?",
    "meeting": r"møde(r|rne)?",
    "publication": r"(udgivelse|eksemplar|nyhedsmail|nyhedsbrev|historie|artikel|artikl)"
    r"(r|er|e|ne|erne|s)?",
}
ENROLLING_KINDS = {"course", "session", "contact"}


def delivers(criterion: SuccessCriterion, organisation_id: int | None) -> bool:
    """Whether `organisation_id` delivers the criterion's data (or nobody is named for it)."""
    found = criterion.deliverer
    return found is None or found.id == organisation_id


def kinds_counted(criterion: SuccessCriterion) -> set[str]:
    """The registration types that obviously count toward `criterion` (see COUNT_UNITS)."""
    if criterion.kind == SuccessCriterion.Kind.UNIQUE_PARTICIPANTS:
        return set(ENROLLING_KINDS)
    if criterion.kind == SuccessCriterion.Kind.COUNT:
        unit = " ".join((criterion.unit or "").lower().split())
        # The unit's last word, compounds included: "forløbsaktiviteter" ends in "aktiviteter".
        return {kind for kind, words in COUNT_UNITS.items() if re.search(f"{words}$", unit)}
    return set()


def ticked_in_advance(
    criteria, *, kind: str | None = None, organisation_id: int | None
) -> dict[int, set[str]]:
    """Criterion id -> the registration types for which the form ticks it in advance (only
    those delivered by `organisation_id`); with `kind`, only criteria ticked for that type."""
    result = {}
    for criterion in criteria:
        kinds = kinds_counted(criterion) if delivers(criterion, organisation_id) else set()
        if kind is None or kind in kinds:
            result[criterion.id] = kinds
    return result


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
    twin = (
        None
        if confirmed_duplicate
        else likely_duplicate(
            plan,
            data,
            organisation_id=instance.organisation_id if instance else organisation_id,
            exclude_id=instance.id if instance else None,
        )
    )
    if twin is not None:
        raise RegistrationRefused(
            {
                "__all__": [
                    duplicate_words(twin) + " Det kan være en dobbeltregistrering: bekræft, "
                    "at det er en anden leverance, før den gemmes."
                ]
            },
            needs_confirmation=True,
            duplicate=twin,
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
