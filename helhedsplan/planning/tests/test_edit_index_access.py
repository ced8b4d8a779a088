"""The plan editor's front page, and who may open the editor at all."""

import pytest

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.planning.tests.test_edit_views import (
    ACTIVITY,
    CRITERION,
    DRAFT,
    FOCUS,
    IN_FORCE,
    criterion,
    url,
)

# --- pages and access -------------------------------------------------------------------------


def test_the_index_links_to_every_focus_area_activity_and_list_and_the_plans_status(editor, draft):
    page = editor.get(url("index")).content.decode()
    assert "Udkast" in page
    assert url("del") in page  # the plan's frame
    assert f"{url('index')}?omraade=tryghed-og-trivsel" in page
    assert url("del", ACTIVITY) in page
    assert f"{url('index')}?liste=bodies" in page
    assert f"/planer/{DRAFT}/rediger/versioner/" in page
    assert f"/planer/{DRAFT}/rediger/i-kraft/" in page
    # The parts inside a focus area or a list are on their own pages, not here.
    assert url("del", CRITERION) not in page
    area = editor.get(url("index") + "?omraade=tryghed-og-trivsel").content.decode()
    assert url("del", CRITERION) in area
    assert url("slet", f"{ACTIVITY}/sub_activities/naboskab-foreningsliv") in area
    # A plan-level list is one level, with what each part holds in words; the members are on
    # the body's own page.
    bodies = editor.get(url("index") + "?liste=bodies").content.decode()
    assert url("del", "bodies/bestyrelse") in bodies
    assert "medlemmer</span>" in bodies
    assert url("ny", "bodies/bestyrelse/members") not in bodies
    assert url("ny", "bodies/bestyrelse/members") in editor.get(
        url("del", "bodies/bestyrelse")
    ).content.decode("utf-8")


def test_the_area_page_checks_an_address_beside_its_rules(editor):
    response = editor.get(url("del", "areas/gl-jennumparken") + "?adresse=Husarvej+42")
    page = response.content.decode()
    assert "Adresseregler" in page
    assert "Nej – Husarvej 42 ligger ikke i planens område." in page
    page = editor.get(url("del", "areas/gl-jennumparken") + "?adresse=Husarvej+13").content
    assert "Ja – Husarvej 13 ligger i planens område." in page.decode()


def test_a_path_that_names_no_part_is_not_found(editor):
    assert editor.get(url("del", "focus_areas/findes-ikke")).status_code == 404
    assert editor.get(url("ny", f"{FOCUS}/purpose")).status_code == 404
    assert editor.get(url("slet", "areas/gl-jennumparken/coverage/99")).status_code == 404


def _pages(slug):
    return [
        url("index", slug=slug),
        url("versioner", slug=slug),
        url("del", slug=slug),
        url("del", CRITERION, slug=slug),
        url("ny", f"{ACTIVITY}/success_criteria", slug=slug),
        url("slet", CRITERION, slug=slug),
    ]


@pytest.mark.parametrize(
    "role", [Role.MEDARBEJDER, Role.PARTNER, Role.STYREGRUPPE, Role.BESTYRELSE, Role.LAESER]
)
def test_no_other_role_may_open_the_editor(client, draft, role):
    ensure_member(plan=draft, username="bruger", role=role, password=PASSWORD)
    client.login(username="bruger", password=PASSWORD)
    for address in _pages(DRAFT):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"target": "1"}).status_code == 404, address
    assert criterion(draft).target == 17


def test_a_stranger_gets_404_and_a_superuser_is_secretariat(client, draft, django_user_model):
    django_user_model.objects.create_user(username="fremmed", password=PASSWORD)
    client.login(username="fremmed", password=PASSWORD)
    for address in _pages(DRAFT):
        assert client.get(address).status_code == 404, address
    django_user_model.objects.create_superuser(username="admin", password=PASSWORD)
    client.login(username="admin", password=PASSWORD)
    for address in _pages(DRAFT):
        assert client.get(address).status_code == 200, address


def test_the_overview_links_the_secretariat_to_the_editor_with_the_status_in_words(
    client, plan, sekretariat, medarbejder
):
    client.login(username="sekretariat", password=PASSWORD)
    page = client.get(f"/planer/{IN_FORCE}/").content.decode()
    assert "Redigér planen" in page and "I kraft" in page
    client.login(username="medarbejder", password=PASSWORD)
    assert "Redigér planen" not in client.get(f"/planer/{IN_FORCE}/").content.decode()
