"""The plan editor's tests: a draft of the demo plan, its secretariat, and a colleague."""

import pytest
from django.test import Client

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.services import ensure_member
from helhedsplan.conftest import PASSWORD
from helhedsplan.planning.tests.test_edit_views import DRAFT
from helhedsplan.plans import models as m
from helhedsplan.plans.services import load_plan


@pytest.fixture
def draft(db, plan_text):
    text = plan_text.replace("slug: randers-nordby-2017-21", f"slug: {DRAFT}", 1)
    return load_plan(
        text=text, source_name="udkast.yaml", loaded_by="import", new_status=m.Plan.Status.DRAFT
    )


@pytest.fixture
def editor(draft, client):
    ensure_member(plan=draft, username="sekretariat", role=Role.SEKRETARIAT, password=PASSWORD)
    client.login(username="sekretariat", password=PASSWORD)
    return client


@pytest.fixture
def colleague(draft):
    ensure_member(plan=draft, username="kollega", role=Role.SEKRETARIAT, password=PASSWORD)
    other = Client()
    other.login(username="kollega", password=PASSWORD)
    return other
