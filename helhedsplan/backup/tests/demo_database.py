"""A full demo database for the backup tests: the Randers plan, `demo-data --seed 1`, the demo
users and a few rows only the app makes (a meeting with agenda and minutes, a change request, an
invitation with activities, history rows of every kind).

Used in the test process (on the test database) and, for the cross-engine test, in a subprocess
on a SQLite file, after `migrate`:
    helhedsplan shell -c "from helhedsplan.backup.tests.demo_database import build; build()"
"""

import copy
import datetime

import yaml
from django.contrib.auth import get_user_model
from django.utils import timezone

from helhedsplan.accounts.invitations import invite
from helhedsplan.accounts.models import Role
from helhedsplan.demo.services import generate_demo_data
from helhedsplan.demo.users import create_demo_users
from helhedsplan.governance.models import AgendaItem, Meeting
from helhedsplan.governance.services import propose
from helhedsplan.plans.models import Plan
from helhedsplan.plans.services import export_plan, load_plan

PLAN_FILE = "randers-nordby-2017-21.yaml"


def build(plan: Plan | None = None) -> Plan:
    if plan is None:
        from helhedsplan.conftest import PLAN_FILE as path

        plan = load_plan(text=path.read_text(encoding="utf-8"), source_name=path.name)
    create_demo_users(plan=plan, password="demo")
    generate_demo_data(plan=plan, seed=1, until=plan.end)
    secretary = get_user_model().objects.get(username="sekretariat")

    meeting = Meeting.objects.create(
        plan=plan,
        body=plan.bodies.get(key="bestyrelse"),
        starts_at=timezone.make_aware(datetime.datetime(2019, 10, 24, 16)),
        status=Meeting.Status.PLANNED,
        location="Bysekretariatet",
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title="Fremdriftsrapport 2019/20-T1")
    meeting.minutes = "Bestyrelsen tog rapporten til efterretning. «Æ, ø og å» bevares."
    meeting._history_user = secretary
    meeting.save()

    data = yaml.safe_load(export_plan(plan))
    new = copy.deepcopy(data)
    new["budget"]["lbf"] = data["budget"]["lbf"] - 55_000
    propose(
        plan=plan,
        title="Budgettet tilpasses",
        reason="Landsbyggefonden har skåret 55.000 kr.",
        proposed_text=yaml.safe_dump(new, allow_unicode=True, sort_keys=False),
        user=secretary,
    )

    organisation = plan.organisations.get(key="randers-produktionshoejskole")
    invite(
        plan=plan,
        email="Kontakt@Produktionshoejskolen.example.dk",
        role=Role.PARTNER,
        organisation=organisation,
        activities=list(plan.activities.order_by("id")[:2]),
        by=secretary,
    )

    plan.name = plan.name + " "
    plan.save()
    plan.name = plan.name.strip()
    plan.save()
    return plan
