"""Migration 0008: a database loaded before plans stated counts_persons keeps its protection.

The criteria already loaded get the value the old word list gave them, so no small count that
was hidden before is shown after the upgrade; only a reload of the plan file (now stating the
key) changes them.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0007_plan_status_predecessor_member_user")]
AFTER = [("plans", "0008_criterion_counts_persons")]


@pytest.fixture
def old_schema(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor
    # Back to the whole project's latest state, for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_criteria_get_counts_persons_from_the_old_unit_words(old_schema):
    apps = old_schema.loader.project_state(BEFORE).apps
    plan_model = apps.get_model("plans", "Plan")
    focus_model = apps.get_model("plans", "FocusArea")
    activity_model = apps.get_model("plans", "Activity")
    criterion_model = apps.get_model("plans", "SuccessCriterion")
    plan = plan_model.objects.create(
        slug="gammel",
        name="Gammel",
        start="2017-06-01",
        end="2021-05-31",
        budget_lbf=0,
        budget_local=0,
    )
    focus = focus_model.objects.create(plan=plan, key="f", number=1, name="F")
    activity = activity_model.objects.create(
        plan=plan, focus_area=focus, key="a", number=1, name="A"
    )
    cases = {
        "boern": ("count", "børn"),
        "familier": ("count", " Familier "),
        "gruppeforloeb": ("count", "gruppeforløb"),
        "raadgivning": ("count", "rådgivningsforløb"),
        "eksemplarer": ("count", "eksemplarer"),
        "husstande": ("count", "husstande"),
        "unikke": ("unique_participants", "deltagere"),
        "niveau": ("level", "beboere"),
    }
    for key, (kind, unit) in cases.items():
        criterion_model.objects.create(
            plan=plan, activity=activity, key=key, text=key, kind=kind, unit=unit
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    criteria = apps.get_model("plans", "SuccessCriterion").objects.filter(plan__slug="gammel")
    stated = dict(criteria.values_list("key", "counts_persons"))

    # Exactly the old rule: its words, any unit ending in "forløb", unique participants.
    assert stated == {
        "boern": True,
        "familier": True,
        "gruppeforloeb": True,
        "raadgivning": True,
        "eksemplarer": False,
        # Not in the old list, so not hidden before either: the reload of the file decides.
        "husstande": False,
        "unikke": True,
        "niveau": False,
    }
