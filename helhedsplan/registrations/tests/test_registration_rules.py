"""The rules every registration keeps, whether it comes from the form, an import or the API."""

import datetime

import pytest

from helhedsplan.registrations.models import Participant, Registration, TertialApproval
from helhedsplan.registrations.services import (
    RegistrationInput,
    RegistrationRefused,
    save_registration,
    split_codes,
)

TODAY = datetime.date(2019, 3, 1)


@pytest.fixture
def hotspot(plan):
    return plan.activities.get(key="hotspot")


def entry(activity, **overrides) -> RegistrationInput:
    values = {
        "activity": activity,
        "date": datetime.date(2018, 10, 3),
        "kind": "session",
        "count": 1,
    }
    values.update(overrides)
    if "criteria" not in values:
        values["criteria"] = [activity.success_criteria.get(key="hotspot-kontakt")]
    return RegistrationInput(**values)


def refused(plan, data) -> dict:
    with pytest.raises(RegistrationRefused) as error:
        save_registration(plan, data, today=TODAY)
    assert Registration.objects.count() == 0
    return error.value.errors


def test_a_forloeb_with_ten_codes_is_saved_with_its_participants(plan, hotspot, sekretariat):
    codes = [f"P-{n:04d}" for n in range(1, 11)]
    registration = save_registration(
        plan,
        entry(
            hotspot,
            kind="course",
            end_date=datetime.date(2018, 12, 1),
            codes=codes,
            completed_codes=codes[:7],
        ),
        user=sekretariat,
        today=TODAY,
    )
    assert registration.participants == 10
    assert registration.completed == 7
    assert sorted(registration.codes.values_list("code", flat=True)) == codes
    assert registration.links.filter(completed=True).count() == 7
    assert registration.history.count() == 1


def test_codes_pasted_as_a_list_are_split_and_deduplicated():
    assert split_codes("p-1, P-2;P-3\nP-1  p-4") == ["P-1", "P-2", "P-3", "P-4"]


def test_a_code_used_again_is_the_same_participant(plan, hotspot):
    save_registration(plan, entry(hotspot, codes=["P-1", "P-2"]), today=TODAY)
    save_registration(
        plan, entry(hotspot, date=datetime.date(2018, 10, 10), codes=["P-2", "P-3"]), today=TODAY
    )
    assert Participant.objects.filter(plan=plan).count() == 3


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": datetime.date(2017, 5, 31)}, "date", "uden for planperioden"),
        ({"date": datetime.date(2019, 3, 2)}, "date", "i fremtiden"),
        ({"end_date": datetime.date(2018, 10, 1)}, "end_date", "før startdatoen"),
        ({"count": -1}, "count", "negativ"),
        (
            {"participants": 3, "completed": 4},
            "completed",
            "flere gennemførte (4) end deltagere (3)",
        ),
        ({"completed": 4}, "completed", "Angiv antal deltagere"),
        (
            {"participants": 1, "codes": ["P-1", "P-2"]},
            "codes",
            "flere deltagerkoder (2) end deltagere (1)",
        ),
        ({"codes": ["010190-1234"]}, "codes", "ligner et CPR-nummer"),
        ({"codes": ["0101901234"]}, "codes", "ligner et CPR-nummer"),
        ({"codes": ["Anna Hansen"]}, "codes", "må kun indeholde"),
        ({"note": "Mor har cpr 010190-1234"}, "note", "ligner et CPR-nummer"),
        ({"kind": "fest"}, "kind", "Ukendt type"),
    ],
)
def test_bad_input_is_refused_with_a_danish_message_and_nothing_is_saved(
    plan, hotspot, overrides, field, message
):
    errors = refused(plan, entry(hotspot, **overrides))
    assert any(message in text for text in errors[field]), errors
    assert Participant.objects.count() == 0


def test_a_criterion_of_another_activity_is_refused(plan, hotspot):
    other = plan.success_criteria.get(key="naboskab-ambassadoerer")
    errors = refused(plan, entry(hotspot, criteria=[other]))
    assert "hører ikke til aktiviteten" in errors["criteria"][0]


def test_a_likely_duplicate_asks_for_confirmation(plan, hotspot):
    save_registration(plan, entry(hotspot), today=TODAY)
    with pytest.raises(RegistrationRefused) as error:
        save_registration(plan, entry(hotspot), today=TODAY)
    assert error.value.needs_confirmation
    assert Registration.objects.count() == 1
    save_registration(plan, entry(hotspot), today=TODAY, confirmed_duplicate=True)
    assert Registration.objects.count() == 2


def test_an_approved_tertial_is_locked_until_reopened(plan, hotspot):
    registration = save_registration(plan, entry(hotspot), today=TODAY)
    approval = TertialApproval.objects.create(plan=plan, tertial="2018/19-T2")
    with pytest.raises(RegistrationRefused) as error:
        save_registration(plan, entry(hotspot, date=datetime.date(2018, 11, 5)), today=TODAY)
    assert "2018/19-T2 er godkendt og låst" in error.value.errors["date"][0]
    with pytest.raises(RegistrationRefused):
        save_registration(plan, entry(hotspot, count=2), instance=registration, today=TODAY)
    approval.approved = False
    approval.save()
    save_registration(plan, entry(hotspot, count=2), instance=registration, today=TODAY)
    registration.refresh_from_db()
    assert registration.count == 2
    assert approval.history.count() == 2


def test_a_level_criterion_is_not_counted_from_registrations(plan):
    naboskab = plan.activities.get(key="naboskab")
    level = naboskab.success_criteria.get(key="naboskab-ambassadoerer")
    errors = refused(plan, entry(naboskab, criteria=[level]))
    assert "opgøres ved måling eller vurdering" in errors["criteria"][0]


def test_a_repeat_with_only_codes_is_also_a_likely_duplicate(plan, hotspot):
    save_registration(plan, entry(hotspot, codes=["P-1", "P-2"]), today=TODAY)
    with pytest.raises(RegistrationRefused) as error:
        save_registration(plan, entry(hotspot, codes=["P-3", "P-4"]), today=TODAY)
    assert error.value.needs_confirmation


def test_the_refusal_of_a_cpr_like_code_does_not_repeat_the_number(plan, hotspot):
    errors = refused(plan, entry(hotspot, codes=["010190-1234"]))
    assert "010190" not in " ".join(errors["codes"])
