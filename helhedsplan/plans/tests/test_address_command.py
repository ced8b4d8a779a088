"""`helhedsplan address check "ADDRESS" [--plan SLUG] --json`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def check(*args):
    out = StringIO()
    call_command("address", "check", *args, stdout=out)
    return out.getvalue()


def test_json_answer_has_the_documented_keys(plan):
    result = json.loads(
        check("Husarvej 12B, 2. tv, 8930 Randers NØ", "--plan", plan.slug, "--json")
    )
    assert result == {
        "input": "Husarvej 12B, 2. tv, 8930 Randers NØ",
        "covered": True,
        "area": "Gl. Jennumparken",
        "street": "Husarvej",
        "number": 12,
        "letter": "B",
    }


def test_the_plan_can_be_left_out_when_there_is_only_one(plan):
    result = json.loads(check("gammel jennumvej 4", "--json"))
    assert result["covered"] is True
    assert result["street"] == "Gl. Jennumvej"


def test_uncovered_address_in_words(plan):
    assert "ligger ikke i planens område" in check("Garnisonsvej 5")


@pytest.mark.parametrize("address", ["", "Husarvej", "  "])
def test_an_address_without_number_exits_non_zero_with_a_message(plan, address, capsys):
    with pytest.raises(CommandError) as refused:
        check(address, "--json")
    assert refused.value.returncode != 0
    message = str(refused.value)
    assert "husnummer" in message or "Skriv en adresse" in message


def test_unknown_plan_is_a_clear_error(plan, capsys):
    with pytest.raises(CommandError, match="Der er ingen plan"):
        check("Husarvej 1", "--plan", "findes-ikke")
