"""Measurements over the API: every role reads them, the secretariat and the staff write them."""

import datetime
from decimal import Decimal

import pytest

from helhedsplan.api.tests.conftest import ALL_ROLES, READ_ONLY_ROLES, SLUG
from helhedsplan.registrations.models import Measurement, TertialApproval

URL = f"plans/{SLUG}/measurements"


def body(**overrides):
    data = {
        "local_measure": "klagesager",
        "date": "2019-12-31",
        "value": "11.5",
        "source": "Boligorganisationernes udtræk 2019",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def measurements(plan):
    common = {"plan": plan, "source": "BBR"}
    return [
        Measurement.objects.create(
            local_measure=plan.local_measures.get(key="klagesager"),
            date=datetime.date(2018, 12, 31),
            period="2018",
            value=Decimal("12.4"),
            **common,
        ),
        Measurement.objects.create(
            criterion=plan.success_criteria.get(key="naboskab-ambassadoerer"),
            date=datetime.date(2019, 5, 31),
            period="2018/19-T3",
            value=Decimal(14),
            **common,
        ),
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_of_the_plan_reads_the_measurements(api_as, measurements, role):
    response = api_as(role).get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert data["items"][0]["criterion"] == "naboskab-ambassadoerer"
    assert data["items"][1] | {"id": 0, "created_at": ""} == {
        "id": 0,
        "local_measure": "klagesager",
        "criterion": None,
        "date": "2018-12-31",
        "period": "2018",
        "value": 12.4,
        "source": "BBR",
        "note": "",
        "registered_by": None,
        "is_demo": False,
        "created_at": "",
    }


def test_the_measurements_filter_by_measure_criterion_and_dates(api_as, measurements):
    api = api_as("sekretariat")
    assert api.get(URL, {"local_measure": "klagesager"}).json()["count"] == 1
    assert api.get(URL, {"criterion": "naboskab-ambassadoerer"}).json()["count"] == 1
    assert api.get(URL, {"from": "2019-01-01"}).json()["count"] == 1
    assert api.get(URL, {"to": "2019-01-01"}).json()["count"] == 1
    assert api.get(URL, {"limit": 1, "offset": 1}).json()["items"][0]["period"] == "2018"


def test_an_outsider_gets_404_for_measurements(api_as, measurements):
    api = api_as("outsider")
    assert api.get(URL).status_code == 404
    assert api.post(URL, body()).status_code == 404
    assert Measurement.objects.count() == 2


@pytest.mark.parametrize("role", ["sekretariat", "medarbejder"])
def test_the_secretariat_and_staff_register_a_measurement(api_as, plan, role, request):
    response = api_as(role).post(URL, body())
    assert response.status_code == 201, response.json()
    measurement = Measurement.objects.get(pk=response.json()["id"])
    assert measurement.local_measure.key == "klagesager" and measurement.value == Decimal("11.5")
    assert measurement.registered_by == request.getfixturevalue(role)
    # Without a period the date's tertial is used.
    assert measurement.period == "2019/20-T2"
    assert Measurement.history.get(id=measurement.id).history_user == measurement.registered_by


def test_a_measurement_for_a_level_criterion_is_accepted(api_as, plan):
    response = api_as("sekretariat").post(
        URL, body(local_measure=None, criterion="naboskab-ambassadoerer", value=17, period="2019")
    )
    assert response.status_code == 201, response.json()
    assert response.json()["criterion"] == "naboskab-ambassadoerer"
    assert response.json()["period"] == "2019"


@pytest.mark.parametrize("role", ["partner", *READ_ONLY_ROLES])
def test_partners_and_read_only_roles_get_403_for_measurements(api_as, plan, role):
    response = api_as(role).post(URL, body())
    assert response.status_code == 403
    assert "Kun sekretariatet og de boligsociale medarbejdere" in response.json()["detail"]
    assert not Measurement.objects.exists()


def refused(api_as, **overrides) -> dict:
    response = api_as("sekretariat").post(URL, body(**overrides))
    assert response.status_code == 422, response.json()
    assert not Measurement.objects.exists()
    return response.json()["errors"]


def test_a_measurement_must_name_exactly_one_thing(api_as, plan):
    both = refused(api_as, criterion="naboskab-ambassadoerer")
    neither = refused(api_as, local_measure=None)
    assert "præcis én" in both["__all__"][0] and "præcis én" in neither["__all__"][0]


def test_unknown_keys_are_refused_in_danish(api_as, plan):
    assert refused(api_as, local_measure="nope")["local_measure"] == [
        "Planen har ingen lokalt opstillet måling med nøglen «nope»."
    ]
    assert refused(api_as, local_measure=None, criterion="nope")["criterion"] == [
        "Planen har intet succeskriterium med nøglen «nope»."
    ]


def test_a_criterion_counted_from_registrations_takes_no_measurement(api_as, plan):
    errors = refused(api_as, local_measure=None, criterion="hotspot-kontakt")
    assert "opgøres ikke ved målinger" in errors["criterion"][0]


def test_a_measurement_date_outside_the_plan_or_in_the_future_is_refused(api_as, plan, monkeypatch):
    assert "uden for planperioden" in refused(api_as, date="2021-06-01")["date"][0]
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2019, 6, 1)
    )
    assert refused(api_as, date="2019-06-02")["date"] == ["Datoen 02.06.2019 ligger i fremtiden."]


def test_a_measurement_in_a_locked_tertial_is_refused(api_as, plan):
    TertialApproval.objects.create(plan=plan, tertial="2019/20-T2")
    assert "låst" in refused(api_as)["date"][0]


@pytest.mark.parametrize("field", ["source", "note", "period"])
def test_free_text_that_looks_like_a_cpr_number_is_refused(api_as, plan, field):
    errors = refused(api_as, **{field: "010190-1234"})
    assert "CPR-nummer" in errors[field][0]


def test_a_missing_source_and_too_many_decimals_are_refused_together(api_as, plan):
    errors = refused(api_as, source=" ", value="1.23456")
    assert errors["source"] == ["Angiv, hvor tallet kommer fra."]
    assert errors["value"] == ["Højst 4 decimaler."]


def test_a_value_that_is_not_a_number_is_refused_in_danish(api_as, plan):
    assert refused(api_as, value="elleve")["value"] == ["Skal være et tal."]


def test_a_measure_fed_from_register_data_is_not_typed_through_the_api(api_as, plan):
    assert refused(api_as, local_measure="fraflytning")["local_measure"] == [
        "Målingen «fraflytning» hentes fra registerdata (Fraflytningsprocent) og tastes ikke. "
        "Importér registerdata i stedet."
    ]
