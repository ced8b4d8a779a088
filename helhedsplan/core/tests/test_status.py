"""Expected to date, combination rules and status codes, at their edges."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import strategies as st

from helhedsplan.core.status import (
    CUMULATIVE_RULES,
    STATUS_LABELS,
    combine_values,
    expected_to_date,
    status_for,
    trend_status,
)

START, END = date(2017, 6, 1), date(2021, 5, 31)  # 1461 days, four plan years
D, N = date, Decimal
NON_CUMULATIVE = ["latest", "max", "average", "share"]
A_DAY_EACH_DAY = N(365)  # a yearly target of 365 makes the expected value a day count
RANK = {"behind": 0, "near": 1, "on_track": 2}

amounts = st.decimals(
    min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False
)


def expected(as_of, target=A_DAY_EACH_DAY, per="year", combine="sum", start=START, end=END):
    return expected_to_date(
        target=target, per=per, combine=combine, plan_start=start, plan_end=end, as_of=as_of
    )


def test_status_codes_have_their_danish_labels():
    assert STATUS_LABELS == {
        "on_track": "på sporet",
        "near": "tæt på",
        "behind": "bagud",
        "not_started": "ikke startet",
        "no_data": "mangler data",
        "assessed": "vurderet",
        "few": "få personer",  # outward editions only: a hidden count's statuses disagree
    }


def test_sum_and_unique_are_the_cumulative_rules():
    assert sorted(CUMULATIVE_RULES) == ["sum", "unique"]


# --- expected_to_date ---------------------------------------------------------------------------


@pytest.mark.parametrize("combine", sorted(CUMULATIVE_RULES))
@pytest.mark.parametrize(
    ("as_of", "target", "result"),
    [
        (D(2017, 5, 31), N(365), N(0)),
        (D(2010, 1, 1), N(365), N(0)),
        (D(2017, 6, 1), N(365), N(1)),
        (D(2018, 1, 31), N(365), N(245)),  # DESIGN's example: 245/365 of the first year
        (D(2018, 1, 31), N(10), N("6.71")),  # 2450/365 = 6.712...
        (D(2018, 5, 31), N(365), N(365)),
        (D(2018, 6, 1), N(365), N(366)),  # a full first year plus the first day of the second
        (D(2020, 2, 29), N(366), N(1006)),  # two full years + 274/366 of the leap year
        (D(2020, 5, 31), N(12), N(36)),
        (D(2021, 5, 30), N(365), N(1459)),
        (D(2021, 5, 31), N(12), N(48)),
        (D(2030, 1, 1), N(12), N(48)),
        (D(2019, 1, 31), N(0), N(0)),
    ],
)
def test_a_yearly_cumulative_target_counts_past_years_in_full_and_the_current_by_days(
    combine, as_of, target, result
):
    assert expected(as_of, target=target, combine=combine) == result


@pytest.mark.parametrize(
    ("as_of", "result"),
    [
        (D(2017, 5, 31), N(0)),
        (D(2017, 6, 1), N("0.07")),  # 100/1461
        (D(2018, 1, 31), N("16.77")),  # 24500/1461 = 16.769...
        (D(2021, 5, 31), N(100)),
        (D(2022, 6, 1), N(100)),
    ],
)
def test_a_whole_period_target_is_spread_over_the_plan_by_days(as_of, result):
    assert expected(as_of, target=N(100), per="period") == result


def test_a_whole_period_target_is_never_multiplied_by_the_number_of_years():
    assert expected(END, target=N(100), per="period") == N(100)
    assert expected(END, target=N(100), per="year") == N(400)


@pytest.mark.parametrize("combine", NON_CUMULATIVE)
@pytest.mark.parametrize("per", ["year", "period", ""])
@pytest.mark.parametrize(
    ("as_of", "result"),
    [
        (D(2017, 5, 31), N(0)),
        (D(2017, 6, 1), N(17)),
        (D(2019, 3, 1), N(17)),
        (D(2021, 5, 31), N(17)),
        (D(2025, 1, 1), N(17)),
    ],
)
def test_a_level_average_or_share_is_expected_in_full_from_the_plan_start(
    combine, per, as_of, result
):
    assert expected(as_of, target=N(17), per=per, combine=combine) == result


@pytest.mark.parametrize("combine", ["sum", "unique", "latest", "max", "average", "share", ""])
@pytest.mark.parametrize("per", ["year", "period", ""])
def test_nothing_is_expected_without_a_target(combine, per):
    assert expected(D(2019, 1, 1), target=None, per=per, combine=combine) is None


@pytest.mark.parametrize(
    ("target", "result"),
    [
        (N("0.02"), N("0.01")),  # 0.005 rounds up (banker's rounding would give 0.00)
        (N("0.1"), N("0.03")),  # 0.025 rounds up (banker's rounding would give 0.02)
        (N("0.01"), N("0.00")),  # 0.0025 rounds down
    ],
)
def test_expected_to_date_rounds_half_up_to_two_decimals(target, result):
    # A four-day plan: on its first day a quarter of the target is expected.
    as_of = start = D(2020, 1, 1)
    value = expected(as_of, target=target, per="period", start=start, end=start + timedelta(days=3))
    assert value == result
    assert value.as_tuple().exponent == -2


def test_expected_to_date_always_has_two_decimals():
    assert str(expected(D(2018, 1, 31))) == "245.00"
    assert str(expected(D(2017, 1, 1))) == "0.00"
    assert str(expected(D(2018, 1, 1), combine="latest", target=N("17.5"))) == "17.50"


def test_a_plan_year_cut_by_the_plan_end_still_counts_as_a_full_year():
    cut_end = D(2019, 12, 31)
    assert expected(cut_end, target=N(10), end=cut_end) == N(30)
    # Half-way through the 214 days of the cut year: 107/214 of its target.
    assert expected(D(2019, 9, 15), target=N(214), end=cut_end) == N(428 + 107)


@pytest.mark.parametrize(("combine", "per"), [("count", "year"), ("sum", "month"), ("sum", "")])
def test_expected_to_date_rejects_an_unknown_rule_or_target_period(combine, per):
    with pytest.raises(ValueError, match="Ukendt"):
        expected(D(2019, 1, 1), combine=combine, per=per)


# --- combine_values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "values", "result"),
    [
        ("sum", [1, 2, 3], N(6)),
        ("sum", [N("1.5"), 2], N("3.5")),
        ("sum", [0.1, 0.2], N("0.3")),  # floats are read as written, not in binary
        ("sum", [0], N(0)),
        ("sum", [None, 4], N(4)),
        ("sum", [], None),
        ("sum", [None], None),
        ("unique", ["A1", "B2", "A1", "C3"], N(3)),
        ("unique", ["A1"], N(1)),
        ("unique", [], None),
        ("latest", [(D(2018, 3, 1), 5), (D(2019, 3, 1), 9), (D(2018, 9, 1), 7)], N(9)),
        ("latest", [(D(2019, 3, 1), 9), (D(2018, 3, 1), 5)], N(9)),
        ("latest", [(D(2019, 3, 1), 4), (D(2019, 3, 1), 6)], N(6)),  # a tie: the last one counts
        ("latest", [(D(2019, 3, 1), 6), (D(2019, 3, 1), 4)], N(4)),
        ("latest", [(D(2019, 3, 1), None), (D(2018, 3, 1), 5)], N(5)),
        ("latest", [], None),
        ("max", [3, 7, 5], N(7)),
        ("max", [N("-2"), N("-1.5")], N("-1.5")),
        ("max", [], None),
        ("average", [1, 2, 2], N("1.67")),
        ("average", [1, 2], N("1.50")),
        ("average", [N("0.01"), 0], N("0.01")),  # 0.005 rounds up
        ("average", [N("2.345")], N("2.35")),
        ("average", [], None),
        ("share", [(10, 5)], N("50.0")),
        ("share", [(3, 1)], N("33.3")),
        ("share", [(3, 2)], N("66.7")),
        ("share", [(4, 1), (4, 2)], N("37.5")),  # pooled, not the average of 25 % and 50 %
        ("share", [(16, 1)], N("6.3")),  # 6.25 rounds up
        ("share", [(10, 10)], N("100.0")),
        ("share", [(0, 0)], None),
        ("share", [], None),
    ],
)
def test_combine_values_by_rule(rule, values, result):
    value = combine_values(rule, values)
    assert value == result
    assert value is None or isinstance(value, Decimal)


def test_an_average_and_a_share_keep_their_decimals_in_the_result():
    assert str(combine_values("average", [2, 2])) == "2.00"
    assert str(combine_values("share", [(2, 1)])) == "50.0"


def test_combine_values_rejects_an_unknown_rule():
    with pytest.raises(ValueError, match="Ukendt kombinationsregel"):
        combine_values("median", [1, 2])


# --- status_for ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected_", "direction", "started", "status"),
    [
        (None, N(10), "increase", True, "no_data"),
        (None, N(10), "increase", False, "no_data"),
        (None, None, "increase", True, "no_data"),
        (N(5), N(10), "increase", False, "not_started"),
        (N(0), N(0), "increase", True, "not_started"),
        (N(5), N(0), "increase", True, "on_track"),
        (N(3), None, "increase", True, "on_track"),
        (N(3), None, "decrease", True, "on_track"),
        # increase: the ratio actual/expected, with its 100 % and 80 % edges
        (N(12), N(10), "increase", True, "on_track"),
        (N(10), N(10), "increase", True, "on_track"),
        (N("9.99"), N(10), "increase", True, "near"),
        (N(8), N(10), "increase", True, "near"),
        (N("7.99"), N(10), "increase", True, "behind"),
        (N(0), N(10), "increase", True, "behind"),
        (N(245), N("245.00"), "increase", True, "on_track"),
        (N(196), N(245), "increase", True, "near"),  # exactly 80 %
        (N(195), N(245), "increase", True, "behind"),
        # decrease: lower is better, the ratio is expected/actual
        (N(5), N(10), "decrease", True, "on_track"),
        (N(10), N(10), "decrease", True, "on_track"),
        (N(11), N(10), "decrease", True, "near"),
        (N("12.5"), N(10), "decrease", True, "near"),  # exactly 80 %
        (N("12.51"), N(10), "decrease", True, "behind"),
        (N(0), N(10), "decrease", True, "on_track"),
        (N(0), N(0), "decrease", True, "on_track"),  # zero is the best a decrease can be
        (N(1), N(0), "decrease", True, "behind"),
        (N(5), N(10), "decrease", False, "not_started"),
    ],
)
def test_status_for(actual, expected_, direction, started, status):
    assert (
        status_for(actual=actual, expected=expected_, direction=direction, started=started)
        == status
    )


def test_a_range_is_judged_by_its_lower_bound():
    # "24-32 forløb": 24 is the target, so 24 is on track and 20 is near.
    assert status_for(actual=N(24), expected=N(24)) == "on_track"
    assert status_for(actual=N(20), expected=N(24)) == "near"


def test_status_for_accepts_ints_and_floats_as_well_as_decimals():
    assert status_for(actual=8, expected=10) == "near"
    assert status_for(actual=0.8, expected=1) == "near"


@pytest.mark.parametrize("direction", ["maintain", "up", ""])
def test_status_for_rejects_an_unknown_direction(direction):
    with pytest.raises(ValueError, match="Ukendt retning"):
        status_for(actual=N(1), expected=N(1), direction=direction)


# --- trend_status -------------------------------------------------------------------------------

JAN, JUN, DEC = D(2018, 1, 1), D(2018, 6, 1), D(2018, 12, 1)


@pytest.mark.parametrize(
    ("values", "direction", "status"),
    [
        ([], "increase", "no_data"),
        ([(JAN, N(5))], "increase", "no_data"),
        ([(JAN, N(5)), (DEC, None)], "increase", "no_data"),
        ([(JAN, N(5)), (DEC, N(8))], "increase", "on_track"),
        ([(JAN, N(5)), (DEC, N(5))], "increase", "near"),
        ([(JAN, N(5)), (DEC, N(3))], "increase", "behind"),
        ([(JAN, N(5)), (DEC, N(8))], "decrease", "behind"),
        ([(JAN, N(5)), (DEC, N(5))], "decrease", "near"),
        ([(JAN, N(5)), (DEC, N(3))], "decrease", "on_track"),
        ([(DEC, N(8)), (JAN, N(5))], "increase", "on_track"),  # the dates decide, not the order
        ([(JAN, N(5)), (JUN, N(1)), (DEC, N(6))], "increase", "on_track"),  # oldest vs newest only
        ([(JAN, N(5)), (JUN, N(9)), (DEC, N(4))], "increase", "behind"),
        ([(JAN, N(5)), (JAN, N(9))], "increase", "on_track"),  # same day: list order decides
    ],
)
def test_trend_status_compares_the_newest_value_with_the_oldest(values, direction, status):
    assert trend_status(values, direction) == status


def test_trend_status_rejects_an_unknown_direction():
    with pytest.raises(ValueError, match="Ukendt retning"):
        trend_status([(JAN, N(1)), (DEC, N(2))], "maintain")
