"""The main menu marks exactly the section the page belongs to, and shows Beredskab only to
those who may open it."""

import re

import pytest
from django.urls import reverse

from helhedsplan.conftest import PASSWORD

SLUG = "randers-nordby-2017-21"


def current_items(html: str) -> list[str]:
    menu = html.split('aria-label="Hovedmenu"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'aria-current="page">([^<]+)<', menu)


@pytest.mark.parametrize(
    ("url_name", "query", "label"),
    [
        ("workspace:start", "", "Start"),
        ("plans:overview", "", "Overblik"),
        ("workspace:dashboard", "", "Fremdrift"),
        ("reports:index", "", "Rapporter"),
        ("governance:index", "", "Møder"),
        ("economy:overview", "", "Økonomi"),
        ("preparedness_plan:overview", "", "Beredskab"),
    ],
)
def test_one_menu_item_is_current(client, plan, sekretariat, url_name, query, label):
    client.login(username="sekretariat", password=PASSWORD)
    html = client.get(reverse(url_name, args=[SLUG]) + query).content.decode()
    assert current_items(html) == [label]


def test_start_is_the_first_menu_item_and_current_on_the_start_page_at_the_root(
    client, plan, sekretariat
):
    client.login(username="sekretariat", password=PASSWORD)
    html = client.get("/").content.decode()
    menu = html.split('aria-label="Hovedmenu"', 1)[1].split("</nav>", 1)[0]
    first = re.search(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a>', menu)
    assert first.groups() == (reverse("workspace:start", args=[SLUG]), "Start")
    assert current_items(html) == ["Start"]


def test_beredskab_is_in_the_menu_for_the_secretariat_only(client, plan, sekretariat, bestyrelse):
    url = reverse("plans:overview", args=[SLUG])
    client.login(username="sekretariat", password=PASSWORD)
    assert ">Beredskab</a>" in client.get(url).content.decode()
    client.login(username="bestyrelse", password=PASSWORD)
    assert ">Beredskab</a>" not in client.get(url).content.decode()
