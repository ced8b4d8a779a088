"""Measurements over the API: values for local measures and for level/trend criteria.

Everyone with a role in the plan reads them (they are figures, not persons); only the
secretariat and the housing-social staff write them. A measurement is never changed, only
added; a POST with an `Idempotency-Key` header adds it once, however often it is sent.
"""

from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from helhedsplan.accounts.access import PlanAccess, get_plan_for_user
from helhedsplan.api.errors import Refused, require_measurer
from helhedsplan.api.idempotency import IdempotencyKey, idempotency_token, key_reused
from helhedsplan.api.pages import Page, Rows
from helhedsplan.api.schemas import (
    Detail,
    Errors,
    MeasurementFilters,
    MeasurementIn,
    MeasurementOut,
)
from helhedsplan.core.once import AlreadySubmitted, body_hash, once
from helhedsplan.registrations.measurements import build_measurement
from helhedsplan.registrations.models import Measurement
from helhedsplan.registrations.services import RegistrationRefused

router = Router(tags=["målinger"])


def _out(measurement: Measurement) -> dict:
    return {
        "id": measurement.id,
        "local_measure": measurement.local_measure.key if measurement.local_measure else None,
        "criterion": measurement.criterion.key if measurement.criterion else None,
        "date": measurement.date,
        "period": measurement.period,
        "value": float(measurement.value),
        "source": measurement.source,
        "note": measurement.note,
        "registered_by": measurement.registered_by.username if measurement.registered_by else None,
        "is_demo": measurement.is_demo,
        "created_at": measurement.created_at,
    }


def _measurements(access: PlanAccess):
    return (
        Measurement.objects.filter(plan=access.plan)
        .select_related("local_measure", "criterion", "registered_by")
        .order_by("-date", "-id")
    )


@router.get(
    "/plans/{slug}/measurements",
    response={200: list[MeasurementOut], 401: Detail, 404: Detail, 422: Errors},
    summary="Målinger i en plan",
)
@paginate(Page)
def list_measurements(request, slug: str, filters: Query[MeasurementFilters]):
    access = get_plan_for_user(request, slug)
    return Rows(filters.filter(_measurements(access)), _out)


def _check(access: PlanAccess, payload: MeasurementIn) -> Measurement:
    """The shared measurement rules (registrations.services), answered as a 422 when broken."""
    try:
        return build_measurement(
            access.plan,
            local_measure_key=payload.local_measure,
            criterion_key=payload.criterion,
            date=payload.date,
            value=payload.value,
            source=payload.source,
            note=payload.note,
            period=payload.period,
        )
    except RegistrationRefused as refused:
        raise Refused(refused.errors) from None


@router.post(
    "/plans/{slug}/measurements",
    response={201: MeasurementOut, 401: Detail, 403: Detail, 404: Detail, 422: Errors},
    summary="Registrér en måling",
)
def create_measurement(
    request,
    slug: str,
    payload: MeasurementIn,
    response: HttpResponse,
    idempotency_key: IdempotencyKey = None,
):
    access = get_plan_for_user(request, slug)
    require_measurer(access)
    token = idempotency_token(request, idempotency_key)
    measurement = _check(access, payload)
    measurement.registered_by = request.user
    try:
        with once(token, request.user, request_hash=body_hash(request.body)) as submission:
            measurement.save()
            # No page of its own: the list, filtered to the first result, names it.
            submission.done(f"{reverse('api:list_measurements', args=[slug])}?id={measurement.pk}")
    except AlreadySubmitted as sent:
        return _replay(access, sent, response)
    return Status(201, _out(measurement))


def _replay(access: PlanAccess, sent: AlreadySubmitted, response: HttpResponse):
    """The answer to a create retried with its Idempotency-Key: the first request's row."""
    if not sent.url:
        raise key_reused()
    first = _measurements(access).filter(pk=int(sent.url.rsplit("=", 1)[1])).first()
    if first is None:
        raise Http404("Målingen findes ikke længere.")
    response["Idempotent-Replayed"] = "true"
    return Status(201, _out(first))
