"""Underretning: a board member or the secretariat raises a matter; an extraordinary board
meeting is proposed and the whole board and the secretariat are told."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import Meeting, Notice
from helhedsplan.governance.notices import proposed_start

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
SLUG = "randers-nordby-2017-21"
LIST = reverse("governance_notices:list", args=[SLUG])
CREATE = reverse("governance_notices:create", args=[SLUG])
MATTER = {
    "subject": "Partner trækker sig fra Familieklassen",
    "text": "Skolen har meddelt, at den ikke kan levere det aftalte fra 1. august.",
}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def board(plan):
    return plan.bodies.get(key="bestyrelse")


@pytest.fixture
def addresses(plan, board, bestyrelse, sekretariat, partner):
    """E-mail addresses on board members, board and secretariat users, and on others."""
    members = list(board.members.order_by("order"))
    members[0].email = "formand@randers.dk"
    members[0].save()
    members[1].email = "Direktoer@RandersBolig.dk"
    members[1].save()
    members[2].email = "tidligere@lejerbo.dk"
    members[2].end = datetime.date(2017, 1, 1)  # no longer on the board
    members[2].save()
    steering_member = plan.bodies.get(key="styregruppe").members.order_by("order").first()
    steering_member.email = "styregruppe@randers.dk"
    steering_member.save()
    for user, email in (
        (bestyrelse, "bestyrelse@randers.dk"),
        (sekretariat, "sekretariat@bysekretariatet.dk"),
        (partner, "partner@produktionshoejskole.dk"),
    ):
        user.email = email
        user.save()


@pytest.mark.parametrize(
    "now, expected",
    [
        # Monday 10.00 -> Saturday -> the Monday after.
        (datetime.datetime(2018, 3, 5, 10, tzinfo=CPH), datetime.date(2018, 3, 12)),
        # Tuesday -> Sunday -> Monday.
        (datetime.datetime(2018, 3, 6, 10, tzinfo=CPH), datetime.date(2018, 3, 12)),
        # Wednesday -> Monday.
        (datetime.datetime(2018, 3, 7, 10, tzinfo=CPH), datetime.date(2018, 3, 12)),
        # Friday -> Wednesday.
        (datetime.datetime(2018, 3, 9, 10, tzinfo=CPH), datetime.date(2018, 3, 14)),
        # Saturday -> Thursday.
        (datetime.datetime(2018, 3, 10, 10, tzinfo=CPH), datetime.date(2018, 3, 15)),
        # Friday after 16.00 -> Wednesday 16.00 is less than five days -> Thursday.
        (datetime.datetime(2018, 3, 9, 17, tzinfo=CPH), datetime.date(2018, 3, 15)),
        # Late on a Sunday evening -> Friday 16.00 is too early -> Saturday -> Monday.
        (datetime.datetime(2018, 3, 11, 23, 30, tzinfo=CPH), datetime.date(2018, 3, 19)),
        # Across the change to summer time (25 March 2018) it is still 16.00 local time.
        (datetime.datetime(2018, 3, 21, 9, tzinfo=CPH), datetime.date(2018, 3, 26)),
    ],
)
def test_the_meeting_is_proposed_on_the_first_weekday_at_16_at_least_five_days_later(now, expected):
    start = timezone.localtime(proposed_start(now))
    assert start.date() == expected
    assert start.weekday() < 5
    assert (start.hour, start.minute) == (16, 0)
    assert start - now >= datetime.timedelta(days=5)


@pytest.mark.parametrize("persona", ["bestyrelse", "sekretariat"])
def test_board_members_and_the_secretariat_may_raise_a_notice(client, request, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 200
    response = client.get(CREATE)
    assert response.status_code == 200
    assert 'for="id_subject"' in response.content.decode()


@pytest.mark.parametrize("persona", ["partner", "medarbejder", "outsider"])
def test_other_roles_and_outsiders_get_404_and_nothing_is_saved(
    client, request, plan, persona, mailoutbox
):
    login(client, request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 404
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, MATTER).status_code == 404
    assert not Notice.objects.exists()
    assert not Meeting.objects.exists()
    assert mailoutbox == []


def test_anonymous_users_are_sent_to_the_login(client, plan):
    response = client.get(CREATE)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_raising_a_notice_proposes_an_extraordinary_board_meeting(
    client, plan, board, bestyrelse, addresses, mailoutbox
):
    login(client, bestyrelse)
    before = timezone.now()
    response = client.post(CREATE, MATTER, follow=True)

    assert response.status_code == 200
    notice = Notice.objects.get()
    assert notice.plan == plan
    assert notice.raised_by == bestyrelse
    assert notice.subject == MATTER["subject"]
    meeting = notice.meeting
    assert meeting.body == board
    assert meeting.extraordinary
    assert meeting.status == Meeting.Status.PROPOSED
    # The meeting, open to every role, says only that there was a notice, not what it was.
    assert meeting.reason == "Ekstraordinært møde efter underretning til bestyrelsen (pkt. 9)."
    assert MATTER["subject"] not in meeting.reason and MATTER["text"] not in meeting.reason
    start = timezone.localtime(meeting.starts_at)
    assert start.weekday() < 5
    assert (start.hour, start.minute) == (16, 0)
    assert start - before >= datetime.timedelta(days=5)

    html = response.content.decode()
    assert "Underretningen er gemt" in html
    assert f"{start.day}. " in html and str(start.year) in html
    assert "ekstraordinært bestyrelsesmøde" in html
    # The list shows the notice with its proposed meeting.
    assert MATTER["subject"] in html
    assert reverse("governance:meeting", args=[SLUG, meeting.pk]) in html


def test_the_whole_board_and_the_secretariat_are_emailed(
    client, plan, bestyrelse, addresses, mailoutbox
):
    login(client, bestyrelse)
    client.post(CREATE, MATTER)

    (message,) = mailoutbox
    assert sorted(message.to) == [
        "bestyrelse@randers.dk",
        "direktoer@randersbolig.dk",
        "formand@randers.dk",
        "sekretariat@bysekretariatet.dk",
    ]
    assert message.reply_to == ["bestyrelse@randers.dk"]
    assert MATTER["subject"] in message.subject
    assert MATTER["text"] in message.body
    start = timezone.localtime(Notice.objects.get().meeting.starts_at)
    assert f"{start.day}. " in message.body and "kl. 16.00" in message.body
    assert "/planer/randers-nordby-2017-21/moeder/underretning/" in message.body


def test_the_secretariat_can_raise_a_notice_too(client, plan, sekretariat, addresses, mailoutbox):
    login(client, sekretariat)
    response = client.post(CREATE, MATTER)
    assert response.status_code == 302
    assert Notice.objects.get().raised_by == sekretariat
    assert len(mailoutbox) == 1


def test_a_cpr_number_is_refused_and_nothing_is_saved_or_sent(
    client, plan, bestyrelse, addresses, mailoutbox
):
    login(client, bestyrelse)
    response = client.post(
        CREATE, {"subject": MATTER["subject"], "text": "Det drejer sig om 010203-1234."}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "CPR-nummer" in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_text"' in html
    assert not Notice.objects.exists()
    assert not Meeting.objects.exists()
    assert mailoutbox == []


def test_subject_and_text_are_required(client, plan, bestyrelse, mailoutbox):
    login(client, bestyrelse)
    response = client.post(CREATE, {"subject": "", "text": ""})
    assert response.status_code == 400
    assert not Notice.objects.exists()
    assert mailoutbox == []


def test_the_list_shows_earlier_notices_with_their_proposed_meetings(
    client, plan, bestyrelse, sekretariat, addresses
):
    login(client, bestyrelse)
    client.post(CREATE, MATTER)
    client.post(CREATE, {"subject": "Ny udfordring i Jennumparken", "text": "Kort beskrivelse."})
    login(client, sekretariat)
    html = client.get(LIST).content.decode()
    assert MATTER["subject"] in html
    assert "Ny udfordring i Jennumparken" in html
    assert html.count("(foreslået)") == 2
