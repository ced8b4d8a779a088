"""Guessing passwords on the login page: after 5 failures the user name (real or not) is locked
out for 15 minutes, with one Danish message that tells nothing of who exists. (An address over
all names: test_lockout_address.py; X-Forwarded-For and the ways past a user-name lock:
test_lockout_attacks.py.)"""

import logging
import re

import pytest
from django.contrib.auth import get_user_model

from helhedsplan.accounts.tests.security_helpers import (
    ELSEWHERE,
    HOME,
    LOCKED_TITLE,
    OFFICE,
    WRONG_PASSWORD,
    axes_on,  # noqa: F401  (fixture)
    fail,
    is_logged_in,
    lockout_block,
    move_time,
    try_login,
)
from helhedsplan.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("axes_on")


def test_four_wrong_passwords_do_not_lock_the_user_out_but_a_fifth_does(client, medarbejder):
    response = fail(client, "medarbejder", 4)
    assert response.status_code == 200
    assert LOCKED_TITLE not in response.content.decode()
    assert try_login(client, "medarbejder", PASSWORD).status_code == 302
    assert is_logged_in(client)
    client.post("/logout/")
    assert fail(client, "medarbejder", 1).status_code == 429


def test_five_wrong_passwords_lock_the_user_and_then_the_right_one_is_refused(client, medarbejder):
    fifth = fail(client, "medarbejder", 5)
    assert fifth.status_code == 429
    assert LOCKED_TITLE in fifth.content.decode()

    sixth = try_login(client, "medarbejder", PASSWORD)
    assert sixth.status_code == 429
    assert not is_logged_in(client)
    message = lockout_block(sixth)
    assert "for mange forkerte forsøg" in message
    assert "spærret i 15 minutter" in message
    assert "kontakt sekretariatet" in message


def test_a_made_up_user_name_gets_the_same_message_as_a_real_user(client, medarbejder):
    fail(client, "medarbejder", 5, address=HOME)
    real = try_login(client, "medarbejder", PASSWORD, address=HOME)
    fail(client, "findes-ikke", 5, address=OFFICE)
    made_up = try_login(client, "findes-ikke", PASSWORD, address=OFFICE)

    assert real.status_code == made_up.status_code == 429
    assert lockout_block(real) == lockout_block(made_up)
    # Nothing else on the page differs but the name typed in the field (and the CSRF token).
    assert _page(real, "medarbejder") == _page(made_up, "findes-ikke")


def _page(response, typed: str) -> str:
    html = response.content.decode().replace(typed, "X")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_user_name_is_locked_from_every_address(client, medarbejder):
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"):
        try_login(client, "medarbejder", WRONG_PASSWORD, address=address)
    assert try_login(client, "medarbejder", PASSWORD, address=ELSEWHERE).status_code == 429
    assert not is_logged_in(client)


def test_the_lock_ends_fifteen_minutes_after_the_last_failure(client, medarbejder):
    fail(client, "medarbejder", 5)
    move_time(minutes=14, seconds=50)
    assert try_login(client, "medarbejder", PASSWORD).status_code == 429

    move_time(seconds=11)
    assert try_login(client, "medarbejder", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_tries_during_a_lockout_neither_count_nor_prolong_it(client, medarbejder):
    fail(client, "medarbejder", 5)
    move_time(minutes=10)
    assert fail(client, "medarbejder", 3).status_code == 429  # refused, not counted
    move_time(minutes=5, seconds=1)
    assert try_login(client, "medarbejder", PASSWORD).status_code == 302


def test_failures_more_than_fifteen_minutes_apart_are_not_added_up(client, medarbejder):
    fail(client, "medarbejder", 4)
    move_time(minutes=15, seconds=1)
    assert fail(client, "medarbejder", 4).status_code == 200
    assert fail(client, "medarbejder", 1).status_code == 429


def test_other_numbers_from_the_settings_are_respected(client, medarbejder, settings):
    from datetime import timedelta

    settings.HELHEDSPLAN_LOGIN_FAILURES = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    third = fail(client, "medarbejder", 3)
    assert third.status_code == 429
    assert "spærret i 1 minutter" in lockout_block(third)
    move_time(seconds=50)
    assert try_login(client, "medarbejder", PASSWORD).status_code == 429
    move_time(seconds=11)
    assert try_login(client, "medarbejder", PASSWORD).status_code == 302


def test_writing_the_user_name_differently_gives_no_extra_tries(client, db):
    get_user_model().objects.create_user(
        username="anna.lund@skole.dk", email="anna.lund@skole.dk", password=PASSWORD
    )
    spellings = ["anna.lund@skole.dk", "Anna.Lund@skole.dk", "ANNA.LUND@SKOLE.DK"]
    for number in range(5):  # from five addresses, so only the user name can add them up
        try_login(client, spellings[number % 3], WRONG_PASSWORD, address=f"192.0.2.{number + 1}")
    refused = try_login(client, "anna.lund@skole.dk", PASSWORD, address=ELSEWHERE)
    assert refused.status_code == 429
    assert not is_logged_in(client)


def test_failures_and_the_lockout_are_logged_without_the_password(client, medarbejder, caplog):
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        fail(client, "medarbejder", 5)
        try_login(client, "medarbejder", PASSWORD)
    lines = [r.getMessage() for r in caplog.records if r.name == "helhedsplan.security"]
    assert lines[0] == f"Mislykket login: brugernavn 'medarbejder' fra {HOME} (forsøg 1 af 5)"
    assert f"Mislykket login: brugernavn 'medarbejder' fra {HOME} (forsøg 5 af 5)" in lines
    assert (
        "Låst ude i 15 minutter efter 5 mislykkede forsøg: brugernavn 'medarbejder', "
        f"adresse {HOME}" in lines
    )
    assert lines[-1] == f"Login afvist, låst ude: brugernavn 'medarbejder' fra {HOME}"
    assert WRONG_PASSWORD not in caplog.text
    assert PASSWORD not in caplog.text


def test_a_successful_login_is_logged(client, medarbejder, caplog):
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        try_login(client, "medarbejder", PASSWORD)
    assert f"Logget ind: 'medarbejder' fra {HOME}" in caplog.messages


def test_the_admins_own_login_form_is_replaced_by_the_guarded_one(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fadmin%2F"
