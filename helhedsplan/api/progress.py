"""Progress over the API: the same rows as `helhedsplan progress SLUG --json`."""

import datetime
from typing import Annotated

from django.utils import timezone
from ninja import Query, Router

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.api.schemas import Detail, Errors, ProgressRow
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
    """Small counts of unique participants are suppressed for the reading roles, as on the web."""
    access = get_plan_for_user(request, slug)
    plan = access.plan
    rows = [row.as_json() for row in plan_progress(plan, at or timezone.localdate()).criteria]
    if access.suppresses_small_numbers:
        threshold = plan.small_number_threshold
        for row in rows:
            actual = row["actual"]
            if row["kind"] == "unique_participants" and actual is not None and actual < threshold:
                row["actual"] = f"<{threshold}"
    return rows
