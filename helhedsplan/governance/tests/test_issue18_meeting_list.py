"""Issue 18, point 5: the meeting list filtered by body, the user's own bodies first and shown
by default."""

import datetime
import re

import pytest

from helhedsplan.core.periods import parse_period
from helhedsplan.governance.calendar import propose_year, save_proposals
from helhedsplan.governance.tests.test_issue18_meetings import INDEX, listed_bodies, log_in

# --- point 5: the meeting list filtered by body, own bodies first ---------------------------


@pytest.fixture
def calendar_2018(plan):
    year = parse_period("2018/19", plan.start, plan.end)
    return save_proposals(plan, year, propose_year(plan, year)).created


def member_of(plan, user, key):
    member = plan.bodies.get(key=key).members.order_by("order").first()
    member.user = user
    member.save()
    return member


def options(page: str) -> list[tuple[str, str]]:
    select = page.split('<select id="organ" name="organ"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]+)"[^>]*>([^<(]+)', select)


def test_the_list_is_filtered_by_one_body(client, plan, calendar_2018, sekretariat):
    page = log_in(client, sekretariat).get(INDEX, {"organ": "fravaersteam"}).content.decode()
    assert listed_bodies(page) == {"Fraværsteamet"}
    assert "Viser møder for: <strong>Fraværsteamet</strong>" in page
    assert re.search(r'<option value="fravaersteam" selected>', page)
    page = client.get(INDEX, {"organ": "alle"}).content.decode()
    assert {"Fraværsteamet", "Bestyrelsen", "Styregruppen"} <= listed_bodies(page)


def test_the_filter_is_a_labelled_get_form_that_works_without_javascript(
    client, plan, calendar_2018, sekretariat
):
    page = log_in(client, sekretariat).get(INDEX).content.decode()
    form = page.split('class="form form--inline meeting-filter"')[0].rsplit("<form", 1)[1]
    assert 'method="get"' in form
    assert '<label for="organ">Vis møder for</label>' in page
    assert '<button type="submit" class="button button--secondary">Vis</button>' in page
    assert "<script" not in page.split("meeting-filter")[1].split("</form>")[0]


def test_a_user_without_bodies_sees_all_bodies_by_default(client, plan, calendar_2018, sekretariat):
    page = log_in(client, sekretariat).get(INDEX).content.decode()
    assert "Viser møder for: <strong>alle organer</strong>" in page
    assert options(page)[0] == ("alle", "Alle organer")
    assert 'value="mine"' not in page
    assert {"Fraværsteamet", "Bestyrelsen"} <= listed_bodies(page)


def test_a_members_own_bodies_come_first_and_are_shown_by_default(
    client, plan, calendar_2018, bestyrelse
):
    member_of(plan, bestyrelse, "bestyrelse")
    member_of(plan, bestyrelse, "beboerraad")
    page = log_in(client, bestyrelse).get(INDEX).content.decode()
    found = options(page)
    assert found[0] == ("mine", "Mine organer ")
    assert found[1] == ("alle", "Alle organer")
    # Then the own bodies, in the plan's order, before all the others.
    assert [key for key, _ in found[2:4]] == ["bestyrelse", "beboerraad"]
    assert "fravaersteam" in [key for key, _ in found[4:]]
    assert '<optgroup label="Mine organer">' in page and '<optgroup label="Øvrige organer">' in page
    assert re.search(r'<option value="mine" selected>', page)
    assert listed_bodies(page) <= {"Bestyrelsen", "Beboerrådet (følgegruppe)"}
    assert "Bestyrelsen" in listed_bodies(page)
    assert "Viser møder for: <strong>Bestyrelsen, Beboerrådet (følgegruppe)</strong>" in page
    # The user can still see every body's meetings.
    assert "Fraværsteamet" in listed_bodies(client.get(INDEX, {"organ": "alle"}).content.decode())


def test_a_membership_that_has_ended_is_not_an_own_body(client, plan, calendar_2018, bestyrelse):
    member = member_of(plan, bestyrelse, "bestyrelse")
    member.end = datetime.date(2017, 1, 1)
    member.save()
    page = log_in(client, bestyrelse).get(INDEX).content.decode()
    assert 'value="mine"' not in page
    assert "Viser møder for: <strong>alle organer</strong>" in page


def test_an_unknown_body_shows_all_meetings(client, plan, calendar_2018, sekretariat):
    page = log_in(client, sekretariat).get(INDEX, {"organ": "findes-ikke"}).content.decode()
    assert "Viser møder for: <strong>alle organer</strong>" in page
