"""Registrations over the API: the web views' access rules and the form's rules, nothing new.

Access goes through get_plan_for_user/PlanAccess exactly as in registrations/views.py; every rule
a registration must keep is in registrations/services.py (save_registration). This module only
translates keys to objects and errors to JSON.
"""

from typing import Annotated

from django.db.models import Prefetch
from django.http import Http404
from ninja import Query, Router, Status

from helhedsplan.accounts.access import PlanAccess, get_plan_for_user
from helhedsplan.api.errors import Refused, require_writer
from helhedsplan.api.schemas import (
    Detail,
    Errors,
    RegistrationFilters,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
)
from helhedsplan.core.privacy import CPR_MESSAGE, looks_like_cpr
from helhedsplan.plans.models import Activity, Area, SuccessCriterion
from helhedsplan.registrations.models import Participant, Registration, RegistrationParticipant
from helhedsplan.registrations.services import (
    RegistrationInput,
    RegistrationRefused,
    check_registration,
    delete_registration,
    save_registration,
)

router = Router(tags=["registreringer"])

NOT_FOUND = "Registreringen findes ikke."


def _registrations(access: PlanAccess):
    queryset = (
        Registration.objects.visible_to(access)
        .select_related("activity", "sub_activity", "registered_by", "organisation")
        .prefetch_related(Prefetch("criteria", queryset=SuccessCriterion.objects.order_by("key")))
        .order_by("-date", "-id")
    )
    if access.sees_participant_codes:
        queryset = queryset.prefetch_related(
            Prefetch(
                "links",
                queryset=RegistrationParticipant.objects.select_related("participant").order_by(
                    "id"
                ),
            )
        )
    return queryset


def _registration_for(access: PlanAccess, pk: int) -> Registration:
    registration = _registrations(access).filter(pk=pk).first()
    if registration is None:
        raise Http404(NOT_FOUND)
    return registration


def _out(access: PlanAccess, registration: Registration) -> dict:
    codes = completed = None
    if access.sees_participant_codes:
        links = list(registration.links.all())
        codes = [link.participant.code for link in links]
        completed = [link.participant.code for link in links if link.completed]
    return {
        "id": registration.id,
        "activity": registration.activity.key,
        "activity_name": registration.activity.name,
        "sub_activity": registration.sub_activity.key if registration.sub_activity else None,
        "criteria": [criterion.key for criterion in registration.criteria.all()],
        "date": registration.date,
        "end_date": registration.end_date,
        "kind": registration.kind,
        "count": registration.count,
        "participants": registration.participants,
        "completed": registration.completed,
        "participant_codes": codes,
        "completed_codes": completed,
        "note": registration.note,
        "registered_by": registration.registered_by.username
        if registration.registered_by
        else None,
        "organisation": registration.organisation.key if registration.organisation else None,
        "is_demo": registration.is_demo,
        "created_at": registration.created_at,
        "updated_at": registration.updated_at,
        "may_change": access.may_change(registration),
    }


def _codes(raw: list[str]) -> list[str]:
    """Codes as the form stores them (split_codes): trimmed, upper case, each once, in order."""
    seen: dict[str, None] = {}
    for code in raw:
        code = code.strip().upper()
        if code:
            seen.setdefault(code, None)
    return list(seen)


def _activity(access: PlanAccess, key: str) -> Activity:
    activity = Activity.objects.for_plan(access.plan).filter(key=key).first()
    if activity is None:
        raise Refused({"activity": [f"Planen har ingen aktivitet med nøglen «{key}»."]})
    return activity


def _input(access: PlanAccess, activity: Activity, payload: RegistrationIn) -> RegistrationInput:
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
        codes=_codes(payload.participant_codes),
        completed_codes=_codes(payload.completed_codes),
        age_band=payload.age_band,
        area=area,
        gender=payload.gender,
        note=payload.note,
    )
    if errors:
        for name, texts in check_registration(plan, data).items():
            for text in texts:
                add(name, text)
        raise Refused(_field_names(errors))
    return data


def _field_names(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The service calls the codes `codes`; the API calls them `participant_codes`."""
    return {
        ("participant_codes" if name == "codes" else name): texts for name, texts in errors.items()
    }


def _save(
    request, access: PlanAccess, data: RegistrationInput, payload: RegistrationIn, instance=None
):
    try:
        return save_registration(
            access.plan,
            data,
            user=request.user,
            organisation_id=access.organisation_id,
            instance=instance,
            confirmed_duplicate=payload.confirm_duplicate,
        )
    except RegistrationRefused as refused:
        raise Refused(
            _field_names(refused.errors), needs_confirmation=refused.needs_confirmation
        ) from None


@router.get(
    "/plans/{slug}/registrations",
    response={200: RegistrationPage, 401: Detail, 404: Detail, 422: Errors},
    summary="Registreringer i en plan",
)
def list_registrations(
    request,
    slug: str,
    filters: Query[RegistrationFilters],
):
    """A partner sees only the activities it delivers for; codes only for roles that register."""
    access = get_plan_for_user(request, slug)
    registrations = _registrations(access)
    if filters.activity:
        registrations = registrations.filter(activity__key=filters.activity)
    if filters.criterion:
        registrations = registrations.filter(criteria__key=filters.criterion)
    if filters.date_from:
        registrations = registrations.filter(date__gte=filters.date_from)
    if filters.date_to:
        registrations = registrations.filter(date__lte=filters.date_to)
    page = registrations[filters.offset : filters.offset + filters.limit]
    return {
        "count": registrations.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_out(access, registration) for registration in page],
    }


@router.post(
    "/plans/{slug}/registrations",
    response={201: RegistrationOut, 401: Detail, 403: Detail, 404: Detail, 422: Errors},
    summary="Registrér en leverance",
)
def create_registration(request, slug: str, payload: RegistrationIn):
    access = get_plan_for_user(request, slug)
    require_writer(access)
    activity = _activity(access, payload.activity)
    if not access.may_register_for(activity):
        raise Http404("Du kan ikke registrere for denne aktivitet.")
    registration = _save(request, access, _input(access, activity, payload), payload)
    return Status(201, _out(access, _registration_for(access, registration.pk)))


@router.get(
    "/plans/{slug}/registrations/{registration_id}",
    response={200: RegistrationOut, 401: Detail, 404: Detail},
    summary="Én registrering",
)
def get_registration(request, slug: str, registration_id: int):
    access = get_plan_for_user(request, slug)
    return _out(access, _registration_for(access, registration_id))


def _changeable(request, slug: str, registration_id: int) -> tuple[PlanAccess, Registration]:
    access = get_plan_for_user(request, slug)
    require_writer(access)
    registration = _registration_for(access, registration_id)
    if not access.may_change(registration):
        # As on the web: what you may not change is, for you, not there.
        raise Http404(NOT_FOUND)
    return access, registration


@router.put(
    "/plans/{slug}/registrations/{registration_id}",
    response={200: RegistrationOut, 401: Detail, 403: Detail, 404: Detail, 422: Errors},
    summary="Ret en registrering",
)
def update_registration(request, slug: str, registration_id: int, payload: RegistrationIn):
    """The whole registration is sent again; the activity cannot change (as in the form)."""
    access, registration = _changeable(request, slug, registration_id)
    if payload.activity != registration.activity.key:
        raise Refused(
            {
                "activity": [
                    "Aktiviteten kan ikke ændres. Slet registreringen, og opret en ny under "
                    "den rigtige aktivitet."
                ]
            }
        )
    data = _input(access, registration.activity, payload)
    saved = _save(request, access, data, payload, instance=registration)
    return _out(access, _registration_for(access, saved.pk))


@router.delete(
    "/plans/{slug}/registrations/{registration_id}",
    response={204: None, 401: Detail, 403: Detail, 404: Detail, 422: Errors},
    summary="Slet en registrering (den bevares i historikken)",
)
def delete_registration_endpoint(
    request,
    slug: str,
    registration_id: int,
    reason: Annotated[
        str, Query(min_length=1, max_length=300, description="Hvorfor: gemmes i historikken.")
    ],
):
    _access, registration = _changeable(request, slug, registration_id)
    try:
        delete_registration(registration, reason=reason)
    except RegistrationRefused as refused:
        raise Refused(refused.errors) from None
    return Status(204, None)
