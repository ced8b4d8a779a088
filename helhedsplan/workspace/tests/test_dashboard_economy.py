"""The economy and staff hours section of the progress dashboard."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.economy.models import Expense, StaffHours

SLUG = "randers-nordby-2017-21"
AS_OF = "2019-05-31"  # 730 of 1461 days: 50,0 % of the plan period


@pytest.fixture
def economy(plan):
    def expense(key, month, amount, financing="lbf"):
        Expense.objects.create(
            plan=plan,
            focus_area=plan.focus_areas.get(key=key),
            month=datetime.date.fromisoformat(month),
            amount=Decimal(amount),
            financing=financing,
        )

    expense("tryghed-og-trivsel", "2018-01-01", "2000000")
    expense("tryghed-og-trivsel", "2019-05-01", "153500", "local")
    expense("uddannelse-og-beskaeftigelse", "2018-06-01", "6000000")
    expense("uddannelse-og-beskaeftigelse", "2019-06-01", "999999")  # after the as-of date
    for key, hours in (("bysekretariatet", "7000"), ("randers-produktionshoejskole", "560.5")):
        StaffHours.objects.create(
            plan=plan,
            organisation=plan.organisations.get(key=key),
            month=datetime.date(2018, 9, 1),
            hours=Decimal(hours),
        )
    return plan


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _row(html, label):
    """The cells of the dashboard economy table's row whose header starts with `label`."""
    table = html[html.index('id="oekonomi-tabel"') :]
    table = table[: table.index("</table>")]
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [_text(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        if cells[0].startswith(label):
            return cells
    raise AssertionError(f"no row {label}")


def test_dashboard_shows_budget_spending_pace_and_staff_hours(client, economy, bestyrelse):
    client.login(username="bestyrelse", password=PASSWORD)
    html = client.get(reverse("workspace:dashboard", args=[SLUG]), {"dato": AS_OF}).content.decode()
    assert '<h2 id="oekonomi">Økonomi og medarbejdertimer</h2>' in html
    text = _text(html)
    assert (
        "Budget i alt 29.141.000 kr., forbrugt til dato 8.153.500 kr., rest 20.987.500 kr. "
        "(forbrugt 28 % af budgettet). Der er gået 50 % af planperioden: forbruget er bagud ."
    ) in text
    assert "<caption>Budget og forbrug pr. indsatsområde pr. 31. maj 2019</caption>" in html
    assert '<th scope="col">Takt</th>' in html
    assert _row(html, "1.") == [
        "1. Tryghed og trivsel",
        "4.307.000 kr.",
        "2.153.500 kr.",
        "2.153.500 kr.",
        "50 %",
        "i takt",
    ]
    assert _row(html, "3.")[2:] == ["6.000.000 kr.", "2.303.000 kr.", "72,3 %", "foran"]
    assert _row(html, "2.")[2:] == ["0 kr.", "4.431.000 kr.", "0 %", "bagud"]
    assert _row(html, "Ikke fordelt")[1:3] == ["860.000 kr.", "0 kr."]
    assert _row(html, "I alt") == [
        "I alt",
        "29.141.000 kr.",
        "8.153.500 kr.",
        "20.987.500 kr.",
        "28 %",
        "bagud",
    ]
    # 145 hours a week in the sub-agreements × 730 days / 7 = 15.121,4 hours agreed to date.
    assert "Erlagte medarbejdertimer: 7.560,5 timer af 15.121,4 aftalte til dato (50 %)." in text
    link = reverse("economy:overview", args=[SLUG]) + "?dato=2019-05-31"
    assert f'href="{link}"' in html


def test_dashboard_economy_without_data_shows_zeros(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    html = client.get(reverse("workspace:dashboard", args=[SLUG]), {"dato": AS_OF}).content.decode()
    text = _text(html)
    assert "forbrugt til dato 0 kr., rest 29.141.000 kr." in text
    assert "Erlagte medarbejdertimer: 0 timer af 15.121,4 aftalte til dato (0 %)." in text


def test_the_secretariat_sees_what_the_beredskab_lacks_and_the_board_does_not(
    client, plan, sekretariat, bestyrelse
):
    from helhedsplan.preparedness.services import ensure_contacts

    ensure_contacts(plan)
    url = reverse("workspace:dashboard", args=[plan.slug])
    client.login(username="sekretariat", password=PASSWORD)
    html = client.get(url).content.decode()
    assert "Beredskabet er ikke klar" in html
    assert "Se og ret beredskabsplanen" in html
    client.login(username="bestyrelse", password=PASSWORD)
    assert "Beredskabet er ikke klar" not in client.get(url).content.decode()
