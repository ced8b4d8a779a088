"""Plan years and tertials: the calendar the plan is followed up in. No database.

A plan year runs from the plan start's anniversary (normally 1 June) to the day before the next
one; its three tertials are the steering group's four-month reporting periods. Every date here is
inclusive at both ends, as the printed plan counts them.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from fractions import Fraction

from helhedsplan.core import formats

_LABEL = re.compile(r"^(\d{4})/(\d{2})(?:-T([123]))?$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"Perioden {self.label} slutter før den begynder.")

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _add_months(day: datetime.date, months: int) -> datetime.date:
    # Clamped to the month's last day, so a plan starting 31 January or 29 February still has
    # an anniversary (and tertial starts) every year.
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(
        year=year, month=month0 + 1, day=min(day.day, calendar.monthrange(year, month0 + 1)[1])
    )


def _one_day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)


def plan_years(start: datetime.date, end: datetime.date) -> list[Period]:
    years = []
    k = 0
    while (first := _add_months(start, 12 * k)) <= end:
        last = min(_one_day_before(_add_months(start, 12 * (k + 1))), end)
        years.append(Period(first, last, f"{first.year}/{(first.year + 1) % 100:02d}"))
        k += 1
    return years


def plan_year_of(day: datetime.date, start: datetime.date, end: datetime.date) -> Period | None:
    return next((y for y in plan_years(start, end) if y.contains(day)), None)


def tertials(year: Period) -> list[Period]:
    # Months are counted from the year's start, never from the previous tertial, and T3 ends
    # with the year, so that a day clamped to a shorter month (31 -> 30, 29 -> 28 February)
    # cannot leave a gap. A year cut short by the plan's end keeps the tertials begun before it.
    parts = []
    for n in range(3):
        first = _add_months(year.start, 4 * n)
        if first > year.end:
            break
        last = (
            year.end
            if n == 2
            else min(_one_day_before(_add_months(year.start, 4 * n + 4)), year.end)
        )
        parts.append(Period(first, last, f"{year.label}-T{n + 1}"))
    return parts


def all_tertials(start: datetime.date, end: datetime.date) -> list[Period]:
    return [t for year in plan_years(start, end) for t in tertials(year)]


def tertial_of(day: datetime.date, start: datetime.date, end: datetime.date) -> Period | None:
    return next((t for t in all_tertials(start, end) if t.contains(day)), None)


def parse_period(label: str, start: datetime.date, end: datetime.date) -> Period:
    match = _LABEL.match(label.strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(
            f"Ukendt periode «{label}»: skriv et planår som 2018/19 eller et tertial som 2018/19-T2."
        )
    wanted = f"{match[1]}/{match[2]}" + (f"-T{match[3]}" if match[3] else "")
    candidates = all_tertials(start, end) if match[3] else plan_years(start, end)
    for period in candidates:
        if period.label == wanted:
            return period
    raise ValueError(
        f"Perioden {wanted} ligger uden for planen ({formats.period_short(start, end)})."
    )


def elapsed_share(period: Period, as_of: datetime.date) -> Fraction:
    # The as-of day counts as elapsed: on a period's last day the share is exactly 1.
    if as_of < period.start:
        return Fraction(0)
    if as_of >= period.end:
        return Fraction(1)
    return Fraction((as_of - period.start).days + 1, period.days)
