"""One address is shared by a whole town hall: failed logins with different user names from it
lock the address only at HELHEDSPLAN_ADDRESS_FAILURES (50) within 15 minutes, never at the
user-name limit (5); a user name and a (user name, address) pair are still locked at 5."""

import logging

import pytest

from helhedsplan.accounts.tests.security_helpers import (
    ELSEWHERE,
    HOME,
    OFFICE,
    WRONG_PASSWORD,
    axes_on,  # noqa: F401  (fixture)
    fail,
    is_logged_in,
    lockout_block,
    move_time,
    spray,
    try_login,
)
from helhedsplan.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("axes_on")


def test_five_made_up_names_from_one_address_do_not_lock_a_real_user_out(client, medarbejder):
    assert spray(client, 5, OFFICE).status_code == 200
    response = try_login(client, "medarbejder", PASSWORD, address=OFFICE)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_monday_morning_of_typos_in_a_town_hall_locks_no_one_else_out(
    client, medarbejder, sekretariat
):
    # Ten colleagues mistype their password twice each: 20 failures from one address.
    for number in range(10):
        fail(client, f"kollega-{number}@randers.dk", 2, address=OFFICE)
    assert try_login(client, "sekretariat", PASSWORD, address=OFFICE).status_code == 302
    client.post("/logout/")
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 302


@pytest.mark.parametrize(("failures", "locked"), [(49, False), (50, True), (51, True)])
def test_the_address_is_locked_at_fifty_failures_also_for_the_right_password(
    client, medarbejder, failures, locked
):
    answers = [
        try_login(client, f"gaet-{n}@example.dk", WRONG_PASSWORD, address=OFFICE).status_code
        for n in range(failures)
    ]
    # The 50th failure is answered with the lockout; a 51st is refused without being counted.
    assert answers[:49] == [200] * 49
    assert answers[49:] == [429] * (failures - 49)
    response = try_login(client, "medarbejder", PASSWORD, address=OFFICE)
    if locked:
        assert response.status_code == 429
        assert not is_logged_in(client)
        message = lockout_block(response)
        assert "for mange forkerte forsøg" in message
        assert "fra denne adresse" in message
        assert "spærret i 15 minutter" in message
    else:
        assert response.status_code == 302
        assert is_logged_in(client)


def test_a_locked_address_gets_the_same_message_and_other_addresses_log_in(
    client, medarbejder, sekretariat
):
    spray(client, 50, OFFICE)
    from_office = try_login(client, "medarbejder", PASSWORD, address=OFFICE)
    assert from_office.status_code == 429
    fail(client, "findes-ikke", 5, address=HOME)
    assert lockout_block(from_office) == lockout_block(
        try_login(client, "findes-ikke", PASSWORD, address=HOME)
    )
    assert try_login(client, "sekretariat", PASSWORD, address=ELSEWHERE).status_code == 302
    assert is_logged_in(client)


def test_the_address_count_takes_failures_of_the_last_fifteen_minutes(client, medarbejder):
    spray(client, 30, OFFICE)
    move_time(minutes=15, seconds=1)
    spray(client, 49, OFFICE, first=30)  # the first 30 no longer count
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 302


def test_the_address_lock_ends_fifteen_minutes_after_the_last_failure(client, medarbejder):
    spray(client, 50, OFFICE)
    move_time(minutes=14, seconds=50)
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 429
    move_time(seconds=11)
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 302


def test_a_right_password_does_not_wipe_the_address_count(client, medarbejder, sekretariat):
    spray(client, 49, OFFICE)
    # An attacker with an account of their own logs in between guesses...
    assert try_login(client, "sekretariat", PASSWORD, address=OFFICE).status_code == 302
    client.post("/logout/")
    # ... and the 50th guess still locks the address.
    assert try_login(client, "gaet-sidste", WRONG_PASSWORD, address=OFFICE).status_code == 429
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 429


def test_the_pair_of_user_name_and_address_is_locked_at_five(client, medarbejder):
    fail(client, "medarbejder", 4, address=OFFICE)
    assert try_login(client, "medarbejder", WRONG_PASSWORD, address=OFFICE).status_code == 429
    # The user name is locked from every address too (a user without two-step login).
    assert try_login(client, "medarbejder", PASSWORD, address=ELSEWHERE).status_code == 429


def test_the_address_limit_is_a_setting(client, medarbejder, settings):
    settings.HELHEDSPLAN_ADDRESS_FAILURES = 8
    assert spray(client, 7, OFFICE).status_code == 200
    assert spray(client, 1, OFFICE, first=7).status_code == 429
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 429


def test_the_address_lock_can_be_switched_off(client, medarbejder, settings):
    settings.HELHEDSPLAN_LOCKOUT_PER_ADDRESS = False
    settings.HELHEDSPLAN_ADDRESS_FAILURES = 8
    spray(client, 9, OFFICE)
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 302
    # The user-name lock stays.
    client.post("/logout/")
    fail(client, "medarbejder", 5, address=OFFICE)
    assert try_login(client, "medarbejder", PASSWORD, address=OFFICE).status_code == 429


def test_the_address_lock_is_logged(client, db, settings, caplog):
    settings.HELHEDSPLAN_ADDRESS_FAILURES = 8
    with caplog.at_level(logging.INFO, logger="helhedsplan.security"):
        spray(client, 8, OFFICE)
    assert (
        f"Adresse {OFFICE} spærret for login i 15 minutter efter 8 mislykkede forsøg med "
        "forskellige brugernavne (seneste: 'gaet-7@example.dk')" in caplog.messages
    )
    assert "Mislykket login: brugernavn 'gaet-7@example.dk' fra 198.51.100.20 (forsøg 1 af 5)" in (
        caplog.messages
    )
