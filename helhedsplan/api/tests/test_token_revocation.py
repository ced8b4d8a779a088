"""An API key does not outlive what it stands for: a new password (admin, form, reset link,
code), a password switched off, a deactivated user or a removed role revokes the person's keys,
and the key answers 401 afterwards, for reading and for writing. Saves that change nothing of
the kind (a login, a new name, Django re-hashing a password at login) leave the keys alone."""

import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from helhedsplan.accounts.models import PlanMembership
from helhedsplan.accounts.password_reset_forms import NewPasswordForm
from helhedsplan.api.models import ApiToken
from helhedsplan.api.tests.conftest import SLUG, Api
from helhedsplan.conftest import PASSWORD

READ = f"plans/{SLUG}/registrations"
NEW_PASSWORD = "Nyt-Kodeord-Til-Nordby-2026"
REGISTRATION = {"activity": "hotspot", "date": "2019-03-01", "kind": "contact"}


@pytest.fixture
def keyed(medarbejder):
    """The staff persona with two keys, both answering with full access."""
    _, first = ApiToken.objects.issue(user=medarbejder, name="script")
    _, second = ApiToken.objects.issue(user=medarbejder, name="regneark")
    for token in (first, second):
        assert Api(token).get(READ).status_code == 200
    assert Api(first).post(READ, REGISTRATION).status_code == 201
    return medarbejder, [first, second]


def assert_revoked(tokens):
    for token in tokens:
        assert Api(token).get(READ).status_code == 401
        assert Api(token).post(READ, REGISTRATION).status_code == 401
    assert not ApiToken.objects.filter(revoked=False).exists()


def assert_working(tokens):
    for token in tokens:
        assert Api(token).get(READ).status_code == 200


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@randers.dk", PASSWORD)


def test_a_new_password_set_by_a_superuser_in_the_admin_revokes_the_keys(keyed, superuser):
    user, tokens = keyed
    admin = Client()
    admin.force_login(superuser)
    response = admin.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert_revoked(tokens)


def test_password_login_switched_off_in_the_admin_revokes_the_keys(keyed, superuser):
    user, tokens = keyed
    admin = Client()
    admin.force_login(superuser)
    response = admin.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"usable_password": "false", "unset-password": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert_revoked(tokens)


def test_a_new_password_from_a_form_revokes_the_keys(keyed):
    user, tokens = keyed
    form = NewPasswordForm(user, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert form.is_valid(), form.errors
    form.save()
    assert_revoked(tokens)


def test_set_password_and_save_in_code_revokes_the_keys(keyed):
    # As `helhedsplan changepassword` and the demo's users do.
    user, tokens = keyed
    user.set_password(NEW_PASSWORD)
    user.save()
    assert_revoked(tokens)


def test_a_new_password_from_the_reset_link_revokes_the_keys(keyed, settings):
    user, tokens = keyed
    user.email = "medarbejder@randers.dk"
    user.save()
    assert_working(tokens)  # a new e-mail address is no reason
    settings.HELHEDSPLAN_BASE_URL = "http://testserver"
    browser = Client()
    browser.post("/login/glemt/", {"email": "medarbejder@randers.dk"})
    link = re.search(r"http://testserver(/login/glemt/ny/\S+/)", mail.outbox[-1].body).group(1)
    form = browser.get(link)["Location"]
    done = browser.post(form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert_revoked(tokens)


def test_removing_the_persons_access_on_the_people_page_revokes_the_keys(keyed, sekretariat, plan):
    user, tokens = keyed
    membership = PlanMembership.objects.get(user=user, plan=plan)
    client = Client()
    client.force_login(sekretariat)
    page = client.get(f"/planer/{SLUG}/personer/{membership.pk}/fjern/").content.decode()
    assert "API-nøgler spærres" in page
    people = client.get(f"/planer/{SLUG}/personer/").content.decode()
    assert "En persons API-nøgler spærres, når personen får en ny adgangskode" in people
    response = client.post(f"/planer/{SLUG}/personer/{membership.pk}/fjern/")
    assert response.status_code == 302
    assert not PlanMembership.objects.filter(pk=membership.pk).exists()
    assert_revoked(tokens)


def test_deactivating_the_user_revokes_the_keys_for_good(keyed):
    user, tokens = keyed
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert_revoked(tokens)


def test_a_login_a_new_name_and_a_role_change_leave_the_keys_alone(keyed, plan):
    user, tokens = keyed
    assert (
        Client().post("/login/", {"username": "medarbejder", "password": PASSWORD}).status_code
        == 302
    )
    user.first_name = "Mette"
    user.save()
    user.save(update_fields=["last_login"])
    assert_working(tokens)


def test_a_password_rehashed_at_login_is_no_new_password(keyed, settings):
    user, tokens = keyed
    old_hash = user.password
    assert old_hash.startswith("md5$")
    # A newer hasher first: Django re-hashes the password at the next login.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    login = Client().post("/login/", {"username": "medarbejder", "password": PASSWORD})
    assert login.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("scrypt$")
    assert_working(tokens)


def test_another_persons_keys_are_left_alone(keyed, sekretariat):
    _, own = ApiToken.objects.issue(user=sekretariat, name="sekretariatets")
    user, _ = keyed
    user.set_password(NEW_PASSWORD)
    user.save()
    assert_working([own])


def test_revoking_goes_to_the_security_log(keyed, caplog):
    caplog.set_level(logging.INFO, logger="helhedsplan.security")
    user, _ = keyed
    user.set_password(NEW_PASSWORD)
    user.save()
    lines = [r.getMessage() for r in caplog.records if r.name == "helhedsplan.security"]
    assert "2 API-nøgler spærret for 'medarbejder': ny adgangskode" in lines
