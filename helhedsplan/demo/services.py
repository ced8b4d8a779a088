"""Demo data for one plan across every app: registrations and measurements, economy, milestone
plans, report texts and register series, made and deleted together (each part in its own module
here)."""

import datetime

from django.db import transaction
from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.demo.economy import delete_economy_demo, generate_economy_demo
from helhedsplan.demo.marks import DEMO_MARK
from helhedsplan.demo.milestones import delete_milestone_demo, generate_milestone_demo
from helhedsplan.demo.narratives import delete_demo_narratives, generate_demo_narratives
from helhedsplan.demo.register import delete_register_demo, generate_register_demo
from helhedsplan.demo.registrations import delete_registrations_demo, generate_registrations_demo
from helhedsplan.plans.models import Plan
from helhedsplan.registerdata.services import published_by

__all__ = ["DEMO_MARK", "DemoDataError", "delete_demo_data", "generate_demo_data"]


class DemoDataError(ValueError):
    """The demo data cannot be made as asked; the message is Danish and meant for a person."""


@transaction.atomic
def generate_demo_data(
    *, plan: Plan, seed: int, until: datetime.date, today: datetime.date | None = None
) -> dict[str, int]:
    """Replace the plan's demo data with a fresh, deterministic set up to `until`.

    `today` is the demo's today (the running demo plan is made as of a given day, so that its
    tests and a screenshot are the same whatever the clock says); data never go beyond it."""
    today = today or timezone.localdate()
    if not plan.start <= until <= plan.end:
        raise DemoDataError(
            f"Datoen {formats.date_short(until)} ligger uden for planperioden "
            f"({formats.period_short(plan.start, plan.end)})."
        )
    if until > today:
        raise DemoDataError(f"Datoen {formats.date_short(until)} ligger i fremtiden.")
    deleted = delete_demo_data(plan=plan)
    counts = generate_registrations_demo(plan=plan, seed=seed, until=until)
    counts.update(generate_economy_demo(plan, seed=seed, until=until))
    counts["milestones"] = generate_milestone_demo(plan, seed=seed, until=until)
    counts["narratives"] = generate_demo_narratives(plan, seed=seed, until=until)
    # Register figures for a year come out in the next: the demo has them up to the year before.
    counts["register_values"] = generate_register_demo(
        plan, seed=seed, last_year=published_by(until)
    )
    counts.update({f"deleted_{name}": number for name, number in deleted.items()})
    return counts


@transaction.atomic
def delete_demo_data(*, plan: Plan) -> dict[str, int]:
    """Remove the plan's demo rows in every app; real data is never touched."""
    counts = delete_registrations_demo(plan=plan)
    counts.update(delete_economy_demo(plan))
    counts["milestones"] = delete_milestone_demo(plan)
    counts["narratives"] = delete_demo_narratives(plan)
    counts["register_values"] = delete_register_demo(plan)
    return counts
