"""The plan file's value types: keys, texts, numbers, dates, a sum in kroner split in two, a
date range and a target. plans/planfile/schema.py builds the parts of the file from them and
from plans/planfile/fields.py."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from helhedsplan.plans.register_measures import REGISTER_CHOICES

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


class TargetIn(Node):
    value: Number | None = None
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    note: str | None = None


class RegisterSourceIn(Node):
    """A local measure's values from a register series (plans/register_measures.py)."""

    measure: Literal[tuple(key for key, _label in REGISTER_CHOICES)]
    area: str | None = None


NonNegativeInt = Annotated[int, Field(ge=0)]
MeetingsPerYear = Annotated[int, Field(ge=0, le=366)]
