""" "Send påmindelse" on the secretariat's start page: one e-mail per partner and meeting."""

import pytest
from django.urls import reverse

from helhedsplan.governance.models import Meeting, Reminder
from helhedsplan.workspace.tests.conftest import SCHOOL, at, login

SLUG = "randers-nordby-2017-21"
REMIND = reverse("workspace:remind", args=[SLUG])


@pytest.fixture
def school(plan):
    return plan.organisations.get(key=SCHOOL)


@pytest.fixture
def partner_address(partner):
    partner.email = "partner@produktionshoejskole.dk"
    partner.save()
    return partner.email


def press(client, meeting, organisation):
    return client.post(
        REMIND, {"meeting": meeting.pk, "organisation": organisation.pk}, follow=True
    )


def test_the_button_sends_one_email_to_the_partner_and_a_second_press_sends_nothing(
    client, plan, today, steering_meeting, school, partner_address, sekretariat, mailoutbox
):
    login(client, "sekretariat")
    html = client.get("/").content.decode()
    assert f'<input type="hidden" name="organisation" value="{school.pk}">' in html
    assert 'Send påmindelse<span class="visually-hidden"> til Randers Produktionshøjskole' in html
    assert "Til partner@produktionshoejskole.dk" in html

    response = press(client, steering_meeting, school)
    assert (
        response.redirect_chain[-1][0] == reverse("workspace:start", args=[SLUG]) + "#paamindelser"
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [partner_address]
    assert "25. januar 2018" in message.subject
    for key in ("udd-tilbud-tilknyttet-vaerksteder", "udd-tilbud-overgang-ungdomsuddannelse"):
        text = " ".join(plan.success_criteria.get(key=key).text.split())
        assert text in " ".join(message.body.split())
    reminder = Reminder.objects.get(meeting=steering_meeting, organisation=school)
    assert reminder.recipients == partner_address
    html = response.content.decode()
    assert (
        "Påmindelsen er sendt til Randers Produktionshøjskole (partner@produktionshoejskole.dk)."
        in html
    )
    assert "Randers Produktionshøjskole</th>" in html and "Påmindet " in html

    response = press(client, steering_meeting, school)
    assert len(mailoutbox) == 1
    assert Reminder.objects.filter(meeting=steering_meeting, organisation=school).count() == 1
    assert (
        "Randers Produktionshøjskole er allerede påmindet før mødet (" in response.content.decode()
    )


def test_the_daily_run_does_not_remind_a_partner_reminded_from_the_start_page(
    client, plan, today, steering_meeting, school, partner_address, medarbejder, mailoutbox
):
    from helhedsplan.governance.reminders import send_reminders

    press(login(client, "medarbejder"), steering_meeting, school)
    assert len(mailoutbox) == 1
    send_reminders(today=today, days=14, plan=plan)
    assert [m.to for m in mailoutbox].count([partner_address]) == 1


def test_a_partner_without_an_email_address_is_told_and_nothing_is_recorded(
    client, plan, today, steering_meeting, sekretariat, mailoutbox
):
    noerrevang = plan.organisations.get(key="noerrevangsskolen")
    response = press(login(client, "sekretariat"), steering_meeting, noerrevang)
    assert mailoutbox == []
    assert not Reminder.objects.exists()
    assert "Nørrevangsskolen har ingen modtager med e-mailadresse." in response.content.decode()


@pytest.mark.parametrize("role", ["partner", "bestyrelse"])
def test_only_staff_may_send_reminders(
    client, plan, today, steering_meeting, school, partner_address, bestyrelse, role, mailoutbox
):
    response = login(client, role).post(
        REMIND, {"meeting": steering_meeting.pk, "organisation": school.pk}
    )
    assert response.status_code == 404
    assert mailoutbox == [] and not Reminder.objects.exists()


def test_a_reminder_is_sent_by_post_only(client, plan, today, sekretariat):
    assert login(client, "sekretariat").get(REMIND).status_code == 405


def test_a_meeting_that_is_not_the_next_sends_nothing(
    client, plan, today, steering_meeting, school, partner_address, sekretariat, mailoutbox
):
    later = Meeting.objects.create(
        plan=plan, body=steering_meeting.body, starts_at=at(2018, 5, 24), status="planned"
    )
    response = press(login(client, "sekretariat"), later, school)
    assert mailoutbox == []
    assert "ikke længere det næste styregruppemøde" in response.content.decode()


def test_a_partner_with_nothing_missing_gets_no_reminder(
    client, plan, today, steering_meeting, sekretariat, mailoutbox
):
    falck = plan.organisations.get(key="falck")  # delivers no success criterion's data
    response = press(login(client, "sekretariat"), steering_meeting, falck)
    assert mailoutbox == []
    assert "Partneren mangler ikke længere data før mødet. Intet er sendt." in (
        response.content.decode()
    )


def test_a_broken_form_is_refused_in_danish(client, plan, today, steering_meeting, sekretariat):
    response = login(client, "sekretariat").post(REMIND, {"meeting": "x"}, follow=True)
    assert "Påmindelsen kunne ikke sendes: vælg partneren på listen." in response.content.decode()
