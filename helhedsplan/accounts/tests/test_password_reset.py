"""'Glemt adgangskode?': a one-time link by e-mail, the same answer for known and unknown
e-mails, Django's password rules, other sessions ended, two-step login kept, the user name's
lock lifted, the security log, and people of the municipality's login sent there instead."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhedsplan.accounts import invitations
from helhedsplan.accounts.models import Role
from helhedsplan.accounts.tests.security_helpers import (
    ELSEWHERE,
    HOME,
    OFFICE,
    axes_on,  # noqa: F401  (fixture)
    fail,
    is_logged_in,
    try_login,
)
from helhedsplan.conftest import PASSWORD

EMAIL = "medarbejder@randers.dk"
NEW_PASSWORD = "Nyt-Kodeord-Til-Nordby-2026"
LINK = re.compile(r"http://testserver/login/glemt/ny/[^/\s]+/[^/\s]+/")
NOT_WORKING = "Linket virker ikke"


@pytest.fixture(autouse=True)
def _links_to_the_test_server(settings):
    settings.HELHEDSPLAN_BASE_URL = "http://testserver"


@pytest.fixture
def person(medarbejder):
    medarbejder.email = EMAIL
    medarbejder.save()
    return medarbejder


def ask(client, email: str, address: str = HOME):
    return client.post("/login/glemt/", {"email": email}, REMOTE_ADDR=address)


def link_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0)


def path_of(link: str) -> str:
    return link.removeprefix("http://testserver")


def set_password(client, link: str, password: str = NEW_PASSWORD, again: str | None = None):
    """Follow the link (Django moves the token into the session) and post the new password."""
    opened = client.get(path_of(link))
    assert opened.status_code == 302, opened.content.decode()[:500]
    return client.post(
        opened["Location"], {"new_password1": password, "new_password2": again or password}
    )


def reset_through_mail(client, email: str = EMAIL, password: str = NEW_PASSWORD):
    assert ask(client, email).status_code == 302
    return set_password(client, link_in(mail.outbox[-1]), password)


def token_link(user, *, age: timedelta = timedelta(0)) -> str:
    """A link made as the form makes it, at a moment `age` ago."""
    generator = default_token_generator
    moment = generator._num_seconds(generator._now() - age)
    token = generator._make_token_with_timestamp(user, moment, generator.secret)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"http://testserver/login/glemt/ny/{uid}/{token}/"


def test_the_login_page_links_to_forgotten_password(client, plan):
    html = client.get("/login/").content.decode()
    assert '<a href="/login/glemt/">Glemt adgangskode?</a>' in html
    assert "kontakt sekretariatet" not in html


def test_an_invitation_for_an_existing_user_points_to_forgotten_password(
    client, plan, sekretariat, outsider
):
    outsider.email = "anna@skole.dk"
    outsider.save()
    invited = invitations.invite(plan=plan, email=outsider.email, role=Role.LAESER, by=sekretariat)
    html = client.get(path_of(invited.link)).content.decode()
    assert "Der findes allerede en bruger med anna@skole.dk" in html
    assert '<a href="/login/glemt/">Glemt adgangskode?</a>' in html


def test_the_reset_page_asks_for_the_email_in_danish(client, plan):
    response = client.get("/login/glemt/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Glemt adgangskode</h1>" in html
    assert 'for="id_email">Din e-mail' in html
    assert 'autocomplete="email"' in html
    assert "virker én gang og i 2 timer" in html


def test_a_known_email_gets_a_mail_with_a_one_time_link(client, person):
    response = ask(client, EMAIL)
    assert response.status_code == 302
    assert response["Location"] == "/login/glemt/sendt/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert message.subject == "Vælg en ny adgangskode til Helhedsplan"
    assert "virker én gang og i 2 timer" in message.body
    assert link_in(message)


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client, person):
    known = ask(client, EMAIL)
    unknown = ask(Client(), "ukendt@randers.dk")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1  # only the known e-mail's
    first = client.get(known["Location"]).content.decode()
    second = Client().get(unknown["Location"]).content.decode()
    assert first == second
    assert "Hvis e-mailen hører til en bruger i Helhedsplan" in first


def test_an_inactive_user_gets_no_mail_and_the_same_answer(client, person):
    person.is_active = False
    person.save()
    assert ask(client, EMAIL)["Location"] == "/login/glemt/sendt/"
    assert mail.outbox == []


def test_the_email_is_matched_whatever_its_case(client, person):
    assert ask(client, "  Medarbejder@Randers.DK ").status_code == 302
    assert [message.to for message in mail.outbox] == [[EMAIL]]


def test_a_bad_email_is_refused_in_danish_and_sends_nothing(client, person):
    response = ask(client, "ikke-en-e-mail")
    assert response.status_code == 422
    assert "Skriv en gyldig e-mail" in response.content.decode()
    assert mail.outbox == []


def test_the_link_sets_a_new_password_and_the_old_one_stops_working(client, person):
    done = reset_through_mail(client)
    assert done.status_code == 302
    assert done["Location"] == "/login/glemt/skiftet/"
    page = client.get(done["Location"]).content.decode()
    assert "Adgangskoden er skiftet" in page
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert not person.check_password(PASSWORD)
    assert not is_logged_in(client)  # the link itself does not log in
    assert try_login(Client(), EMAIL, NEW_PASSWORD).status_code == 302


def test_the_token_is_moved_out_of_the_address_before_the_form_is_shown(client, person):
    ask(client, EMAIL)
    link = link_in(mail.outbox[0])
    token = path_of(link).rstrip("/").rsplit("/", 1)[-1]
    opened = client.get(path_of(link))
    assert opened["Location"].endswith("/set-password/")
    form = client.get(opened["Location"])
    assert form.status_code == 200
    assert token not in form.content.decode()
    assert "Vælg en ny adgangskode" in form.content.decode()


def test_the_link_works_only_once(client, person):
    ask(client, EMAIL)
    link = link_in(mail.outbox[0])
    assert set_password(client, link).status_code == 302
    again = Client().get(path_of(link))
    assert again.status_code == 200
    assert NOT_WORKING in again.content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_the_link_stops_working_when_the_password_was_changed_another_way(client, person):
    ask(client, EMAIL)
    link = link_in(mail.outbox[0])
    person.set_password("Sat-Af-En-Administrator-1")
    person.save()
    assert NOT_WORKING in client.get(path_of(link)).content.decode()


def test_the_link_stops_working_once_the_person_has_logged_in(client, person):
    ask(client, EMAIL)
    link = link_in(mail.outbox[0])
    assert try_login(Client(), EMAIL, PASSWORD).status_code == 302
    assert NOT_WORKING in client.get(path_of(link)).content.decode()


@pytest.mark.parametrize(
    ("age", "works"),
    [
        (timedelta(hours=2) - timedelta(seconds=1), True),
        (timedelta(hours=2), True),
        (timedelta(hours=2) + timedelta(seconds=1), False),
    ],
)
def test_the_link_works_for_two_hours_and_not_a_second_more(client, person, age, works):
    response = client.get(path_of(token_link(person, age=age)))
    assert (response.status_code == 302) is works
    assert (NOT_WORKING in response.content.decode()) is not works


def test_the_hours_are_a_setting(client, person, settings):
    settings.HELHEDSPLAN_RESET_HOURS = 1
    settings.PASSWORD_RESET_TIMEOUT = 3600
    late = client.get(path_of(token_link(person, age=timedelta(minutes=61))))
    assert NOT_WORKING in late.content.decode()
    assert "virker én gang og i 1 timer" in late.content.decode()
    assert Client().get(path_of(token_link(person, age=timedelta(minutes=59)))).status_code == 302


def test_an_altered_link_does_not_work(client, person):
    link = token_link(person)
    assert NOT_WORKING in client.get(path_of(link[:-3] + "xx/")).content.decode()
    assert NOT_WORKING in client.get("/login/glemt/ny/Zm9v/abc-def/").content.decode()


def test_the_new_password_must_pass_djangos_rules_in_danish(client, person):
    ask(client, EMAIL)
    response = set_password(client, link_in(mail.outbox[0]), "12345678")
    html = response.content.decode()
    assert response.status_code == 422
    assert "Adgangskoden er ikke gemt" in html
    assert "Denne adgangskode er for almindelig." in html
    assert "Denne adgangskode er udelukkende numerisk." in html
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_two_different_new_passwords_are_refused(client, person):
    ask(client, EMAIL)
    response = set_password(client, link_in(mail.outbox[0]), NEW_PASSWORD, again=NEW_PASSWORD + "x")
    assert response.status_code == 422
    assert "De to adgangskoder var ikke identiske." in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_every_other_session_of_the_person_ends(client, person):
    elsewhere = Client()
    elsewhere.force_login(person)
    assert elsewhere.get("/konto/to-trins-login/").status_code == 200
    reset_through_mail(client)
    response = elsewhere.get("/konto/to-trins-login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not is_logged_in(elsewhere)


def test_two_step_login_is_still_asked_after_a_reset(client, person):
    TOTPDevice.objects.create(user=person, name="Telefon", confirmed=True)
    reset_through_mail(client)
    login = Client()
    response = try_login(login, EMAIL, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/kode/")
    assert not is_logged_in(login)


def test_the_reset_goes_to_the_security_log_without_the_password(client, person, caplog):
    caplog.set_level(logging.INFO, logger="helhedsplan.security")
    reset_through_mail(client)
    lines = [record.getMessage() for record in caplog.records if record.name.startswith("helh")]
    asked = [line for line in lines if line.startswith("Nyt link til adgangskode bedt om")]
    assert asked == [f"Nyt link til adgangskode bedt om: e-mail {EMAIL!r} fra {HOME} (1 e-mail)"]
    done = [line for line in lines if line.startswith("Ny adgangskode sat")]
    assert len(done) == 1
    assert "brugernavn 'medarbejder' fra 127.0.0.1" in done[0]
    assert all(NEW_PASSWORD not in line for line in lines)


def test_a_used_link_is_logged(client, person, caplog):
    caplog.set_level(logging.INFO, logger="helhedsplan.security")
    client.get(path_of(token_link(person, age=timedelta(hours=3))))
    assert any(
        record.getMessage().startswith("Ugyldigt, brugt eller udløbet link")
        for record in caplog.records
    )


@pytest.mark.usefixtures("axes_on")
def test_a_reset_lifts_the_lock_on_the_user_name(client, person):
    # Five failures from five addresses: the name is locked, no address is.
    for address in ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", ELSEWHERE]:
        fail(Client(), "medarbejder", 1, address)
    assert try_login(Client(), EMAIL, PASSWORD, OFFICE).status_code == 429
    reset_through_mail(client)
    login = Client()
    assert try_login(login, EMAIL, NEW_PASSWORD, OFFICE).status_code == 302
    assert is_logged_in(login)


@pytest.mark.usefixtures("axes_on")
def test_asking_for_a_link_does_not_count_as_a_failed_login(client, person, settings):
    for _ in range(settings.HELHEDSPLAN_RESET_PER_EMAIL):
        ask(Client(), EMAIL)
    login = Client()
    assert try_login(login, EMAIL, PASSWORD).status_code == 302


# --- the municipality's login ----------------------------------------------------------------


@pytest.fixture
def sso_person(plan):
    user = get_user_model().objects.create_user(
        username="kommune@randers.dk", email="kommune@randers.dk"
    )
    assert not user.has_usable_password()  # as helhedsplan/sso creates them
    return user


def test_a_person_of_the_municipal_login_is_told_to_use_it_and_gets_no_link(client, sso_person):
    response = ask(client, "kommune@randers.dk")
    assert response["Location"] == "/login/glemt/sendt/"  # the same answer as for anyone
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Sådan logger du ind i Helhedsplan"
    assert "du logger ind med kommunens login" in message.body
    assert "http://testserver/login/" in message.body
    assert not LINK.search(message.body)


def test_a_link_made_for_a_person_of_the_municipal_login_does_not_open(client, sso_person):
    assert NOT_WORKING in client.get(path_of(token_link(sso_person))).content.decode()


def test_with_passwords_switched_off_the_page_points_to_the_municipal_login(
    client, person, settings
):
    settings.HELHEDSPLAN_LOCAL_LOGIN = False
    settings.HELHEDSPLAN_LOCAL_LOGIN_ADMIN = False
    page = client.get("/login/glemt/").content.decode()
    assert "men med kommunens login, så der er ingen adgangskode at skifte" in page
    assert 'name="email"' not in page
    response = ask(client, EMAIL)
    assert response.status_code == 200
    assert mail.outbox == []
    assert NOT_WORKING in client.get(path_of(token_link(person))).content.decode()


def test_the_reset_request_rows_keep_no_email(client, person):
    from helhedsplan.accounts.models import PasswordResetRequest

    ask(client, EMAIL)
    row = PasswordResetRequest.objects.get()
    assert EMAIL not in row.email_hash
    assert len(row.email_hash) == 64
    assert row.address == HOME
    assert timezone.now() - row.created_at < timedelta(minutes=1)
