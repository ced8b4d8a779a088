"""The calendar pages: the proposal, saving it, editing a meeting, .ics downloads and access."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.periods import parse_period
from helhedsplan.core.testing import read_form
from helhedsplan.governance.calendar import (
    TZ,
    meetings_in_year,
    propose_year,
    save_proposals,
)
from helhedsplan.governance.ics import proposals_ics
from helhedsplan.governance.models import Meeting
from helhedsplan.plans.models import Membership

SLUG = "randers-nordby-2017-21"
YEAR = "2018-19"


def url(name, **kwargs):
    return reverse(f"governance_calendar:{name}", kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def year(plan):
    return parse_period("2018/19", plan.start, plan.end)


@pytest.fixture
def saved(plan, year):
    return save_proposals(plan, year, propose_year(plan, year)).created


def log_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_the_secretariat_proposes_and_saves(client, plan, year, sekretariat):
    log_in(client, sekretariat)
    page = client.get(url("year", year=YEAR))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Foreslå møder for planåret" in text
    assert "Forslag til ordinære møder" in text
    assert "<caption" in text and 'scope="col"' in text
    response = client.post(url("propose", year=YEAR), follow=True)
    assert response.status_code == 200
    count = len(propose_year(plan, year))
    assert meetings_in_year(plan, year).count() == count
    assert f"{count} møder er gemt som foreslåede" in response.content.decode()
    # Again: nothing new, and it says why.
    response = client.post(url("propose", year=YEAR), follow=True)
    assert meetings_in_year(plan, year).count() == count
    assert "Sprunget over" in response.content.decode()


def test_index_redirects_to_a_plan_year(client, plan, sekretariat):
    log_in(client, sekretariat)
    response = client.get(url("index"))
    assert response.status_code == 302
    assert "/moeder/kalender/2020-21/" in response["Location"]


def test_unknown_year_is_404(client, plan, sekretariat):
    log_in(client, sekretariat)
    assert client.get(url("year", year="2030-31")).status_code == 404
    assert client.get(url("year", year="tja")).status_code == 404


def test_readers_see_the_calendar_but_cannot_save_or_edit(client, plan, saved, bestyrelse):
    log_in(client, bestyrelse)
    page = client.get(url("year", year=YEAR))
    assert page.status_code == 200
    assert "Foreslå møder for planåret" not in page.content.decode()
    assert client.post(url("propose", year=YEAR)).status_code == 404
    assert client.get(url("edit", pk=saved[0].pk)).status_code == 404
    assert client.post(url("edit", pk=saved[0].pk), {}).status_code == 404


def test_outsiders_get_404(client, plan, saved, outsider):
    log_in(client, outsider)
    assert client.get(url("year", year=YEAR)).status_code == 404
    assert client.post(url("propose", year=YEAR)).status_code == 404
    assert client.get(url("body_ics", year=YEAR, body_key="bestyrelse")).status_code == 404
    assert not Meeting.objects.filter(changed_by=outsider).exists()


def test_anonymous_is_sent_to_log_in(client, plan):
    assert client.get(url("year", year=YEAR)).status_code == 302


def test_staff_edit_a_meeting_and_see_a_holiday_warning(client, plan, saved, medarbejder):
    log_in(client, medarbejder)
    meeting = next(m for m in saved if m.body.key == "bestyrelse")
    page = client.get(url("edit", pk=meeting.pk))
    assert page.status_code == 200
    assert 'for="id_date"' in page.content.decode()
    response = client.post(
        url("edit", pk=meeting.pk),
        {
            "date": "2019-04-19",
            "time": "15:30",
            "duration_minutes": "90",
            "location": "Bysekretariatet, mødelokale 1",
            "status": "planned",
        }
        | read_form(client, url("edit", pk=meeting.pk)),
        follow=True,
    )
    assert response.status_code == 200
    meeting.refresh_from_db()
    local = meeting.starts_at.astimezone(TZ)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2019, 4, 19), 15, 30)
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.changed_by == medarbejder
    text = response.content.decode()
    assert "helligdag: langfredag" in text
    assert "Bemærk" in text
    # The listing keeps the warning next to the meeting.
    assert "Helligdag: langfredag" in client.get(url("year", year=YEAR)).content.decode()


def test_edit_on_a_weekend_warns(client, plan, saved, sekretariat):
    log_in(client, sekretariat)
    meeting = saved[0]
    data = {"date": "2018-10-20", "time": "10:00", "duration_minutes": "120", "status": "proposed"}
    data |= read_form(client, url("edit", pk=meeting.pk))
    response = client.post(url("edit", pk=meeting.pk), data, follow=True)
    assert "lørdag (weekend)" in response.content.decode()


def test_edit_refuses_bad_input(client, plan, saved, sekretariat):
    log_in(client, sekretariat)
    meeting = saved[0]
    before = meeting.starts_at
    data = {"date": "2018-13-40", "time": "10:00", "duration_minutes": "0", "status": "proposed"}
    response = client.post(url("edit", pk=meeting.pk), data)
    assert response.status_code == 200
    assert "Mødet er ikke gemt" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.starts_at == before


def test_body_ics(client, plan, year, saved, bestyrelse):
    log_in(client, bestyrelse)
    response = client.get(url("body_ics", year=YEAR, body_key="fravaersteam"))
    assert response.status_code == 200
    cal = parse(response)
    events = cal.events
    assert len(events) == 26
    first = events[0]
    assert str(first["uid"]).startswith("moede-")
    assert first.get("dtstamp") is not None
    assert first.DTSTART.tzinfo is not None
    assert str(first.DTSTART.tzinfo) == "Europe/Copenhagen"
    assert first.DTSTART.astimezone(TZ).time() == datetime.time(8, 30)
    duration = first.DTEND - first.DTSTART
    assert duration == datetime.timedelta(minutes=60)
    assert str(first["summary"]) == "Fraværsteamet"
    assert str(first["status"]) == "TENTATIVE"
    assert len({str(e["uid"]) for e in events}) == 26
    assert client.get(url("body_ics", year=YEAR, body_key="findes-ikke")).status_code == 404


def test_location_is_exported(client, plan, year, saved, sekretariat):
    meeting = next(m for m in saved if m.body.key == "bestyrelse")
    meeting.location = "Rådhuset"
    meeting.save()
    log_in(client, sekretariat)
    cal = parse(client.get(url("body_ics", year=YEAR, body_key="bestyrelse")))
    assert [str(e.get("location")) for e in cal.events] == ["Rådhuset", "None"]


def test_person_ics_has_all_the_persons_bodies(client, plan, year, saved, bestyrelse):
    # Michael Maaløe sits in the board and the steering group: 2 + 3 meetings.
    membership = Membership.objects.get(
        body__plan=plan, body__key="bestyrelse", name="Michael Maaløe"
    )
    log_in(client, bestyrelse)
    response = client.get(url("membership_ics", year=YEAR, membership_id=membership.pk))
    assert response.status_code == 200
    events = parse(response).events
    assert len(events) == 5
    assert {str(e["summary"]) for e in events} == {"Bestyrelsen", "Styregruppen"}
    # The picker on the page leads to the same file.
    picked = client.get(url("pick", year=YEAR), {"medlem": membership.pk})
    assert picked.status_code == 302
    assert picked["Location"].endswith(f"/medlem/{membership.pk}.ics")


def test_person_matched_by_email(client, plan, year, saved, sekretariat):
    board = Membership.objects.get(body__plan=plan, body__key="bestyrelse", name="Ole Andersen")
    board.email = "ole@example.dk"
    board.save()
    unnamed = Membership.objects.filter(body__plan=plan, body__key="fravaersteam").first()
    unnamed.email = "OLE@example.dk"
    unnamed.save()
    log_in(client, sekretariat)
    events = parse(client.get(url("membership_ics", year=YEAR, membership_id=board.pk))).events
    assert len(events) == 2 + 26


def test_membership_of_another_plan_is_404(client, plan, saved, sekretariat):
    log_in(client, sekretariat)
    assert client.get(url("membership_ics", year=YEAR, membership_id=999999)).status_code == 404
    assert client.get(url("pick", year=YEAR), {"medlem": "x"}).status_code == 404


def test_proposals_ics_parses_back(plan, year):
    proposals = propose_year(plan, year)
    cal = Calendar.from_ical(proposals_ics(plan, proposals, "Forslag"))
    assert len(cal.events) == len(proposals)
    assert len({str(e["uid"]) for e in cal.events}) == len(proposals)
    assert cal.events[0].DTSTART.date() == proposals[0].date
