"""No mail bombing through "Glemt adgangskode?": at most HELHEDSPLAN_RESET_PER_EMAIL (3) mails
per e-mail and HELHEDSPLAN_RESET_PER_ADDRESS (10) requests per address within
HELHEDSPLAN_RESET_WINDOW_MINUTES (60), counted in the database whether the e-mail is known or
not, refused with 429 and a Danish message, and free again when the window has passed."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.db.models import F
from django.test import Client

from helhedsplan.accounts.models import PasswordResetRequest
from helhedsplan.accounts.password_reset import take_request
from helhedsplan.accounts.tests.security_helpers import HOME, OFFICE

EMAIL = "medarbejder@randers.dk"
REFUSED = "Der er bedt om et nyt link for mange gange lige efter hinanden"


@pytest.fixture
def person(medarbejder):
    medarbejder.email = EMAIL
    medarbejder.save()
    return medarbejder


def ask(email: str, address: str = HOME):
    # A new client each time: the limit must not depend on a cookie the sender can drop.
    return Client().post("/login/glemt/", {"email": email}, REMOTE_ADDR=address)


def addresses(count: int) -> list[str]:
    return [f"198.51.100.{n}" for n in range(1, count + 1)]


def move_time(*, minutes: int) -> None:
    PasswordResetRequest.objects.update(created_at=F("created_at") - timedelta(minutes=minutes))


def test_two_requests_for_one_email_send_two_mails(person):
    # Below the limit (3), from two addresses, so only the e-mail's count matters.
    assert [ask(EMAIL, address).status_code for address in addresses(2)] == [302, 302]
    assert len(mail.outbox) == 2


def test_the_third_request_for_one_email_is_still_sent(person):
    assert [ask(EMAIL, address).status_code for address in addresses(3)] == [302] * 3
    assert len(mail.outbox) == 3


def test_the_fourth_request_for_one_email_is_refused_in_danish_and_sends_nothing(person):
    for address in addresses(3):
        ask(EMAIL, address)
    fourth = ask(EMAIL, "203.0.113.99")
    html = fourth.content.decode()
    assert fourth.status_code == 429
    assert REFUSED in html
    assert "Vent 60 minutter, og prøv igen." in html
    assert 'role="alert"' in html
    assert len(mail.outbox) == 3


def test_an_unknown_email_is_limited_the_same_way(person):
    answers = [ask("ukendt@randers.dk", address).status_code for address in addresses(4)]
    assert answers == [302, 302, 302, 429]  # the refusal tells nothing of who exists


def test_the_email_is_counted_whatever_its_case(person):
    for address, spelling in zip(
        addresses(3), [EMAIL, EMAIL.upper(), " Medarbejder@Randers.dk"], strict=True
    ):
        assert ask(spelling, address).status_code == 302
    assert ask("MEDARBEJDER@randers.dk", OFFICE).status_code == 429


def test_another_email_is_not_held_back_by_a_full_one(person):
    for address in addresses(4):
        ask(EMAIL, address)
    assert ask("anden@randers.dk", OFFICE).status_code == 302


def test_ten_requests_from_one_address_are_answered_and_the_eleventh_is_refused(person):
    emails = [f"person{n}@randers.dk" for n in range(1, 12)]
    answers = [ask(email, HOME).status_code for email in emails]
    assert answers == [302] * 10 + [429]
    assert ask("person12@randers.dk", OFFICE).status_code == 302  # another address is free


def test_nine_requests_from_one_address_leave_room_for_a_tenth(person):
    for n in range(1, 10):
        assert ask(f"person{n}@randers.dk", HOME).status_code == 302
    assert ask(EMAIL, HOME).status_code == 302
    assert len(mail.outbox) == 1  # only the known e-mail got one


def test_the_limit_ends_when_the_window_has_passed(person):
    for address in addresses(3):
        ask(EMAIL, address)
    move_time(minutes=59)
    refused = ask(EMAIL, OFFICE)
    assert refused.status_code == 429
    assert "Vent 1 minut, og prøv igen." in refused.content.decode()
    move_time(minutes=1)
    assert ask(EMAIL, OFFICE).status_code == 302
    assert len(mail.outbox) == 4


def test_refused_requests_are_not_counted_and_do_not_prolong_the_wait(person):
    for address in addresses(3):
        ask(EMAIL, address)
    for _ in range(5):
        assert ask(EMAIL, OFFICE).status_code == 429
    assert PasswordResetRequest.objects.count() == 3
    move_time(minutes=60)
    assert ask(EMAIL, OFFICE).status_code == 302


def test_the_limits_are_settings(person, settings):
    settings.HELHEDSPLAN_RESET_PER_EMAIL = 1
    settings.HELHEDSPLAN_RESET_PER_ADDRESS = 2
    settings.HELHEDSPLAN_RESET_WINDOW_MINUTES = 5
    assert ask(EMAIL, HOME).status_code == 302
    second = ask(EMAIL, OFFICE)
    assert second.status_code == 429
    assert "Vent 5 minutter" in second.content.decode()
    assert ask("b@randers.dk", HOME).status_code == 302
    assert ask("c@randers.dk", HOME).status_code == 429


def test_old_requests_are_deleted(person):
    ask(EMAIL, HOME)
    move_time(minutes=61)
    ask("anden@randers.dk", HOME)
    assert PasswordResetRequest.objects.count() == 1


def test_the_count_is_kept_in_the_database_for_every_worker(db):
    # What two gunicorn workers share is the table: the third request is refused on any worker.
    for address in addresses(3):
        assert take_request(email=EMAIL, address=address) is None
    assert PasswordResetRequest.objects.count() == 3
    assert take_request(email=EMAIL, address=OFFICE) == 60


@pytest.mark.django_db(transaction=True)
def test_workers_asking_at_the_same_moment_send_no_more_than_the_limit(settings):
    # Eight requests at once for one e-mail, each on its own database connection, as from
    # eight gunicorn workers: exactly the limit (here 1) gets through.
    settings.HELHEDSPLAN_RESET_PER_EMAIL = 1
    start = threading.Barrier(8)
    answers = []

    def worker(n: int) -> None:
        try:
            start.wait()
            for _ in range(500):
                try:
                    answers.append(take_request(email=EMAIL, address=f"192.0.2.{n}"))
                    break
                except OperationalError:
                    # The test's in-memory SQLite (shared cache) answers "table is locked" at
                    # once instead of waiting as a file database does (HELHEDSPLAN_SQLITE_
                    # TIMEOUT): wait here the way the real one would.
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 8
    assert answers.count(None) == 1
    assert PasswordResetRequest.objects.count() == 1
