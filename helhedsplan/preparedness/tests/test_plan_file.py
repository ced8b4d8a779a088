"""The plan file's `preparedness` section: validated, stored on the plan, exported back."""

import pytest
import yaml

from helhedsplan.plans.models import Plan
from helhedsplan.plans.planfile import PlanFileError, validate_text
from helhedsplan.plans.services import export_plan, load_plan, plan_as_data


def _problems(text: str) -> list[str]:
    with pytest.raises(PlanFileError) as error:
        validate_text(text)
    return [str(problem) for problem in error.value.problems]


def test_the_section_is_stored_on_the_plan_and_exported_as_written(plan, plan_text):
    written = yaml.safe_load(plan_text)["preparedness"]
    assert plan.preparedness == written
    assert plan_as_data(plan)["preparedness"] == written
    # Exported last, after the bodies, in the documented key order.
    data = plan_as_data(plan)
    assert list(data)[-1] == "preparedness"
    assert list(data["preparedness"]) == [
        "coordinating_level",
        "executing_level",
        "press_contacts",
        "resources",
        "note",
    ]


def test_the_round_trip_keeps_the_section(plan):
    first = export_plan(plan)
    again = load_plan(text=first)
    assert export_plan(again) == first
    assert "preparedness:" in first and "Pia Hesselvig" in first


def test_a_plan_without_the_section_exports_none(no_plan, plan_text):
    data = yaml.safe_load(plan_text)
    del data["preparedness"]
    plan = load_plan(text=yaml.safe_dump(data, allow_unicode=True))
    assert plan.preparedness == {}
    assert "preparedness" not in plan_as_data(plan)


def test_a_reload_without_the_section_empties_it(plan, plan_text):
    data = yaml.safe_load(plan_text)
    del data["preparedness"]
    load_plan(text=yaml.safe_dump(data, allow_unicode=True))
    assert Plan.objects.get(pk=plan.pk).preparedness == {}


def test_an_unknown_press_organisation_is_named_by_path(plan_text):
    broken = plan_text.replace(
        "{role: Direktør, organisation: randersbolig,", "{role: Direktør, organisation: rb,"
    )
    problems = " | ".join(_problems(broken))
    assert "preparedness.press_contacts[1].organisation" in problems
    assert "ukendt organisation 'rb'" in problems


def test_a_phone_number_has_no_place_in_the_file(plan_text):
    broken = plan_text.replace("    - {name: Viceværter}", "    - {name: Viceværter, phone: x}")
    problems = " | ".join(_problems(broken))
    assert "preparedness.resources[5].phone: ukendt nøgle" in problems


def test_a_resource_needs_a_name(plan_text):
    broken = plan_text.replace("    - {name: Skolen}", "    - {note: uden navn}")
    problems = " | ".join(_problems(broken))
    assert "preparedness.resources[2].name" in problems
    assert "mangler" in problems
