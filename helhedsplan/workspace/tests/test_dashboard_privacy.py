"""The dashboard hides small person counts from readers outside the secretariat by the same rule
as the reports: unique participants, and counts of families, children or courses."""

import datetime

from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.reports.tests.conftest import register


def test_a_small_count_of_courses_is_hidden_from_the_board_and_shown_to_the_secretariat(
    client, plan
):
    register(plan, "familie-raadgivningsforloeb", datetime.date(2018, 9, 3), kind="course", count=2)
    ensure_member(plan=plan, username="board", role=Role.BESTYRELSE, password=PASSWORD)
    ensure_member(plan=plan, username="staff", role=Role.SEKRETARIAT, password=PASSWORD)
    url = reverse("workspace:dashboard", args=[plan.slug])

    def cell(html):
        row = html.split("Forældre til minimum 6 unge modtager årligt rådgivning", 1)[1].split(
            "</tr>", 1
        )[0]
        return row

    client.login(username="board", password=PASSWORD)
    assert "&lt;5" in cell(client.get(url, {"dato": "2019-01-31"}).content.decode())
    client.login(username="staff", password=PASSWORD)
    row = cell(client.get(url, {"dato": "2019-01-31"}).content.decode())
    assert "&lt;5" not in row and ">2<" in row


def test_the_kept_figures_never_carry_one_roles_view_to_another(client, plan):
    """The figures are kept between requests; hiding is per request: the board, then the
    secretariat, then the board again on the same kept figures."""
    register(plan, "familie-raadgivningsforloeb", datetime.date(2018, 9, 3), kind="course", count=2)
    ensure_member(plan=plan, username="board", role=Role.BESTYRELSE, password=PASSWORD)
    ensure_member(plan=plan, username="staff", role=Role.SEKRETARIAT, password=PASSWORD)
    url = reverse("workspace:dashboard", args=[plan.slug])

    def cell(username):
        client.login(username=username, password=PASSWORD)
        html = client.get(url, {"dato": "2019-01-31"}).content.decode()
        marker = "Forældre til minimum 6 unge modtager årligt rådgivning"
        return html.split(marker, 1)[1].split("</tr>", 1)[0]

    assert "&lt;5" in cell("board")
    assert ">2<" in cell("staff")
    assert "&lt;5" in cell("board")
    assert ">2<" in cell("staff")
