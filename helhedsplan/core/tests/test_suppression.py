"""Small person counts: hidden one by one, and a second cell where a total would reveal one."""

from pathlib import Path
from types import SimpleNamespace

import yaml
from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.core.suppression import (
    Suppressed,
    counts_persons,
    hide,
    hide_progress,
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


def criterion(kind, unit="", *, counts_persons=False):
    return SimpleNamespace(kind=kind, unit=unit, combine="", counts_persons=counts_persons)


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
        shown.append(hide_progress(row, 5, active=True))
    assert shown == [0, S, S, 5, 6]
    row.actual = 4
    assert hide_progress(row, 5, active=False) == 4


def test_a_count_of_group_courses_stated_as_not_persons_is_shown_as_two():
    row = SimpleNamespace(
        criterion=criterion("count", "gruppeforløb", counts_persons=False), actual=2
    )
    assert hide_progress(row, 5, active=True) == 2


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
