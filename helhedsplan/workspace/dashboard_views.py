"""The progress dashboard: every criterion's status, with economy, milestones and the
beredskab's readiness gathered from their apps."""

import copy
from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.accounts.models import Role
from helhedsplan.core.outward import outward_rows
from helhedsplan.core.periods import all_tertials
from helhedsplan.core.status import STATUS_LABELS
from helhedsplan.core.suppression import Suppressed
from helhedsplan.economy.services import economy_overview
from helhedsplan.preparedness.services import readiness
from helhedsplan.progress.measures import measures_progress
from helhedsplan.progress.milestones import overdue as overdue_milestones
from helhedsplan.progress.views import as_of_from_request
from helhedsplan.workspace.freshness import cached, cached_plan_progress, data_stamp


def _figures(plan, as_of) -> dict:
    """The dashboard's figures: the same for every role on a day (suppression is applied after)."""
    return {
        "measures": measures_progress(plan, as_of),
        "overdue": list(overdue_milestones(plan, as_of)[:50]),
        "economy": economy_overview(plan, as_of),
    }


@login_required
def dashboard(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    as_of, tertial_label, error = as_of_from_request(request, plan)
    stamp = data_stamp()
    figures = cached(("dashboard", plan.pk, as_of), lambda: _figures(plan, as_of), stamp=stamp)
    progress = cached_plan_progress(plan, as_of, stamp=stamp)
    suppress = access.suppresses_small_numbers
    threshold = plan.small_number_threshold
    # The same rules as the reports that leave the secretariat (core/outward.py): small person
    # counts and shares of too few persons "<N", other person counts rounded, and each status
    # as the shown figure gives it. Copies: the kept rows are shared between roles.
    # A partner sees its own criteria first (those of the activities it delivers for), with a
    # toggle to all of them (issue 18): the plan's 43 criteria put its own screens down.
    own_only_offered = access.role == Role.PARTNER
    own_ids = access.activity_ids() if own_only_offered else frozenset()
    own_only = own_only_offered and request.GET.get("vis") != "alle"
    all_count = len(progress.criteria)
    own_count = sum(1 for row in progress.criteria if row.criterion.activity_id in own_ids)
    criteria = [
        copy.copy(row)
        for row in outward_rows(progress.criteria, threshold, active=suppress)
        if not own_only or row.criterion.activity_id in own_ids
    ]
    for row in criteria:
        row.display_actual = str(row.actual) if isinstance(row.actual, Suppressed) else row.actual
    focus_areas = [
        (
            focus,
            [
                (activity, list(rows))
                for activity, rows in groupby(items, lambda r: r.criterion.activity)
            ],
        )
        for focus, items in groupby(criteria, lambda r: r.criterion.activity.focus_area)
    ]
    # Counted from the statuses shown: a count of the true ones would tell a hidden status back.
    summary = [
        (code, count)
        for code in STATUS_LABELS
        if (count := sum(1 for row in criteria if row.status == code))
    ]
    context = {
        "access": access,
        "plan": plan,
        "as_of": as_of,
        "tertial_label": tertial_label,
        "tertials": [
            t for t in all_tertials(plan.start, plan.end) if t.start <= timezone.localdate()
        ],
        "error": error,
        "focus_areas": focus_areas,
        "summary": summary,
        "measures": figures["measures"],
        "overdue": figures["overdue"],
        "economy": figures["economy"],
        # The beredskab must be ready on any day, so the gaps are counted as of today.
        "preparedness_gaps": readiness(plan, timezone.localdate()) if access.is_secretariat else [],
        "suppress": suppress,
        "own_only_offered": own_only_offered,
        "own_only": own_only,
        "own_count": own_count,
        "all_count": all_count,
        "period_query": f"tertial={tertial_label}" if tertial_label else f"dato={as_of:%Y-%m-%d}",
    }
    return render(request, "workspace/dashboard.html", context)
