"""Issue 18: "Ny plan" is one click away for those who may create plans (start page, Overblik,
the editor), the editor has one name, and the partner's start page says whose data is whose."""

import re

import pytest
from django.contrib.auth.models import Permission

from helhedsplan.workspace.tests.conftest import SCHOOL, login

SLUG = "randers-nordby-2017-21"
PAGES = ["/", f"/planer/{SLUG}/", f"/planer/{SLUG}/rediger/"]
NEW_PLAN = '<a href="/ny-plan/">Ny plan</a>'


def main_html(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("address", PAGES)
def test_the_secretariat_with_one_plan_reaches_ny_plan_by_a_link(
    client, plan, sekretariat, address
):
    assert sekretariat.has_perm("plans.create_plan")
    assert NEW_PLAN in main_html(login(client, "sekretariat").get(address))


def test_who_may_not_create_plans_gets_no_ny_plan_link(client, plan, medarbejder, partner):
    for username in ("medarbejder", "partner"):
        client.logout()
        assert "/ny-plan/" not in main_html(login(client, username).get("/"))


def test_a_staff_member_given_the_permission_gets_the_link_on_the_start_page(
    client, plan, medarbejder
):
    assert "/ny-plan/" not in main_html(login(client, "medarbejder").get("/"))
    medarbejder.user_permissions.add(Permission.objects.get(codename="create_plan"))
    assert NEW_PLAN in main_html(client.get("/"))


def test_the_editor_has_one_name_on_every_page_that_links_to_it(client, plan, sekretariat):
    login(client, "sekretariat")
    for address in [*PAGES, "/ny-plan/", f"/planer/{SLUG}/rediger/i-kraft/"]:
        html = client.get(address).content.decode()
        assert "Ret planen" not in html, address
    assert "Redigér planen" in main_html(client.get("/"))
    assert "Redigér planen" in main_html(client.get(f"/planer/{SLUG}/"))


def test_the_partners_start_page_says_whose_data_is_whose(client, plan, partner):
    text = " ".join(re.sub(r"<[^>]+>", " ", main_html(login(client, "partner").get("/"))).split())
    assert "Du har ikke selv registreret noget endnu." in text
    assert "Ingen registreringer endnu" not in text
    if "har leveret data" in text:
        assert "Jeres organisation, Randers Produktionshøjskole, har leveret data" in text


def test_the_partners_activity_names_link_to_the_activity_pages(client, plan, partner):
    response = login(client, "partner").get("/")
    activities = [activity for activity, _ in response.context["partner"].activities]
    assert activities
    html = main_html(response)
    for activity in activities:
        link = f'<a href="/planer/{SLUG}/aktiviteter/{activity.key}/">{activity.name}</a>'
        assert link in html
        page = client.get(f"/planer/{SLUG}/aktiviteter/{activity.key}/")
        assert page.status_code == 200
    assert plan.organisations.get(key=SCHOOL).name in html
