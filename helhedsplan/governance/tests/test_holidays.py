"""Danish public holidays from Easter, and the default school holidays."""

import datetime

import pytest

from helhedsplan.governance.holidays import (
    blocked_reason,
    default_school_holidays,
    default_school_holidays_between,
    easter_sunday,
    holiday_name,
    public_holidays,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2017, D(2017, 4, 16)),
        (2018, D(2018, 4, 1)),
        (2019, D(2019, 4, 21)),
        (2020, D(2020, 4, 12)),
        (2021, D(2021, 4, 4)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_holidays_2018():
    days = public_holidays(2018)
    assert days[D(2018, 3, 29)] == "skærtorsdag"
    assert days[D(2018, 3, 30)] == "langfredag"
    assert days[D(2018, 4, 1)] == "påskedag"
    assert days[D(2018, 4, 2)] == "2. påskedag"
    assert days[D(2018, 4, 27)] == "store bededag"
    assert days[D(2018, 5, 10)] == "Kristi himmelfartsdag"
    assert days[D(2018, 5, 20)] == "pinsedag"
    assert days[D(2018, 5, 21)] == "2. pinsedag"
    assert days[D(2018, 6, 5)] == "grundlovsdag"
    assert days[D(2018, 1, 1)] == "nytårsdag"
    assert days[D(2018, 12, 24)] == "juleaftensdag"
    assert days[D(2018, 12, 25)] == "juledag"
    assert days[D(2018, 12, 26)] == "2. juledag"
    assert days[D(2018, 12, 31)] == "nytårsaftensdag"
    assert len(days) == 14


def test_holidays_2019():
    assert holiday_name(D(2019, 4, 18)) == "skærtorsdag"
    assert holiday_name(D(2019, 4, 19)) == "langfredag"
    assert holiday_name(D(2019, 4, 22)) == "2. påskedag"
    assert holiday_name(D(2019, 5, 17)) == "store bededag"
    assert holiday_name(D(2019, 5, 30)) == "Kristi himmelfartsdag"
    assert holiday_name(D(2019, 6, 10)) == "2. pinsedag"
    assert holiday_name(D(2019, 4, 23)) is None


def test_store_bededag_is_abolished_from_2024():
    assert holiday_name(D(2023, 5, 5)) == "store bededag"
    assert "store bededag" not in public_holidays(2024).values()
    assert holiday_name(D(2024, 4, 26)) is None
    assert len(public_holidays(2024)) == 13
    assert holiday_name(D(2024, 3, 28)) == "skærtorsdag"
    assert holiday_name(D(2024, 4, 1)) == "2. påskedag"
    assert holiday_name(D(2024, 5, 9)) == "Kristi himmelfartsdag"
    assert holiday_name(D(2024, 5, 20)) == "2. pinsedag"


def test_default_school_holidays_2019():
    periods = {p.name: (p.start, p.end) for p in default_school_holidays(2019)}
    assert periods == {
        "Vinterferie 2019": (D(2019, 2, 11), D(2019, 2, 17)),
        "Påskeferie 2019": (D(2019, 4, 15), D(2019, 4, 22)),
        "Sommerferie 2019": (D(2019, 7, 1), D(2019, 8, 4)),
        "Efterårsferie 2019": (D(2019, 10, 14), D(2019, 10, 20)),
        "Juleferie 2019/20": (D(2019, 12, 23), D(2020, 1, 1)),
    }


def test_default_school_holidays_of_a_plan_year_include_the_christmas_before():
    names = [p.name for p in default_school_holidays_between(D(2019, 1, 1), D(2019, 5, 31))]
    assert names == ["Juleferie 2018/19", "Vinterferie 2019", "Påskeferie 2019"]


def test_blocked_reason():
    summer = default_school_holidays(2018)
    assert blocked_reason(D(2018, 10, 20)) == "lørdag (weekend)"
    assert blocked_reason(D(2018, 3, 30)) == "helligdag: langfredag"
    assert blocked_reason(D(2018, 7, 10), summer) == "ferie: Sommerferie 2018"
    assert blocked_reason(D(2018, 7, 10)) is None
    assert blocked_reason(D(2018, 10, 23), summer) is None
