"""The read-only plan pages: what a logged-in member reads, in Danish, and who may read it."""

import pytest
from django.urls import reverse

from helhedsplan.conftest import PASSWORD

SLUG = "randers-nordby-2017-21"
PAGES = [
    ("plans:overview", {}),
    ("plans:focus_area", {"key": "forebyggelse-og-foraeldreansvar"}),
    ("plans:activities", {}),
    ("plans:activity", {"key": "hotspot"}),
    ("plans:areas", {}),
    ("plans:bodies", {}),
]


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def as_member(client, medarbejder):
    client.login(username="medarbejder", password=PASSWORD)
    return client


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_role_can_read_every_plan_page(client, plan, name, kwargs, django_user_model):
    from helhedsplan.accounts.models import Role
    from helhedsplan.accounts.services import ensure_member

    for role in Role:
        ensure_member(plan=plan, username=f"u-{role}", role=role, password=PASSWORD)
        client.login(username=f"u-{role}", password=PASSWORD)
        response = client.get(url(name, **kwargs))
        assert response.status_code == 200, (role, name)
        assert b'lang="da"' in response.content


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_an_outsider_gets_not_found_for_every_plan_page(client, plan, outsider, name, kwargs):
    client.login(username="outsider", password=PASSWORD)
    assert client.get(url(name, **kwargs)).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_an_anonymous_visitor_is_sent_to_login(client, plan, name, kwargs):
    response = client.get(url(name, **kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_overview_shows_budget_in_danish_format_and_the_unassigned_part(as_member):
    html = as_member.get(url("plans:overview")).content.decode()
    assert "16.055.000 kr." in html
    assert "13.086.000 kr." in html
    assert "29.141.000 kr." in html
    assert "Ikke fordelt på indsatsområder" in html
    assert "860.000 kr." in html  # 29.141.000 − 28.281.000, shown, not hidden
    assert "1. juni 2017" in html and "31. maj 2021" in html
    assert "3.868" in html
    assert "Øget uddannelsesgrad blandt unge" in html


def test_focus_area_page_shows_local_measures_with_danish_decimals(as_member):
    html = as_member.get(
        url("plans:focus_area", key="forebyggelse-og-foraeldreansvar")
    ).content.decode()
    assert "14,2 fraværsdage pr. elev" in html
    assert "10,6" in html
    assert "Boligsociale mødregrupper" in html


def test_activity_page_lists_success_criteria_in_a_table(as_member):
    html = as_member.get(url("plans:activity", key="formidling-og-branding")).content.decode()
    assert "<caption>Succeskriterier og datakilder</caption>" in html
    assert "Nyhedsmail" in html
    assert "pr. planår" in html


def test_unknown_activity_is_not_found(as_member):
    assert as_member.get(url("plans:activity", key="findes-ikke")).status_code == 404


def test_address_form_answers_with_the_area(as_member):
    html = as_member.get(url("plans:areas"), {"adresse": "husarvej 12B, 2. tv"}).content.decode()
    assert "Ja – Husarvej 12B ligger i planens område." in html
    assert "Boligområde: Gl. Jennumparken" in html


def test_address_form_says_no_in_words(as_member):
    html = as_member.get(url("plans:areas"), {"adresse": "Husarvej 42"}).content.decode()
    assert "Nej – Husarvej 42 ligger ikke i planens område." in html


def test_address_form_explains_a_missing_house_number(as_member):
    html = as_member.get(url("plans:areas"), {"adresse": "Husarvej"}).content.decode()
    assert "mangler et husnummer" in html
    assert 'aria-invalid="true"' in html


def test_areas_page_lists_departments_of_both_organisations_with_number_24(as_member):
    html = as_member.get(url("plans:areas")).content.decode()
    assert html.count("Afd. 24") == 2


def test_bodies_page_shows_board_members_without_phone_numbers(as_member):
    html = as_member.get(url("plans:bodies")).content.decode()
    assert "Michael Maaløe" in html
    assert "Beredskab" in html
    assert "20218240" not in html


def test_home_shows_a_member_of_one_plan_its_start_page_one_click_from_the_overview(as_member):
    response = as_member.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Start:" in html
    assert f'href="{url("plans:overview")}"' in html


def test_home_lists_nothing_for_an_outsider(client, plan, outsider):
    client.login(username="outsider", password=PASSWORD)
    html = client.get(reverse("home")).content.decode()
    assert "Du har endnu ikke adgang til nogen plan" in html
    assert "Randers" not in html
