"""Progress over the API: the same rows as `helhedsplan progress SLUG --json`."""

import datetime
from typing import Annotated

from django.utils import timezone
from ninja import Query, Router

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.api.schemas import Detail, Errors, ProgressRow
from helhedsplan.core.suppression import Suppressed, hide_progress
from helhedsplan.progress.services import plan_progress

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
    """Small person counts (and shares of too few persons) are hidden from the reading roles by
    the same rule as the dashboard and the reports."""
    access = get_plan_for_user(request, slug)
    plan = access.plan
    threshold = plan.small_number_threshold
    rows = []
    for row in plan_progress(plan, at or timezone.localdate()).criteria:
        data = row.as_json()
        shown = hide_progress(row, threshold, active=access.suppresses_small_numbers)
        if isinstance(shown, Suppressed):
            data["actual"] = str(shown)
        rows.append(data)
    return rows
