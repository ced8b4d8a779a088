"""Attack: a staff secretariat given Django's user and group rights in the admin tries to make
itself (or someone else) more than a secretariat of its own plans. Each attempt re-posts the
admin's own form, and the database is read afterwards: nothing but a superuser changes
is_superuser, is_staff, groups, permissions or a password, and a person with a role in another
plan, another staff user or a superuser is not the secretariat's to change."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.forms import MultiWidget
from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.plans.services import load_plan

EVERY_AUTH_RIGHT = ("user", "group", "permission")


@pytest.fixture
def other_plan(plan, plan_text):
    return load_plan(text=plan_text.replace("slug: randers-nordby-2017-21", "slug: anden-plan", 1))


@pytest.fixture
def secretariat(sekretariat):
    """Plan A's secretariat (staff, the plans app's rights) with every right on users, groups
    and permissions as well: the most a superuser might hand a secretariat."""
    sekretariat.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth").filter(
            content_type__model__in=EVERY_AUTH_RIGHT
        )
    )
    return sekretariat


@pytest.fixture
def admin_client(client, secretariat):
    assert client.login(username="sekretariat", password=PASSWORD)
    return client


def change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def posted_form(client, user, **changes) -> dict:
    """The change form's own values, as the browser would send them back, with `changes`."""
    response = client.get(change_url(user))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for field in form:
        value = field.value()
        if isinstance(field.field.widget, MultiWidget):
            for index, part in enumerate(field.field.widget.decompress(value)):
                data[f"{field.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        elif value is not None:
            data[field.html_name] = str(value)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def privileges(user) -> tuple:
    user.refresh_from_db()
    return (
        user.is_superuser,
        user.is_staff,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
        user.password,
    )


def test_a_staff_secretariat_re_posting_its_own_form_with_is_superuser_on_stays_a_secretariat(
    admin_client, secretariat, plan, other_plan
):
    before = privileges(secretariat)
    everything = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    group = Group.objects.get_or_create(name="alt")[0]

    response = admin_client.post(
        change_url(secretariat),
        posted_form(
            admin_client,
            secretariat,
            first_name="Sekretær",
            is_superuser="on",
            is_staff="on",
            groups=[str(group.pk)],
            user_permissions=everything,
        ),
    )

    assert response.status_code == 302  # the rest of the form is saved...
    secretariat.refresh_from_db()
    assert secretariat.first_name == "Sekretær"
    assert privileges(secretariat) == before  # ...and nothing that gives more rights
    changelist = admin_client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert plan.name in changelist and "anden-plan" not in changelist


def test_the_privilege_fields_are_shown_read_only_and_the_password_hash_not_at_all(
    admin_client, medarbejder
):
    response = admin_client.get(change_url(medarbejder))

    form = response.context["adminform"].form
    privileged = {"is_superuser", "is_staff", "groups", "user_permissions"}
    assert not privileged & set(form.fields)
    # UserChangeForm declares a disabled password field; it is neither shown nor saved.
    assert "password" not in form._meta.fields
    html = response.content.decode()
    assert 'name="is_superuser"' not in html
    assert medarbejder.password not in html and "pbkdf2" not in html
    assert "Har en adgangskode" in html
    assert reverse("admin:auth_user_password_change", args=[medarbejder.pk]) not in html


def test_another_persons_form_with_is_superuser_on_changes_their_name_only(
    admin_client, medarbejder
):
    before = privileges(medarbejder)

    response = admin_client.post(
        change_url(medarbejder),
        posted_form(admin_client, medarbejder, first_name="Mads", is_superuser="on", is_staff="on"),
    )

    assert response.status_code == 302
    medarbejder.refresh_from_db()
    assert medarbejder.first_name == "Mads"
    assert privileges(medarbejder) == before


def test_the_password_page_of_the_user_admin_is_refused_and_sets_nothing(admin_client, medarbejder):
    url = reverse("admin:auth_user_password_change", args=[medarbejder.pk])
    before = privileges(medarbejder)

    assert admin_client.get(url).status_code == 403
    posted = admin_client.post(
        url, {"password1": "Nyt-kodeord-2026!", "password2": "Nyt-kodeord-2026!"}
    )

    assert posted.status_code == 403
    assert privileges(medarbejder) == before
    assert admin_client.login(username="medarbejder", password=PASSWORD)


def test_a_person_with_a_role_in_another_plan_cannot_be_changed_or_deleted(
    admin_client, plan, other_plan, django_user_model
):
    both = ensure_member(plan=plan, username="begge", role=Role.LAESER, password=PASSWORD)
    ensure_member(plan=other_plan, username="begge", role=Role.SEKRETARIAT, password=PASSWORD)
    both.is_staff = False
    both.save()
    data = posted_form(admin_client, both, first_name="Overtaget", email="angriber@example.dk")

    response = admin_client.post(change_url(both), data)

    assert response.status_code == 403
    both.refresh_from_db()
    assert (both.first_name, both.email) != ("Overtaget", "angriber@example.dk")
    delete = reverse("admin:auth_user_delete", args=[both.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert django_user_model.objects.filter(pk=both.pk).exists()


def test_the_same_person_with_roles_in_the_secretariats_plan_only_can_be_changed(
    admin_client, plan
):
    # Just inside the rule: every role in the admin's own plan.
    only_here = ensure_member(plan=plan, username="kun-her", role=Role.LAESER, password=PASSWORD)

    response = admin_client.post(
        change_url(only_here), posted_form(admin_client, only_here, first_name="Karen")
    )

    assert response.status_code == 302
    only_here.refresh_from_db()
    assert only_here.first_name == "Karen"


@pytest.mark.parametrize("who", ["superuser", "another staff user"])
def test_a_superuser_or_another_staff_user_of_the_plan_cannot_be_changed(
    admin_client, plan, who, django_user_model
):
    target = ensure_member(plan=plan, username="maal", role=Role.SEKRETARIAT, password=PASSWORD)
    target.is_superuser = who == "superuser"
    target.save()
    data = posted_form(admin_client, target, email="angriber@example.dk")

    response = admin_client.post(change_url(target), data)

    assert response.status_code == 403
    target.refresh_from_db()
    assert target.email != "angriber@example.dk"


def test_no_user_is_added_in_the_admin_by_a_secretariat(admin_client, django_user_model):
    count = django_user_model.objects.count()

    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "ny",
            "usable_password": "true",
            "password1": "Nyt-kodeord-2026!",
            "password2": "Nyt-kodeord-2026!",
        },
    )

    assert response.status_code == 403
    assert django_user_model.objects.count() == count


def test_a_group_s_permissions_are_not_changed_by_a_secretariat(admin_client, secretariat):
    group = Group.objects.get_or_create(name=Role.SEKRETARIAT)[0]
    secretariat.groups.add(group)  # a superuser put the secretariat in the group
    before = set(group.permissions.all())
    everything = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]

    response = admin_client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": everything},
    )

    assert response.status_code == 403
    assert set(group.permissions.all()) == before


def test_a_superuser_still_grants_superuser_and_sets_passwords(
    client, medarbejder, django_user_model
):
    django_user_model.objects.create_superuser("admin", "admin@example.dk", PASSWORD)
    assert client.login(username="admin", password=PASSWORD)

    response = client.post(
        change_url(medarbejder), posted_form(client, medarbejder, is_superuser="on")
    )
    password = client.post(
        reverse("admin:auth_user_password_change", args=[medarbejder.pk]),
        {"password1": "Nyt-kodeord-2026!", "password2": "Nyt-kodeord-2026!"},
    )

    assert response.status_code == 302 and password.status_code == 302
    medarbejder.refresh_from_db()
    assert medarbejder.is_superuser
    assert medarbejder.check_password("Nyt-kodeord-2026!")
