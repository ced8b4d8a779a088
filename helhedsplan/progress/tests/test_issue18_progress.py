"""Issue 18: tertial approval asks first and shows what is missing; a partner's progress shows
its own criteria by default; the drill-down names the criterion; whole counts are whole."""

import datetime

import pytest
from django.urls import reverse

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.periods import parse_period
from helhedsplan.progress.services import deliverer, missing_data, plan_progress
from helhedsplan.registrations.models import TertialApproval

SLUG = "randers-nordby-2017-21"
TODAY = datetime.date(2018, 1, 15)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return TODAY


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_approving_without_confirmation_changes_nothing_and_lists_the_missing_criteria(
    client, plan, sekretariat, today
):
    login(client, sekretariat)
    url = reverse("progress:tertials", args=[SLUG])
    response = client.post(url, {"tertial": "2017/18-T1", "action": "approve", "note": "Møde"})
    assert response.status_code == 200
    assert not TertialApproval.objects.exists()
    html = response.content.decode()
    tertial_end = datetime.date(2017, 9, 30)
    progress = plan_progress(plan, tertial_end)

    groups = missing_data(progress, parse_period("2017/18-T1", plan.start, plan.end))
    rows = [row for _, group in groups for row in group]
    assert rows, "the empty demo plan misses data for every criterion"
    assert f"{len(rows)} succeskriterier mangler data i tertialet" in html
    for row in rows:
        assert row.criterion.text in html.replace("&#x27;", "'").replace("&quot;", '"')
        organisation = deliverer(row.criterion)
        if organisation:
            assert organisation.name in html.replace("&amp;", "&")
    assert 'name="bekraeft" value="1"' in html
    assert 'value="Møde"' in html
    # Confirmed, the tertial is locked.
    client.post(
        url, {"tertial": "2017/18-T1", "action": "approve", "note": "Møde", "bekraeft": "1"}
    )
    approval = TertialApproval.objects.get(tertial="2017/18-T1")
    assert approval.approved and approval.note == "Møde"


def test_the_tertial_list_leads_to_the_confirmation(client, plan, sekretariat, today):
    login(client, sekretariat)
    html = client.get(reverse("progress:tertials", args=[SLUG])).content.decode()
    assert "Godkend 2017/18-T1" in html
    assert 'name="bekraeft"' not in html
