"""Small person counts: hidden one by one, and no yearly figure that the totals beside it would
reveal."""

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import yaml
from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.core.outward import (
    narrowed,
    outward_row,
    shown_actual,
    shown_count,
    shown_years,
    year_relation,
)
from helhedsplan.core.suppression import Suppressed, counts_persons, hide_share

S = Suppressed(5)


def test_counts_from_one_to_four_are_hidden_zero_and_five_are_shown():
    row = SimpleNamespace(criterion=criterion("unique_participants"))
    shown = []
    for actual in (0, 1, 4, 5, None):
        row.actual = actual
        shown.append(shown_actual(row, 5))
    assert shown == [0, S, S, 5, None]
    row.actual = 3
    assert outward_row(row, 5, active=False).actual == 3


def test_a_share_of_too_few_persons_is_hidden():
    assert hide_share(75, 4, 5, active=True) == S
    assert hide_share(75, 8, 5, active=True) == 75
    assert hide_share(75, 4, 5, active=False) == 75


YEARS = st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=4)


def _nothing_narrowed(criterion, years, totals):
    """The outward yearly figures beside the cumulative ones: every small count is hidden, and
    no figure, shown or withheld, can be worked out to one value above zero."""
    years = [Decimal(value) for value in years]
    totals = [Decimal(value) for value in totals]
    cells = shown_years(criterion, years, totals, 5, closed=[True] * len(years))
    for value, cell in zip(years, cells, strict=True):
        if 0 < value < 5:
            assert isinstance(cell, Suppressed)
    shown_totals = [shown_count(total, 5) for total in totals]
    assert not narrowed(year_relation(criterion), cells, shown_totals, 5)


@given(YEARS)
def test_no_yearly_count_that_adds_up_can_be_worked_out_from_the_totals(values):
    totals = [sum(values[: k + 1]) for k in range(len(values))]
    _nothing_narrowed(criterion("count", "husstande", counts_persons=True), values, totals)


@given(YEARS)
def test_no_yearly_count_whose_largest_is_the_total_can_be_worked_out(values):
    largest = criterion("count", "deltagere", counts_persons=True)
    largest.combine = "max"
    totals = [max(values[: k + 1]) for k in range(len(values))]
    _nothing_narrowed(largest, values, totals)


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=4))
def test_no_yearly_count_of_persons_over_the_period_can_be_worked_out(years):
    # Each year: some persons new to the criterion and some seen in an earlier year.
    union = criterion("unique_participants")
    union.per = "period"
    values, totals, total = [], [], 0
    for new, again in years:
        values.append(new + min(again, total))
        total += new
        totals.append(total)
    _nothing_narrowed(union, values, totals)


def test_a_year_without_persons_is_shown_as_zero_beside_a_small_total():
    # 3 in the first year and none after: "<5" then "0" beside "<5" and "<5" to date shows the
    # first year only as "<5"; the second year's 0 names nobody and is shown.
    cells = shown_years(
        criterion("count", "husstande", counts_persons=True),
        [Decimal(3), Decimal(0)],
        [Decimal(3), Decimal(3)],
        5,
        closed=[True, True],
    )
    assert cells == [S, Decimal(0)]


def criterion(kind, unit="", *, counts_persons=False):
    return SimpleNamespace(kind=kind, unit=unit, combine="", per="", counts_persons=counts_persons)


def test_whether_a_count_counts_persons_is_what_the_plan_states_never_its_unit():
    assert counts_persons(criterion("unique_participants"))
    assert counts_persons(criterion("unique_participants", counts_persons=False))
    # Units the old word list got wrong, both ways.
    assert counts_persons(criterion("count", "husstande", counts_persons=True))
    assert not counts_persons(criterion("count", "gruppeforløb", counts_persons=False))
    assert not counts_persons(criterion("count", "børn", counts_persons=False))
    # Only a count reads the key: a level or a share has its own rule.
    assert not counts_persons(criterion("level", "beboere", counts_persons=True))


def test_husstande_stated_as_persons_are_hidden_from_one_to_four_and_shown_at_zero_and_five():
    row = SimpleNamespace(criterion=criterion("count", "husstande", counts_persons=True))
    shown = []
    for actual in (0, 1, 4, 5, 6):
        row.actual = actual
        shown.append(shown_actual(row, 5))
    assert shown == [0, S, S, 5, 5]  # 6 is rounded to 5 in the outward editions
    row.actual = 4
    assert outward_row(row, 5, active=False).actual == 4  # inside the secretariat


def test_a_count_of_group_courses_stated_as_not_persons_is_shown_as_two():
    row = SimpleNamespace(
        criterion=criterion("count", "gruppeforløb", counts_persons=False), actual=2
    )
    assert shown_actual(row, 5) == 2


def test_no_unit_word_list_is_left_in_the_suppression_module():
    import helhedsplan.core.suppression as suppression

    source = Path(suppression.__file__).read_text(encoding="utf-8")
    assert "PERSON_UNITS" not in source
    for word in ("familier", "beboere", '"børn"', 'endswith("forløb")'):
        assert word not in source


def test_every_count_of_the_embedded_plan_is_hidden_exactly_as_the_plan_file_states(
    plan, plan_text
):
    stated = {
        c["key"]: c["counts_persons"]
        for focus in yaml.safe_load(plan_text)["focus_areas"]
        for activity in focus.get("activities", [])
        for c in activity.get("success_criteria", [])
        if c["kind"] == "count"
    }
    loaded = {c.key: counts_persons(c) for c in plan.success_criteria.filter(kind="count")}
    assert loaded == stated
    # The seed's group courses are courses, not persons; one family's counselling is persons.
    for key in (
        "hotspot-gruppeforloeb-antal",
        "parat-opkvalificeringsforloeb",
        "parat-brandkadetforloeb",
        "parat-milife-forloeb",
    ):
        assert loaded[key] is False
    assert loaded["familie-raadgivningsforloeb"] is True
