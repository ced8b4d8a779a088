"""The progress dashboard and the "mangler data" view."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.core.status import status_for
from helhedsplan.registrations.services import RegistrationInput, save_registration

SLUG = "randers-nordby-2017-21"


@pytest.fixture
def contacts(plan):
    criterion = plan.success_criteria.get(key="hotspot-kontakt")
    return save_registration(
        plan,
        RegistrationInput(
            activity=criterion.activity,
            date=datetime.date(2018, 10, 1),
            kind="contact",
            criteria=[criterion],
            codes=["K-1", "K-2", "K-3"],
        ),
    )


def test_dashboard_shows_status_in_words_and_links_to_the_registrations(
    client, plan, medarbejder, contacts
):
    client.login(username="medarbejder", password=PASSWORD)
    html = client.get(
        reverse("workspace:dashboard", args=[SLUG]), {"dato": "2019-01-31"}
    ).content.decode()
    assert "Fremdrift pr. 31. januar 2019" in html
    assert "status--behind" in html and ">bagud<" in html  # the colour class always has its word
    assert "mangler data" in html
    drill = (
        reverse("registrations:index", args=[SLUG])
        + "?kriterium=hotspot-kontakt&amp;til=2019-01-31"
    )
    assert drill in html
    listing = client.get(
        reverse("registrations:index", args=[SLUG]),
        {"kriterium": "hotspot-kontakt", "til": "2019-01-31"},
    )
    assert "1 i alt" in listing.content.decode()


def test_dashboard_by_tertial_uses_the_tertial_end(client, plan, medarbejder):
    client.login(username="medarbejder", password=PASSWORD)
    html = client.get(
        reverse("workspace:dashboard", args=[SLUG]), {"tertial": "2018/19-T1"}
    ).content.decode()
    assert "Fremdrift pr. 30. september 2018" in html


def test_a_bad_date_gets_a_danish_message(client, plan, medarbejder):
    client.login(username="medarbejder", password=PASSWORD)
    html = client.get(
        reverse("workspace:dashboard", args=[SLUG]), {"dato": "i går"}
    ).content.decode()
    assert "er ikke en dato" in html


def test_small_unique_counts_are_suppressed_for_the_board_but_not_the_secretariat(
    client, plan, contacts
):
    ensure_member(plan=plan, username="board", role=Role.BESTYRELSE, password=PASSWORD)
    ensure_member(plan=plan, username="staff", role=Role.SEKRETARIAT, password=PASSWORD)
    url = reverse("workspace:dashboard", args=[SLUG])
    client.login(username="board", password=PASSWORD)
    assert "&lt;5" in client.get(url, {"dato": "2019-01-31"}).content.decode()
    client.login(username="staff", password=PASSWORD)
    html = client.get(url, {"dato": "2019-01-31"}).content.decode()
    assert "&lt;5" not in html
    assert "– vis de 1 registreringer bag tallet" in html


def test_missing_data_lists_criteria_by_responsible_partner(client, plan, medarbejder, contacts):
    client.login(username="medarbejder", password=PASSWORD)
    html = client.get(
        reverse("progress:missing", args=[SLUG]), {"dato": "2018-11-15"}
    ).content.decode()
    assert "Mangler data i tertial 2018/19-T2" in html
    assert "Randers Produktionshøjskole" in html
    assert "Bysekretariatet" in html
    # hotspot-kontakt has a registration in the tertial, so only the other two HotSpot criteria miss.
    assert "42 succeskriterier" in html


def _row(response, key):
    return next(
        row
        for _, activities in response.context["focus_areas"]
        for _, rows in activities
        for row in rows
        if row.criterion.key == key
    )


def test_the_board_reads_13_children_as_15_with_the_status_of_15_and_no_rows_behind(client, plan):
    criterion = plan.success_criteria.get(key="hotspot-kontakt")
    save_registration(
        plan,
        RegistrationInput(
            activity=criterion.activity,
            date=datetime.date(2018, 10, 1),
            kind="contact",
            criteria=[criterion],
            codes=[f"K-{n}" for n in range(1, 14)],
        ),
    )
    ensure_member(plan=plan, username="board", role=Role.BESTYRELSE, password=PASSWORD)
    ensure_member(plan=plan, username="staff", role=Role.SEKRETARIAT, password=PASSWORD)
    url = reverse("workspace:dashboard", args=[SLUG])
    client.login(username="board", password=PASSWORD)
    board = client.get(url, {"dato": "2019-01-31"})
    shown = _row(board, "hotspot-kontakt")
    # 13 and 14 both read 15: a reader cannot subtract one reading from the next (issue 17).
    assert shown.display_actual == 15
    assert shown.status == status_for(actual=Decimal(15), expected=shown.expected)
    assert "registreringer bag tallet" not in board.content.decode()
    assert dict(board.context["summary"])[shown.status] >= 1
    client.login(username="staff", password=PASSWORD)
    staff = _row(client.get(url, {"dato": "2019-01-31"}), "hotspot-kontakt")
    assert staff.display_actual == 13
