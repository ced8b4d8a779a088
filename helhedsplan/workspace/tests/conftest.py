"""Fixtures for the start pages: a fixed "today" inside the Randers Nordby plan, its meetings,
the reading roles, and a second, empty plan."""

import datetime
import zoneinfo

import pytest

from helhedsplan.conftest import PASSWORD
from helhedsplan.governance.models import Meeting
from helhedsplan.plans.models import Plan

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
# In tertial 2017/18-T2 (1 October 2017 – 31 January 2018), ten days before the steering group.
TODAY = datetime.date(2018, 1, 15)
SCHOOL = "randers-produktionshoejskole"


def at(year, month, day, hour=16):
    return datetime.datetime(year, month, day, hour, tzinfo=CPH)


@pytest.fixture
def today(monkeypatch):
    """The start pages compute "today" with django.utils.timezone.localdate (as the API does)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def steering_meeting(plan):
    return Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="styregruppe"),
        starts_at=at(2018, 1, 25),
        status=Meeting.Status.PLANNED,
        location="Bysekretariatet",
    )


@pytest.fixture
def board_meeting(plan):
    # Meeting.save() gives a new meeting its fixed agenda items.
    return Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="bestyrelse"),
        starts_at=at(2018, 3, 12),
        status=Meeting.Status.PLANNED,
    )


@pytest.fixture
def empty_plan(db):
    """A new plan in draft: no focus areas, no bodies, no meetings."""
    return Plan.objects.create(
        slug="ny-plan-2025-29",
        name="Ny helhedsplan 2025-29",
        start=datetime.date(2017, 6, 1),
        end=datetime.date(2021, 5, 31),
        budget_lbf=0,
        budget_local=0,
        status=Plan.Status.DRAFT,
    )


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client
