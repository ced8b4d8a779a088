"""Governance's create forms sent twice make one row: agenda item, decision, recommendation,
change request, notice and a new body member."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhedsplan.conftest import PASSWORD
from helhedsplan.core.testing import read_form
from helhedsplan.governance.models import (
    AgendaItem,
    ChangeRequest,
    Decision,
    Meeting,
    Notice,
    Recommendation,
)
from helhedsplan.plans.models import Membership, SuccessCriterion

SLUG = "randers-nordby-2017-21"


@pytest.fixture
def steering_meeting(plan):
    return Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="styregruppe"),
        starts_at=timezone.make_aware(datetime.datetime(2019, 3, 12, 16)),
        status=Meeting.Status.PLANNED,
    )


def sent_twice(client, url, data, page=None):
    data = data | read_form(client, page or url)
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "Den er kun gemt én gang" in second.content.decode()


@pytest.mark.parametrize(
    ("action", "data", "model"),
    [
        ("meeting_item", {"punkt-title": "Årskonference"}, AgendaItem),
        ("meeting_decision", {"beslutning-text": "Budgettet godkendes."}, Decision),
        (
            "meeting_recommendation",
            {"indstilling-title": "Flere timer", "indstilling-text": "x"},
            Recommendation,
        ),
    ],
)
def test_a_meeting_form_sent_twice_makes_one_row(
    client, plan, sekretariat, steering_meeting, action, data, model
):
    client.login(username="sekretariat", password=PASSWORD)
    page = reverse("governance:meeting", args=[SLUG, steering_meeting.pk])
    url = reverse(f"governance:{action}", args=[SLUG, steering_meeting.pk])
    before = model.objects.count()
    sent_twice(client, url, data, page)
    assert model.objects.count() == before + 1


def test_a_change_request_sent_twice_is_proposed_once(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    criterion = SuccessCriterion.objects.get(key="hotspot-kontakt")
    data = {
        "kriterium-title": "Lavere mål for kontakt",
        "kriterium-reason": "Færre børn i området.",
        "kriterium-criterion": criterion.pk,
        "kriterium-target": "60",
    }
    page = reverse("governance:changes", args=[SLUG])
    sent_twice(client, reverse("governance:change_criterion", args=[SLUG]), data, page)
    assert ChangeRequest.objects.count() == 1


def test_a_notice_sent_twice_is_raised_once(client, plan, sekretariat, mailoutbox):
    client.login(username="sekretariat", password=PASSWORD)
    url = reverse("governance_notices:create", args=[SLUG])
    sent_twice(client, url, {"subject": "Partner trækker sig", "text": "Skolen stopper."})
    assert Notice.objects.count() == 1
    assert len(mailoutbox) <= 1


def test_a_new_member_sent_twice_is_added_once(client, plan, sekretariat):
    client.login(username="sekretariat", password=PASSWORD)
    url = reverse("governance:members", args=[SLUG, "bestyrelse"])
    sent_twice(client, url, {"role": "Observatør", "name": "Ny Kontakt"})
    assert Membership.objects.filter(name="Ny Kontakt").count() == 1
