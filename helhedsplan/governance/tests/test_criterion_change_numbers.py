"""A proposed target is read as Danes type it (helhedsplan.core.formats.parse_number): the change
proposal's plan file gets the number the person meant."""

import pytest
import yaml

from helhedsplan.governance.services import ChangeRefused, criterion_change_text


def _criterion(text: str, key: str) -> dict:
    data = yaml.safe_load(text)
    for focus in data["focus_areas"]:
        for activity in focus.get("activities", []):
            for criterion in activity.get("success_criteria", []):
                if criterion["key"] == key:
                    return criterion
    raise AssertionError(key)


@pytest.mark.parametrize(
    ("typed", "target"),
    [("60", 60), ("1.200", 1200), ("62,5", 62.5), ("62.5", 62.5), ("1.234,5", 1234.5)],
)
def test_a_typed_target_becomes_the_number_meant(plan, typed, target):
    text = criterion_change_text(plan, criterion_key="hotspot-kontakt", target=typed)
    found = _criterion(text, "hotspot-kontakt")["target"]
    assert found == target and type(found) is type(target)


@pytest.mark.parametrize("typed", ["tres", "6,0,0", "1,234.5"])
def test_a_target_that_is_no_number_is_refused(plan, typed):
    with pytest.raises(ChangeRefused, match="er ikke et tal"):
        criterion_change_text(plan, criterion_key="hotspot-kontakt", target=typed)
