"""Notifications of an activation through pluggable channels (notify.py)."""

import pytest

from helhedsplan.preparedness import activations as steps
from helhedsplan.preparedness.models import Activation, IncidentType, Notification
from helhedsplan.preparedness.notify import Channel, ConsoleChannel, EmailChannel
from helhedsplan.preparedness.tests.test_activations import make_contacts


class BrokenChannel(Channel):
    name = "sms"

    def recipient(self, contact):
        return contact.phone

    def send(self, contact, subject, text):
        raise ConnectionError("SMS-gatewayen svarer ikke.")


def _activate(plan, user):
    return steps.activate(
        plan=plan,
        user=user,
        incident_type=IncidentType.THREATS,
        description="En medarbejder er blevet truet.",
        address="Husarvej 3",
    )


def test_e_mail_is_the_default_channel(plan, sekretariat, settings):
    assert settings.HELHEDSPLAN_PREPAREDNESS_CHANNELS == [
        "helhedsplan.preparedness.notify.EmailChannel"
    ]
    make_contacts(plan)
    result = _activate(plan, sekretariat)
    assert {n.channel for n in result.notifications} == {EmailChannel.name}


def test_every_called_and_press_contact_gets_an_e_mail_with_a_link(plan, sekretariat, mailoutbox):
    make_contacts(plan)
    result = _activate(plan, sekretariat)
    # 3 members, 3 deputies and the press contact; Poul Politi has no e-mail address.
    assert len(result.notifications) == 7
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [
            "sara@example.dk",
            "peter@example.dk",
            "ida@example.dk",
            "s@example.dk",
            "d@example.dk",
            "pia@example.dk",
        ]
    )
    message = mailoutbox[0]
    assert message.subject.startswith("Beredskab aktiveret: trusler mod medarbejdere")
    assert f"/beredskab/aktiveringer/{result.activation.pk}/" in message.body
    failed = Notification.objects.get(ok=False)
    assert failed.contact.name == "Poul Politi"
    assert failed.error == "Ingen e-mailadresse registreret."
    assert Notification.objects.filter(ok=True, channel="e-mail").count() == 6


def test_a_failing_channel_is_recorded_and_does_not_stop_the_activation(
    plan, sekretariat, mailoutbox, settings
):
    settings.HELHEDSPLAN_PREPAREDNESS_CHANNELS = [
        "helhedsplan.preparedness.tests.test_notify.BrokenChannel",
        "helhedsplan.preparedness.notify.EmailChannel",
    ]
    make_contacts(plan)
    result = _activate(plan, sekretariat)
    assert Activation.objects.count() == 1
    assert result.activation.calls.count() == 6
    sms = Notification.objects.filter(channel="sms")
    assert sms.count() == 7
    assert all(not n.ok and n.error == "SMS-gatewayen svarer ikke." for n in sms)
    assert sms.filter(recipient="22 22 22 22").exists()
    # The e-mail channel after the broken one still delivers.
    assert len(mailoutbox) == 6
    last = result.activation.log.last().text
    assert last == "Besked sendt: 6 af 14 leveret, 8 kunne ikke sendes."


def test_the_console_channel_prints_the_message(plan, sekretariat, settings, capsys):
    settings.HELHEDSPLAN_PREPAREDNESS_CHANNELS = ["helhedsplan.preparedness.notify.ConsoleChannel"]
    make_contacts(plan)
    result = _activate(plan, sekretariat)
    assert all(n.ok and n.channel == ConsoleChannel.name for n in result.notifications)
    assert "[beredskab] til 22 22 22 22: Beredskab aktiveret" in capsys.readouterr().out


@pytest.mark.parametrize(("value", "name"), [("", "ukendt"), ("a.b.Missing", "Missing")])
def test_a_bad_channel_setting_is_recorded_for_every_contact(
    plan, sekretariat, settings, value, name
):
    settings.HELHEDSPLAN_PREPAREDNESS_CHANNELS = [value]
    make_contacts(plan)
    result = _activate(plan, sekretariat)
    assert Activation.objects.count() == 1
    assert len(result.notifications) == 7
    assert all(not n.ok and n.channel == name for n in result.notifications)
    assert all("kunne ikke indlæses" in n.error for n in result.notifications)


def test_a_channel_that_cannot_be_loaded_is_recorded_and_mail_still_goes(
    plan, sekretariat, mailoutbox, settings
):
    settings.HELHEDSPLAN_PREPAREDNESS_CHANNELS = [
        "helhedsplan.nowhere.SmsChannel",
        "helhedsplan.preparedness.notify.EmailChannel",
    ]
    make_contacts(plan)
    result = _activate(plan, sekretariat)
    broken = Notification.objects.filter(channel="SmsChannel")
    assert broken.count() == 7
    assert "kunne ikke indlæses" in broken.first().error
    assert len(mailoutbox) == 6
    assert result.activation.calls.count() == 6
