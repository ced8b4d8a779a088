"""The invitation link's page: set a password and land logged in; clear Danish refusals."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from helhedsplan.accounts import invitations
from helhedsplan.accounts.models import Invitation, PlanMembership, Role
from helhedsplan.accounts.tests.conftest import path_of

PASSWORD = "Gule-Roser-i-Nordbyen-42"


@pytest.fixture
def invited(plan, school, sekretariat):
    return invitations.invite(
        plan=plan, email="anna@skole.dk", role=Role.PARTNER, organisation=school, by=sekretariat
    )


def set_password(client, url, first=PASSWORD, second=PASSWORD):
    return client.post(url, {"new_password1": first, "new_password2": second})


def test_the_page_says_who_invited_to_what_and_asks_for_a_password(client, invited):
    html = client.get(path_of(invited.link)).content.decode()
    assert "<h1>Invitation til Boligsocial helhedsplan for Randers Nordby 2017-21</h1>" in html
    assert "partner for Randers Produktionshøjskole af sekretariat" in html
    assert 'value="anna@skole.dk"' in html and 'autocomplete="username"' in html
    assert "Vælg en adgangskode" in html and "Skriv adgangskoden igen" in html


def test_setting_a_password_logs_the_person_in_and_goes_to_the_start(client, plan, invited):
    response = set_password(client, path_of(invited.link))
    assert response.status_code == 302 and response["Location"] == "/"
    user = get_user_model().objects.get(username="anna@skole.dk")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert PlanMembership.objects.get(user=user).plan == plan


def test_two_different_passwords_are_refused_and_nothing_changes(client, invited):
    response = set_password(client, path_of(invited.link), second="Noget-Helt-Andet-9")
    html = response.content.decode()
    assert response.status_code == 200 and "Adgangskoden er ikke gemt" in html
    assert not get_user_model().objects.filter(username="anna@skole.dk").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_password_django_finds_too_common_is_refused_in_danish(client, invited):
    html = set_password(client, path_of(invited.link), "password", "password").content.decode()
    assert "Denne adgangskode er for almindelig" in html
    assert not get_user_model().objects.filter(username="anna@skole.dk").exists()


def test_a_link_used_twice_is_refused_with_a_danish_page(client, invited):
    url = path_of(invited.link)
    set_password(client, url)
    client.logout()
    response = set_password(client, url, "Et-Nyt-Kodeord-55", "Et-Nyt-Kodeord-55")
    html = response.content.decode()
    assert response.status_code == 410
    assert "Linket er allerede brugt" in html and "Intet er ændret" in html
    assert get_user_model().objects.get(username="anna@skole.dk").check_password(PASSWORD)
    assert client.get(url).status_code == 410


def test_an_expired_link_is_refused_and_tells_what_to_do(client, invited):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    for response in (
        client.get(path_of(invited.link)),
        set_password(client, path_of(invited.link)),
    ):
        html = response.content.decode()
        assert response.status_code == 410
        assert "Linket er udløbet" in html and "Bed sekretariatet om en ny invitation" in html
    assert not get_user_model().objects.filter(username="anna@skole.dk").exists()


def test_a_tampered_link_is_refused_with_404(client, invited):
    url = path_of(invited.link)
    tampered = url[:-2] + ("x" if url[-2] != "x" else "y") + "/"
    for response in (client.get(tampered), set_password(client, tampered)):
        html = response.content.decode()
        assert response.status_code == 404
        assert "Linket kendes ikke" in html and "Bed sekretariatet om en ny invitation" in html
        assert "Randers" not in html.split("<footer")[0]  # nothing about the plan is revealed
    assert Invitation.objects.get().accepted_at is None


def test_a_replaced_link_sends_the_person_to_the_newest(client, invited, sekretariat):
    invitations.resend(invitation=invited.invitation, by=sekretariat)
    response = client.get(path_of(invited.link))
    assert response.status_code == 410
    assert "Der er sendt et nyere link" in response.content.decode()


def test_an_existing_user_is_asked_to_log_in_and_then_accepts(client, plan, invited, outsider):
    outsider.email = "anna@skole.dk"
    outsider.save()
    url = path_of(invited.link)
    html = client.get(url).content.decode()
    assert "Der findes allerede en bruger med anna@skole.dk" in html
    assert f'href="/login/?next={url}"' in html
    assert set_password(client, url).status_code == 200  # no password form: nothing happens
    assert not PlanMembership.objects.filter(user=outsider).exists()
    client.force_login(outsider)
    assert "Tag imod invitationen" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/"
    assert PlanMembership.objects.get(user=outsider).role == Role.PARTNER


def test_someone_logged_in_as_another_existing_user_is_told_to_log_out(
    client, invited, outsider, medarbejder
):
    outsider.email = "anna@skole.dk"
    outsider.save()
    client.force_login(medarbejder)
    html = client.get(path_of(invited.link)).content.decode()
    assert "men invitationen er til anna@skole.dk" in html and "Log ud" in html
    client.post(path_of(invited.link))
    assert not PlanMembership.objects.filter(user=outsider).exists()


def test_an_invited_person_logs_in_with_the_email_in_any_case(client, invited):
    set_password(client, path_of(invited.link))
    client.logout()
    response = client.post("/login/", {"username": "Anna@Skole.DK", "password": PASSWORD})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="anna@skole.dk")
    assert int(client.session["_auth_user_id"]) == user.pk
    client.logout()
    wrong = client.post("/login/", {"username": "anna@skole.dk", "password": "forkert"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
