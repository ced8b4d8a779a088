"""Guessing API keys: wrong keys are counted per address, and at HELHEDSPLAN_ADDRESS_FAILURES (50)
the address gets 429 with a Danish detail for 15 minutes, while a valid key from another address
still works. (An integration's address is often a shared one, as a town hall's is.)"""

import logging

import pytest
from django.test import Client

from helhedsplan.accounts.tests.security_helpers import (
    ELSEWHERE,
    HOME,
    OFFICE,
    axes_on,  # noqa: F401  (fixture)
    fail,
    move_time,
)
from helhedsplan.api.models import ApiToken

pytestmark = pytest.mark.usefixtures("axes_on")
URL = "/api/v1/plans/randers-nordby-2017-21/registrations"
WRONG_KEY = "hp_gaettet-noegle-0000000000000000000000000"


def call(token: str | None, address: str):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(URL, headers=headers, REMOTE_ADDR=address)


@pytest.fixture
def key(sekretariat) -> str:
    return ApiToken.objects.issue(user=sekretariat, name="integration")[1]


@pytest.mark.parametrize(("wrong", "locked"), [(49, False), (50, True), (51, True)])
def test_fifty_wrong_keys_lock_the_address_even_for_a_valid_key(key, wrong, locked):
    answers = [call(WRONG_KEY + str(n), OFFICE).status_code for n in range(wrong)]
    assert answers[:49] == [401] * 49
    assert answers[49:] == [429] * (wrong - 49)

    response = call(key, OFFICE)
    if not locked:
        assert response.status_code == 200
        return
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert detail.startswith("For mange forkerte API-nøgler fra denne adresse")
    assert "15 minutter" in detail
    assert 1 <= int(response["Retry-After"]) <= 15 * 60 + 1


def test_five_wrong_keys_do_not_lock_the_address(key):
    assert [call(WRONG_KEY + str(n), OFFICE).status_code for n in range(5)] == [401] * 5
    assert call(key, OFFICE).status_code == 200


def test_a_valid_key_from_another_address_still_works(key, settings):
    settings.HELHEDSPLAN_ADDRESS_FAILURES = 6
    for n in range(7):
        call(WRONG_KEY + str(n), OFFICE)
    assert call(key, OFFICE).status_code == 429
    assert call(key, ELSEWHERE).status_code == 200


def test_the_api_lock_ends_after_the_configured_minutes(key, settings):
    from datetime import timedelta

    settings.HELHEDSPLAN_ADDRESS_FAILURES = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    for n in range(3):
        call(WRONG_KEY + str(n), OFFICE)
    assert call(key, OFFICE).status_code == 429
    move_time(seconds=61)
    assert call(key, OFFICE).status_code == 200


def test_requests_without_a_key_are_not_counted(key):
    for _ in range(8):
        assert call(None, OFFICE).status_code == 401
    assert call(key, OFFICE).status_code == 200


def test_wrong_passwords_on_the_login_page_do_not_lock_the_api(client, key, medarbejder):
    fail(client, "medarbejder", 5, address=HOME)
    assert call(key, HOME).status_code == 200


def test_login_failures_from_an_address_do_not_lock_its_api(client, key, settings):
    settings.HELHEDSPLAN_ADDRESS_FAILURES = 6
    for number in range(6):
        client.post(
            "/login/", {"username": f"x{number}", "password": "forkert"}, REMOTE_ADDR=OFFICE
        )
    assert (
        client.post("/login/", {"username": "x", "password": "y"}, REMOTE_ADDR=OFFICE).status_code
        == 429
    )
    assert call(key, OFFICE).status_code == 200


def test_wrong_keys_are_logged_without_the_key(key, settings, caplog):
    settings.HELHEDSPLAN_ADDRESS_FAILURES = 5
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        for n in range(6):
            call(WRONG_KEY + str(n), OFFICE)
    assert caplog.messages.count(f"Forkert API-nøgle fra {OFFICE}") == 5
    assert f"Adresse {OFFICE} spærret for API'et i 15 minutter efter 5 forkerte API-nøgler" in (
        caplog.messages
    )
    assert f"API-kald afvist, adressen er spærret: {OFFICE}" in caplog.messages
    assert "gaettet-noegle" not in caplog.text
