"""Registrations over the API: the web views' access rules and the form's rules, nothing new.

Access goes through get_plan_for_user/PlanAccess exactly as in registrations/views.py; every rule
a registration must keep is in registrations/services.py (save_registration). This module and
registration_input.py only translate keys to objects and errors to JSON.

No lost updates (helhedsplan.core.versions): every registration has a `version` (also the
ETag of GET and PUT). A PUT with `If-Match: "<version>"` that is out of date is answered 412, one
with an out-of-date `version` in the body 409, both naming the fields someone else changed. A PUT
with neither is saved on top (last writer wins, HTTP's default). A POST with an
`Idempotency-Key` header creates one registration however often it is sent.
"""

from functools import partial
from typing import Annotated

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import resolve, reverse
from ninja import Header, Query, Router, Status
from ninja.pagination import paginate

from helhedsplan.accounts.access import PlanAccess, get_plan_for_user
from helhedsplan.api.errors import Refused, require_row_reader, require_writer
from helhedsplan.api.idempotency import IdempotencyKey, idempotency_token, key_reused
from helhedsplan.api.pages import Page, Rows
from helhedsplan.api.registration_input import activity_for, field_names, registration_input
from helhedsplan.api.schemas import (
    Conflict,
    Detail,
    Errors,
    RegistrationFilters,
    RegistrationIn,
    RegistrationOut,
)
from helhedsplan.core.change_words import last_change
from helhedsplan.core.once import AlreadySubmitted, body_hash, once
from helhedsplan.core.versions import changed_fields, etag, if_match_versions, version_of
from helhedsplan.plans.models import SuccessCriterion
from helhedsplan.registrations.models import Registration, RegistrationParticipant
from helhedsplan.registrations.services import (
    RegistrationInput,
    RegistrationRefused,
    delete_registration,
    save_registration,
)

router = Router(tags=["registreringer"])

NOT_FOUND = "Registreringen findes ikke."

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="Versionen (ETag), du hentede. Er registreringen ændret siden, afvises "
        "forespørgslen med 412 og de ændrede felter.",
    ),
]


def _registrations(access: PlanAccess):
    # Every read of rows comes through here: the outward roles get 403 (figures, not rows).
    require_row_reader(access)
    queryset = (
        Registration.objects.visible_to(access)
        .select_related("activity", "sub_activity", "registered_by", "organisation")
        .prefetch_related(Prefetch("criteria", queryset=SuccessCriterion.objects.order_by("key")))
        .order_by("-date", "-id")
    )
    # The links always: the version covers the codes, also for roles that are not shown them.
    return queryset.prefetch_related(
        Prefetch(
            "links",
            queryset=RegistrationParticipant.objects.select_related("participant").order_by("id"),
        )
    )


def _registration_for(access: PlanAccess, pk: int) -> Registration:
    registration = _registrations(access).filter(pk=pk).first()
    if registration is None:
        raise Http404(NOT_FOUND)
    return registration


def _state(registration: Registration) -> dict:
    """What a registration holds, by the API's field names: what its version is made of."""
    links = list(registration.links.all())
    return {
        "activity": registration.activity_id,
        "sub_activity": registration.sub_activity_id,
        "criteria": [criterion.pk for criterion in registration.criteria.all()],
        "date": registration.date,
        "end_date": registration.end_date,
        "kind": registration.kind,
        "count": registration.count,
        "participants": registration.participants,
        "completed": registration.completed,
        "participant_codes": [link.participant.code for link in links],
        "completed_codes": [link.participant.code for link in links if link.completed],
        "note": registration.note,
        "organisation": registration.organisation_id,
        "is_demo": registration.is_demo,
    }


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
        "version": version_of(_state(registration)),
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
            field_names(refused.errors), needs_confirmation=refused.needs_confirmation
        ) from None


@router.get(
    "/plans/{slug}/registrations",
    response={200: list[RegistrationOut], 401: Detail, 403: Detail, 404: Detail, 422: Errors},
    summary="Registreringer i en plan",
)
@paginate(Page)
def list_registrations(request, slug: str, filters: Query[RegistrationFilters]):
    """A partner sees only the activities it delivers for; codes only for roles that register.
    The steering group, the board and readers get 403: they read figures, not rows."""
    access = get_plan_for_user(request, slug)
    return Rows(filters.filter(_registrations(access)), partial(_out, access))


@router.post(
    "/plans/{slug}/registrations",
    response={201: RegistrationOut, 401: Detail, 403: Detail, 404: Detail, 422: Errors},
    summary="Registrér en leverance",
)
def create_registration(
    request,
    slug: str,
    payload: RegistrationIn,
    response: HttpResponse,
    idempotency_key: IdempotencyKey = None,
):
    access = get_plan_for_user(request, slug)
    require_writer(access)
    token = idempotency_token(request, idempotency_key)
    activity = activity_for(access, payload.activity)
    if not access.may_register_for(activity):
        raise Http404("Du kan ikke registrere for denne aktivitet.")
    data = registration_input(access, activity, payload)
    try:
        with once(token, request.user, request_hash=body_hash(request.body)) as submission:
            registration = _save(request, access, data, payload)
            submission.done(reverse("api:get_registration", args=[slug, registration.pk]))
    except AlreadySubmitted as sent:
        if not sent.url:
            raise key_reused() from None
        # The first request's registration, as it is now: a retry learns what was made.
        registration_id = resolve(sent.url).kwargs["registration_id"]
        response["Idempotent-Replayed"] = "true"
        out = _out(access, _registration_for(access, registration_id))
        response["ETag"] = etag(out["version"])
        return Status(201, out)
    out = _out(access, _registration_for(access, registration.pk))
    response["ETag"] = etag(out["version"])
    return Status(201, out)


@router.get(
    "/plans/{slug}/registrations/{registration_id}",
    response={200: RegistrationOut, 401: Detail, 403: Detail, 404: Detail, 422: Errors},
    summary="Én registrering",
)
def get_registration(request, slug: str, registration_id: int, response: HttpResponse):
    """The `ETag` header is the registration's version: send it back as `If-Match`."""
    access = get_plan_for_user(request, slug)
    out = _out(access, _registration_for(access, registration_id))
    response["ETag"] = etag(out["version"])
    return out


def _stale(registration: Registration, if_match: str | None, version: str | None):
    """None when the client's version is current (or it sent none); else the 412 or 409."""
    current = version_of(_state(registration))
    wanted = if_match_versions(if_match)
    if wanted is not None:
        if "*" in wanted or current in wanted:
            return None
        status, old = 412, wanted[0]
    elif version and version.strip('"') != current:
        status, old = 409, version.strip('"')
    else:
        return None
    fields = changed_fields(old, _state(registration))
    change = last_change(registration)
    detail = (
        f"Ikke gemt: registreringen er ændret af {change.words}, efter du hentede den. "
        f"Ændrede felter: {', '.join(fields) or 'ukendt'}. Hent registreringen igen, og send "
        "din rettelse med den nye version."
    )
    return Status(
        status,
        {
            "detail": detail,
            "changed_fields": fields,
            "version": current,
            "changed_by": change.who or None,
            "changed_at": change.when if hasattr(change.when, "isoformat") else None,
        },
    )


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
    response={
        200: RegistrationOut,
        401: Detail,
        403: Detail,
        404: Detail,
        409: Conflict,
        412: Conflict,
        422: Errors,
    },
    summary="Ret en registrering",
)
def update_registration(
    request,
    slug: str,
    registration_id: int,
    payload: RegistrationIn,
    response: HttpResponse,
    if_match: IfMatch = None,
):
    """The whole registration is sent again; the activity cannot change (as in the form).
    Send the version you read (`If-Match` or `version`), so that you never overwrite a change
    made after you read it: 412 or 409 name the changed fields."""
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
    data = registration_input(access, registration.activity, payload)
    with transaction.atomic():
        # Locked until saved: a parallel PUT waits here, then finds this one's version.
        locked = Registration.objects.select_for_update().filter(pk=registration.pk).first()
        if locked is None:
            raise Http404(NOT_FOUND)
        refused = _stale(locked, if_match, payload.version)
        if refused is not None:
            return refused
        saved = _save(request, access, data, payload, instance=locked)
    out = _out(access, _registration_for(access, saved.pk))
    response["ETag"] = etag(out["version"])
    return out


@router.delete(
    "/plans/{slug}/registrations/{registration_id}",
    response={204: None, 401: Detail, 403: Detail, 404: Detail, 412: Conflict, 422: Errors},
    summary="Slet en registrering (den bevares i historikken)",
)
def delete_registration_endpoint(
    request,
    slug: str,
    registration_id: int,
    reason: Annotated[
        str, Query(min_length=1, max_length=300, description="Hvorfor: gemmes i historikken.")
    ],
    if_match: IfMatch = None,
):
    """With `If-Match`, a registration changed since it was read is not deleted (412)."""
    _access, registration = _changeable(request, slug, registration_id)
    with transaction.atomic():
        locked = Registration.objects.select_for_update().filter(pk=registration.pk).first()
        if locked is None:
            raise Http404(NOT_FOUND)
        refused = _stale(locked, if_match, None)
        if refused is not None:
            return refused
        try:
            delete_registration(locked, reason=reason)
        except RegistrationRefused as problem:
            raise Refused(problem.errors) from None
    return Status(204, None)
