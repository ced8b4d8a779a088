"""Progress over the API: the same rows as `helhedsplan progress SLUG --json`."""

import datetime
from typing import Annotated

from django.utils import timezone
from ninja import Query, Router

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.api.schemas import Detail, Errors, ProgressRow
from helhedsplan.core.outward import outward_row
from helhedsplan.core.status import STATUS_LABELS
from helhedsplan.core.suppression import Suppressed
from helhedsplan.progress.services import plain_number, plan_progress

router = Router(tags=["fremdrift"])


@router.get(
    "/plans/{slug}/progress",
    response={200: list[ProgressRow], 401: Detail, 404: Detail, 422: Errors},
    summary="Fremdrift for hvert succeskriterium på en dato",
)
def progress(
    request,
    slug: str,
    at: Annotated[
        datetime.date | None, Query(description="Datoen, ÅÅÅÅ-MM-DD (standard: i dag).")
    ] = None,
):
    """For the steering group, the board and readers, by the same rules as the dashboard and
    the reports (core/outward.py): person counts under the plan's threshold (and shares of too
    few persons) are "<N", other person counts are rounded to the nearest multiple of the
    threshold, and the status is the one the shown figure gives ("few" when a hidden figure's
    possible values disagree)."""
    access = get_plan_for_user(request, slug)
    plan = access.plan
    threshold = plan.small_number_threshold
    rows = []
    for row in plan_progress(plan, at or timezone.localdate()).criteria:
        data = row.as_json()
        shown = outward_row(row, threshold, active=access.suppresses_small_numbers)
        if shown is not row:
            actual = shown.actual
            data["actual"] = str(actual) if isinstance(actual, Suppressed) else plain_number(actual)
            data["status"] = shown.status
            data["status_label"] = STATUS_LABELS[shown.status]
        rows.append(data)
    return rows
