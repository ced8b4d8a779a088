"""No lost updates in governance: the minutes with their attendance, a body member and a
meeting's time; the second save on top of a newer version is refused with the change shown."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form, returned_form
from helhedsplan.governance.models import Attendance, Meeting

SLUG = "randers-nordby-2017-21"


def logged_in(username) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def board_meeting(plan):
    return Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="bestyrelse"),
        starts_at=timezone.make_aware(datetime.datetime(2019, 3, 12, 16)),
        status=Meeting.Status.PLANNED,
        location="Bysekretariatet",
    )


def test_minutes_and_attendance_saved_on_top_of_newer_minutes_are_refused(
    plan, sekretariat, medarbejder, board_meeting
):
    page = reverse("governance:meeting", args=[SLUG, board_meeting.pk])
    url = reverse("governance:meeting_minutes", args=[SLUG, board_meeting.pk])
    members = list(board_meeting.body.members.all())
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    read_by_anna, read_by_bo = read_form(anna, page), read_form(bo, page)
    minutes = {}
    saved = anna.post(
        url,
        minutes
        | {"referat-minutes": "Annas referat.", "til_stede": [members[0].pk]}
        | {key: value for key, value in read_by_anna.items() if key.startswith("referat-")},
    )
    assert saved.status_code == 302

    refused = bo.post(
        url,
        minutes
        | {"referat-minutes": "Bos referat.", "til_stede": []}
        | {key: value for key, value in read_by_bo.items() if key.startswith("referat-")},
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Ikke gemt: sekretariat" in html and "har ændret referatet og fremmødet" in html
    assert "Referat: (tom) → «Annas referat.»" in html
    assert f"Til stede: (tom) → {members[0]}" in html
    form = refused.context["minutes_form"]
    assert form.data["referat-minutes"] == "Bos referat."
    assert form.data.getlist("til_stede") == [str(members[0].pk)]  # Anna's tick, put in
    board_meeting.refresh_from_db()
    assert board_meeting.minutes == "Annas referat."
    assert Attendance.objects.filter(meeting=board_meeting, present=True).count() == 1

    again = bo.post(url, returned_form(refused, "minutes_form") | minutes)
    assert again.status_code == 302
    board_meeting.refresh_from_db()
    assert board_meeting.minutes == "Bos referat."


def test_a_body_member_saved_on_top_of_a_newer_version_is_refused(plan, sekretariat, medarbejder):
    body = plan.bodies.get(key="styregruppe")
    member = body.members.order_by("order").first()
    url = reverse("governance:members", args=[SLUG, "styregruppe"])
    page = f"{url}?medlem={member.pk}"
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    read_by_anna, read_by_bo = read_form(anna, page), read_form(bo, page)
    data = {
        "member": member.pk,
        "role": member.role,
        "name": member.name,
        "organisation": member.organisation_id or "",
    }
    assert anna.post(url, data | {"email": "anna@example.dk"} | read_by_anna).status_code == 302

    refused = bo.post(url, data | {"start": "2017-06-01"} | read_by_bo)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "har ændret medlemmet" in html and "(tom) → «anna@example.dk»" in html
    form = refused.context["form"]
    assert form.data["email"] == "anna@example.dk" and form.data["start"] == "2017-06-01"
    member.refresh_from_db()
    assert (member.email, member.start) == ("anna@example.dk", None)
    assert bo.post(url, returned_form(refused)).status_code == 302
    member.refresh_from_db()
    assert (member.email, str(member.start)) == ("anna@example.dk", "2017-06-01")


def test_a_meeting_moved_on_top_of_a_newer_version_is_refused(
    plan, sekretariat, medarbejder, board_meeting
):
    url = reverse("governance_calendar:edit", args=[SLUG, board_meeting.pk])
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    read_by_anna, read_by_bo = read_form(anna, url), read_form(bo, url)
    data = {"date": "2019-03-12", "time": "16:00", "duration_minutes": "120", "status": "planned"}
    assert anna.post(url, data | {"location": "Beboerhuset"} | read_by_anna).status_code == 302

    refused = bo.post(url, data | {"time": "17:00", "location": "Bysekretariatet"} | read_by_bo)

    assert refused.status_code == 200
    assert "Sted: «Bysekretariatet» → «Beboerhuset»" in refused.content.decode()
    board_meeting.refresh_from_db()
    assert board_meeting.location == "Beboerhuset"
    assert board_meeting.starts_at.astimezone(datetime.UTC).hour == 15  # 16:00 in Copenhagen
