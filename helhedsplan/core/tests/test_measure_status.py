"""A local measure's expected value and status (helhedsplan.core.status), and a target range in
Danish, at their edges."""

from datetime import date
from decimal import Decimal

import pytest

from helhedsplan.core.status import measure_expected, measure_status

D, N = date, Decimal


# --- measure_expected ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "baseline", "target", "result"),
    [
        (D(2015, 6, 1), N(10), N(20), N(10)),
        (D(2016, 12, 31), N(10), N(20), N(10)),
        (D(2017, 12, 31), N(10), N(20), N("12.50")),  # 365/1461 of the way
        (D(2018, 12, 31), N(10), N(20), N("15.00")),  # 730/1461 = 0.4997
        (D(2020, 12, 30), N(10), N(20), N("19.99")),
        (D(2020, 12, 31), N(10), N(20), N(20)),
        (D(2025, 1, 1), N(10), N(20), N(20)),
        (D(2018, 12, 31), N(30), N(20), N("25.00")),  # a decreasing line
        (D(2018, 12, 31), N("14.2"), N("14.2"), N("14.20")),  # a maintained level
    ],
)
def test_a_local_measure_moves_in_a_straight_line_from_baseline_to_target(
    as_of, baseline, target, result
):
    value = measure_expected(
        baseline=baseline, baseline_year=2016, target=target, target_year=2020, as_of=as_of
    )
    assert value == result
    assert value.as_tuple().exponent == -2


def test_a_local_measure_with_target_year_equal_to_baseline_year_jumps_at_the_year_end():
    kwargs = {"baseline": N(10), "baseline_year": 2018, "target": N(20), "target_year": 2018}
    assert measure_expected(as_of=D(2018, 12, 31), **kwargs) == N(10)
    assert measure_expected(as_of=D(2019, 1, 1), **kwargs) == N(20)


# --- measure_status -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "tolerance", "status"),
    [
        (N(50), N(2), "on_track"),
        (N(52), N(2), "on_track"),
        (N(48), N(2), "on_track"),
        (N("52.01"), N(2), "near"),
        (N(54), N(2), "near"),
        (N(46), N(2), "near"),
        (N("54.01"), N(2), "behind"),
        (N("45.99"), N(2), "behind"),
        (N(50), None, "on_track"),
        (N("50.1"), None, "behind"),  # no tolerance: any change is too much
        (N("49.9"), N(0), "behind"),
        (None, N(2), "no_data"),
    ],
)
def test_a_maintained_measure_is_on_track_within_its_tolerance_and_near_within_twice_it(
    actual, tolerance, status
):
    result = measure_status(
        actual=actual, expected=N(50), baseline=N(50), direction="maintain", tolerance=tolerance
    )
    assert result == status


@pytest.mark.parametrize(
    ("actual", "direction", "status"),
    [
        # increase from 10 toward an expected 20 today
        (N(25), "increase", "on_track"),
        (N(20), "increase", "on_track"),
        (N("19.99"), "increase", "near"),
        (N(18), "increase", "near"),  # 80 % of the planned progress
        (N("17.99"), "increase", "behind"),
        (N(10), "increase", "behind"),
        (N(5), "increase", "behind"),
        (None, "increase", "no_data"),
    ],
)
def test_an_increasing_measure_is_judged_by_its_progress_from_the_baseline(
    actual, direction, status
):
    assert (
        measure_status(actual=actual, expected=N(20), baseline=N(10), direction=direction) == status
    )


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (N(15), "on_track"),
        (N(20), "on_track"),
        (N("20.01"), "near"),
        (N(22), "near"),  # 80 % of the planned fall from 30 to 20
        (N("22.01"), "behind"),
        (N(30), "behind"),
        (N(35), "behind"),
        (None, "no_data"),
    ],
)
def test_a_decreasing_measure_is_judged_by_its_fall_from_the_baseline(actual, status):
    assert (
        measure_status(actual=actual, expected=N(20), baseline=N(30), direction="decrease")
        == status
    )


@pytest.mark.parametrize(
    ("direction", "actual", "status"),
    [
        ("increase", 9, "behind"),
        ("increase", 10, "on_track"),
        ("decrease", 11, "behind"),
        ("decrease", 10, "on_track"),
    ],
)
def test_a_measure_still_at_its_baseline_date_is_on_track_only_at_the_baseline_or_better(
    direction, actual, status
):
    assert (
        measure_status(actual=N(actual), expected=N(10), baseline=N(10), direction=direction)
        == status
    )


def test_measure_status_rejects_an_unknown_direction():
    with pytest.raises(ValueError, match="Ukendt retning"):
        measure_status(actual=N(1), expected=N(1), baseline=N(1), direction="trend")
