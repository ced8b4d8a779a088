"""Idempotency-Key: an API create sent twice with the same key makes one row."""

import json

import pytest

from helhedsplan.api.tests.conftest import PARTNER_ACTIVITY, SLUG
from helhedsplan.registrations.models import Measurement, Registration

REGISTRATIONS = f"plans/{SLUG}/registrations"
MEASUREMENTS = f"plans/{SLUG}/measurements"


def registration_body(**changes):
    return {
        "activity": PARTNER_ACTIVITY,
        "date": "2019-02-14",
        "kind": "event",
        "count": 1,
        "confirm_duplicate": True,
        **changes,
    }


def measurement_body():
    return {
        "local_measure": "klagesager",
        "date": "2018-12-31",
        "value": 41.5,
        "source": "Danmarks Statistik",
    }


def post(api, path, body, key=None):
    headers = {**api.headers, **({"Idempotency-Key": key} if key else {})}
    return api.client.post(
        api.url(path), json.dumps(body), content_type="application/json", headers=headers
    )


def test_a_registration_posted_twice_with_one_key_is_made_once(api_as, plan):
    api = api_as("partner")
    first = post(api, REGISTRATIONS, registration_body(), key="a7b6c5")
    second = post(api, REGISTRATIONS, registration_body(), key="a7b6c5")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second["Idempotent-Replayed"] == "true"
    assert Registration.objects.count() == 1


def test_without_a_key_or_with_two_keys_two_registrations_are_made(api_as, plan):
    api = api_as("partner")
    assert post(api, REGISTRATIONS, registration_body()).status_code == 201
    assert post(api, REGISTRATIONS, registration_body()).status_code == 201
    assert post(api, REGISTRATIONS, registration_body(), key="k1").status_code == 201
    assert post(api, REGISTRATIONS, registration_body(), key="k2").status_code == 201
    assert Registration.objects.count() == 4


def test_a_key_reused_for_another_request_is_refused_in_danish(api_as, plan):
    api = api_as("partner")
    assert post(api, REGISTRATIONS, registration_body(), key="k1").status_code == 201
    response = post(api, REGISTRATIONS, registration_body(count=5), key="k1")
    assert response.status_code == 422
    assert "allerede brugt" in response.json()["errors"]["Idempotency-Key"][0]
    assert Registration.objects.count() == 1


def test_one_key_used_by_two_users_makes_two_registrations(api_as, plan):
    assert (
        post(api_as("partner"), REGISTRATIONS, registration_body(), key="same").status_code == 201
    )
    second = post(api_as("sekretariat"), REGISTRATIONS, registration_body(), key="same")
    assert second.status_code == 201
    assert Registration.objects.count() == 2


def test_a_refused_create_does_not_use_up_its_key(api_as, plan):
    api = api_as("partner")
    refused = post(api, REGISTRATIONS, registration_body(date="2030-01-01"), key="k1")
    assert refused.status_code == 422
    assert post(api, REGISTRATIONS, registration_body(), key="k1").status_code == 201
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("key", ["", "x" * 101])
def test_an_empty_or_too_long_key_is_refused(api_as, plan, key):
    response = post(api_as("partner"), REGISTRATIONS, registration_body(), key=key or " ")
    assert response.status_code == 422
    assert Registration.objects.count() == 0


def test_a_measurement_posted_twice_with_one_key_is_made_once(api_as, plan):
    api = api_as("sekretariat")
    first = post(api, MEASUREMENTS, measurement_body(), key="m-1")
    second = post(api, MEASUREMENTS, measurement_body(), key="m-1")
    assert first.status_code == second.status_code == 201, first.json()
    assert first.json()["id"] == second.json()["id"]
    assert Measurement.objects.count() == 1
