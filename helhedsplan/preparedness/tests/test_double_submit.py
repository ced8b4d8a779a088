"""A second tap on "Aktivér" starts no second activation; a new contact sent twice is one."""

from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.preparedness.models import Activation, Contact
from helhedsplan.preparedness.tests.test_activations import make_contacts

SLUG = "randers-nordby-2017-21"


def test_an_activation_sent_twice_is_started_once(client, plan, sekretariat, mailoutbox):
    make_contacts(plan)
    client.login(username="sekretariat", password=PASSWORD)
    url = reverse("preparedness_activation:new", args=[SLUG])
    data = {
        "incident_type": "arson",
        "area": "",
        "address": "Husarvej 7",
        "occurred_at": "2026-05-04T21:15",
        "description": "Brand i en container.",
    } | read_form(client, url)
    first = client.post(url, data)
    sent = len(mailoutbox)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Activation.objects.count() == 1
    assert len(mailoutbox) == sent  # nobody is called twice


def test_a_new_contact_sent_twice_is_added_once(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    url = reverse("preparedness_plan:contact_new", args=[SLUG, "presse"])
    data = {"role": "Presse", "name": "Pia Presse", "phone": "22222222"} | read_form(client, url)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Contact.objects.filter(name="Pia Presse").count() == 1
