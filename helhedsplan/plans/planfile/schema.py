"""The plan file's shape (format 1), as pydantic models. docs/plan-file.md describes it.

The types are here; the choices, and each field's Danish title and description (its label and
help text), are read from plans/planfile/fields.py, where every field is described once.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from helhedsplan.plans.planfile import fields as plan_fields
from helhedsplan.plans.planfile.vocabulary import (
    CRITERION_DIRECTIONS,
    BodyKind,
    Combine,
    CoverageNumbers,
    CriterionKind,
    Direction,
    OrganisationKind,
    Per,
)

KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _figure(value):
    # bool is an int in Python; a plan figure is never true/false.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise PydanticCustomError("number_type", "skal være et tal")
    return Decimal(str(value))


def _date(value):
    if isinstance(value, datetime.datetime):
        raise PydanticCustomError("date_type", "skal være en dato (ÅÅÅÅ-MM-DD) uden klokkeslæt")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_type", "skal være en dato (ÅÅÅÅ-MM-DD)")


def _label(value):
    # Period labels such as 2014 are written bare in YAML and read as numbers; keep them as text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Label = Annotated[str, BeforeValidator(_label), StringConstraints(min_length=1)]
Number = Annotated[Decimal, BeforeValidator(_figure)]
PlanDate = Annotated[datetime.date, BeforeValidator(_date)]
Kroner = Annotated[int, Field(ge=0)]
PositiveInt = Annotated[int, Field(ge=1)]


class Node(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", populate_by_name=True)


class Money(Node):
    lbf: Kroner
    local: Kroner


class DateRange(Node):
    start: PlanDate
    end: PlanDate


class OrganisationIn(Node):
    key: Key
    name: Text
    kind: Literal[tuple(OrganisationKind.values)]
    parent: Key | None = None
    note: str | None = None


class CoverageIn(Node):
    street: Text
    numbers: Literal[tuple(CoverageNumbers.values)]
    from_number: PositiveInt | None = Field(None, alias="from")
    to_number: PositiveInt | None = Field(None, alias="to")
    note: str | None = None


class AreaIn(Node):
    key: Key
    name: Text
    aliases: list[Text] = []
    coverage: list[CoverageIn] = []
    note: str | None = None


class DepartmentIn(Node):
    organisation: Key
    number: PositiveInt
    area: Key
    name: str | None = None
    note: str | None = None


class OverallGoalIn(Node):
    key: Key
    text: Text
    note: str | None = None


class PartyIn(Node):
    name: Text
    title: str | None = None
    organisation: Key | None = None
    note: str | None = None


class FigureIn(Node):
    period: Label
    value: Number | None = None
    note: str | None = None


class ComparisonIn(Node):
    # Not a FigureIn with a label: the label comes first in the file.
    label: Text
    period: Label
    value: Number | None = None
    note: str | None = None


class TargetIn(Node):
    value: Number | None = None
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    note: str | None = None


class LocalMeasureIn(Node):
    key: Key
    number: PositiveInt
    text: Text
    data_source: str | None = None
    unit: str | None = None
    direction: Literal[tuple(Direction.values)]
    tolerance: Number | None = None
    baselines: list[FigureIn] = []
    target: TargetIn | None = None
    comparisons: list[ComparisonIn] = []
    baseline_text: str | None = None
    note: str | None = None


class SubActivityIn(Node):
    key: Key
    name: Text
    description: str | None = None
    note: str | None = None


class SuccessCriterionIn(Node):
    key: Key
    text: Text
    kind: Literal[tuple(CriterionKind.values)]
    combine: Literal[tuple(Combine.values)] | None = None
    target: Number | None = None
    target_max: Number | None = None
    per: Literal[tuple(Per.values)] | None = None
    direction: Literal[tuple(v for v, _label in CRITERION_DIRECTIONS)] = "increase"
    period_target: Number | None = None
    unit: str | None = None
    # Whether the figure is a number of persons (suppressed when small): required for a count,
    # always true for unique participants, not used by other kinds (validate.py says so).
    counts_persons: bool | None = None
    data_source: str | None = None
    responsible_organisation: Key | None = None
    sub_activity: Key | None = None
    note: str | None = None


class ActivityIn(Node):
    key: Key
    number: PositiveInt
    name: Text
    description: str | None = None
    purpose: list[Text] = []
    target_groups: list[Text] = []
    organisation_text: str | None = None
    responsible: str | None = None
    responsible_organisation: Key | None = None
    roles: str | None = None
    sub_activities: list[SubActivityIn] = []
    success_criteria: list[SuccessCriterionIn] = []
    note: str | None = None


class FocusAreaIn(Node):
    key: Key
    number: PositiveInt
    name: Text
    priority: PositiveInt | None = None
    staff_hours_per_week: Number | None = None
    staff_note: str | None = None
    budget: Money
    valid: DateRange | None = None
    purpose: str | None = None
    goals: list[Text] = []
    background: str | None = None
    municipal_interplay: str | None = None
    parties: list[PartyIn] = []
    local_measures: list[LocalMeasureIn] = []
    activities: list[ActivityIn] = []
    note: str | None = None


class MemberIn(Node):
    role: Text
    name: str | None = None
    organisation: Key | None = None
    note: str | None = None


class BodyIn(Node):
    key: Key
    name: Text
    kind: Literal[tuple(BodyKind.values)]
    meets_per_year: Annotated[int, Field(ge=0, le=366)] | None = None
    meeting_rule: str | None = None
    purpose: str | None = None
    members: list[MemberIn] = []
    note: str | None = None


class PressContactIn(Node):
    role: Text
    organisation: Key | None = None
    name: str | None = None
    note: str | None = None


class ResourceIn(Node):
    name: Text
    note: str | None = None


class PreparednessIn(Node):
    """The beredskabsplan beyond its steering group (a body of kind preparedness): its two
    levels, the press contacts and the ad hoc resources. No phone numbers in the file."""

    coordinating_level: str | None = None
    executing_level: str | None = None
    press_contacts: list[PressContactIn] = []
    resources: list[ResourceIn] = []
    note: str | None = None


class PlanIn(Node):
    format: Literal[1] = 1
    slug: Key
    name: Text
    vision: str | None = None
    summary: str | None = None
    period: DateRange
    residents: Annotated[int, Field(ge=0)] | None = None
    tenancies: Annotated[int, Field(ge=0)] | None = None
    residents_source: str | None = None
    budget: Money
    small_number_threshold: PositiveInt = 5
    secretariat: Key | None = None
    # The slug of the plan this one continues; loaded as a link only when that plan is here.
    predecessor: Key | None = None
    purposes: list[Text] = []
    note: str | None = None
    # Optional so that an empty plan's export (empty lists are left out) is a valid file again.
    organisations: list[OrganisationIn] = []
    areas: list[AreaIn] = []
    departments: list[DepartmentIn] = []
    overall_goals: list[OverallGoalIn] = []
    focus_areas: list[FocusAreaIn] = []
    bodies: list[BodyIn] = []
    preparedness: PreparednessIn | None = None


# The model of each part of the plan file, by the part's code (plans/planfile/fields.py).
BY_PART: dict[str, type[Node]] = {
    "plan": PlanIn,
    "organisation": OrganisationIn,
    "area": AreaIn,
    "coverage": CoverageIn,
    "department": DepartmentIn,
    "overall_goal": OverallGoalIn,
    "focus_area": FocusAreaIn,
    "party": PartyIn,
    "local_measure": LocalMeasureIn,
    "baseline": FigureIn,
    "comparison": ComparisonIn,
    "activity": ActivityIn,
    "sub_activity": SubActivityIn,
    "success_criterion": SuccessCriterionIn,
    "body": BodyIn,
    "member": MemberIn,
    "preparedness": PreparednessIn,
    "press_contact": PressContactIn,
    "resource": ResourceIn,
}


def _describe(model: type[Node], part) -> None:
    """Give the model's fields the Danish title and description of their plan-file fields (what
    `PlanIn.model_json_schema()` shows). A nested value (`budget.lbf`) is described in its part."""
    for name, info in model.model_fields.items():
        found = part.field(info.alias or name)
        if found is not None:
            info.title, info.description = found.label, found.help or None


# Children after their parents in BY_PART: rebuilt the other way round, so that a part's schema
# holds its children's new one.
for _code, _model in reversed(BY_PART.items()):
    _describe(_model, plan_fields.BY_CODE[_code])
    _model.model_rebuild(force=True)
