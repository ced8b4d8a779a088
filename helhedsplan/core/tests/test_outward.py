"""The outward editions' person counts (core/outward.py): at, just below and just above the
threshold, the status beside a hidden or rounded figure, and the yearly figures' rule."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from helhedsplan.core.outward import (
    FEW,
    Withheld,
    outward_row,
    possible_counts,
    rounded,
    shown_count,
    shown_years,
)
from helhedsplan.core.status import STATUS_LABELS, status_for
from helhedsplan.core.suppression import Suppressed


@dataclass
class Criterion:
    kind: str = "unique_participants"
    combine: str = ""
    per: str = "year"
    direction: str = "increase"
    unit: str = "børn"
    counts_persons: bool = True


@dataclass
class Row:
    criterion: Criterion
    expected: Decimal | None
    actual: Decimal | None
    status: str
    share_base: int | None = None


def row(actual, expected, criterion=None, share_base=None):
    criterion = criterion or Criterion()
    actual = None if actual is None else Decimal(actual)
    expected = Decimal(expected)
    status = status_for(actual=actual, expected=expected) if actual is not None else "no_data"
    return Row(criterion, expected, actual, status, share_base)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, Decimal(0)),
        (1, Suppressed(5)),
        (4, Suppressed(5)),  # just below the threshold
        (5, Decimal(5)),  # at it
        (6, Decimal(5)),  # just above
        (7, Decimal(5)),
        (8, Decimal(10)),
        (12, Decimal(10)),
        (13, Decimal(15)),  # the beboerambassadører of issue 17: 13 and 14 both show 15
        (14, Decimal(15)),
        (17, Decimal(15)),
        (18, Decimal(20)),
        (1153, Decimal(1155)),
    ],
)
def test_a_person_count_is_hidden_below_the_threshold_and_rounded_from_it(value, shown):
    assert shown_count(Decimal(value), 5) == shown


def test_rounding_follows_the_plans_threshold():
    assert [rounded(value, 3) for value in (3, 4, 5, 6, 7, 8)] == [3, 3, 6, 6, 6, 9]
    assert shown_count(Decimal(2), 3) == Suppressed(3)
    assert shown_count(Decimal(10), 10) == Decimal(10)
    assert shown_count(Decimal(9), 10) == Suppressed(10)


def test_every_shown_count_stands_for_at_least_two_true_counts_and_says_which():
    # The reader's view of a shown figure, worked out by trying every count.
    for threshold in (3, 4, 5, 10):
        for value in range(1, 200):
            shown = shown_count(Decimal(value), threshold)
            same = [x for x in range(1, 250) if shown_count(Decimal(x), threshold) == shown]
            low, high = possible_counts(shown, threshold)
            assert same == list(range(low, high + 1)), (threshold, value)
            assert len(same) >= 2, (threshold, value)


def test_the_status_beside_a_hidden_count_does_not_name_it():
    # The fremdriftsrapport 2017/18-T1: expected 2.01 and 2 reached was "tæt på", which only 2
    # can be. Now 1 to 4 would be behind, near or on track: the status says so.
    shown = outward_row(row(2, "2.01"), 5, active=True)
    assert shown.actual == Suppressed(5)
    assert shown.status == FEW
    assert STATUS_LABELS[FEW] == "få personer"


@pytest.mark.parametrize(
    ("expected", "status"),
    [
        ("5.01", "behind"),  # 4 / 5.01 < 0.8: every hidden count is behind
        ("5.00", FEW),  # 4 / 5 = 0.8 would be near, 3 / 5 behind
        ("1.00", "on_track"),  # 1 or more reaches 1
        ("1.01", FEW),
        ("0", "on_track"),
    ],
)
def test_a_status_every_hidden_count_shares_is_shown(expected, status):
    assert outward_row(row(3, expected), 5, active=True).status == status


def test_beside_a_rounded_count_the_status_is_the_rounded_counts():
    # 13 of 13.5 expected is near; 15 shown is on track, and that is what the reader can check.
    shown = outward_row(row(13, "13.5"), 5, active=True)
    assert (shown.actual, shown.status) == (Decimal(15), "on_track")
    shown = outward_row(row(12, "13.5"), 5, active=True)
    assert (shown.actual, shown.status) == (Decimal(10), "behind")


def test_inside_the_secretariat_nothing_changes():
    original = row(2, "2.01")
    assert outward_row(original, 5, active=False) is original


def test_counts_that_are_not_persons_are_shown_as_they_are():
    courses = row(2, "2.01", Criterion(kind="count", unit="gruppeforløb", counts_persons=False))
    assert outward_row(courses, 5, active=True) is courses


def test_a_share_of_too_few_persons_is_hidden_with_a_status_that_does_not_narrow_it():
    share = row("75", "80", Criterion(kind="share", unit="%"), share_base=4)
    shown = outward_row(share, 5, active=True)
    assert shown.actual == Suppressed(5)
    assert shown.status == FEW  # 0 % of 4 is behind, 100 % of 4 on track
    enough = row("75", "80", Criterion(kind="share", unit="%"), share_base=5)
    assert outward_row(enough, 5, active=True) is enough


def test_missing_data_and_not_started_stay_as_they_are():
    assert outward_row(row(None, "3"), 5, active=True).status == "no_data"


def test_a_running_year_is_withheld_and_a_closed_one_shown():
    cells = shown_years(
        Criterion(), [Decimal(40), Decimal(3)], [Decimal(40), Decimal(43)], 5, closed=[True, False]
    )
    assert cells == [Decimal(40), Withheld(5)]
    assert str(cells[1]) == "skjult"


def test_a_year_that_would_narrow_a_count_is_withheld():
    # 4 then 4 more: "<5", "<5" beside 4 and 8 to date ("<5" and "10", 8-12) would give 4 + 4
    # exactly (the second year at least 8 - 4). The second year is withheld.
    cells = shown_years(
        Criterion(), [Decimal(4), Decimal(4)], [Decimal(4), Decimal(8)], 5, closed=[True, True]
    )
    assert cells == [Suppressed(5), Withheld(5)]
    # 3 then 12 (15 to date): "<5" and "10" beside "<5" and "15" leave 1-4 for the first year.
    cells = shown_years(
        Criterion(), [Decimal(3), Decimal(12)], [Decimal(3), Decimal(15)], 5, closed=[True, True]
    )
    assert cells == [Suppressed(5), Decimal(10)]


def test_unique_participants_over_the_period_are_checked_as_a_union():
    # 4 children in the first year, 4 in the second, 8 different to date: the second year's 4
    # are all new (8 - 4), which "<5" beside "<5" and "10" would tell.
    period = Criterion(per="period")
    cells = shown_years(
        period, [Decimal(4), Decimal(4)], [Decimal(4), Decimal(8)], 5, closed=[True, True]
    )
    assert cells == [Suppressed(5), Withheld(5)]
    # The same children again in the second year (4 to date): nothing narrows.
    cells = shown_years(
        period, [Decimal(4), Decimal(4)], [Decimal(4), Decimal(4)], 5, closed=[True, True]
    )
    assert cells == [Suppressed(5), Suppressed(5)]
