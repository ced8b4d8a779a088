"""How often the beredskab was activated: per plan year (1 June - 31 May, by the time of the
incident) and type of incident, counted in SQL (the activations page and the årsrapport)."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, When
from django.db.models.functions import ExtractYear

from helhedsplan.preparedness.models import Activation, IncidentType

# Plan years run from 1 June to 31 May (DESIGN.md, "Periods and status").
PLAN_YEAR_FIRST_MONTH = 6


@dataclass(frozen=True)
class StatRow:
    year: int  # the plan year's first calendar year: 2018 is plan year 2018/19
    incident_type: str
    count: int

    @property
    def year_label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def incident_label(self) -> str:
        return IncidentType(self.incident_type).label


def activation_stats(plan) -> list[StatRow]:
    """Activations per plan year (1 June - 31 May, by the time of the incident) and incident
    type, counted in SQL."""
    year = ExtractYear("occurred_at")
    rows = (
        Activation.objects.filter(plan=plan)
        .annotate(
            plan_year=Case(
                When(occurred_at__month__gte=PLAN_YEAR_FIRST_MONTH, then=year),
                default=year - 1,
                output_field=IntegerField(),
            )
        )
        .values("plan_year", "incident_type")
        .annotate(count=Count("id"))
        .order_by("plan_year", "incident_type")
    )
    order = {value: index for index, value in enumerate(IncidentType.values)}
    result = [StatRow(r["plan_year"], r["incident_type"], r["count"]) for r in rows]
    return sorted(result, key=lambda r: (r.year, order.get(r.incident_type, 99)))
