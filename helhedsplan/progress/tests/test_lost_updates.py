"""Two people edit the same milestone: the second save is refused with the first one's change."""

import datetime

from django.test import Client
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form, returned_form
from helhedsplan.progress.models import Milestone

SLUG = "randers-nordby-2017-21"
URL = reverse("progress:milestone_plan", args=[SLUG, "hotspot", "2018-19"])


def logged_in(username) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_milestone_saved_on_top_of_a_newer_version_is_refused(plan, sekretariat, medarbejder):
    milestone = Milestone.objects.create(
        plan=plan,
        activity=plan.activities.get(key="hotspot"),
        month=datetime.date(2018, 9, 1),
        title="Gruppeforløb starter",
        status="planned",
    )
    page = f"{URL}?ret={milestone.pk}"
    anna, bo = logged_in("sekretariat"), logged_in("medarbejder")
    read_by_anna, read_by_bo = read_form(anna, page), read_form(bo, page)
    data = {"milestone_id": milestone.pk, "month": "2018-09-01", "title": "Gruppeforløb starter"}
    assert anna.post(URL, data | {"status": "done"} | read_by_anna).status_code == 302

    refused = bo.post(URL, data | {"status": "planned", "owner": "Bo"} | read_by_bo)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Ikke gemt: sekretariat" in html and "Status: planlagt → gennemført" in html
    form = refused.context["form"]
    assert form.data["owner"] == "Bo" and form.data["status"] == "done"
    milestone.refresh_from_db()
    assert (milestone.status, milestone.owner) == ("done", "")
    assert bo.post(URL, returned_form(refused)).status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status, milestone.owner) == ("done", "Bo")
