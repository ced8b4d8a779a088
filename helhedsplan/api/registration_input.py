"""A registration sent to the API, as the shared rules read it (registrations.services).

Keys become the plan's objects; what the web form's own fields check is checked here, and every
broken rule is named at once, by the API's field names.
"""

from helhedsplan.accounts.access import PlanAccess
from helhedsplan.api.errors import Refused
from helhedsplan.api.schemas import RegistrationIn
from helhedsplan.core.privacy import CPR_MESSAGE, looks_like_cpr
from helhedsplan.plans.models import Activity, Area, SuccessCriterion
from helhedsplan.registrations.models import Participant
from helhedsplan.registrations.services import RegistrationInput, check_registration


def codes(raw: list[str]) -> list[str]:
    """Codes as the form stores them (split_codes): trimmed, upper case, each once, in order."""
    seen: dict[str, None] = {}
    for code in raw:
        code = code.strip().upper()
        if code:
            seen.setdefault(code, None)
    return list(seen)


def activity_for(access: PlanAccess, key: str) -> Activity:
    activity = Activity.objects.for_plan(access.plan).filter(key=key).first()
    if activity is None:
        raise Refused({"activity": [f"Planen har ingen aktivitet med nøglen «{key}»."]})
    return activity


def registration_input(
    access: PlanAccess, activity: Activity, payload: RegistrationIn
) -> RegistrationInput:
    """The payload as the shared rules read it; what the form's own fields check is checked here.

    Every broken rule is named at once, as the form does: key and choice problems together with
    what check_registration finds.
    """
    plan = access.plan
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    criteria = {
        c.key: c for c in SuccessCriterion.objects.for_plan(plan).filter(key__in=payload.criteria)
    }
    for key in payload.criteria:
        if key not in criteria:
            add("criteria", f"Planen har intet succeskriterium med nøglen «{key}».")
    sub_activity = None
    if payload.sub_activity:
        sub_activity = activity.sub_activities.filter(key=payload.sub_activity).first()
        if sub_activity is None:
            add(
                "sub_activity",
                f"Aktiviteten har ingen delaktivitet med nøglen «{payload.sub_activity}».",
            )
    area = None
    if payload.area:
        area = Area.objects.for_plan(plan).filter(key=payload.area).first()
        if area is None:
            add("area", f"Planen har intet boligområde med nøglen «{payload.area}».")
    if payload.age_band not in Participant.AgeBand.values:
        bands = ", ".join(value for value in Participant.AgeBand.values if value)
        add("age_band", f"Ukendt aldersgruppe «{payload.age_band}». Brug en af: {bands}.")
    if payload.gender not in Participant.Gender.values:
        add("gender", f"Ukendt køn «{payload.gender}». Brug k, m, a eller tom.")
    # The form refuses a CPR number in the typed text before splitting it into codes.
    if any(looks_like_cpr(code) for code in payload.completed_codes):
        add("completed_codes", CPR_MESSAGE)
    data = RegistrationInput(
        activity=activity,
        date=payload.date,
        end_date=payload.end_date,
        kind=payload.kind,
        count=payload.count,
        participants=payload.participants,
        completed=payload.completed,
        criteria=[criteria[key] for key in dict.fromkeys(payload.criteria) if key in criteria],
        sub_activity=sub_activity,
        codes=codes(payload.participant_codes),
        completed_codes=codes(payload.completed_codes),
        age_band=payload.age_band,
        area=area,
        gender=payload.gender,
        note=payload.note,
    )
    if errors:
        for name, texts in check_registration(plan, data).items():
            for text in texts:
                add(name, text)
        raise Refused(field_names(errors))
    return data


def field_names(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The service calls the codes `codes`; the API calls them `participant_codes`."""
    return {
        ("participant_codes" if name == "codes" else name): texts for name, texts in errors.items()
    }
