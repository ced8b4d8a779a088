"""Danish public holidays and default school holidays. No database.

The public holidays are computed from Easter (the Gregorian computus). Store bededag (the fourth
Friday after Easter) was abolished from 2024 and is a holiday only until 2023. Grundlovsdag,
juleaftensdag and nytårsaftensdag are not statutory holidays, but most workplaces close, so no
meeting is proposed on them either.

The default school holidays are used when a plan has no configured holiday periods
(`HolidayPeriod`): vinterferie in week 7, påskeferie from the Monday before Easter to 2. påskedag,
sommerferie in weeks 27-31, efterårsferie in week 42 and juleferie 23 December - 1 January.
"""

import datetime
from dataclasses import dataclass
from functools import cache

from helhedsplan.core import formats

LAST_STORE_BEDEDAG_YEAR = 2023


@dataclass(frozen=True, order=True)
class HolidayRange:
    """A named, inclusive date range (a school holiday or a configured holiday period)."""

    start: datetime.date
    end: datetime.date
    name: str

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def easter_sunday(year: int) -> datetime.date:
    """Påskedag by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[datetime.date, str]:
    """The Danish public holidays (and the customary days off) of a calendar year, by date."""
    easter = easter_sunday(year)

    def rel(days: int) -> datetime.date:
        return easter + datetime.timedelta(days=days)

    days = {
        datetime.date(year, 1, 1): "nytårsdag",
        rel(-3): "skærtorsdag",
        rel(-2): "langfredag",
        easter: "påskedag",
        rel(1): "2. påskedag",
        rel(39): "Kristi himmelfartsdag",
        rel(49): "pinsedag",
        rel(50): "2. pinsedag",
        datetime.date(year, 6, 5): "grundlovsdag",
        datetime.date(year, 12, 24): "juleaftensdag",
        datetime.date(year, 12, 25): "juledag",
        datetime.date(year, 12, 26): "2. juledag",
        datetime.date(year, 12, 31): "nytårsaftensdag",
    }
    if year <= LAST_STORE_BEDEDAG_YEAR:
        days[rel(26)] = "store bededag"
    return dict(sorted(days.items()))


def holiday_name(day: datetime.date) -> str | None:
    return public_holidays(day.year).get(day)


def _iso_week(year: int, week: int, weeks: int = 1) -> tuple[datetime.date, datetime.date]:
    monday = datetime.date.fromisocalendar(year, week, 1)
    return monday, monday + datetime.timedelta(days=7 * weeks - 1)


@cache
def default_school_holidays(year: int) -> tuple[HolidayRange, ...]:
    """The usual school holidays that begin in calendar year `year`."""
    easter = easter_sunday(year)
    return tuple(
        sorted(
            [
                HolidayRange(*_iso_week(year, 7), f"Vinterferie {year}"),
                HolidayRange(
                    easter - datetime.timedelta(days=6),
                    easter + datetime.timedelta(days=1),
                    f"Påskeferie {year}",
                ),
                HolidayRange(*_iso_week(year, 27, weeks=5), f"Sommerferie {year}"),
                HolidayRange(*_iso_week(year, 42), f"Efterårsferie {year}"),
                HolidayRange(
                    datetime.date(year, 12, 23),
                    datetime.date(year + 1, 1, 1),
                    f"Juleferie {year}/{(year + 1) % 100:02d}",
                ),
            ]
        )
    )


def default_school_holidays_between(start: datetime.date, end: datetime.date) -> list[HolidayRange]:
    """The default school holidays that overlap the inclusive range start-end."""
    return [
        period
        for year in range(start.year - 1, end.year + 1)
        for period in default_school_holidays(year)
        if period.end >= start and period.start <= end
    ]


def blocked_reason(
    day: datetime.date, periods: list[HolidayRange] | tuple[HolidayRange, ...] = ()
) -> str | None:
    """Why no ordinary meeting should be held on `day`, in Danish; None when the day is free."""
    if day.weekday() >= 5:
        return f"{formats.weekday_name(day)} (weekend)"
    if name := holiday_name(day):
        return f"helligdag: {name}"
    for period in periods:
        if period.contains(day):
            return f"ferie: {period.name}"
    return None
