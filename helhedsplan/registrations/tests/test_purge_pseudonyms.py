"""Pseudonyms are purged after the plan's end plus the retention period; counts stay."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.progress.services import plan_progress
from helhedsplan.registrations.models import Participant
from helhedsplan.registrations.services import RegistrationInput, save_registration


@pytest.fixture
def coded(plan):
    criterion = plan.success_criteria.get(key="hotspot-kontakt")
    save_registration(
        plan,
        RegistrationInput(
            activity=criterion.activity,
            date=datetime.date(2018, 3, 1),
            kind="contact",
            criteria=[criterion],
            codes=["P-1", "P-2", "P-3"],
        ),
    )
    return criterion


def test_codes_are_not_purged_before_the_retention_period_ends(plan, coded, capsys):
    with pytest.raises(CommandError, match=r"tidligst slettes efter 31\.05\.2022"):
        call_command("purge-pseudonyms", plan.slug, "--today", "2022-05-31")
    assert set(Participant.objects.values_list("code", flat=True)) == {"P-1", "P-2", "P-3"}


def test_purging_removes_every_code_but_keeps_the_unique_count(plan, coded, capsys):
    before = next(
        r for r in plan_progress(plan, datetime.date(2019, 1, 1)).criteria if r.criterion == coded
    )
    call_command("purge-pseudonyms", plan.slug, "--today", "2022-06-01", "--dry-run")
    assert "3 deltagerkoder ville blive slettet" in capsys.readouterr().out
    assert Participant.objects.filter(code="P-1").exists()
    call_command("purge-pseudonyms", plan.slug, "--today", "2022-06-01")
    assert not Participant.objects.filter(code__startswith="P-").exists()
    after = next(
        r for r in plan_progress(plan, datetime.date(2019, 1, 1)).criteria if r.criterion == coded
    )
    assert after.actual == before.actual == 3
