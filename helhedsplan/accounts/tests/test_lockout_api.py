"""Guessing API keys: wrong keys are counted per address, and after 5 the address gets 429 with
a Danish detail for 15 minutes, while a valid key from another address still works."""

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


def test_five_wrong_keys_lock_the_address_even_for_a_valid_key(key):
    answers = [call(WRONG_KEY + str(n), OFFICE).status_code for n in range(5)]
    assert answers == [401, 401, 401, 401, 429]

    locked = call(key, OFFICE)
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    detail = locked.json()["detail"]
    assert detail.startswith("For mange forkerte API-nøgler fra denne adresse")
    assert "15 minutter" in detail
    assert 1 <= int(locked["Retry-After"]) <= 15 * 60 + 1


def test_a_valid_key_from_another_address_still_works(key):
    for n in range(6):
        call(WRONG_KEY + str(n), OFFICE)
    assert call(key, OFFICE).status_code == 429
    assert call(key, ELSEWHERE).status_code == 200


def test_the_api_lock_ends_after_the_configured_minutes(key, settings):
    from datetime import timedelta

    settings.AXES_FAILURE_LIMIT = 3
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


def test_wrong_keys_are_logged_without_the_key(key, caplog):
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        for n in range(6):
            call(WRONG_KEY + str(n), OFFICE)
    assert caplog.messages.count(f"Forkert API-nøgle fra {OFFICE}") == 5
    assert f"Adresse {OFFICE} spærret for API'et i 15 minutter efter 5 forkerte API-nøgler" in (
        caplog.messages
    )
    assert f"API-kald afvist, adressen er spærret: {OFFICE}" in caplog.messages
    assert "gaettet-noegle" not in caplog.text
