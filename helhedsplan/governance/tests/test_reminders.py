"""send-reminders: partners that lack data before a steering-group meeting get one e-mail."""

import datetime
import io
import json
import zoneinfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from helhedsplan.governance.models import Meeting, Reminder
from helhedsplan.governance.reminders import followed_up_tertial
from helhedsplan.registrations.services import RegistrationInput, save_registration

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
TODAY = "2018-01-15"
SCHOOL = "randers-produktionshoejskole"


def at(year, month, day, hour=16):
    return datetime.datetime(year, month, day, hour, tzinfo=CPH)


def criteria_of(plan, key):
    return list(
        plan.success_criteria.filter(
            Q(responsible_organisation__key=key)
            | Q(responsible_organisation__isnull=True, activity__responsible_organisation__key=key)
        ).select_related("activity")
    )


def flat(text):
    return " ".join(text.split())


def run(*args):
    out = io.StringIO()
    call_command("send-reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def steering_group(plan):
    return plan.bodies.get(key="styregruppe")


@pytest.fixture
def meeting(plan, steering_group):
    return Meeting.objects.create(
        plan=plan, body=steering_group, starts_at=at(2018, 1, 25), status=Meeting.Status.PLANNED
    )


@pytest.fixture
def addresses(plan, partner, steering_group):
    """The production school's partner user and Nørrevangsskolen's steering-group member."""
    partner.email = "partner@produktionshoejskole.dk"
    partner.save()
    member = steering_group.members.get(organisation__key="noerrevangsskolen")
    member.email = "skoleleder@noerrevangsskolen.dk"
    member.save()


def mail_to(mailoutbox, address):
    return [m for m in mailoutbox if address in m.to]


def test_partners_with_missing_data_get_one_email_listing_what_is_missing(
    plan, meeting, addresses, mailoutbox
):
    output = run("--today", TODAY)

    school_mail = mail_to(mailoutbox, "partner@produktionshoejskole.dk")
    assert len(school_mail) == 1
    message = school_mail[0]
    assert message.to == ["partner@produktionshoejskole.dk"]
    assert "25. januar 2018" in message.subject
    for criterion in criteria_of(plan, SCHOOL):
        assert flat(criterion.text) in message.body
        assert criterion.activity.name in message.body
    assert "http://127.0.0.1:8000/planer/randers-nordby-2017-21/registrering/" in message.body
    assert "2017/18-T2" in message.body
    # Another partner's criteria are not in the school's e-mail.
    for criterion in criteria_of(plan, "noerrevangsskolen"):
        assert flat(criterion.text) not in message.body

    (school_mail,) = mail_to(mailoutbox, "skoleleder@noerrevangsskolen.dk")
    for criterion in criteria_of(plan, "noerrevangsskolen"):
        assert flat(criterion.text) in school_mail.body
    assert len(mailoutbox) == 2

    reminder = Reminder.objects.get(meeting=meeting, organisation__key=SCHOOL)
    assert reminder.recipients == "partner@produktionshoejskole.dk"
    assert {c["criterion"] for c in reminder.criteria} == {c.key for c in criteria_of(plan, SCHOOL)}
    assert "Sendt: 2 påmindelser" in output


def test_a_criterion_with_data_in_the_tertial_is_not_listed(plan, meeting, addresses, mailoutbox):
    done, *missing = criteria_of(plan, SCHOOL)
    save_registration(
        plan,
        RegistrationInput(
            activity=done.activity,
            date=datetime.date(2017, 11, 2),
            criteria=[done],
            kind="course",
            count=1,
            participants=3,
            completed=2,
        ),
        confirmed_duplicate=True,
    )
    run("--today", TODAY)

    (message,) = mail_to(mailoutbox, "partner@produktionshoejskole.dk")
    assert flat(done.text) not in message.body
    assert all(flat(criterion.text) in message.body for criterion in missing)


def test_a_second_run_sends_nothing(plan, meeting, addresses, mailoutbox):
    run("--today", TODAY)
    assert len(mailoutbox) == 2

    output = run("--today", "2018-01-16")

    assert len(mailoutbox) == 2
    assert Reminder.objects.filter(meeting=meeting).count() == 2
    assert "Sendt: 0 påmindelser" in output
    assert "Allerede sendt tidligere: 2" in output


def test_dry_run_sends_and_records_nothing(plan, meeting, addresses, mailoutbox):
    output = run("--today", TODAY, "--dry-run")

    assert mailoutbox == []
    assert not Reminder.objects.exists()
    assert "prøvekørsel" in output
    assert "partner@produktionshoejskole.dk" in output
    assert "Ville sende 2 påmindelser" in output


def test_a_partner_without_an_address_is_skipped_and_reported(plan, meeting, addresses, mailoutbox):
    output = run("--today", TODAY)

    assert "Bysekretariatet" in output
    assert "SPRUNGET OVER: ingen e-mailadresse" in output
    assert not Reminder.objects.filter(organisation__key="bysekretariatet").exists()

    data = json.loads(run("--today", TODAY, "--json"))
    skipped = {r["organisation"] for r in data["reminders"] if r["outcome"] == "no_address"}
    assert "bysekretariatet" in skipped
    assert data["sent"] == 0 and data["already_sent"] == 2


def test_a_partner_user_of_another_role_or_plan_membership_gets_nothing(
    plan, meeting, addresses, sekretariat, mailoutbox
):
    # The secretariat user has an e-mail but is no partner user of any organisation.
    sekretariat.email = "sekretariat@bysekretariatet.dk"
    sekretariat.save()
    run("--today", TODAY)
    assert not mail_to(mailoutbox, "sekretariat@bysekretariatet.dk")


@pytest.mark.parametrize(
    "starts_at, status",
    [
        (at(2018, 1, 30), Meeting.Status.PLANNED),  # 15 days ahead: outside the window
        (at(2018, 1, 14), Meeting.Status.PLANNED),  # yesterday
        (at(2018, 1, 25), Meeting.Status.CANCELLED),
        (at(2018, 1, 25), Meeting.Status.HELD),
    ],
)
def test_meetings_outside_the_window_or_not_coming_are_ignored(
    plan, steering_group, addresses, mailoutbox, starts_at, status
):
    Meeting.objects.create(plan=plan, body=steering_group, starts_at=starts_at, status=status)
    output = run("--today", TODAY)
    assert mailoutbox == []
    assert "Ingen partnere mangler data" in output


def test_the_window_can_be_widened_and_the_last_day_counts(
    plan, steering_group, addresses, mailoutbox
):
    Meeting.objects.create(plan=plan, body=steering_group, starts_at=at(2018, 1, 30, 23))
    run("--today", TODAY)
    assert mailoutbox == []
    run("--today", TODAY, "--days", "15")
    assert len(mailoutbox) == 2


def test_other_bodies_meetings_bring_no_reminders(plan, addresses, mailoutbox):
    for key in ("bestyrelse", "styregruppe-forebyggelse-og-foraeldreansvar"):
        Meeting.objects.create(plan=plan, body=plan.bodies.get(key=key), starts_at=at(2018, 1, 25))
    run("--today", TODAY)
    assert mailoutbox == []


def test_the_window_defaults_to_the_setting(plan, steering_group, addresses, mailoutbox, settings):
    settings.HELHEDSPLAN_REMINDER_DAYS = 3
    Meeting.objects.create(plan=plan, body=steering_group, starts_at=at(2018, 1, 25))
    run("--today", TODAY)
    assert mailoutbox == []


def test_the_link_uses_the_base_url_setting(plan, meeting, addresses, mailoutbox, settings):
    settings.HELHEDSPLAN_BASE_URL = "https://helhedsplan.example.dk/"
    run("--today", TODAY)
    assert (
        "https://helhedsplan.example.dk/planer/randers-nordby-2017-21/registrering/"
        in mailoutbox[0].body
    )


def test_an_ended_body_membership_is_not_reminded(
    plan, meeting, steering_group, addresses, mailoutbox
):
    member = steering_group.members.get(organisation__key="noerrevangsskolen")
    member.end = datetime.date(2017, 12, 31)
    member.save()
    run("--today", TODAY)
    assert not mail_to(mailoutbox, "skoleleder@noerrevangsskolen.dk")


def test_a_meeting_on_a_tertials_first_day_follows_up_the_tertial_just_ended(plan):
    assert followed_up_tertial(plan, datetime.date(2018, 2, 1)).label == "2017/18-T2"
    assert followed_up_tertial(plan, datetime.date(2018, 2, 2)).label == "2017/18-T3"


def test_unknown_plan_and_bad_date_fail_without_traceback(plan):
    for args in (["--plan", "findes-ikke"], ["--today", "15-01-2018"]):
        with pytest.raises(CommandError) as refused:
            call_command("send-reminders", *args, stdout=io.StringIO(), stderr=io.StringIO())
        assert refused.value.returncode == 1
        assert str(refused.value)


def test_a_mail_that_cannot_be_sent_is_named_and_the_run_exits_1(
    plan, meeting, addresses, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OSError("Forbindelsen blev afvist")

    monkeypatch.setattr("helhedsplan.governance.reminders.send_mail", refuse)
    with pytest.raises(CommandError) as failed:
        call_command("send-reminders", "--today", TODAY, stdout=io.StringIO())
    assert failed.value.returncode == 1
    lines = str(failed.value).splitlines()
    assert lines and all(
        line.startswith("Påmindelsen til ") and line.endswith(": Forbindelsen blev afvist")
        for line in lines
    )
    assert not Reminder.objects.exists()  # tried again at the next run
