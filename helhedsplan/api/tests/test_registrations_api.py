"""Registrations over the API: the web's roles and the form's rules, answered as JSON."""

import datetime

import pytest

from helhedsplan.api.tests.conftest import (
    OTHER_ACTIVITY,
    PARTNER_ACTIVITY,
    READ_ONLY_ROLES,
    SLUG,
)
from helhedsplan.registrations.models import Registration, TertialApproval

URL = f"plans/{SLUG}/registrations"


def one(registration) -> str:
    return f"{URL}/{registration.pk}"


def body(**overrides):
    data = {
        "activity": PARTNER_ACTIVITY,
        "criteria": ["udd-tilbud-tilknyttet-vaerksteder"],
        "date": "2019-02-14",
        "end_date": "2019-04-30",
        "kind": "course",
        "count": 1,
        "participant_codes": ["u-001", "U-002", "U-003"],
        "completed_codes": ["U-001"],
        "age_band": "15-17",
        "area": "vangdalsparken",
        "note": "Forårsholdet",
    }
    data.update(overrides)
    return data


# -- reading --------------------------------------------------------------------------------


def test_a_partner_cannot_read_another_activitys_registration(api_as, other_registration):
    response = api_as("partner").get(one(other_registration))
    assert response.status_code == 404
    assert response.json()["detail"] == "Registreringen findes ikke."


@pytest.mark.parametrize("role", ["sekretariat", "medarbejder", "partner"])
def test_every_role_that_registers_reads_one_registration_it_may_see(
    api_as, partner_registration, role
):
    response = api_as(role).get(one(partner_registration))
    assert response.status_code == 200
    assert response.json()["activity"] == PARTNER_ACTIVITY


@pytest.mark.parametrize("role", ["sekretariat", "medarbejder", "partner"])
def test_the_roles_that_register_see_participant_codes(api_as, partner_registration, role):
    item = api_as(role).get(one(partner_registration)).json()
    assert item["participant_codes"] == ["U-100", "U-101"]


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_the_reading_roles_get_figures_not_registration_rows(api_as, partner_registration, role):
    # A mødregruppe session with 4 participants, listed to a reader, undoes the "<5" of every
    # figure it is part of (issue 17): the list and each row are refused, in Danish.
    for url in (URL, one(partner_registration)):
        response = api_as(role).get(url)
        assert response.status_code == 403
        assert "ikke til de enkelte registreringer" in response.json()["detail"]
        assert "U-100" not in response.content.decode()


# -- outsiders and unknown plans --------------------------------------------------------------


def test_an_outsider_gets_404_everywhere(api_as, partner_registration):
    api = api_as("outsider")
    assert api.get(URL).status_code == 404
    assert api.get(one(partner_registration)).status_code == 404
    assert api.post(URL, body()).status_code == 404
    assert api.put(one(partner_registration), body()).status_code == 404
    assert api.delete(one(partner_registration), {"reason": "x"}).status_code == 404
    assert Registration.objects.count() == 1


def test_an_unknown_plan_answers_404_like_a_plan_you_may_not_see(api_as, plan):
    response = api_as("sekretariat").get("plans/no-such-plan/registrations")
    assert response.status_code == 404
    assert response.json() == {"detail": "Planen findes ikke."}


def test_an_unknown_registration_answers_404(api_as, plan):
    assert api_as("sekretariat").get(f"{URL}/999999").status_code == 404


# -- creating ---------------------------------------------------------------------------------


def test_a_partner_registers_a_forloeb_for_its_own_activity(api_as, plan, partner):
    response = api_as("partner").post(URL, body())
    assert response.status_code == 201, response.json()
    data = response.json()
    registration = Registration.objects.get(pk=data["id"])
    assert registration.registered_by == partner
    assert registration.organisation.key == "randers-produktionshoejskole"
    assert registration.participants == 3 and registration.completed == 1
    # Codes are stored as the form stores them: upper case.
    assert data["participant_codes"] == ["U-001", "U-002", "U-003"]
    assert data["completed_codes"] == ["U-001"]
    assert data["criteria"] == ["udd-tilbud-tilknyttet-vaerksteder"]
    assert data["registered_by"] == "partner" and data["may_change"] is True
    participant = registration.links.first().participant
    assert participant.age_band == "15-17" and participant.area.key == "vangdalsparken"


def test_the_history_records_the_tokens_user_as_the_author(api_as, plan, partner):
    data = api_as("partner").post(URL, body()).json()
    record = Registration.history.get(id=data["id"])
    assert record.history_type == "+" and record.history_user == partner


@pytest.mark.parametrize("role", ["sekretariat", "medarbejder"])
def test_the_secretariat_and_staff_register_for_any_activity(api_as, plan, role):
    response = api_as(role).post(
        URL, body(activity=OTHER_ACTIVITY, criteria=["hotspot-kontakt"], end_date=None)
    )
    assert response.status_code == 201, response.json()


def test_a_partner_cannot_register_for_another_activity(api_as, plan):
    response = api_as("partner").post(
        URL, body(activity=OTHER_ACTIVITY, criteria=["hotspot-kontakt"])
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_a_read_only_role_gets_403_in_danish_when_it_registers(api_as, plan, role):
    response = api_as(role).post(URL, body())
    assert response.status_code == 403
    assert "kun adgang til at læse" in response.json()["detail"]
    assert not Registration.objects.exists()


def test_an_unknown_activity_key_is_refused_in_danish(api_as, plan):
    response = api_as("sekretariat").post(URL, body(activity="no-such-activity"))
    assert response.status_code == 422
    assert response.json()["errors"]["activity"] == [
        "Planen har ingen aktivitet med nøglen «no-such-activity»."
    ]


def test_unknown_criterion_and_area_keys_are_refused_in_danish(api_as, plan):
    response = api_as("sekretariat").post(
        URL, body(criteria=["no-such-criterion"], area="no-such-area")
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["criteria"] == [
        "Planen har intet succeskriterium med nøglen «no-such-criterion»."
    ]
    assert errors["area"] == ["Planen har intet boligområde med nøglen «no-such-area»."]
    assert not Registration.objects.exists()


def test_a_missing_field_is_named_in_danish(api_as, plan):
    data = body()
    del data["date"]
    response = api_as("sekretariat").post(URL, data)
    assert response.status_code == 422
    assert response.json() == {
        "errors": {"date": ["Feltet skal udfyldes."]},
        "needs_confirmation": False,
    }


# -- the form's rules ---------------------------------------------------------------------------


def refused(api_as, **overrides) -> dict:
    response = api_as("partner").post(URL, body(**overrides))
    assert response.status_code == 422, response.json()
    assert not Registration.objects.exists()
    return response.json()


def test_a_date_in_the_future_is_refused(api_as, plan, monkeypatch):
    today = datetime.date(2019, 3, 1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    errors = refused(api_as, date="2019-03-02", end_date=None)["errors"]
    assert errors["date"] == ["Datoen 02.03.2019 ligger i fremtiden."]


def test_a_date_outside_the_plan_is_refused(api_as, plan):
    errors = refused(api_as, date="2017-05-31", end_date=None)["errors"]
    assert "uden for planperioden" in errors["date"][0]


def test_more_completed_than_participants_is_refused(api_as, plan):
    errors = refused(api_as, participants=2, completed=3, participant_codes=[], completed_codes=[])
    assert errors["errors"]["completed"] == [
        "Der kan ikke være flere gennemførte (3) end deltagere (2)."
    ]


def test_a_cpr_like_participant_code_is_refused_without_repeating_it(api_as, plan):
    response = api_as("partner").post(
        URL, body(participant_codes=["010190-1234"], completed_codes=[])
    )
    assert response.status_code == 422
    assert "ligner et CPR-nummer" in response.json()["errors"]["participant_codes"][0]
    assert "010190" not in response.content.decode()


def test_a_cpr_like_completed_code_is_refused(api_as, plan):
    errors = refused(api_as, completed_codes=["0101901234"])["errors"]
    assert "CPR-nummer" in errors["completed_codes"][0]


def test_a_cpr_number_in_the_note_is_refused(api_as, plan):
    errors = refused(api_as, note="Barnet 010190-1234 deltog")["errors"]
    assert "CPR-nummer" in errors["note"][0]


def test_a_criterion_of_another_activity_is_refused(api_as, plan):
    errors = refused(api_as, criteria=["hotspot-kontakt"])["errors"]
    assert errors["criteria"] == ["Succeskriteriet «hotspot-kontakt» hører ikke til aktiviteten."]


def test_an_unknown_age_band_is_refused_in_danish(api_as, plan):
    errors = refused(api_as, age_band="16")["errors"]
    assert errors["age_band"][0].startswith("Ukendt aldersgruppe «16». Brug en af: 0-2, 3-5")


def test_every_broken_rule_is_named_at_once(api_as, plan):
    errors = refused(api_as, area="no-such-area", date="2017-01-01", end_date=None, kind="x")[
        "errors"
    ]
    assert set(errors) >= {"area", "date", "kind"}


def test_a_likely_duplicate_needs_confirmation_and_is_saved_once_confirmed(api_as, plan):
    api = api_as("partner")
    assert api.post(URL, body()).status_code == 201
    again = api.post(URL, body())
    assert again.status_code == 422
    assert again.json()["needs_confirmation"] is True
    assert "dobbeltregistrering" in again.json()["errors"]["__all__"][0]
    assert api.post(URL, body(confirm_duplicate=True)).status_code == 201
    assert Registration.objects.count() == 2


def test_a_registration_in_a_locked_tertial_is_refused(api_as, plan):
    TertialApproval.objects.create(plan=plan, tertial="2018/19-T3")
    errors = refused(api_as)["errors"]
    assert "2018/19-T3 er godkendt og låst" in errors["date"][0]


# -- changing ---------------------------------------------------------------------------------


def test_a_partner_changes_its_own_registration(api_as, partner_registration):
    response = api_as("partner").put(one(partner_registration), body(note="Rettet"))
    assert response.status_code == 200, response.json()
    partner_registration.refresh_from_db()
    assert partner_registration.note == "Rettet" and partner_registration.kind == "course"
    assert response.json()["participant_codes"] == ["U-001", "U-002", "U-003"]


@pytest.mark.parametrize("role", ["sekretariat", "medarbejder"])
def test_the_secretariat_and_staff_change_anyones_registration(api_as, partner_registration, role):
    response = api_as(role).put(one(partner_registration), body(note=f"Rettet af {role}"))
    assert response.status_code == 200, response.json()


def test_a_partner_cannot_change_another_activitys_registration(api_as, other_registration):
    response = api_as("partner").put(
        one(other_registration), body(activity=OTHER_ACTIVITY, criteria=[])
    )
    assert response.status_code == 404
    other_registration.refresh_from_db()
    assert other_registration.kind == "contact"


def test_a_partner_cannot_change_what_someone_else_registered_on_its_activity(
    api_as, colleague_registration
):
    assert api_as("partner").get(one(colleague_registration)).json()["may_change"] is False
    assert api_as("partner").put(one(colleague_registration), body()).status_code == 404
    assert api_as("partner").delete(one(colleague_registration), {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_a_read_only_role_gets_403_when_it_changes_or_deletes(api_as, partner_registration, role):
    api = api_as(role)
    assert api.put(one(partner_registration), body()).status_code == 403
    assert api.delete(one(partner_registration), {"reason": "fejl"}).status_code == 403
    assert Registration.objects.filter(pk=partner_registration.pk).exists()


def test_a_change_keeps_the_forms_rules(api_as, partner_registration):
    response = api_as("partner").put(
        one(partner_registration), body(participants=1, participant_codes=["U-1", "U-2"])
    )
    assert response.status_code == 422
    assert "flere deltagerkoder" in response.json()["errors"]["participant_codes"][0]


def test_the_activity_of_a_registration_cannot_be_changed(api_as, other_registration):
    response = api_as("sekretariat").put(one(other_registration), body())
    assert response.status_code == 422
    assert "Aktiviteten kan ikke ændres" in response.json()["errors"]["activity"][0]


def test_a_registration_in_a_locked_tertial_cannot_be_moved_out_of_it(api_as, partner_registration):
    TertialApproval.objects.create(plan=partner_registration.plan, tertial="2018/19-T2")
    response = api_as("partner").put(one(partner_registration), body(date="2019-03-01"))
    assert response.status_code == 422
    assert "låst" in response.json()["errors"]["date"][0]


# -- deleting ---------------------------------------------------------------------------------


def test_delete_keeps_the_registration_in_the_history_with_the_reason(
    api_as, partner_registration, partner
):
    pk = partner_registration.pk
    response = api_as("partner").delete(
        one(partner_registration), {"reason": "Registreret to gange"}
    )
    assert response.status_code == 204 and response.content == b""
    assert not Registration.objects.filter(pk=pk).exists()
    record = Registration.history.filter(id=pk).latest("history_date")
    assert record.history_type == "-"
    assert record.history_user == partner
    assert record.history_change_reason == (
        "Slettet: Registreret to gange. Succeskriterier: –. Deltagerkoder: U-100, U-101."
    )


def test_delete_without_a_reason_is_refused(api_as, partner_registration):
    response = api_as("partner").delete(one(partner_registration))
    assert response.status_code == 422
    assert response.json()["errors"]["reason"] == ["Feltet skal udfyldes."]
    assert Registration.objects.filter(pk=partner_registration.pk).exists()


def test_a_reason_that_looks_like_a_cpr_number_is_refused(api_as, partner_registration):
    response = api_as("partner").delete(one(partner_registration), {"reason": "010190-1234"})
    assert response.status_code == 422
    assert "CPR-nummer" in response.json()["errors"]["reason"][0]


def test_a_partner_cannot_delete_another_activitys_registration(api_as, other_registration):
    response = api_as("partner").delete(one(other_registration), {"reason": "fejl"})
    assert response.status_code == 404
    assert Registration.objects.filter(pk=other_registration.pk).exists()


def test_a_registration_in_a_locked_tertial_cannot_be_deleted(api_as, partner_registration):
    TertialApproval.objects.create(plan=partner_registration.plan, tertial="2018/19-T2")
    response = api_as("partner").delete(one(partner_registration), {"reason": "fejl"})
    assert response.status_code == 422
    assert response.json()["errors"]["date"] == ["Tertialet 2018/19-T2 er godkendt og låst."]
    assert Registration.objects.filter(pk=partner_registration.pk).exists()
