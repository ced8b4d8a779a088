"""The editor's pure logic: paths, putting values in, conflicts, problems tied to fields."""

import datetime

import pytest
import yaml

from helhedsplan.conftest import PLAN_FILE
from helhedsplan.planning import editing as e
from helhedsplan.planning import editing_tree as tree
from helhedsplan.planning import parts
from helhedsplan.planning.edit_forms import display, to_value
from helhedsplan.plans.planfile import PlanFileError, PlanFileProblem, validate_text
from helhedsplan.plans.services import dump_plan_data

CRITERION = (
    "focus_areas/tryghed-og-trivsel/activities/naboskab/success_criteria/naboskab-ambassadoerer"
)


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))


def test_a_keyed_part_is_found_by_its_keys(data):
    ref = e.resolve(data, CRITERION)
    assert ref.kind is parts.CRITERION_KIND
    assert ref.data_path == ("focus_areas", 0, "activities", 0, "success_criteria", 0)
    assert e.get_at(data, ref.data_path)["target"] == 17


def test_a_part_without_a_key_is_found_by_its_position_counted_from_one(data):
    ref = e.resolve(data, "areas/gl-jennumparken/coverage/3")
    assert ref.kind is parts.BY_CODE["coverage"]
    assert e.get_at(data, ref.data_path) == {
        "street": "Husarvej",
        "numbers": "even",
        "from": 2,
        "to": 40,
    }


def test_the_empty_path_is_the_plan_itself(data):
    ref = e.resolve(data, "")
    assert ref.kind is parts.PLAN and ref.data_path == ()


@pytest.mark.parametrize(
    "path",
    [
        "focus_areas/findes-ikke",
        "areas/gl-jennumparken/coverage/0",
        "areas/gl-jennumparken/coverage/999",
        "areas/gl-jennumparken/coverage/x",
        "focus_areas/tryghed-og-trivsel/coverage/1",  # not a list of a focus area
        "focus_areas",
    ],
)
def test_a_path_that_names_no_part_is_not_found(data, path):
    with pytest.raises(e.PartNotFound):
        e.resolve(data, path)


def test_a_list_path_names_the_kind_of_its_items(data):
    ref = e.resolve_list(data, "focus_areas/tryghed-og-trivsel/activities/naboskab/sub_activities")
    assert ref.kind is parts.BY_CODE["sub_activity"]
    assert len(e.items_of(data, ref)) == 2
    with pytest.raises(e.PartNotFound):
        e.resolve_list(data, "focus_areas/tryghed-og-trivsel/purpose")


def test_an_empty_value_leaves_the_key_out_and_an_emptied_group_goes_too():
    item = {"key": "x", "target": {"value": 13, "year": 2021}, "note": "n"}
    result = e.apply_values(item, {"target.value": None, "target.year": None, "note": None})
    assert result == {"key": "x"}
    assert item["target"] == {"value": 13, "year": 2021}  # the original is not touched


def test_putting_values_in_keeps_what_the_form_does_not_show():
    item = {"key": "a", "name": "Gammel", "sub_activities": [{"key": "s", "name": "S"}]}
    result = e.apply_values(item, {"name": "Ny", "budget.lbf": 5})
    assert result == {
        "key": "a",
        "name": "Ny",
        "sub_activities": [{"key": "s", "name": "S"}],
        "budget": {"lbf": 5},
    }


def test_adding_puts_the_part_last_and_removing_drops_an_emptied_list(data):
    ref = e.resolve_list(data, "focus_areas/tryghed-og-trivsel/parties")
    added, path = e.add_part(data, ref, {"name": "Ny Part"})
    assert e.get_at(added, path) == {"name": "Ny Part"}
    count = len(data["focus_areas"][0]["parties"])
    assert path == ("focus_areas", 0, "parties", count)
    one = {"organisations": [{"key": "a"}], "areas": [{"key": "x", "name": "X"}]}
    assert e.remove_part(one, ("areas", 0)) == {"organisations": [{"key": "a"}]}


def test_the_parts_own_values_leave_out_the_parts_inside_it(data):
    item = e.get_at(data, e.resolve(data, "focus_areas/tryghed-og-trivsel").data_path)
    values = e.own_values(parts.BY_CODE["focus_area"], item)
    assert values["budget.lbf"] == 3412000
    assert values["valid.start"] == "2017-06-01"
    assert "activities" not in values and "parties" not in values


def test_a_change_to_the_same_part_is_named_field_by_field():
    before = {"target": 17, "unit": "beboere", "text": "T"}
    after = {"target": 20, "unit": "beboere", "text": "T"}
    changes = e.changes_between(parts.CRITERION_KIND, before, after)
    assert [c.text for c in changes] == ["Mål: ændret fra 17 til 20"]
    assert e.changes_between(parts.CRITERION_KIND, before, dict(before)) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3.412.000", 3412000),
        ("1.234,5", 1234.5),
        ("14,2", 14.2),
        ("14.2", 14.2),
        ("0,5", 0.5),
        ("17", 17),
        ("-3", -3),
        ("1 713", 1713),
        ("abc", None),
        ("12 kr", None),
        ("1,2,3", None),
    ],
)
def test_danish_numbers_are_read(text, number):
    # What is no number is passed on as typed: the plan file's rule names the problem.
    assert to_value(parts.NUMBER, text) == (text.strip() if number is None else number)


def test_numbers_are_shown_as_danes_write_them():
    assert display(parts.NUMBER, 16055000) == "16.055.000"
    assert display(parts.NUMBER, 14.2) == "14,2"
    assert display(parts.NUMBER, 1234.5) == "1.234,5"
    assert display(parts.NUMBER, 17.0) == "17"


def test_a_value_that_is_no_number_is_passed_on_as_typed():
    assert to_value(parts.NUMBER, "abc") == "abc"
    assert to_value(parts.INTEGER, "12,5") == 12.5  # the plan file says "skal være et helt tal"
    assert to_value(parts.INTEGER, "2021") == 2021
    assert to_value(parts.NUMBER, "  ") is None


def test_dates_are_read_in_iso_and_danish_form():
    assert to_value(parts.DATE, "2017-06-01") == datetime.date(2017, 6, 1)
    assert to_value(parts.DATE, "1.6.2017") == datetime.date(2017, 6, 1)
    assert to_value(parts.DATE, "31.2.2017") == "31.2.2017"
    assert display(parts.DATE, datetime.date(2017, 6, 1)) == "2017-06-01"


def test_a_list_is_one_item_per_line_or_blank_line_separated_when_items_run_over_lines():
    assert to_value(parts.LINES, "Ét\r\n\r\nTo\nog tre") == ["Ét", "To\nog tre"]
    assert to_value(parts.LINES, " a \n\n") == ["a"]
    assert to_value(parts.LINES, "a\nb\n") == ["a", "b"]
    assert e.lines_text(["a", "b"]) == "a\nb"
    items = ["a", "b\nc\n"]
    assert to_value(parts.LINES, e.lines_text(items)) == ["a", "b\nc"]


def _problems(data) -> list[PlanFileProblem]:
    with pytest.raises(PlanFileError) as caught:
        validate_text(dump_plan_data(data))
    return caught.value.problems


def test_the_plan_files_problems_are_tied_to_the_fields_of_the_part(data):
    ref = e.resolve(data, CRITERION)
    item = e.get_at(data, ref.data_path)
    names = {f.name for f in parts.CRITERION_KIND.fields}
    bad = e.replace_part(data, ref.data_path, e.apply_values(item, {"target": "abc"}))
    by_field, others = e.split_problems(ref.kind, ref.data_path, _problems(bad), names)
    assert (by_field, others) == ({"target": ["skal være et tal"]}, [])
    bad = e.replace_part(
        data,
        ref.data_path,
        e.apply_values(item, {"target_max": 10, "responsible_organisation": "findes-ikke"}),
    )
    by_field, others = e.split_problems(ref.kind, ref.data_path, _problems(bad), names)
    assert by_field == {
        "target_max": ["skal være mindst 17 (target)"],
        "responsible_organisation": ["ukendt organisation 'findes-ikke'"],
    }
    assert others == []


def test_a_missing_group_belongs_to_its_first_field(data):
    ref = e.resolve(data, "focus_areas/tryghed-og-trivsel")
    item = e.get_at(data, ref.data_path)
    bad = e.apply_values(item, {"budget.lbf": None, "budget.local": None})
    changed = e.replace_part(data, ref.data_path, bad)
    names = {f.name for f in parts.BY_CODE["focus_area"].fields}
    by_field, others = e.split_problems(ref.kind, ref.data_path, _problems(changed), names)
    assert (by_field, others) == ({"budget.lbf": ["mangler"]}, [])


def test_another_parts_problem_stays_apart_with_its_path_in_words(data):
    ref = e.resolve(data, "focus_areas/tryghed-og-trivsel")
    changed = e.replace_part(data, ("bodies", 0, "members", 0, "organisation"), "ingen")
    names = {f.name for f in parts.BY_CODE["focus_area"].fields}
    by_field, others = e.split_problems(ref.kind, ref.data_path, _problems(changed), names)
    assert by_field == {}
    assert [p.path for p in others] == ["bodies[0].members[0].organisation"]
    member = data["bodies"][0]["members"][0]
    assert e.path_in_words(changed, others[0].path) == (
        f"Organ: {data['bodies'][0]['name']} › Medlem: "
        f"{member['role']}, {member['name']} › Organisation"
    )


def test_a_path_in_words_names_each_part_by_its_title(data):
    words = e.path_in_words(data, "focus_areas[0].activities[0].success_criteria[0].target_max")
    assert words == (
        "Indsatsområde: 1. Tryghed og trivsel › "
        "Aktivitet: 1. Aktivitet til styrkelse af naboskab › "
        "Succeskriterium: Minimum 17 beboere er udøvende beboerambassadører i hele perioden. › "
        "Mål, øvre grænse"
    )
    assert e.path_in_words(data, "period.end") == "Planperiode, slut"
    assert e.path_in_words(data, "") == "Planfilen"
    assert e.path_in_words(data, "success_criteria") == "Succeskriterier"


def test_the_tree_has_every_part_with_its_path(data):
    root = tree.tree(data)
    names = [part_list.kind.code for part_list in root.lists]
    assert names == [
        "organisation",
        "area",
        "department",
        "overall_goal",
        "focus_area",
        "body",
    ]
    focus = root.lists[4].items[0]
    assert focus.url_path == "focus_areas/tryghed-og-trivsel"
    criteria = focus.lists[2].items[0].lists[1]
    assert (
        criteria.url_path == "focus_areas/tryghed-og-trivsel/activities/naboskab/success_criteria"
    )
    assert criteria.items[0].url_path == CRITERION
    coverage = root.lists[1].items[0].lists[0]
    assert coverage.url_path == "areas/vangdalsparken/coverage"
    assert coverage.items[2].url_path == "areas/vangdalsparken/coverage/3"


def test_required_fields_and_defaults_are_read_from_the_plan_files_schema():
    assert parts.BY_CODE["focus_area"].is_required("budget.lbf")
    assert not parts.BY_CODE["focus_area"].is_required("valid.start")
    assert parts.CRITERION_KIND.is_required("kind")
    assert not parts.CRITERION_KIND.is_required("target")
    assert parts.CRITERION_KIND.default("direction") == "increase"
    assert parts.BY_CODE["coverage"].is_required("street")
    assert not parts.BY_CODE["coverage"].is_required("from")


def test_every_field_of_every_kind_is_a_field_of_the_plan_file():
    for kind in parts.KINDS:
        for field in kind.fields:
            steps = kind._schema_fields(field.name)
            assert None not in steps, f"{kind.code}.{field.name}"
        for list_name in kind.children:
            assert list_name in kind.schema.model_fields, f"{kind.code}.{list_name}"
