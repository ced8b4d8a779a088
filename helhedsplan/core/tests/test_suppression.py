"""Small person counts: hidden one by one, and a second cell where a total would reveal one."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.core.suppression import (
    Suppressed,
    counts_persons,
    hide,
    hide_row_with_total,
    hide_share,
)

S = Suppressed(5)


def test_counts_from_one_to_four_are_hidden_zero_and_five_are_shown():
    assert [hide(n, 5, active=True) for n in (0, 1, 4, 5, 12)] == [0, S, S, 5, 12]
    assert hide(3, 5, active=False) == 3
    assert hide(None, 5, active=True) is None


def test_a_share_of_too_few_persons_is_hidden():
    assert hide_share(75, 4, 5, active=True) == S
    assert hide_share(75, 8, 5, active=True) == 75
    assert hide_share(75, 4, 5, active=False) == 75


def test_one_hidden_cell_beside_a_total_takes_the_smallest_other_with_it():
    cells, total = hide_row_with_total([3, 12, 40, 0], 55, 5, active=True)
    assert cells == [S, S, 40, 0]
    assert total == 55


def test_two_hidden_cells_need_no_more():
    cells, total = hide_row_with_total([3, 2, 40], 45, 5, active=True)
    assert cells == [S, S, 40] and total == 45


def test_a_single_small_cell_with_no_other_hides_the_total():
    cells, total = hide_row_with_total([0, 3, 0], 3, 5, active=True)
    assert cells == [0, S, 0] and total == S


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=5))
def test_no_hidden_cell_can_be_worked_out_from_the_total(values):
    cells, total = hide_row_with_total(values, sum(values), 5, active=True)
    hidden = [i for i, c in enumerate(cells) if isinstance(c, Suppressed)]
    for i, value in enumerate(values):
        if 0 < value < 5:
            assert i in hidden
    if not isinstance(total, Suppressed):
        # Knowing the total and the shown cells leaves at least two unknowns, or none.
        assert len(hidden) != 1


def test_which_criteria_count_persons():
    def criterion(kind, unit=""):
        return SimpleNamespace(kind=kind, unit=unit, combine="")

    assert counts_persons(criterion("unique_participants"))
    assert counts_persons(criterion("count", "børn"))
    assert counts_persons(criterion("count", "Familier"))
    assert not counts_persons(criterion("count", "eksemplarer"))
    assert not counts_persons(criterion("level", "%"))


def test_every_counted_unit_of_the_embedded_plan_is_classified(plan):
    persons = {
        criterion.unit
        for criterion in plan.success_criteria.filter(kind="count")
        if counts_persons(criterion)
    }
    others = {
        criterion.unit
        for criterion in plan.success_criteria.filter(kind="count")
        if not counts_persons(criterion)
    }
    assert {"rådgivningsforløb", "netværksforløb", "kursusforløb", "forløb"} <= persons
    # What is left counts things, not people.
    assert others <= {
        "eksemplarer",
        "nyhedsmails",
        "historier",
        "aktiviteter",
        "arrangementer",
        "møder",
        "foreninger",
        "forløbsaktiviteter",
        "sager",
        "fraværsdage",
        "fraværsdage pr. elev",
    }, others
