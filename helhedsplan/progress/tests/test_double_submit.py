"""A new milestone sent twice is made once."""

from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.progress.models import Milestone

URL = reverse("progress:milestone_plan", args=["randers-nordby-2017-21", "hotspot", "2018-19"])


def test_a_new_milestone_sent_twice_is_made_once(client, plan, medarbejder):
    client.login(username="medarbejder", password=PASSWORD)
    data = {"month": "2018-09-01", "title": "Start", "status": "planned"} | read_form(client, URL)
    assert client.post(URL, data).status_code == 302
    second = client.post(URL, data, follow=True)
    assert "Den er kun gemt én gang" in second.content.decode()
    assert Milestone.objects.count() == 1
